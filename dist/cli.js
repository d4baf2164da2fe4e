#!/usr/bin/env node
// astlint's command, written by scripts/build.mjs: runs the bundle dist/astlint.cjs, compiled with
// V8's code cache dist/astlint.cache when this Node recorded it (V8 rejects a cache from another
// version and compiles as usual). Nothing is written at run time. See docs/performance.md.
"use strict";
const { readFileSync } = require("node:fs");
const { join } = require("node:path");
const { pathToFileURL } = require("node:url");
const { Script } = require("node:vm");

const file = join(__dirname, "astlint.cjs");
let cachedData;
try {
  cachedData = readFileSync(join(__dirname, "astlint.cache"));
} catch {
  // no cache: compile as usual
}
// The bundle is ASCII (scripts/build.mjs checks it): latin1 gives the UTF-8 text without decoding.
const script = new Script("(function (exports, require, module, __filename, __dirname, __astlintImportMetaUrl) {" + readFileSync(file, "latin1") + "\n})", { filename: file, cachedData });
const app = { exports: {} };
script.runInThisContext()(app.exports, require, app, file, __dirname, pathToFileURL(file).href);
app.exports.runProcess();
