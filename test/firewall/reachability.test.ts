import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, test } from "@jest/globals";
import { detectFormat, loadFirewalls, parseFirewallSpec } from "../../src/firewall/reachability.js";
import { enabledUnits, listen, makeRoot, verdictFor } from "./helpers.js";

const NFT_OPEN = `table inet filter {\n  chain input {\n    type filter hook input priority 0; policy drop;\n    tcp dport 5038 accept\n  }\n}\n`;
const NFT_CLOSED = `table inet filter {\n  chain input {\n    type filter hook input priority 0; policy drop;\n  }\n}\n`;
const IPT_OPEN = `*filter\n:INPUT DROP [0:0]\n-A INPUT -p tcp --dport 5038 -j ACCEPT\nCOMMIT\n`;
const IPT_SUBNET = `*filter\n:INPUT DROP [0:0]\n-A INPUT -s 10.0.0.0/8 -p tcp --dport 5038 -j ACCEPT\nCOMMIT\n`;
const IPT_CLOSED = `*filter\n:INPUT DROP [0:0]\nCOMMIT\n`;

describe("combining firewalls", () => {
  test("no firewall at all: unrestricted, nothing to name", () => {
    const v = verdictFor({ "/etc/hostname": "pbx\n" }, 5038, 4);
    expect(v).toEqual({ verdict: "unrestricted", because: null, firewall: null, assumedActive: false, perFirewall: [] });
  });

  test("blocked if any active firewall blocks", () => {
    const v = verdictFor(
      { "/etc/nftables.conf": NFT_OPEN, "/etc/iptables/rules.v4": IPT_CLOSED },
      5038,
      4,
      { isEnabled: enabledUnits("nftables.service", "netfilter-persistent.service") },
    );
    expect(v.verdict).toBe("blocked");
    expect(v.firewall).toBe("iptables");
    expect(v.perFirewall.map((p) => [p.firewall, p.verdict])).toEqual([
      ["nftables", "unrestricted"],
      ["iptables", "blocked"],
    ]);
  });

  test("an inactive firewall that blocks is ignored", () => {
    const v = verdictFor({ "/etc/nftables.conf": NFT_OPEN, "/etc/iptables/rules.v4": IPT_CLOSED }, 5038, 4, {
      isEnabled: enabledUnits("nftables.service"),
    });
    expect(v.verdict).toBe("unrestricted");
    expect(v.firewall).toBe("nftables");
    expect(v.perFirewall).toHaveLength(1);
  });

  test("unrestricted only if every active firewall lets anyone through; otherwise restricted", () => {
    const both = { isEnabled: enabledUnits("nftables.service", "netfilter-persistent.service") };
    expect(verdictFor({ "/etc/nftables.conf": NFT_OPEN, "/etc/iptables/rules.v4": IPT_OPEN }, 5038, 4, both).verdict).toBe("unrestricted");
    const r = verdictFor({ "/etc/nftables.conf": NFT_OPEN, "/etc/iptables/rules.v4": IPT_SUBNET }, 5038, 4, both);
    expect(r.verdict).toBe("restricted");
    expect(r.firewall).toBe("iptables");
  });

  test("IPv6 through nftables only: iptables without rules.v6 does not filter it", () => {
    const v = verdictFor({ "/etc/nftables.conf": NFT_CLOSED, "/etc/iptables/rules.v4": IPT_OPEN }, 5038, 6, {
      isEnabled: enabledUnits("nftables.service", "netfilter-persistent.service"),
    });
    expect(v.verdict).toBe("blocked");
    expect(v.firewall).toBe("nftables");
  });

  test("unknown beats unrestricted, blocked beats unknown", () => {
    const odd = `table inet filter {\n  chain input {\n    type filter hook input priority 0; policy drop;\n    meta secmark "x" tcp dport 5038 accept\n  }\n}\n`;
    const units = { isEnabled: enabledUnits("nftables.service", "netfilter-persistent.service") };
    const u = verdictFor({ "/etc/nftables.conf": odd, "/etc/iptables/rules.v4": IPT_OPEN }, 5038, 4, units);
    expect(u.verdict).toBe("unknown");
    expect(u.because).toMatchObject({ file: "/etc/nftables.conf", line: 4 });
    expect(verdictFor({ "/etc/nftables.conf": odd, "/etc/iptables/rules.v4": IPT_CLOSED }, 5038, 4, units).verdict).toBe("blocked");
  });

  test("a listener bound to loopback only is not reachable: blocked", () => {
    const v = verdictFor({ "/etc/nftables.conf": NFT_OPEN }, 5038, 4, { isEnabled: enabledUnits("nftables.service"), listenAddress: "127.0.0.1:5038" });
    expect(v.verdict).toBe("blocked");
  });

  test("the firewall set loads once and answers several queries", () => {
    const root = makeRoot({ "/etc/nftables.conf": NFT_OPEN });
    const fw = loadFirewalls({ fs: root.fs, isEnabled: enabledUnits("nftables.service") });
    expect(fw.active.map((l) => [l.kind, l.activity])).toEqual([["nftables", "nftables.service is enabled"]]);
    expect(fw.evaluate({ port: 5038, family: 4, listenAddress: listen("0.0.0.0:5038") }).verdict).toBe("unrestricted");
    expect(fw.evaluate({ port: 5039, family: 6, listenAddress: listen("[::]:5039") }).verdict).toBe("blocked");
  });
});

describe("--firewall specs", () => {
  test("prefixes", () => {
    expect(parseFirewallSpec("nft:/tmp/r.nft")).toEqual({ kind: "nftables", file: "/tmp/r.nft" });
    expect(parseFirewallSpec("iptables:rules")).toEqual({ kind: "iptables", file: "rules" });
    expect(parseFirewallSpec("ufw:/etc/ufw")).toEqual({ kind: "ufw", file: "/etc/ufw" });
    expect(parseFirewallSpec("firewalld:zone.xml")).toEqual({ kind: "firewalld", file: "zone.xml" });
    expect(parseFirewallSpec("C:/x")).toEqual({ kind: null, file: "C:/x" });
  });

  test("format detection", () => {
    expect(detectFormat(NFT_OPEN)).toBe("nftables");
    expect(detectFormat(IPT_OPEN)).toBe("iptables");
    expect(detectFormat(`*filter\n:ufw-user-input - [0:0]\nCOMMIT\n`)).toBe("ufw");
    expect(detectFormat(`<?xml version="1.0"?>\n<zone/>\n`)).toBe("firewalld");
    expect(detectFormat("hello")).toBeNull();
  });

  test("repository mode: only the given files, detected by content, always active", () => {
    const dir = makeRoot({ "/saved/ruleset.txt": NFT_CLOSED, "/saved/rules.v6": IPT_OPEN.replace(":INPUT DROP", ":INPUT DROP") }).dir;
    const fw = loadFirewalls({ fs: null, isEnabled: () => null, specs: ["saved/ruleset.txt", "iptables:saved/rules.v6"], cwd: dir });
    const v4 = fw.evaluate({ port: 5038, family: 4, listenAddress: listen("0.0.0.0:5038") });
    expect(v4.verdict).toBe("blocked");
    expect(v4.because).toEqual({ policy: "policy drop of chain inet filter input", file: "saved/ruleset.txt", line: 3 });
    expect(v4.assumedActive).toBe(false);
    expect(fw.evaluate({ port: 5038, family: 6, listenAddress: listen("[::]:5038") }).verdict).toBe("blocked");
  });

  test("a firewalld zone file and a ufw user.rules file", () => {
    const dir = makeRoot({
      "/z/public.xml": `<?xml version="1.0" encoding="utf-8"?>\n<zone>\n  <port protocol="tcp" port="5038"/>\n</zone>\n`,
      "/u/user.rules": `*filter\n:ufw-user-input - [0:0]\n-A ufw-user-input -s 10.0.0.0/8 -p tcp --dport 5038 -j ACCEPT\nCOMMIT\n`,
    }).dir;
    const q = { port: 5038, family: 4 as const, listenAddress: listen("0.0.0.0:5038") };
    expect(loadFirewalls({ fs: null, isEnabled: () => null, specs: ["z/public.xml"], cwd: dir }).evaluate(q).verdict).toBe("unrestricted");
    expect(loadFirewalls({ fs: null, isEnabled: () => null, specs: ["u/user.rules"], cwd: dir }).evaluate(q).verdict).toBe("restricted");
    expect(loadFirewalls({ fs: null, isEnabled: () => null, specs: ["ufw:u"], cwd: dir }).evaluate(q).verdict).toBe("restricted");
  });

  test("a firewalld directory", () => {
    const dir = makeRoot({
      "/fw/firewalld.conf": "DefaultZone=work\n",
      "/fw/zones/work.xml": `<?xml version="1.0" encoding="utf-8"?>\n<zone>\n  <service name="ssh"/>\n</zone>\n`,
    }).dir;
    const fw = loadFirewalls({ fs: null, isEnabled: () => null, specs: ["fw"], cwd: dir });
    expect(fw.loaded.map((l) => l.kind)).toEqual(["firewalld"]);
    const v = fw.evaluate({ port: 22, family: 6, listenAddress: listen("[::]:22") });
    expect(v.verdict).toBe("unrestricted");
    expect(v.because).toEqual({ file: path.join("fw", "zones/work.xml"), line: 3, text: `<service name="ssh"/>` });
  });

  test("an unreadable or unrecognised spec: unknown with the reason", () => {
    const dir = makeRoot({ "/x.txt": "hello\n" }).dir;
    const q = { port: 5038, family: 4 as const, listenAddress: listen("0.0.0.0:5038") };
    const missing = loadFirewalls({ fs: null, isEnabled: () => null, specs: ["nft:nope.nft"], cwd: dir }).evaluate(q);
    expect(missing.verdict).toBe("unknown");
    expect(missing.reason).toMatch(/does not exist/);
    const odd = loadFirewalls({ fs: null, isEnabled: () => null, specs: ["x.txt"], cwd: dir }).evaluate(q);
    expect(odd.verdict).toBe("unknown");
    expect(odd.reason).toMatch(/cannot tell the firewall format/);
    expect(fs.existsSync(path.join(dir, "x.txt"))).toBe(true);
  });
});
