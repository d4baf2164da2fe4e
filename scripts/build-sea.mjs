#!/usr/bin/env node
// npm run build:sea: dist/astlint-linux-x64, one file that runs astlint without Node installed,
// made with Node's single executable applications (node --experimental-sea-config, Node >= 20.12
// on Linux x86-64) and postject (a devDependency; nothing is downloaded):
//   1. dist/sea/main.cjs: a loader that makes the embedded rule documentation available to
//      --explain and SARIF (globalThis.__astlintAssets, read through node:sea getAsset), then
//      runs the committed bundle dist/astlint.cjs (the version is inlined in it at build time);
//   2. the SEA blob: main.cjs, V8's code cache for it (useCodeCache), every docs/rules/*.md as
//      an asset;
//   3. a copy of this Node binary with the blob injected (postject, with Node's sentinel fuse).
// The binary carries this Node's glibc requirement (Node 20's official builds: glibc >= 2.28).
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const argValue = (flag) => (process.argv.includes(flag) ? process.argv[process.argv.indexOf(flag) + 1] : undefined);
// --out FILE (default dist/astlint-linux-x64); --no-code-cache builds without V8's code cache
// (to measure what it brings: see README "Hosts without Node 20").
const OUT = path.resolve(argValue("--out") ?? path.join(REPO, "dist", "astlint-linux-x64"));
const CODE_CACHE = !process.argv.includes("--no-code-cache");
const WORK = path.join(REPO, "dist", "sea");
const FUSE = "NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2";

const [major, minor] = process.versions.node.split(".").map(Number);
if (process.platform !== "linux" || process.arch !== "x64" || major < 20 || (major === 20 && minor < 12)) {
  console.error(`build:sea needs Linux x86-64 and Node >= 20.12 (this is ${process.platform}-${process.arch}, Node ${process.versions.node})`);
  process.exit(2);
}
const bundle = path.join(REPO, "dist", "astlint.cjs");
try {
  statSync(bundle);
} catch {
  console.error("dist/astlint.cjs is missing: run npm run build:dist");
  process.exit(2);
}

rmSync(WORK, { recursive: true, force: true });
mkdirSync(WORK, { recursive: true });

// The loader: the same wrapper as dist/cli.js (scripts/build.mjs), with the bundle inlined.
// In a single executable `require` loads built-in modules only, which is all the bundle needs.
const main = `"use strict";
const sea = require("node:sea");
const { pathToFileURL } = require("node:url");
const { dirname } = require("node:path");
globalThis.__astlintAssets = {
  get(name) {
    try {
      return sea.getAsset(name, "utf8");
    } catch {
      return undefined;
    }
  },
};
const app = { exports: {} };
(function (exports, require, module, __filename, __dirname, __astlintImportMetaUrl) {
${readFileSync(bundle, "utf8")}
})(app.exports, require, app, process.execPath, dirname(process.execPath), pathToFileURL(process.execPath).href);
app.exports.runProcess();
`;
writeFileSync(path.join(WORK, "main.cjs"), main);

const assets = {};
for (const f of readdirSync(path.join(REPO, "docs", "rules")).sort()) {
  if (f.endsWith(".md")) assets[`docs/rules/${f}`] = path.join(REPO, "docs", "rules", f);
}
const blob = path.join(WORK, "sea-prep.blob");
writeFileSync(
  path.join(WORK, "sea-config.json"),
  JSON.stringify({ main: path.join(WORK, "main.cjs"), output: blob, disableExperimentalSEAWarning: true, useCodeCache: CODE_CACHE, assets }, null, 2),
);
execFileSync(process.execPath, ["--experimental-sea-config", path.join(WORK, "sea-config.json")], { stdio: ["ignore", "ignore", "inherit"] });

rmSync(OUT, { force: true });
copyFileSync(process.execPath, OUT);
chmodSync(OUT, 0o755);
// postject warns about ELF note sections it does not name (harmless); show its output only on failure.
const inject = spawnSync(process.execPath, [path.join(REPO, "node_modules", "postject", "dist", "cli.js"), OUT, "NODE_SEA_BLOB", blob, "--sentinel-fuse", FUSE], { encoding: "utf8" });
if (inject.status !== 0) {
  console.error(`postject failed:\n${inject.stdout}${inject.stderr}`);
  process.exit(1);
}
const mb = (statSync(OUT).size / 1024 / 1024).toFixed(1);
console.error(`built ${path.relative(REPO, OUT)} (${mb} MB, Node ${process.versions.node}, ${Object.keys(assets).length} rule docs embedded)`);
