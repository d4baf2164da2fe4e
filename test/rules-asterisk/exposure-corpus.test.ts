/**
 * The exposure rules on the upstream sample directories (Asterisk 20 and 22): most keys there are
 * commented out, so nothing is exposed and no finding is deserved. The corpus is not part of the
 * repository: set ASTLINT_CORPUS to a directory holding asterisk-samples/20 and /22.
 */
import { describe, expect, test } from "@jest/globals";
import * as fs from "node:fs";
import * as path from "node:path";
import { lint } from "../../src/lint.js";

const EXPOSURE = ["ami-exposed", "ami-weak-secret", "http-exposed", "ari-weak-password", "ari-any-origin", "pjsip-unauthenticated-endpoint", "asterisk-runs-as-root"];
const corpus = process.env.ASTLINT_CORPUS;

describe("exposure rules on the upstream samples", () => {
  if (!corpus) {
    test("skipped: ASTLINT_CORPUS is not set", () => {
      console.log("exposure-corpus: skipped (set ASTLINT_CORPUS to the corpus directory)");
    });
    return;
  }
  for (const v of ["20", "22"]) {
    const dir = path.join(corpus, "asterisk-samples", v);
    test(`asterisk-samples/${v} at target ${v}: no exposure finding`, async () => {
      expect(fs.existsSync(path.join(dir, "manager.conf"))).toBe(true);
      const r = await lint({ paths: [dir], asteriskVersion: Number(v) });
      expect(r.findings.filter((f) => EXPOSURE.includes(f.ruleId)).map((f) => `${f.ruleId} ${f.file}:${f.line}`)).toEqual([]);
    });
  }
});
