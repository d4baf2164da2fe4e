#!/usr/bin/env node
// Regenerates src/data/directives.ts from data/{directives,directives-removed,
// empty-assignment-v252}.tsv (the committed tables; each file's header says where its facts
// come from: systemd's load-fragment-gperf.gperf.in per tag, and systemd-analyze 252 runs).
//   node scripts/generate-data.mjs           write the file
//   node scripts/generate-data.mjs --check   exit 1 when the committed file is stale
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { generateDirectivesModule, readInputs, OUTPUT_PATH } from "./generate-data-lib.mjs";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dataDir = path.join(repoRoot, "data");
const outFile = path.join(repoRoot, OUTPUT_PATH);

const text = generateDirectivesModule(readInputs(dataDir));

if (process.argv.includes("--check")) {
  let current = null;
  try {
    current = readFileSync(outFile, "utf8");
  } catch {
    // missing counts as stale
  }
  if (current !== text) {
    console.error(`${OUTPUT_PATH} is out of date with data/; run \`npm run generate\`.`);
    process.exit(1);
  }
  console.log(`${OUTPUT_PATH} is up to date.`);
} else {
  mkdirSync(path.dirname(outFile), { recursive: true });
  writeFileSync(outFile, text);
  console.log(`wrote ${OUTPUT_PATH} (${Buffer.byteLength(text)} bytes)`);
}
