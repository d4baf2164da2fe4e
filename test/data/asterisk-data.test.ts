/**
 * data/asterisk-*.tsv -> src/data/asterisk-*.ts (scripts/generate-asterisk-data.mjs): the
 * committed files are fresh, every option row joins a section row, and every row's default
 * passes that row's own type check (a default that fails means the type in the data is wrong).
 */
import { describe, expect, it } from "@jest/globals";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { ASTERISK_OPTION_ROWS } from "../../src/data/asterisk-options.js";
import { ASTERISK_SECTION_ROWS } from "../../src/data/asterisk-sections.js";
import { checkOptionValue, parseOptionType } from "../../src/asterisk/option-types.js";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

interface Gen {
  generate(options: string, sections: string): Record<string, string>;
  readInputs(root: string): { options: string; sections: string };
}

describe("Asterisk option data", () => {
  it("src/data/asterisk-*.ts are what the generator writes from data/", async () => {
    const gen = (await import(pathToFileURL(path.join(repoRoot, "scripts/generate-asterisk-data.mjs")).href)) as Gen;
    const inp = gen.readInputs(repoRoot);
    for (const [rel, text] of Object.entries(gen.generate(inp.options, inp.sections))) {
      expect({ rel, fresh: readFileSync(path.join(repoRoot, rel), "utf8") === text }).toEqual({ rel, fresh: true });
    }
  });

  it("every (file, object) of the options has a sections row", () => {
    const objects = new Set(ASTERISK_SECTION_ROWS.map((r) => `${r[0]}\0${r[1]}`));
    const missing = [...new Set(ASTERISK_OPTION_ROWS.map((r) => `${r[0]}\0${r[1]}`))].filter((k) => !objects.has(k));
    expect(missing).toEqual([]);
  });

  it("every row's default passes its own type check", () => {
    const failures: string[] = [];
    for (const [file, object, option, type, def] of ASTERISK_OPTION_ROWS) {
      if (def === "") continue;
      const p = checkOptionValue(parseOptionType(type), def);
      if (p) failures.push(`${file} ${object} ${option} (${type}): default ${p.message}`);
    }
    expect(failures).toEqual([]);
  });

  it("the check is not vacuous: a wrong default is caught", () => {
    expect(checkOptionValue(parseOptionType("enum:username|ip"), "username,ip")).not.toBeNull();
    expect(checkOptionValue(parseOptionType("enumlist:username|ip"), "username,ip")).toBeNull();
    expect(checkOptionValue(parseOptionType("uint"), "0 (off)")).not.toBeNull();
  });
});
