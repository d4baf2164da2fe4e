import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "@jest/globals";
import AjvImport from "ajv";
import { CONFIG_KEYS, validateConfig } from "../../src/astlintrc/config-file.js";

type AnyCtor = new (opts: object) => { compile(schema: object): ((data: unknown) => boolean) & { errors?: unknown } };
const Ajv = ((AjvImport as unknown as { default?: AnyCtor }).default ?? AjvImport) as unknown as AnyCtor;

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const schema = JSON.parse(fs.readFileSync(path.join(repoRoot, "schema/astlintrc.schema.json"), "utf8")) as {
  properties: Record<string, { description?: string }>;
};
const validateSchema = new Ajv({ allErrors: true, strict: true }).compile(schema);
const KNOWN = ["run-path-mismatch", "execstop-cli-loop", "internal-error"];

const accepts = (doc: unknown) => {
  try {
    validateConfig(doc, "f", "/repo", KNOWN);
    return true;
  } catch {
    return false;
  }
};

const VALID: unknown[] = [
  {},
  {
    $schema: "./node_modules/astlint/schema/astlintrc.schema.json",
    rules: { "run-path-mismatch": "error", "execstop-cli-loop": "off" },
    ignore: ["vendor/**"],
    asteriskConfig: "etc/asterisk/asterisk.conf",
    asteriskRundirDefault: "/var/run/asterisk",
    systemdVersion: 252,
    firewall: ["nft:/etc/nftables.conf", "ufw.rules"],
  },
  { rules: {} },
  { rules: { "run-path-mismatch": "info" } },
];

const INVALID: [string, unknown][] = [
  ["unknown key", { rule: {} }],
  ["bad severity", { rules: { "run-path-mismatch": "warn" } }],
  ["numeric severity", { rules: { "run-path-mismatch": 2 } }],
  ["internal-error", { rules: { "internal-error": "off" } }],
  ["ignore string", { ignore: "vendor/**" }],
  ["ignore empty item", { ignore: [""] }],
  ["asteriskConfig number", { asteriskConfig: 5 }],
  ["asteriskConfig empty", { asteriskConfig: "" }],
  ["relative rundir", { asteriskRundirDefault: "run/asterisk" }],
  ["systemdVersion string", { systemdVersion: "252" }],
  ["systemdVersion fraction", { systemdVersion: 1.5 }],
  ["systemdVersion zero", { systemdVersion: 0 }],
  ["firewall object", { firewall: { nft: "x" } }],
  ["firewall prefix only", { firewall: ["nft:"] }],
  ["$schema number", { $schema: 1 }],
  ["not an object", ["rules"]],
];

describe("schema/astlintrc.schema.json", () => {
  it("is draft-07 and describes every key the loader knows", () => {
    expect((schema as { $schema?: string }).$schema).toBe("http://json-schema.org/draft-07/schema#");
    expect(Object.keys(schema.properties).sort()).toEqual([...CONFIG_KEYS].sort());
    for (const key of CONFIG_KEYS) expect(schema.properties[key]!.description?.length).toBeGreaterThan(10);
  });

  it.each(VALID.map((doc, i) => [i, doc]))("accepts valid example %s (as does the loader)", (_i, doc) => {
    const ok = validateSchema(doc);
    expect(validateSchema.errors ?? null).toBeNull();
    expect(ok).toBe(true);
    expect(accepts(doc)).toBe(true);
  });

  it.each(INVALID)("rejects %s (as does the loader)", (_name, doc) => {
    expect(validateSchema(doc)).toBe(false);
    expect(accepts(doc)).toBe(false);
  });

  it("rejects rule IDs that are not kebab-case (the loader rejects them as unknown)", () => {
    expect(validateSchema({ rules: { "systemd/unknown-key": "off" } })).toBe(false);
    expect(validateSchema({ rules: { RunPathMismatch: "off" } })).toBe(false);
    expect(accepts({ rules: { RunPathMismatch: "off" } })).toBe(false);
  });
});
