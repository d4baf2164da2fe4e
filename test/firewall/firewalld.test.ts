import { describe, expect, test } from "@jest/globals";
import { parseXml } from "../../src/firewall/firewalld.js";
import { STOCK_SERVICES, STOCK_ZONES } from "../../src/firewall/firewalld-services.js";
import { enabledUnits, verdictFor } from "./helpers.js";

const CONF = "/etc/firewalld/firewalld.conf";
const Z = (name: string) => `/etc/firewalld/zones/${name}.xml`;
const on = enabledUnits("firewalld.service");

const conf = (zone = "public", drift = "no") => `# firewalld config file

# default zone
# The default zone used if an empty zone string is used.
# Default: public
DefaultZone=${zone}

# Clean up on exit
CleanupOnExit=yes

FirewallBackend=nftables
AllowZoneDrifting=${drift}
`;

const zone = (body: string, target = "") => `<?xml version="1.0" encoding="utf-8"?>
<zone${target ? ` target="${target}"` : ""}>
  <short>Public</short>
  <description>For use in public areas.</description>
  <service name="ssh"/>
  <service name="dhcpv6-client"/>
${body}  <forward/>
</zone>
`;

function fwd(files: Record<string, string>, port = 5038, family: 4 | 6 = 4, isEnabled = on) {
  return verdictFor(files, port, family, { isEnabled });
}

describe("firewalld", () => {
  test("stock public zone (no zone file): 5038 rejected by the zone target, 22 open by service ssh", () => {
    const files = { [CONF]: conf() };
    const v = fwd(files);
    expect(v.verdict).toBe("blocked");
    expect(v.firewall).toBe("firewalld");
    expect(v.because).toEqual({
      policy: "target default (reject) of firewalld zone public (stock definition)",
      file: "/usr/lib/firewalld/zones/public.xml",
      line: 2,
    });
    const ssh = fwd(files, 22);
    expect(ssh.verdict).toBe("unrestricted");
    expect(ssh.because).toEqual({
      file: "/usr/lib/firewalld/zones/public.xml",
      line: 5,
      text: `<service name="ssh"/> (firewalld's stock zone public)`,
    });
  });

  test("a port in the default zone: unrestricted, naming the <port> line", () => {
    const v = fwd({ [CONF]: conf(), [Z("public")]: zone(`  <port protocol="tcp" port="5038"/>\n`) });
    expect(v.verdict).toBe("unrestricted");
    expect(v.because).toEqual({ file: Z("public"), line: 7, text: `<port protocol="tcp" port="5038"/>` });
  });

  test("a port range, and a udp port that does not open tcp", () => {
    expect(fwd({ [CONF]: conf(), [Z("public")]: zone(`  <port protocol="tcp" port="5000-5100"/>\n`) }).verdict).toBe("unrestricted");
    expect(fwd({ [CONF]: conf(), [Z("public")]: zone(`  <port protocol="udp" port="5038"/>\n`) }).verdict).toBe("blocked");
  });

  test("a stock service by name (sip: 5060/tcp)", () => {
    expect(STOCK_SERVICES.sip.ports).toContainEqual(["tcp", "5060"]);
    const v = fwd({ [CONF]: conf(), [Z("public")]: zone(`  <service name="sip"/>\n`) }, 5060);
    expect(v.verdict).toBe("unrestricted");
    expect(v.because).toMatchObject({ line: 7, text: `<service name="sip"/>` });
  });

  test("a custom service in /etc/firewalld/services", () => {
    const files = {
      [CONF]: conf(),
      [Z("public")]: zone(`  <service name="asterisk-ami"/>\n`),
      "/etc/firewalld/services/asterisk-ami.xml": `<?xml version="1.0" encoding="utf-8"?>\n<service>\n  <short>AMI</short>\n  <port protocol="tcp" port="5038"/>\n</service>\n`,
    };
    expect(fwd(files).verdict).toBe("unrestricted");
  });

  test("an undefined service: unknown when it could matter", () => {
    const v = fwd({ [CONF]: conf(), [Z("public")]: zone(`  <service name="no-such-service"/>\n`) });
    expect(v.verdict).toBe("unknown");
    expect(v.because).toMatchObject({ file: Z("public"), line: 7 });
    expect(v.reason).toMatch(/no-such-service/);
  });

  test("a rich rule with a source address: restricted", () => {
    const rule = `  <rule family="ipv4">
    <source address="192.168.10.0/24"/>
    <port protocol="tcp" port="5038"/>
    <accept/>
  </rule>
`;
    const files = { [CONF]: conf(), [Z("public")]: zone(rule) };
    const v = fwd(files);
    expect(v.verdict).toBe("restricted");
    expect(v.because).toEqual({ file: Z("public"), line: 7, text: `<rule family="ipv4">` });
    expect(fwd(files, 5038, 6).verdict).toBe("blocked");
  });

  test("a zone bound to sources: restricted (only those sources land in it)", () => {
    const files = {
      [CONF]: conf(),
      [Z("internal")]: `<?xml version="1.0" encoding="utf-8"?>\n<zone>\n  <short>Internal</short>\n  <source address="10.20.0.0/16"/>\n  <port protocol="tcp" port="5038"/>\n</zone>\n`,
    };
    const v = fwd(files);
    expect(v.verdict).toBe("restricted");
    expect(v.because).toMatchObject({ file: Z("internal"), line: 5 });
  });

  test("trusted target on the default zone: unrestricted by the target", () => {
    const v = fwd({ [CONF]: conf("trusted") });
    expect(v.verdict).toBe("unrestricted");
    expect(v.because).toEqual({ policy: "target ACCEPT of firewalld zone trusted (stock definition)", file: "/usr/lib/firewalld/zones/trusted.xml", line: 2 });
  });

  test("a DROP zone bound to an interface, the default zone open: still unrestricted elsewhere", () => {
    const files = {
      [CONF]: conf(),
      [Z("public")]: zone(`  <port protocol="tcp" port="5038"/>\n`),
      [Z("drop")]: `<?xml version="1.0" encoding="utf-8"?>\n<zone target="DROP">\n  <short>Drop</short>\n  <interface name="eth1"/>\n</zone>\n`,
    };
    expect(fwd(files).verdict).toBe("unrestricted");
  });

  test("IPv4 blocked but IPv6 open (a family-specific reject rule)", () => {
    const rule = `  <rule family="ipv4">
    <port protocol="tcp" port="5038"/>
    <reject/>
  </rule>
  <port protocol="tcp" port="5038"/>
`;
    const files = { [CONF]: conf(), [Z("public")]: zone(rule) };
    expect(fwd(files, 5038, 4).verdict).toBe("blocked");
    expect(fwd(files, 5038, 4).because).toMatchObject({ line: 7 });
    expect(fwd(files, 5038, 6).verdict).toBe("unrestricted");
  });

  test("a rich rule with a deny for a subnet before an open port: the port stays unrestricted", () => {
    const rule = `  <rule family="ipv4"><source address="203.0.113.0/24"/><drop/></rule>\n  <port protocol="tcp" port="5038"/>\n`;
    expect(fwd({ [CONF]: conf(), [Z("public")]: zone(rule) }).verdict).toBe("unrestricted");
  });

  test("ipset sources", () => {
    const files = {
      [CONF]: conf(),
      [Z("public")]: zone(`  <rule><source ipset="office"/><port protocol="tcp" port="5038"/><accept/></rule>\n`),
      "/etc/firewalld/ipsets/office.xml": `<?xml version="1.0" encoding="utf-8"?>\n<ipset type="hash:net">\n  <entry>198.51.100.0/24</entry>\n  <entry>192.0.2.7</entry>\n</ipset>\n`,
    };
    expect(fwd(files).verdict).toBe("restricted");
  });

  test("forward-port on the port: unknown", () => {
    const v = fwd({ [CONF]: conf(), [Z("public")]: zone(`  <forward-port port="5038" protocol="tcp" to-port="15038"/>\n`) });
    expect(v.verdict).toBe("unknown");
  });

  test("malformed zone XML: unknown at the place", () => {
    const v = fwd({ [CONF]: conf(), [Z("public")]: `<?xml version="1.0"?>\n<zone>\n  <port protocol="tcp" port="5038">\n</zone>\n` });
    expect(v.verdict).toBe("unknown");
    expect(v.because).toMatchObject({ file: Z("public") });
  });

  test("zone drifting: a source zone with the default target falls through to the default zone", () => {
    const files = {
      [CONF]: conf("public", "yes"),
      [Z("public")]: zone(`  <port protocol="tcp" port="5038"/>\n`),
      [Z("internal")]: `<?xml version="1.0" encoding="utf-8"?>\n<zone>\n  <source address="0.0.0.0/1"/>\n  <source address="128.0.0.0/1"/>\n</zone>\n`,
    };
    expect(fwd(files).verdict).toBe("unrestricted");
    // Without drifting every IPv4 source lands in internal and is rejected there.
    files[CONF] = conf("public", "no");
    const v = fwd(files);
    expect(v.verdict).toBe("blocked");
    expect(v.because).toMatchObject({ policy: "target default (reject) of firewalld zone internal", file: Z("internal"), line: 2 });
    expect(fwd(files, 5038, 6).verdict).toBe("unrestricted");
  });

  test("direct rules in INPUT run before the zones", () => {
    const files = {
      [CONF]: conf(),
      [Z("public")]: zone(`  <port protocol="tcp" port="5038"/>\n`),
      "/etc/firewalld/direct.xml": `<?xml version="1.0" encoding="utf-8"?>
<direct>
  <chain ipv="ipv4" table="filter" chain="ami"/>
  <rule ipv="ipv4" table="filter" chain="INPUT" priority="0">-p tcp --dport 5038 -j ami</rule>
  <rule ipv="ipv4" table="filter" chain="ami" priority="1">-j DROP</rule>
  <rule ipv="ipv4" table="filter" chain="ami" priority="0">-s 10.0.0.0/8 -j ACCEPT</rule>
</direct>
`,
    };
    const v = fwd(files);
    expect(v.verdict).toBe("restricted");
    expect(v.because).toMatchObject({ file: "/etc/firewalld/direct.xml", line: 6 });
    expect(fwd(files, 5038, 6).verdict).toBe("unrestricted");
  });

  test("a policy to HOST from ANY zone is evaluated; from a named zone it is tried both ways", () => {
    const policy = (ingress: string) => `<?xml version="1.0" encoding="utf-8"?>
<policy priority="-10">
  <ingress-zone name="${ingress}"/>
  <egress-zone name="HOST"/>
  <rule>
    <port protocol="tcp" port="5038"/>
    <reject/>
  </rule>
</policy>
`;
    const base = { [CONF]: conf(), [Z("public")]: zone(`  <port protocol="tcp" port="5038"/>\n`) };
    const any = fwd({ ...base, "/etc/firewalld/policies/no-ami.xml": policy("ANY") });
    expect(any.verdict).toBe("blocked");
    expect(any.because).toMatchObject({ file: "/etc/firewalld/policies/no-ami.xml", line: 5 });
    expect(fwd({ ...base, "/etc/firewalld/policies/no-ami.xml": policy("public") }).verdict).toBe("unknown");
    // The same policy does not matter for another port.
    expect(fwd({ ...base, "/etc/firewalld/policies/no-ami.xml": policy("public") }, 22).verdict).toBe("unrestricted");
  });

  test("firewalld.service not enabled: ignored; no unit information: assumed active", () => {
    const files = { [CONF]: conf(), [Z("public")]: zone("") };
    expect(fwd(files, 5038, 4, enabledUnits()).firewall).toBeNull();
    const v = fwd(files, 5038, 4, () => null);
    expect(v.verdict).toBe("blocked");
    expect(v.assumedActive).toBe(true);
  });
});

describe("firewalld: XML reader", () => {
  test("elements, attributes, lines, comments, text", () => {
    const x = parseXml(`<?xml version="1.0"?>\n<!-- c -->\n<ipset type='hash:ip'>\n  <entry>1.2.3.4</entry>\n  <option name="family" value="inet"/>\n</ipset>\n`);
    expect(x.error).toBeUndefined();
    expect(x.root!.name).toBe("ipset");
    expect(x.root!.attrs).toEqual({ type: "hash:ip" });
    expect(x.root!.children.map((c) => [c.name, c.line, c.text])).toEqual([
      ["entry", 4, "1.2.3.4"],
      ["option", 5, ""],
    ]);
  });

  test("errors carry a line", () => {
    expect(parseXml("<zone>\n<port>\n</zone>").error).toEqual({ line: 3, reason: "unexpected </zone>" });
  });

  test("stock zones are shipped verbatim", () => {
    expect(STOCK_ZONES.public).toMatch(/<service name="ssh"\/>/);
  });
});
