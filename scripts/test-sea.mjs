#!/usr/bin/env node
// npm run test:sea: the single executable as a host without Node gets it.
//   1. builds it (npm run build:sea; --no-build reuses dist/astlint-linux-x64);
//   2. lints the example tree and a hostile tree (binary and invalid UTF-8 content, NULs, a
//      BOM, CR-only lines, a 2 MiB line, FIFOs, a socket, dangling links, a link loop, a
//      directory cycle, an Asterisk include cycle, terminal escapes in values) with the binary
//      under `env -i` (no PATH, so no node) and with `node dist/cli.js`, in json, sarif and
//      stylish; stdout and exit codes must be byte-identical;
//   3. copies the binary alone into an empty directory and runs --version, --explain (must
//      equal docs/rules/ID.md), --list-rules (must equal node's) from there, under `env -i`.
// Exit 1 on any difference.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { checker } from "./lib/checks.mjs";
import { writeHostileTree } from "./lib/hostile-tree.mjs";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { check, fail, finish } = checker();
const BIN = path.join(REPO, "dist", "astlint-linux-x64");

if (!process.argv.includes("--no-build")) {
  const b = spawnSync(process.execPath, [path.join(REPO, "scripts", "build-sea.mjs")], { stdio: "inherit" });
  if (b.status !== 0) process.exit(b.status ?? 1);
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "astlint-sea-"));
const server = net.createServer();
try {
  // ---- a hostile tree, laid out as a root (scripts/lib/hostile-tree.mjs) ----------------------
  await writeHostileTree(path.join(tmp, "hostile"), server);

  // ---- the same runs through the bundle and through the binary -----------------------------
  const runs = [
    ["example tree", REPO, ["--root", "examples"]],
    ["hostile root", tmp, ["--root", "hostile"]],
    ["hostile tree as a repository", tmp, ["hostile"]],
  ];
  for (const [name, cwd, args] of runs) {
    for (const format of ["json", "sarif", "stylish"]) {
      const a = [...args, "--format", format];
      const viaNode = spawnSync(process.execPath, [path.join(REPO, "dist", "cli.js"), ...a], { cwd, env: { PATH: process.env.PATH }, maxBuffer: 1 << 28 });
      const viaBin = spawnSync("/usr/bin/env", ["-i", BIN, ...a], { cwd, maxBuffer: 1 << 28 });
      const same = viaNode.status === viaBin.status && Buffer.compare(viaNode.stdout, viaBin.stdout) === 0;
      const detail = same ? "" : `node: exit ${viaNode.status}, ${viaNode.stdout.length} bytes; binary: exit ${viaBin.status}, ${viaBin.stdout.length} bytes\n${viaBin.stderr}`;
      check(`${name}, ${format}: env -i binary = node dist/cli.js byte for byte (exit ${viaBin.status}, ${viaBin.stdout.length} bytes)`, same && viaBin.status !== 2, detail);
    }
  }

  // ---- the binary alone ---------------------------------------------------------------------
  const alone = path.join(tmp, "alone");
  fs.mkdirSync(alone);
  fs.copyFileSync(BIN, path.join(alone, "astlint-linux-x64"));
  fs.chmodSync(path.join(alone, "astlint-linux-x64"), 0o755);
  const bin = (...args) => spawnSync("/usr/bin/env", ["-i", "./astlint-linux-x64", ...args], { cwd: alone, encoding: "utf8" });
  // env -i: the binary runs with an empty environment, so no PATH and no node to find.
  const empty = spawnSync("/usr/bin/env", ["-i", "/usr/bin/env"], { encoding: "utf8" });
  check("env -i gives the binary an empty environment (no PATH, so no node)", empty.status === 0 && empty.stdout === "", empty.stdout);
  const pkgVersion = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8")).version;
  const v = bin("--version");
  check(`--version from the binary alone prints ${pkgVersion}`, v.status === 0 && v.stdout === `${pkgVersion}\n`, v.stdout + v.stderr);
  const docs = fs.readdirSync(path.join(REPO, "docs", "rules")).filter((f) => f.endsWith(".md"));
  const wrong = docs.filter((f) => {
    const e = bin("--explain", f.slice(0, -3));
    const id = f.slice(0, -3);
    const isRule = e.status === 0;
    // --explain covers the rules of the registry; directive rules are explained by their page too.
    return isRule && e.stdout !== fs.readFileSync(path.join(REPO, "docs", "rules", f), "utf8");
  });
  const explained = docs.filter((f) => bin("--explain", f.slice(0, -3)).status === 0).length;
  check(`--explain from the binary alone prints docs/rules/ID.md exactly (${explained} rules)`, wrong.length === 0 && explained > 20, wrong.join(", "));
  const lr = bin("--list-rules");
  const lrNode = spawnSync(process.execPath, [path.join(REPO, "dist", "cli.js"), "--list-rules"], { encoding: "utf8" });
  check(`--list-rules from the binary alone = node's (${lr.stdout.trim().split("\n").length} rules)`, lr.status === 0 && lr.stdout === lrNode.stdout, lr.stdout + lr.stderr);
  const size = fs.statSync(BIN).size;
  console.log(`binary: ${(size / 1024 / 1024).toFixed(1)} MB`);
} catch (e) {
  console.error(e.stack ?? e.message);
  fail();
} finally {
  server.close();
  fs.rmSync(tmp, { recursive: true, force: true });
}
finish("test:sea");
