/**
 * Asterisk loads its own sample configs: the option rules must not report errors on them.
 * Needs ASTLINT_CORPUS (a directory holding asterisk-samples/20 and /22, every *.conf.sample
 * of Asterisk 20.20.1 and 22.10.1 under its installed name); skipped otherwise.
 */
import { describe, expect, test } from "@jest/globals";
import * as fs from "node:fs";
import * as path from "node:path";
import { lint } from "../../src/lint.js";

const CORPUS = process.env.ASTLINT_CORPUS;
const RULES = new Set(["asterisk-unknown-option", "asterisk-invalid-option-value", "asterisk-deprecated-option", "pjsip-missing-type", "pjsip-duplicate-object"]);

describe("Asterisk's own samples", () => {
  for (const v of [20, 22]) {
    const dir = CORPUS ? path.join(CORPUS, "asterisk-samples", String(v)) : null;
    const run = dir && fs.existsSync(dir) ? test : test.skip;
    if (!dir || !fs.existsSync(dir)) process.stderr.write(`samples.test: skipped asterisk-samples/${v} (set ASTLINT_CORPUS to a corpus directory)\n`);
    run(`asterisk-samples/${v} at Asterisk ${v} and without a version: no finding of the option rules`, async () => {
      for (const asteriskVersion of [v, undefined]) {
        const r = await lint({ paths: [dir!], asteriskVersion });
        expect(r.model.asteriskObjects.length).toBeGreaterThan(40);
        expect(r.findings.filter((f) => RULES.has(f.ruleId)).map((f) => `${f.ruleId} ${f.file}:${f.line} ${f.message}`)).toEqual([]);
      }
    });
    run(`asterisk-samples/${v}: no error; helper-script files are not Asterisk configs`, async () => {
      const r = await lint({ paths: [dir!] });
      // ast_debug_tools.conf (a shell fragment) and dbsep.conf (read by a CGI script) are never parsed by Asterisk.
      expect(r.findings.filter((f) => /(^|\/)(ast_debug_tools|dbsep)\.conf$/.test(f.file))).toEqual([]);
      const errors = r.findings.filter((f) => f.severity === "error").map((f) => `${f.ruleId} ${path.basename(f.file)}:${f.line}`);
      expect(errors).toEqual([]);
      // cel_sqlite3_custom.conf ships its only section header commented out while its variables stay
      // active: Asterisk logs "No category context" and the module sees no configuration, which is
      // what the commented header means: a warning that says so.
      const syntax = r.findings.filter((f) => f.ruleId === "asterisk-config-syntax").map((f) => `${f.severity} ${path.basename(f.file)}:${f.line}`);
      expect(syntax).toEqual(["warning cel_sqlite3_custom.conf:64"]);
    });
  }
});
