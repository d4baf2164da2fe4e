/**
 * `.astlintrc.json`: discovery (from a directory upwards to the filesystem root, or an explicit
 * `--config FILE`), strict validation (an unknown key or a wrong type names the file and the
 * key; the CLI exits 2 with the message) and resolution of the paths inside it, which are
 * relative to the config file's directory.
 *
 * The JSON Schema for editors is schema/astlintrc.schema.json; keep the two in step
 * (test/config/schema.test.ts checks that they accept and reject the same documents).
 */
import { parseAsteriskVersionArg, VALID_MAJORS_TEXT } from "../asterisk/schema.js";
import fs from "node:fs";
import path from "node:path";
import type { Severity } from "../core/types.js";
import { lookupTable } from "../core/lookup-table.js";

export const CONFIG_FILE_NAME = ".astlintrc.json";

export type RuleSetting = Severity | "off";
const RULE_SETTINGS: readonly RuleSetting[] = ["off", "info", "warning", "error"];

/** Rules whose severity cannot be configured. */
const UNCONFIGURABLE_RULES: readonly string[] = ["internal-error"];

export interface AstlintConfig {
  /** `$schema` as written (editors use it; astlint ignores it). */
  $schema?: string;
  /** Per-rule severity; `"off"` disables the rule. */
  rules?: Record<string, RuleSetting>;
  /** Glob patterns (picomatch), matched against paths relative to the config file's directory. */
  ignore?: string[];
  /** asterisk.conf (or its directory), resolved to an absolute path. */
  asteriskConfig?: string;
  /** Compiled-in astrundir of the target Asterisk (a path on the linted system, not resolved). */
  asteriskRundirDefault?: string;
  /** Target systemd version. */
  systemdVersion?: number;
  /** Target Asterisk major (18, 20, 21, 22, 23). */
  asteriskVersion?: number;
  /** Firewall specs `[nft:|iptables:|ufw:|firewalld:]FILE`, FILE resolved to an absolute path. */
  firewall?: string[];
  /** Turns the service-exposure rule on: a service above this exposure (0-10) is reported. */
  exposureThreshold?: number;
}

export interface LoadedConfig {
  /** Absolute path of the config file. */
  path: string;
  /** Its directory: the base of relative paths and of the `ignore` globs. */
  dir: string;
  config: AstlintConfig;
}

/** A bad or unreadable config file. The message names the file (and the key, where there is one). */
export class ConfigError extends Error {
  readonly file: string;
  readonly key?: string;
  constructor(file: string, message: string, key?: string) {
    super(`${file}: ${message}`);
    this.name = "ConfigError";
    this.file = file;
    this.key = key;
  }
}

/** Top-level keys and what they hold (shown in messages). */
const KEYS: Record<string, string> = lookupTable({
  $schema: "a string",
  rules: 'an object mapping rule IDs to "off", "info", "warning" or "error"',
  ignore: "an array of glob strings",
  asteriskConfig: "a string (path of asterisk.conf or its directory)",
  asteriskRundirDefault: "an absolute path string (e.g. /var/run/asterisk)",
  systemdVersion: "a positive integer (e.g. 252)",
  asteriskVersion: `an Asterisk major, ${VALID_MAJORS_TEXT} (or "N.x.y")`,
  firewall: 'an array of strings ("[nft:|iptables:|ufw:|firewalld:]FILE")',
  exposureThreshold: "a number from 0 to 10 (e.g. 7.0; turns the service-exposure rule on)",
});

export const CONFIG_KEYS: readonly string[] = Object.keys(KEYS);

const FIREWALL_PREFIX = /^(nft|iptables|ufw|firewalld):/;

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string") return `the string ${JSON.stringify(value)}`;
  if (typeof value === "object") return "an object";
  return `${typeof value} ${JSON.stringify(value)}`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function closest(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

/** Levenshtein distance (small inputs only). */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}

/** "did you mean ...?" suffix, or "". */
export function didYouMean(word: string, candidates: Iterable<string>): string {
  const best = closest(word, candidates);
  return best ? ` (did you mean "${best}"?)` : "";
}

/**
 * Validates a rule ID and severity (from the config file or `--rule`). Returns an error message,
 * or undefined when it is fine. `knownRuleIds` undefined skips the unknown-ID check.
 */
function checkRuleSetting(
  id: string,
  setting: unknown,
  knownRuleIds: ReadonlySet<string> | undefined,
): string | undefined {
  if (UNCONFIGURABLE_RULES.includes(id)) {
    return `rule "${id}" cannot be configured (it reports a crash inside astlint and is always an error)`;
  }
  if (knownRuleIds && !knownRuleIds.has(id)) {
    return `unknown rule "${id}"${didYouMean(id, knownRuleIds)}; \`astlint --list-rules\` lists the rule IDs`;
  }
  if (typeof setting !== "string" || !(RULE_SETTINGS as readonly string[]).includes(setting)) {
    const hint = setting === "warn" ? ' ("warn" is spelled "warning")' : "";
    return `rule "${id}" must be "off", "info", "warning" or "error", not ${describe(setting)}${hint}`;
  }
  return undefined;
}

/**
 * Checks a parsed config document and resolves its paths against `dir`.
 * Throws ConfigError naming `file` and the offending key.
 */
export function validateConfig(
  raw: unknown,
  file: string,
  dir: string,
  knownRuleIds?: Iterable<string>,
): AstlintConfig {
  if (!isPlainObject(raw)) {
    throw new ConfigError(file, `the configuration must be a JSON object, not ${describe(raw)}`);
  }
  const known = knownRuleIds ? new Set(knownRuleIds) : undefined;
  const config: AstlintConfig = {};
  const wrongType = (key: string, value: unknown) =>
    new ConfigError(file, `"${key}" must be ${KEYS[key]}, not ${describe(value)}`, key);
  const stringArray = (key: string, value: unknown): string[] => {
    if (!Array.isArray(value)) throw wrongType(key, value);
    value.forEach((item, i) => {
      if (typeof item !== "string" || item === "") {
        throw new ConfigError(file, `"${key}[${i}]" must be a non-empty string, not ${describe(item)}`, key);
      }
    });
    return value as string[];
  };

  for (const [key, value] of Object.entries(raw)) {
    switch (key) {
      case "$schema":
        if (typeof value !== "string") throw wrongType(key, value);
        config.$schema = value;
        break;
      case "rules": {
        if (!isPlainObject(value)) throw wrongType(key, value);
        const rules: Record<string, RuleSetting> = {};
        for (const [id, setting] of Object.entries(value)) {
          const problem = checkRuleSetting(id, setting, known);
          if (problem) throw new ConfigError(file, `"rules": ${problem}`, `rules.${id}`);
          rules[id] = setting as RuleSetting;
        }
        config.rules = rules;
        break;
      }
      case "ignore":
        config.ignore = stringArray(key, value);
        break;
      case "asteriskConfig":
        if (typeof value !== "string" || value === "") throw wrongType(key, value);
        config.asteriskConfig = path.resolve(dir, value);
        break;
      case "asteriskRundirDefault":
        if (typeof value !== "string" || !value.startsWith("/")) throw wrongType(key, value);
        config.asteriskRundirDefault = value;
        break;
      case "systemdVersion":
        if (typeof value !== "number" || !Number.isInteger(value) || value < 1) throw wrongType(key, value);
        config.systemdVersion = value;
        break;
      case "asteriskVersion": {
        const major = typeof value === "number" || typeof value === "string" ? parseAsteriskVersionArg(value) : null;
        if (major === null) throw wrongType(key, value);
        config.asteriskVersion = major;
        break;
      }
      case "firewall":
        config.firewall = stringArray(key, value).map((spec) => {
          const prefix = FIREWALL_PREFIX.exec(spec)?.[0] ?? "";
          const target = spec.slice(prefix.length);
          if (target === "") throw new ConfigError(file, `"firewall": "${spec}" names no file`, key);
          return prefix + path.resolve(dir, target);
        });
        break;
      case "exposureThreshold":
        if (typeof value !== "number" || !Number.isFinite(value) || value < 0 || value > 10) throw wrongType(key, value);
        config.exposureThreshold = value;
        break;
      default:
        throw new ConfigError(
          file,
          `unknown key "${key}"${didYouMean(key, CONFIG_KEYS)}; valid keys: ${CONFIG_KEYS.join(", ")}`,
          key,
        );
    }
  }
  return config;
}

/** Reads, parses and validates one config file. */
export function loadConfigFile(file: string, knownRuleIds?: Iterable<string>): LoadedConfig {
  const abs = path.resolve(file);
  let text: string;
  try {
    text = fs.readFileSync(abs, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory" : (err as Error).message;
    throw new ConfigError(file, `cannot read the configuration file: ${why}`);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    let where = "";
    const pos = /at position (\d+)/.exec((err as Error).message);
    if (pos) {
      const before = text.slice(0, Number(pos[1]));
      const line = before.split("\n").length;
      where = ` (line ${line}, column ${before.length - before.lastIndexOf("\n")})`;
    }
    throw new ConfigError(file, `not valid JSON${where}: ${(err as Error).message}`);
  }
  const dir = path.dirname(abs);
  return { path: abs, dir, config: validateConfig(raw, file, dir, knownRuleIds) };
}

/**
 * The nearest `.astlintrc.json` in `startDir` or one of its parents (up to the filesystem
 * root), or undefined.
 */
export function findConfigFile(startDir: string): string | undefined {
  let dir = path.resolve(startDir);
  for (;;) {
    const candidate = path.join(dir, CONFIG_FILE_NAME);
    try {
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // not here: keep going up
    }
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

export interface ResolveConfigOptions {
  /** Where discovery starts (the working directory). */
  cwd: string;
  /** `--config FILE` (relative to cwd); disables discovery. */
  configFile?: string;
  /** Rule IDs astlint knows; others in `rules` are an error. */
  knownRuleIds?: Iterable<string>;
}

/** `--config FILE` when given, else the discovered file; undefined when there is none. */
export function resolveConfig(options: ResolveConfigOptions): LoadedConfig | undefined {
  if (options.configFile !== undefined) {
    return loadConfigFile(path.resolve(options.cwd, options.configFile), options.knownRuleIds);
  }
  const found = findConfigFile(options.cwd);
  return found === undefined ? undefined : loadConfigFile(found, options.knownRuleIds);
}

