import { describe, expect, test } from "@jest/globals";
import { parseShellVars } from "../../src/firewall/ufw.js";
import { enabledUnits, verdictFor } from "./helpers.js";

const CONF = "/etc/ufw/ufw.conf";
const DEFAULTS = "/etc/default/ufw";
const USER = "/etc/ufw/user.rules";
const USER6 = "/etc/ufw/user6.rules";

const ufwConf = (enabled: string) => `# /etc/ufw/ufw.conf
#

# Set to yes to start on boot. If setting this remotely, be sure to add a rule
# to allow your remote connection before starting ufw. Eg: 'ufw allow 22/tcp'
ENABLED=${enabled}

# Please use the 'ufw' command to set the loglevel. Eg: 'ufw logging medium'.
# See 'man ufw' for details.
LOGLEVEL=low
`;

const defaults = (policy = "DROP", ipv6 = "yes") => `# /etc/default/ufw
#

# Set to yes to apply rules to support IPv6 (no means only IPv6 on loopback
# accepted). You will need to 'disable' and then 'enable' the firewall for
# the changes to take affect.
IPV6=${ipv6}

# Set the default input policy to ACCEPT, DROP, or REJECT. Please note that if
# you change this you will most likely want to adjust your rules.
DEFAULT_INPUT_POLICY="${policy}"

# Set the default output policy to ACCEPT, DROP, or REJECT.
DEFAULT_OUTPUT_POLICY="ACCEPT"
`;

const userRules = (tuples: string, six = false) => `*filter
:ufw${six ? "6" : ""}-user-input - [0:0]
:ufw${six ? "6" : ""}-user-output - [0:0]
:ufw${six ? "6" : ""}-user-forward - [0:0]
:ufw${six ? "6" : ""}-before-logging-input - [0:0]
:ufw${six ? "6" : ""}-user-limit - [0:0]
:ufw${six ? "6" : ""}-user-limit-accept - [0:0]
### RULES ###

### tuple ### allow tcp 22 0.0.0.0/0 any 0.0.0.0/0 in
-A ufw${six ? "6" : ""}-user-input -p tcp --dport 22 -j ACCEPT
${tuples}
### END RULES ###

### LOGGING ###
-A ufw${six ? "6" : ""}-after-logging-input -j LOG --log-prefix "[UFW BLOCK] " -m limit --limit 3/min --limit-burst 10
### END LOGGING ###

### RATE LIMITING ###
-A ufw${six ? "6" : ""}-user-limit -m limit --limit 3/minute -j LOG --log-prefix "[UFW LIMIT BLOCK] "
-A ufw${six ? "6" : ""}-user-limit -j REJECT
-A ufw${six ? "6" : ""}-user-limit-accept -j ACCEPT
### END RATE LIMITING ###
COMMIT
`;

// Real ufw names the IPv6 chains ufw6-*.
const user6 = (tuples: string) => userRules(tuples, true);

function ufw(files: Record<string, string>, port = 5038, family: 4 | 6 = 4, isEnabled = enabledUnits("ufw.service")) {
  return verdictFor(files, port, family, { isEnabled });
}

const allow5038 = "### tuple ### allow tcp 5038 0.0.0.0/0 any 0.0.0.0/0 in\n-A ufw-user-input -p tcp --dport 5038 -j ACCEPT\n";

describe("ufw", () => {
  test("ufw allow 5038/tcp: unrestricted, naming the user rule", () => {
    const v = ufw({ [CONF]: ufwConf("yes"), [DEFAULTS]: defaults(), [USER]: userRules(allow5038) });
    expect(v.verdict).toBe("unrestricted");
    expect(v.firewall).toBe("ufw");
    expect(v.because).toEqual({ file: USER, line: 13, text: "-A ufw-user-input -p tcp --dport 5038 -j ACCEPT" });
  });

  test("no rule: blocked by DEFAULT_INPUT_POLICY", () => {
    const v = ufw({ [CONF]: ufwConf("yes"), [DEFAULTS]: defaults(), [USER]: userRules("") });
    expect(v.verdict).toBe("blocked");
    expect(v.because).toEqual({ policy: 'ufw default input policy DROP (DEFAULT_INPUT_POLICY="DROP")', file: DEFAULTS, line: 11 });
  });

  test("ufw allow from 10.0.0.0/8 to any port 5038: restricted", () => {
    const rules = "### tuple ### allow tcp 5038 0.0.0.0/0 any 10.0.0.0/8 in\n-A ufw-user-input -p tcp --dport 5038 -s 10.0.0.0/8 -j ACCEPT\n";
    expect(ufw({ [CONF]: ufwConf("yes"), [DEFAULTS]: defaults(), [USER]: userRules(rules) }).verdict).toBe("restricted");
  });

  test("default allow with ufw deny 5038/tcp: blocked by the deny rule", () => {
    const rules = "### tuple ### deny tcp 5038 0.0.0.0/0 any 0.0.0.0/0 in\n-A ufw-user-input -p tcp --dport 5038 -j DROP\n";
    const files = { [CONF]: ufwConf("yes"), [DEFAULTS]: defaults("ACCEPT"), [USER]: userRules(rules) };
    const v = ufw(files);
    expect(v.verdict).toBe("blocked");
    expect(v.because).toMatchObject({ file: USER, line: 13 });
    expect(ufw(files, 8080).verdict).toBe("unrestricted");
  });

  test("ufw limit: rate limiting still lets a first connection in", () => {
    const rules = `### tuple ### limit tcp 5038 0.0.0.0/0 any 0.0.0.0/0 in
-A ufw-user-input -p tcp --dport 5038 -m conntrack --ctstate NEW -m recent --set
-A ufw-user-input -p tcp --dport 5038 -m conntrack --ctstate NEW -m recent --update --seconds 30 --hitcount 6 -j ufw-user-limit
-A ufw-user-input -p tcp --dport 5038 -j ufw-user-limit-accept
`;
    const v = ufw({ [CONF]: ufwConf("yes"), [DEFAULTS]: defaults(), [USER]: userRules(rules) });
    expect(v.verdict).toBe("unrestricted");
    expect(v.because).toMatchObject({ file: USER, line: 15 });
  });

  test("IPv4 blocked but IPv6 open (user6.rules)", () => {
    const files = {
      [CONF]: ufwConf("yes"),
      [DEFAULTS]: defaults(),
      [USER]: userRules(""),
      [USER6]: user6("### tuple ### allow tcp 5038 ::/0 any ::/0 in\n-A ufw6-user-input -p tcp --dport 5038 -j ACCEPT\n"),
    };
    expect(ufw(files, 5038, 4).verdict).toBe("blocked");
    const v6 = ufw(files, 5038, 6);
    expect(v6.verdict).toBe("unrestricted");
    expect(v6.because).toMatchObject({ file: USER6, line: 13 });
  });

  test("IPV6=no: IPv6 is blocked (loopback only)", () => {
    const v = ufw({ [CONF]: ufwConf("yes"), [DEFAULTS]: defaults("ACCEPT", "no"), [USER]: userRules(allow5038) }, 5038, 6);
    expect(v.verdict).toBe("blocked");
    expect(v.because).toEqual({ policy: "IPV6=no: ufw accepts IPv6 on loopback only", file: DEFAULTS, line: 7 });
  });

  test("ENABLED=no: ufw is ignored", () => {
    const v = ufw({ [CONF]: ufwConf("no"), [DEFAULTS]: defaults(), [USER]: userRules("") });
    expect(v.firewall).toBeNull();
    expect(v.verdict).toBe("unrestricted");
  });

  test("ENABLED=yes but ufw.service disabled: ignored; no unit information: assumed active", () => {
    const files = { [CONF]: ufwConf("yes"), [DEFAULTS]: defaults(), [USER]: userRules("") };
    expect(ufw(files, 5038, 4, enabledUnits("ssh.service")).firewall).toBeNull();
    const assumed = ufw(files, 5038, 4, () => null);
    expect(assumed.verdict).toBe("blocked");
    expect(assumed.assumedActive).toBe(true);
  });

  test("an unknown match in a user rule that decides: unknown", () => {
    const rules = "-A ufw-user-input -p tcp --dport 5038 -m geoip --src-cc DE -j ACCEPT\n";
    const v = ufw({ [CONF]: ufwConf("yes"), [DEFAULTS]: defaults(), [USER]: userRules(rules) });
    expect(v.verdict).toBe("unknown");
    expect(v.because).toMatchObject({ file: USER, line: 12 });
  });

  test("shell variables", () => {
    const vars = parseShellVars('A=1\n# B=2\nC="x y"\nexport D=\'z\'\n');
    expect([...vars.entries()].map(([k, v]) => [k, v.value, v.line])).toEqual([
      ["A", "1", 1],
      ["C", "x y", 3],
      ["D", "z", 4],
    ]);
  });
});
