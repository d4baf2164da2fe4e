import { describe, expect, test } from "@jest/globals";
import { parseNftables } from "../../src/firewall/nftables.js";
import { evaluateRuleset } from "../../src/firewall/evaluate.js";
import { parseListenAddress, type InetAddress } from "../../src/system/socket-address.js";

const any6 = parseListenAddress("5038") as InetAddress;

function ev(text: string, family: 4 | 6 = 4, port = 5038) {
  const rs = parseNftables({ file: "/etc/nftables.conf", text }, () => ({ files: [], error: "no includes" }));
  return { rs, r: evaluateRuleset(rs, { port, family, listenAddress: any6 }) };
}

const CONF = (rules: string, policy = "drop") => `#!/usr/sbin/nft -f
flush ruleset

define LAN = { 10.0.0.0/8, 192.168.0.0/16 }

table inet filter {
  set trusted {
    type ipv4_addr
    flags interval
    elements = { 172.16.0.0/12 }
  }
  chain input {
    type filter hook input priority filter; policy ${policy};
    iif "lo" accept
    ct state established,related accept
    ct state invalid drop
    ip protocol icmp accept
    meta l4proto ipv6-icmp accept
    tcp dport 22 accept
${rules}
  }
  chain forward {
    type filter hook forward priority filter; policy drop;
  }
}
`;

describe("nftables", () => {
  test("open port", () => {
    const { rs, r } = ev(CONF("    tcp dport { 5038, 8088 } accept"));
    expect(rs.fatal).toBeNull();
    expect(r.verdict).toBe("unrestricted");
    expect(r.because).toEqual({ file: "/etc/nftables.conf", line: 20, text: "tcp dport { 5038, 8088 } accept" });
  });
  test("blocked by policy", () => {
    const { r } = ev(CONF(""));
    expect(r.verdict).toBe("blocked");
    expect(r.because).toEqual({ policy: "policy drop of chain inet filter input", file: "/etc/nftables.conf", line: 13 });
  });
  test("restricted by define", () => {
    const { r } = ev(CONF("    ip saddr $LAN tcp dport 5038 accept"));
    expect(r.verdict).toBe("restricted");
    expect(ev(CONF("    ip saddr $LAN tcp dport 5038 accept"), 6).r.verdict).toBe("blocked");
  });
  test("restricted by named set", () => {
    expect(ev(CONF("    ip saddr @trusted tcp dport 5000-6000 accept")).r.verdict).toBe("restricted");
  });
  test("unknown syntax", () => {
    const { r } = ev(CONF("    meta secpath exists tcp dport 5038 accept"));
    expect(r.verdict).toBe("unknown");
    expect(r.because).toMatchObject({ line: 20 });
  });
});
