/** The README's rule table lists every rule with its default severity and description. */
import { expect, test } from "@jest/globals";
import * as fs from "node:fs";
import * as path from "node:path";
import { allRuleMetas } from "../../src/cli/main.js";
import { REPO } from "../helpers.js";

test("README rule table matches the rules' metadata", () => {
  const readme = fs.readFileSync(path.join(REPO, "README.md"), "utf8");
  const block = /<!-- rules-table -->([\s\S]*)<!-- \/rules-table -->/.exec(readme)![1];
  const rows = block.split("\n").filter((l) => l.startsWith("| [`"));
  const got = rows.map((r) => {
    const cells = r.split(" | ");
    return [/`([^`]+)`/.exec(cells[0])![1], cells[1]];
  });
  expect(got).toEqual(allRuleMetas().map((m) => [m.id, m.severity]));
});

test("README starts with the two set-up commands", () => {
  const readme = fs.readFileSync(path.join(REPO, "README.md"), "utf8");
  const setup = readme.slice(readme.indexOf("## Set-up"), readme.indexOf("## Usage"));
  expect(setup).toContain("npm ci && npm run example");
  expect(setup).toContain("npm test");
  const ci = fs.readFileSync(path.join(REPO, ".ci", "run"), "utf8");
  expect(ci).toMatch(/^npm test$/m);
});
