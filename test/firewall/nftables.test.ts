import { describe, expect, test } from "@jest/globals";
import { parseNftables } from "../../src/firewall/nftables.js";
import { evaluateRuleset } from "../../src/firewall/evaluate.js";
import { enabledUnits, listen, verdictFor } from "./helpers.js";

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

const F = "/etc/nftables.conf";

function nft(text: string, port = 5038, family: 4 | 6 = 4, listenAddress = "5038") {
  return verdictFor({ [F]: text }, port, family, { isEnabled: enabledUnits("nftables.service"), listenAddress });
}

function direct(text: string, port = 5038, family: 4 | 6 = 4) {
  const rs = parseNftables({ file: F, text }, () => ({ files: [], error: "no includes" }));
  return evaluateRuleset(rs, { port, family, listenAddress: listen("5038") });
}

describe("nftables: verdicts", () => {
  test("an accept rule for the port: unrestricted, naming the rule", () => {
    const v = nft(CONF("    tcp dport { 5038, 8088 } accept"));
    expect(v.verdict).toBe("unrestricted");
    expect(v.firewall).toBe("nftables");
    expect(v.assumedActive).toBe(false);
    expect(v.because).toEqual({ file: F, line: 20, text: "tcp dport { 5038, 8088 } accept" });
  });

  test("no rule for the port and policy drop: blocked by the policy", () => {
    const v = nft(CONF(""));
    expect(v.verdict).toBe("blocked");
    expect(v.because).toEqual({ policy: "policy drop of chain inet filter input", file: F, line: 13 });
  });

  test("ssh is open on port 22", () => {
    expect(nft(CONF(""), 22).because).toEqual({ file: F, line: 19, text: "tcp dport 22 accept" });
  });

  test("a subnet from a define: restricted for IPv4, blocked for IPv6", () => {
    const text = CONF("    ip saddr $LAN tcp dport 5038 accept");
    const v4 = nft(text);
    expect(v4.verdict).toBe("restricted");
    expect(v4.because).toEqual({ file: F, line: 20, text: "ip saddr $LAN tcp dport 5038 accept" });
    expect(nft(text, 5038, 6).verdict).toBe("blocked");
  });

  test("a named set and a port range: restricted", () => {
    expect(nft(CONF("    ip saddr @trusted tcp dport 5000-6000 accept")).verdict).toBe("restricted");
    expect(nft(CONF("    ip saddr @trusted tcp dport 5000-6000 accept"), 6001).verdict).toBe("blocked");
  });

  test("0.0.0.0/0 is no restriction", () => {
    expect(nft(CONF("    ip saddr 0.0.0.0/0 tcp dport 5038 accept")).verdict).toBe("unrestricted");
  });

  test("a drop for a few sources before the accept (a blacklist): still unrestricted", () => {
    const v = nft(CONF("    ip saddr { 203.0.113.7, 198.51.100.0/24 } drop\n    tcp dport 5038 accept"));
    expect(v.verdict).toBe("unrestricted");
    expect(v.because).toMatchObject({ line: 21 });
  });

  test("a drop for everyone but a subnet (negated set): restricted", () => {
    expect(nft(CONF("    ip saddr != 10.0.0.0/8 tcp dport 5038 drop\n    tcp dport 5038 accept")).verdict).toBe("restricted");
  });

  test("policy accept with a drop rule for the port: blocked by the rule", () => {
    const v = nft(CONF("    tcp dport 5038 drop", "accept"));
    expect(v.verdict).toBe("blocked");
    expect(v.because).toEqual({ file: F, line: 20, text: "tcp dport 5038 drop" });
    const other = nft(CONF("    tcp dport 5038 drop", "accept"), 8080);
    expect(other.verdict).toBe("unrestricted");
    expect(other.because).toEqual({ policy: "policy accept of chain inet filter input", file: F, line: 13 });
  });

  test("IPv4 blocked but IPv6 open", () => {
    const text = CONF("    meta nfproto ipv4 tcp dport 5038 reject with tcp reset\n    tcp dport 5038 accept");
    expect(nft(text, 5038, 4).verdict).toBe("blocked");
    const v6 = nft(text, 5038, 6);
    expect(v6.verdict).toBe("unrestricted");
    expect(v6.because).toMatchObject({ line: 21 });
  });

  test("only an ip table: IPv6 is not filtered", () => {
    const text = `table ip filter {\n  chain input {\n    type filter hook input priority 0; policy drop;\n  }\n}\n`;
    expect(nft(text, 5038, 4).verdict).toBe("blocked");
    const v6 = nft(text, 5038, 6);
    expect(v6.verdict).toBe("unrestricted");
    expect(v6.because).toEqual({ policy: "no nftables chain on the input hook filters IPv6", file: F, line: 1 });
  });

  test("jump to a user chain, return and fall to the policy", () => {
    const text = `table inet filter {
  chain services {
    tcp dport 5038 ip saddr 192.0.2.0/24 accept
    tcp dport 8088 accept
    return
  }
  chain input {
    type filter hook input priority 0; policy drop;
    ct state vmap { established : accept, related : accept, invalid : drop }
    iifname "lo" accept
    jump services
  }
}
`;
    const v = nft(text);
    expect(v.verdict).toBe("restricted");
    expect(v.because).toEqual({ file: F, line: 3, text: "tcp dport 5038 ip saddr 192.0.2.0/24 accept" });
    expect(nft(text, 8088).verdict).toBe("unrestricted");
    expect(nft(text, 9000).verdict).toBe("blocked");
  });

  test("goto: the goto'd chain's end returns past the caller", () => {
    const text = `table inet filter {
  chain tail {
    tcp dport 9000 drop
  }
  chain input {
    type filter hook input priority 0; policy accept;
    goto tail
    tcp dport 5038 drop
  }
}
`;
    expect(nft(text, 5038).verdict).toBe("unrestricted");
    expect(nft(text, 9000).verdict).toBe("blocked");
  });

  test("tcp dport vmap", () => {
    const text = `table inet filter {
  chain input {
    type filter hook input priority 0; policy drop;
    tcp dport vmap { 22 : accept, 5038 : accept, 5060-5061 : drop }
  }
}
`;
    expect(nft(text, 5038).verdict).toBe("unrestricted");
    expect(nft(text, 5060).verdict).toBe("blocked");
  });

  test("add table / add chain / add rule commands", () => {
    const text = `add table inet fw
add chain inet fw in { type filter hook input priority 0 ; policy drop ; }
add rule inet fw in ct state established,related accept
add rule inet fw in tcp dport 5038 accept
insert rule inet fw in tcp dport 5038 drop
`;
    const v = nft(text);
    expect(v.verdict).toBe("blocked");
    expect(v.because).toEqual({ file: F, line: 5, text: "insert rule inet fw in tcp dport 5038 drop" });
  });

  test("several base chains: a drop in either blocks", () => {
    const text = `table inet filter {
  chain input { type filter hook input priority 0; policy accept; }
}
table ip raw {
  chain pre {
    type filter hook prerouting priority -300; policy accept;
    tcp dport 5038 drop
  }
}
`;
    expect(nft(text, 5038, 4).verdict).toBe("blocked");
    expect(nft(text, 5038, 6).verdict).toBe("unrestricted");
  });

  test("a listener on one address: ip daddr rules for other addresses do not apply", () => {
    const text = `table inet filter {
  chain input {
    type filter hook input priority 0; policy drop;
    ip daddr 192.0.2.10 tcp dport 5038 accept
  }
}
`;
    expect(nft(text, 5038, 4, "192.0.2.10:5038").verdict).toBe("unrestricted");
    expect(nft(text, 5038, 4, "192.0.2.11:5038").verdict).toBe("blocked");
    // A wildcard listener is reachable through 192.0.2.10.
    expect(nft(text, 5038, 4, "0.0.0.0:5038").verdict).toBe("unrestricted");
  });

  test("an interface-specific accept is still open to any source on that interface", () => {
    const text = CONF(`    iifname "eth1" tcp dport 5038 accept`);
    expect(nft(text).verdict).toBe("unrestricted");
    expect(nft(CONF(`    iifname "lo" tcp dport 5038 accept`)).verdict).toBe("blocked");
  });

  test("nft list ruleset output", () => {
    const text = `table inet filter {
	set allowed {
		type ipv4_addr
		flags interval
		elements = { 10.1.0.0/16, 10.2.0.0/16 }
	}

	chain input {
		type filter hook input priority filter; policy drop;
		iif "lo" accept comment "loopback"
		ct state { established, related } counter packets 1234 bytes 567890 accept
		tcp flags & (fin | syn | rst | ack) != syn ct state new drop
		limit rate over 10/second burst 20 packets drop
		ip saddr @allowed tcp dport 5038 counter packets 0 bytes 0 accept
		log prefix "dropped: " level info
	}
}
`;
    const v = nft(text);
    expect(v.verdict).toBe("restricted");
    expect(v.because).toMatchObject({ line: 14 });
  });
});

describe("nftables: includes", () => {
  test("include with a glob, resolved inside the root", () => {
    const files = {
      [F]: `flush ruleset\ninclude "/etc/nftables.d/*.nft"\n`,
      "/etc/nftables.d/10-base.nft": `table inet filter {\n  chain input {\n    type filter hook input priority 0; policy drop;\n  }\n}\n`,
      "/etc/nftables.d/20-asterisk.nft": `add rule inet filter input tcp dport 5038 accept\n`,
      "/etc/nftables.d/README": `not included`,
    };
    const v = verdictFor(files, 5038, 4, { isEnabled: enabledUnits("nftables.service") });
    expect(v.verdict).toBe("unrestricted");
    expect(v.because).toEqual({ file: "/etc/nftables.d/20-asterisk.nft", line: 1, text: "add rule inet filter input tcp dport 5038 accept" });
  });

  test("include globs follow glob(3) as nft calls it: no dotfiles, no braces, [classes], byte order, no directories", () => {
    const base = `table inet filter {\n  chain input {\n    type filter hook input priority 0; policy drop;\n  }\n}\n`;
    const open = (port: number) => `add rule inet filter input tcp dport ${port} accept\n`;
    const files = {
      [F]: `flush ruleset\ninclude "/etc/nftables.d/[0-9]*.nft"\ninclude "/etc/nft.{a,b}/x.nft"\n`,
      "/etc/nftables.d/00-base.nft": base,
      "/etc/nftables.d/.9-hidden.nft": open(5038), // "*" and "[0-9]" never match a leading "."
      "/etc/nftables.d/5-dir.nft/x": open(5038), // a directory match is skipped
      "/etc/nftables.d/Z-upper.nft": open(5038), // does not start with a digit
      "/etc/nft.{a,b}/x.nft": "", // braces are literal characters for nft
    };
    const v = verdictFor(files, 5038, 4, { isEnabled: enabledUnits("nftables.service") });
    expect(v.verdict).toBe("blocked");
  });

  test("a missing include: unknown, naming the include", () => {
    const v = verdictFor({ [F]: `include "/etc/nftables/missing.nft"\n` }, 5038, 4, { isEnabled: enabledUnits("nftables.service") });
    expect(v.verdict).toBe("unknown");
    expect(v.because).toMatchObject({ file: F, line: 1 });
    expect(v.reason).toMatch(/no such file/);
  });
});

describe("nftables: what is not understood", () => {
  test("an unknown match that decides: unknown with file and line", () => {
    const v = nft(CONF("    meta secpath exists tcp dport 5038 accept"));
    expect(v.verdict).toBe("unknown");
    expect(v.because).toEqual({ file: F, line: 20, text: "meta secpath exists tcp dport 5038 accept" });
    expect(v.reason).toMatch(/meta secpath/);
  });

  test("an unknown match on another port does not matter", () => {
    expect(nft(CONF("    udp dport 53 meta secpath exists accept\n    tcp dport 5038 accept")).verdict).toBe("unrestricted");
  });

  test("an unknown rule whose outcome cannot change the verdict does not matter", () => {
    // Whether or not the odd rule matches, 5038 is accepted.
    expect(nft(CONF("    meta secpath exists accept\n    tcp dport 5038 accept")).verdict).toBe("unrestricted");
  });

  test("dnat in a prerouting nat chain: unknown", () => {
    const text = `table ip nat {
  chain prerouting {
    type nat hook prerouting priority dstnat; policy accept;
    tcp dport 5038 dnat to 192.0.2.5:5038
  }
}
`;
    expect(nft(text).verdict).toBe("unknown");
  });

  test("a statement that is not nft syntax: unknown at its line", () => {
    const v = nft(`table inet filter {\n  chain input {\n    type filter hook input priority 0; policy drop;\n  }\n}\nfrobnicate everything\n`);
    expect(v.verdict).toBe("unknown");
    expect(v.because).toMatchObject({ file: F, line: 6 });
  });

  test("a jump to an undefined chain: unknown", () => {
    const v = direct(`table inet f {\n  chain input {\n    type filter hook input priority 0; policy drop;\n    jump nowhere\n  }\n}\n`);
    expect(v.verdict).toBe("unknown");
    expect(v.because).toMatchObject({ line: 4 });
  });

  test("a jump loop: unknown", () => {
    const v = direct(`table inet f {\n  chain a {\n    jump b\n  }\n  chain b {\n    jump a\n  }\n  chain input {\n    type filter hook input priority 0; policy drop;\n    jump a\n  }\n}\n`);
    expect(v.verdict).toBe("unknown");
    expect(v.reason).toMatch(/loops/);
  });

  test("a dormant table is not evaluated", () => {
    const v = direct(`table inet f {\n  flags dormant\n  chain input {\n    type filter hook input priority 0; policy drop;\n  }\n}\n`);
    expect(v.verdict).toBe("unrestricted");
  });
});

describe("nftables: activity", () => {
  test("nftables.service not enabled: ignored", () => {
    const v = verdictFor({ [F]: CONF("") }, 5038, 4, { isEnabled: enabledUnits("ssh.service") });
    expect(v.verdict).toBe("unrestricted");
    expect(v.because).toBeNull();
    expect(v.perFirewall).toEqual([]);
  });

  test("no unit information: assumed active, and the verdict says so", () => {
    const v = verdictFor({ [F]: CONF("") }, 5038, 4);
    expect(v.verdict).toBe("blocked");
    expect(v.assumedActive).toBe(true);
  });
});
