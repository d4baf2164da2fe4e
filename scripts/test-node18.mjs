#!/usr/bin/env node
// npm run test:node18: the committed bundle (node dist/cli.js) on Debian 12's own Node 18,
// unpacked without installing it:
//   apt-get download nodejs=18.x libnode108=18.x libc-ares2 node-acorn node-cjs-module-lexer
//   node-undici, then dpkg -x each into a temporary directory.
// Debian's Node loads some of its built-ins from /usr/share/nodejs (absolute paths compiled in),
// so it runs in a private mount namespace (`unshare --mount`, root) with the unpacked
// /usr/share/nodejs bind-mounted there; the host is not changed (an empty mount point is created
// and removed if /usr/share/nodejs does not exist).
// It compares Node 18's stdout and exit code with this Node's, byte for byte, for --version,
// --list-rules, --explain, the example tree, every fixture root and a hostile tree, in json and
// stylish. Skips (exit 0, saying why) without apt-get/dpkg/unshare, without a Node 18 package in
// the APT sources, or when not root. Exit 1 on any difference.
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
const sh = (cmd, args, opts = {}) => spawnSync(cmd, args, { encoding: "utf8", maxBuffer: 1 << 28, ...opts });
const skip = (why) => {
  console.log(`test:node18 skipped: ${why}`);
  process.exit(0);
};
for (const tool of ["apt-get", "apt-cache", "dpkg", "unshare"]) if (sh("sh", ["-c", `command -v ${tool}`]).status !== 0) skip(`${tool} is not available`);
if (process.getuid?.() !== 0) skip("unshare --mount needs root");
const madison = sh("apt-cache", ["madison", "nodejs"]).stdout;
const v18 = /\|\s*(18\.[^\s|]+)\s*\|/.exec(madison)?.[1];
if (!v18) skip("no Node 18 nodejs package in the APT sources (Debian 12 has 18.20.4)");

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "astlint-node18-"));
const server = net.createServer();
const mountPoint = "/usr/share/nodejs";
const createdMountPoint = !fs.existsSync(mountPoint);
try {
  const debs = path.join(tmp, "debs");
  const root = path.join(tmp, "root");
  fs.mkdirSync(debs);
  const dl = sh("apt-get", ["download", `nodejs=${v18}`, `libnode108=${v18}`, "libc-ares2", "node-acorn", "node-cjs-module-lexer", "node-undici"], { cwd: debs });
  if (dl.status !== 0) throw new Error(`apt-get download failed:\n${dl.stdout}${dl.stderr}`);
  for (const deb of fs.readdirSync(debs)) sh("dpkg", ["-x", path.join(debs, deb), root]);
  if (createdMountPoint) fs.mkdirSync(mountPoint);
  const node18 = (args, cwd = REPO) =>
    spawnSync(
      "unshare",
      ["--mount", "sh", "-c", 'mount --bind "$0/usr/share/nodejs" /usr/share/nodejs && LD_LIBRARY_PATH="$0/usr/lib/x86_64-linux-gnu" exec "$0/usr/bin/node" "$@"', root, ...args],
      { cwd, maxBuffer: 1 << 28, env: { PATH: process.env.PATH } },
    );
  const node20 = (args, cwd = REPO) => spawnSync(process.execPath, args, { cwd, maxBuffer: 1 << 28, env: { PATH: process.env.PATH } });
  const version = node18(["--version"]).stdout.toString().trim();
  check(`Debian's Node ${version} runs unpacked (nodejs ${v18})`, version.startsWith("v18."), node18(["--version"]).stderr);

  const hostile = path.join(tmp, "hostile");
  await writeHostileTree(hostile, server);
  const cli = path.join(REPO, "dist", "cli.js");
  const runs = [
    ["--version", REPO, ["--version"]],
    ["--list-rules", REPO, ["--list-rules"]],
    ["--explain execstop-cli-loop", REPO, ["--explain", "execstop-cli-loop"]],
    ["example tree, json", REPO, ["--root", "examples", "-f", "json"]],
    ["example tree, stylish", REPO, ["--root", "examples"]],
    ["example tree, sarif", REPO, ["--root", "examples", "-f", "sarif"]],
    ["hostile root, json", tmp, ["--root", "hostile", "-f", "json"]],
    ["hostile tree as a repository, stylish", tmp, ["hostile"]],
  ];
  for (const f of fs.readdirSync(path.join(REPO, "fixtures")).sort()) runs.push([`fixture ${f}, json`, REPO, ["--root", `fixtures/${f}`, "-f", "json"]]);
  let same = 0;
  for (const [name, cwd, args] of runs) {
    const a = node18([cli, ...args], cwd);
    const b = node20([cli, ...args], cwd);
    const ok = a.status === b.status && Buffer.compare(a.stdout, b.stdout) === 0 && a.status !== 2;
    if (ok) same++;
    else check(`${name}: Node 18 = Node ${process.versions.node}`, false, `exit ${a.status} vs ${b.status}\n${a.stderr}`);
  }
  check(`${same} of ${runs.length} runs byte-identical on Node 18 and Node ${process.versions.node} (--version, --list-rules, --explain, examples, ${runs.length - 8} fixtures, a hostile tree)`, same === runs.length);
} catch (e) {
  console.error(e.stack ?? e.message);
  fail();
} finally {
  server.close();
  if (createdMountPoint) fs.rmSync(mountPoint, { recursive: true, force: true });
  fs.rmSync(tmp, { recursive: true, force: true });
}
finish("test:node18");
