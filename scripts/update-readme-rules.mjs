// Rewrites the rule table in README.md (between <!-- rules-table --> markers) from the rules'
// own metadata, via the built CLI (`astlint --list-rules --format json`). Run after adding a
// rule: `npm run build:dist && node scripts/update-readme-rules.mjs`. test/docs/readme.test.ts fails
// when the table is stale.
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";

const metas = JSON.parse(execFileSync(process.execPath, ["dist/cli.js", "--list-rules", "--format", "json"], { encoding: "utf8" }));
const fix = (m) => (m.fixable === "safe" ? "safe" : m.fixable === "unsafe" ? "unsafe" : "");
const rows = metas.map((m) => `| [\`${m.id}\`](docs/rules/${m.id}.md) | ${m.severity} | ${m.description.replace(/\|/g, "\\|")} | ${fix(m)} |`);
const table = ["| rule | default severity | what it reports | fix |", "|---|---|---|---|", ...rows].join("\n");
const readme = readFileSync("README.md", "utf8");
const next = readme.replace(/<!-- rules-table -->[\s\S]*<!-- \/rules-table -->/, `<!-- rules-table -->\n${table}\n<!-- /rules-table -->`);
if (process.argv.includes("--check")) {
  if (next !== readme) {
    console.error("README.md rule table is stale: run node scripts/update-readme-rules.mjs");
    process.exit(1);
  }
} else writeFileSync("README.md", next);
