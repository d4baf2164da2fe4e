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

test("docs/ci.md shows the install and hook commands the install and hook tests run", () => {
  const ci = fs.readFileSync(path.join(REPO, "docs", "ci.md"), "utf8");
  const install = fs.readFileSync(path.join(REPO, "scripts", "test-install.mjs"), "utf8");
  const hooks = fs.readFileSync(path.join(REPO, "scripts", "test-hooks.mjs"), "utf8");
  const yaml = fs.readFileSync(path.join(REPO, ".pre-commit-hooks.yaml"), "utf8");
  expect(ci).toContain("npm install -g github:astlint/astlint#v");
  expect(install).toContain('["git+file", `git+file://${clone}`, []]');
  expect(install).toContain('["--install-links"]');
  expect(ci).toContain("npm pack && npm install -g ./astlint-");
  expect(ci).toContain("npm install --allow-git=root --install-links -g git+file://CLONE");
  expect(hooks).toContain('"install", "--allow-git=root", "--install-links", "-g"');
  // Every hook's entry appears in the table of docs/ci.md.
  for (const m of yaml.matchAll(/^ {2}entry: (.*)$/gm)) expect(ci).toContain(`\`${m[1]}`);
  const run = fs.readFileSync(path.join(REPO, ".ci", "run"), "utf8");
  for (const s of ["npm run test:hooks", "npm run test:install", "apt-get install -y -qq pre-commit"]) expect(run).toContain(s);
});
