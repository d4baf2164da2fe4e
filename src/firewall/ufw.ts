/**
 * ufw: `/etc/ufw/ufw.conf` (ENABLED), `/etc/default/ufw` (DEFAULT_INPUT_POLICY, IPV6) and the
 * user rules `/etc/ufw/user.rules` / `user6.rules` (iptables-save syntax, chain
 * `ufw-user-input`, one `### tuple ###` comment per ufw rule). ufw's stock before/after rules are
 * not read: their effect on a new TCP connection is modelled as ufw ships them (loopback accepted,
 * established/related accepted, then the user rules, then the default input policy).
 */
import type { Family } from "./addr-set.js";
import { type Ruleset, emptyRuleset, type Rule, srcRef } from "./model.js";
import { addIptablesChains, iptChainId, parseIptablesSave } from "./iptables.js";

export interface TextFile {
  /** Display path. */
  file: string;
  text: string;
}

export interface ShellVar {
  value: string;
  line: number;
  text: string;
}

/** `NAME=value` / `NAME="value"` assignments of a shell-style config file (last one wins). */
export function parseShellVars(text: string): Map<string, ShellVar> {
  const out = new Map<string, ShellVar>();
  text.split(/\r?\n/).forEach((raw, idx) => {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) return;
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (!m) return;
    let v = m[2].trim();
    if ((v.startsWith('"') && v.endsWith('"') && v.length >= 2) || (v.startsWith("'") && v.endsWith("'") && v.length >= 2)) v = v.slice(1, -1);
    else v = v.replace(/(?<!\s)\s+#.*$/, ""); // (?<!\s): a blank run is scanned once, not from each of its blanks
    out.set(m[1], { value: v, line: idx + 1, text: line });
  });
  return out;
}

export interface UfwFiles {
  /** /etc/ufw/ufw.conf */
  conf?: TextFile;
  /** /etc/default/ufw */
  defaults?: TextFile;
  /** /etc/ufw/user.rules */
  user4?: TextFile;
  /** /etc/ufw/user6.rules */
  user6?: TextFile;
}

export interface UfwState {
  /** ENABLED=yes in ufw.conf; null when ufw.conf is absent. */
  enabled: boolean | null;
  enabledAt?: ShellVar;
}

export function ufwState(files: UfwFiles): UfwState {
  if (!files.conf) return { enabled: null };
  const v = parseShellVars(files.conf.text).get("ENABLED");
  return { enabled: v ? v.value.toLowerCase() === "yes" : false, enabledAt: v };
}

const BUILTIN_FILE = "/etc/ufw/before.rules";

/** The ruleset ufw loads (whether ufw is enabled is for the caller to decide). */
export function ufwRuleset(files: UfwFiles): Ruleset {
  const rs = emptyRuleset("ufw");
  for (const f of [files.conf, files.defaults, files.user4, files.user6]) if (f) rs.files.push(f.file);
  const vars = files.defaults ? parseShellVars(files.defaults.text) : new Map<string, ShellVar>();
  const policyVar = vars.get("DEFAULT_INPUT_POLICY");
  const pol = (policyVar?.value ?? "DROP").toUpperCase();
  const policy = pol === "ACCEPT" ? "accept" : pol === "REJECT" ? "reject" : "drop";
  if (policyVar && !["ACCEPT", "DROP", "REJECT"].includes(pol)) {
    rs.fatal = { file: files.defaults!.file, line: policyVar.line, text: policyVar.text, reason: `DEFAULT_INPUT_POLICY "${policyVar.value}" is not ACCEPT, DROP or REJECT` };
  }
  const policyBecause = policyVar
    ? { policy: `ufw default input policy ${pol} (${policyVar.text})`, file: files.defaults!.file, line: policyVar.line }
    : { policy: "ufw default input policy DROP (DEFAULT_INPUT_POLICY not set)", file: files.defaults?.file ?? files.conf?.file ?? "/etc/default/ufw", line: 1 };
  const ipv6Var = vars.get("IPV6");
  const ipv6 = ipv6Var ? ipv6Var.value.toLowerCase() === "yes" : true;

  for (const family of [4, 6] as Family[]) {
    const input = `ufw${family}:input`;
    if (family === 6 && !ipv6) {
      rs.chains.set(input, { id: input, rules: [] });
      rs.bases.push({
        chain: input,
        families: [6],
        policy: "drop",
        because: { policy: `${ipv6Var!.text}: ufw accepts IPv6 on loopback only`, file: files.defaults!.file, line: ipv6Var!.line },
      });
      continue;
    }
    const userFile = family === 4 ? files.user4 : files.user6;
    // ufw's IPv6 chains are named ufw6-*.
    let userChain = iptChainId(family, "filter", family === 6 ? "ufw6-user-input" : "ufw-user-input");
    if (userFile) {
      const parsed = parseIptablesSave(userFile.text, userFile.file, family);
      if (parsed.fatal) rs.fatal ??= parsed.fatal;
      rs.markers.push(...parsed.markers);
      addIptablesChains(rs, parsed);
      const chains = parsed.tables.get("filter")?.chains;
      if (family === 6 && !chains?.has("ufw6-user-input") && chains?.has("ufw-user-input")) {
        userChain = iptChainId(6, "filter", "ufw-user-input");
      }
    }
    if (!rs.chains.has(userChain)) rs.chains.set(userChain, { id: userChain, rules: [] });
    const builtin = (text: string): Rule["src"] => srcRef(BUILTIN_FILE, 1, `(ufw built-in) ${text}`);
    rs.chains.set(input, {
      id: input,
      rules: [
        { src: builtin("-A ufw-before-input -i lo -j ACCEPT"), conds: [{ kind: "iface", names: ["lo"], negate: false }], verdict: { kind: "accept" } },
        {
          src: builtin("-A ufw-before-input -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT"),
          conds: [{ kind: "ctstate", states: ["related", "established"], negate: false }],
          verdict: { kind: "accept" },
        },
        {
          src: builtin("-A ufw-before-input -m conntrack --ctstate INVALID -j DROP"),
          conds: [{ kind: "ctstate", states: ["invalid"], negate: false }],
          verdict: { kind: "drop" },
        },
        { src: builtin("-j ufw-user-input"), conds: [], verdict: { kind: "jump", chain: userChain } },
      ],
    });
    rs.bases.push({ chain: input, families: [family], policy, because: policyBecause });
  }
  return rs;
}
