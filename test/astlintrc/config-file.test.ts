import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import {
  CONFIG_FILE_NAME,
  ConfigError,
  findConfigFile,
  loadConfigFile,
  resolveConfig,
  validateConfig,
} from "../../src/astlintrc/config-file.js";

const KNOWN = ["run-path-mismatch", "socket-address-mismatch", "execstop-cli-loop", "internal-error"];

let tmp: string;
beforeAll(() => {
  tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "astlint-config-")));
});
afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

function write(rel: string, content: unknown): string {
  const file = path.join(tmp, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content, null, 2));
  return file;
}

function errorOf(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error("expected a ConfigError");
}

const validate = (raw: unknown) => validateConfig(raw, "/repo/.astlintrc.json", "/repo", KNOWN);

describe("config discovery", () => {
  it("finds .astlintrc.json in the start directory or the nearest parent", () => {
    const top = write("proj/.astlintrc.json", { systemdVersion: 252 });
    fs.mkdirSync(path.join(tmp, "proj/a/b/c"), { recursive: true });
    expect(findConfigFile(path.join(tmp, "proj/a/b/c"))).toBe(top);
    expect(findConfigFile(path.join(tmp, "proj"))).toBe(top);
    const nearer = write("proj/a/.astlintrc.json", { systemdVersion: 255 });
    expect(findConfigFile(path.join(tmp, "proj/a/b/c"))).toBe(nearer);
  });

  it("stops at the filesystem root and ignores a directory with the config name", () => {
    fs.mkdirSync(path.join(tmp, "none/deep"), { recursive: true });
    fs.mkdirSync(path.join(tmp, "none/deep/.astlintrc.json"));
    const found = findConfigFile(path.join(tmp, "none/deep"));
    // Nothing in tmp; anything found must lie above tmp (e.g. a stray file in /tmp or /).
    if (found !== undefined) expect(path.relative(tmp, found).startsWith("..")).toBe(true);
    expect(findConfigFile(path.parse(tmp).root)).toBe(
      fs.existsSync(path.join(path.parse(tmp).root, CONFIG_FILE_NAME)) ? path.join(path.parse(tmp).root, CONFIG_FILE_NAME) : undefined,
    );
  });

  it("resolveConfig uses --config instead of discovery, relative to cwd", () => {
    write("explicit/proj/.astlintrc.json", { systemdVersion: 1 });
    const other = write("explicit/custom.json", { systemdVersion: 250 });
    const loaded = resolveConfig({ cwd: path.join(tmp, "explicit/proj"), configFile: "../custom.json", knownRuleIds: KNOWN });
    expect(loaded?.path).toBe(other);
    expect(loaded?.config.systemdVersion).toBe(250);
    const discovered = resolveConfig({ cwd: path.join(tmp, "explicit/proj"), knownRuleIds: KNOWN });
    expect(discovered?.config.systemdVersion).toBe(1);
  });

  it("a missing --config file is a ConfigError naming it", () => {
    const err = errorOf(() => resolveConfig({ cwd: tmp, configFile: "nope.json" }));
    expect(err.message).toBe(`${path.join(tmp, "nope.json")}: cannot read the configuration file: no such file`);
  });
});

describe("config loading", () => {
  it("loads every key and resolves paths against the config file's directory", () => {
    const file = write("full/conf/.astlintrc.json", {
      $schema: "../../schema/astlintrc.schema.json",
      rules: { "run-path-mismatch": "warning", "execstop-cli-loop": "off" },
      ignore: ["vendor/**", "**/*.orig"],
      asteriskConfig: "../etc/asterisk",
      asteriskRundirDefault: "/run/asterisk",
      systemdVersion: 252,
      firewall: ["nft:rules/ruleset.nft", "/etc/ufw/user.rules", "iptables:../v4.rules"],
    });
    const loaded = loadConfigFile(file, KNOWN);
    expect(loaded.path).toBe(file);
    expect(loaded.dir).toBe(path.join(tmp, "full/conf"));
    expect(loaded.config).toEqual({
      $schema: "../../schema/astlintrc.schema.json",
      rules: { "run-path-mismatch": "warning", "execstop-cli-loop": "off" },
      ignore: ["vendor/**", "**/*.orig"],
      asteriskConfig: path.join(tmp, "full/etc/asterisk"),
      asteriskRundirDefault: "/run/asterisk",
      systemdVersion: 252,
      firewall: [`nft:${path.join(tmp, "full/conf/rules/ruleset.nft")}`, "/etc/ufw/user.rules", `iptables:${path.join(tmp, "full/v4.rules")}`],
    });
  });

  it("reports invalid JSON with the file and position", () => {
    const file = write("bad/.astlintrc.json", '{\n  "rules": {,\n}');
    const err = errorOf(() => loadConfigFile(file, KNOWN));
    expect(err.message).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: not valid JSON \\(line 2, column \\d+\\)`));
  });

  it("accepts a UTF-8 BOM and an empty object", () => {
    const file = write("bom/.astlintrc.json", "\uFEFF{}");
    expect(loadConfigFile(file, KNOWN).config).toEqual({});
  });
});

describe("config validation errors name the file and the key", () => {
  it.each<[string, unknown, string, RegExp]>([
    ["unknown top-level key", { rule: {} }, "rule", /unknown key "rule" \(did you mean "rules"\?\); valid keys: \$schema, rules, ignore/],
    ["rules not an object", { rules: ["a"] }, "rules", /"rules" must be an object mapping rule IDs/],
    ["bad severity", { rules: { "run-path-mismatch": "warn" } }, "rules.run-path-mismatch", /rule "run-path-mismatch" must be "off", "info", "warning" or "error", not the string "warn" \("warn" is spelled "warning"\)/],
    ["numeric severity", { rules: { "run-path-mismatch": 2 } }, "rules.run-path-mismatch", /not number 2/],
    ["unknown rule id", { rules: { "run-path-mismatc": "off" } }, "rules.run-path-mismatc", /unknown rule "run-path-mismatc" \(did you mean "run-path-mismatch"\?\)/],
    ["internal-error", { rules: { "internal-error": "off" } }, "rules.internal-error", /rule "internal-error" cannot be configured/],
    ["ignore not an array", { ignore: "vendor/**" }, "ignore", /"ignore" must be an array of glob strings, not the string "vendor\/\*\*"/],
    ["ignore item not a string", { ignore: ["a", 3] }, "ignore", /"ignore\[1\]" must be a non-empty string, not number 3/],
    ["asteriskConfig number", { asteriskConfig: 1 }, "asteriskConfig", /"asteriskConfig" must be a string/],
    ["relative rundir", { asteriskRundirDefault: "run/asterisk" }, "asteriskRundirDefault", /must be an absolute path string/],
    ["systemdVersion string", { systemdVersion: "252" }, "systemdVersion", /"systemdVersion" must be a positive integer \(e.g. 252\), not the string "252"/],
    ["systemdVersion fraction", { systemdVersion: 252.5 }, "systemdVersion", /must be a positive integer/],
    ["firewall not strings", { firewall: [null] }, "firewall", /"firewall\[0\]" must be a non-empty string, not null/],
    ["firewall prefix only", { firewall: ["nft:"] }, "firewall", /"firewall": "nft:" names no file/],
    ["$schema not a string", { $schema: 1 }, "$schema", /"\$schema" must be a string/],
  ])("%s", (_name, raw, key, message) => {
    const err = errorOf(() => validate(raw));
    expect(err.file).toBe("/repo/.astlintrc.json");
    expect(err.key).toBe(key);
    expect(err.message.startsWith("/repo/.astlintrc.json: ")).toBe(true);
    expect(err.message).toMatch(message);
  });

  it("a top level that is not an object", () => {
    expect(errorOf(() => validate([])).message).toBe("/repo/.astlintrc.json: the configuration must be a JSON object, not an array");
    expect(errorOf(() => validate(null)).message).toMatch(/not null$/);
  });

  it("without a list of known rules any kebab ID is accepted, but internal-error never", () => {
    expect(validateConfig({ rules: { whatever: "info" } }, "f", "/").rules).toEqual({ whatever: "info" });
    expect(() => validateConfig({ rules: { "internal-error": "error" } }, "f", "/")).toThrow(/internal-error/);
  });
});
