#!/usr/bin/env node
// npm run test:install: astlint installs the way linters are installed, with npm 11 (this
// machine's) and npm 10 (`npm exec --package npm@10 -- npm …`), on this Node:
//   - from git: npm install -g git+file://CLONE (a clone of HEAD; what `npm install -g github:…`
//     does), and with --install-links (what pre-commit 4 adds). package.json has no `build`,
//     `prepare` or install script: with one, npm's git fetcher "prepares" the clone and a
//     global install ends up a symlink to a temporary clone that npm deletes (npm/cli#9406,
//     npm/cli#3692);
//   - from the tarball `npm pack` makes: npm install -g ./astlint-VERSION.tgz.
// Each install must contain only the package (no node_modules: nothing to download or build),
// be under 3 MB (du -sk of the installed directory), and its `astlint` must print its version
// and lint the example tree (exit 1: the examples hold errors). Exit 1 on any failure.
// Needs git, npm and the npm registry (for npm@10 only).
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { checker } from "./lib/checks.mjs";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { check, fail, finish } = checker();
const LIMIT_KB = 3 * 1024;
const version = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8")).version;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "astlint-install-"));

function run(cmd, args, cwd = tmp) {
  const r = spawnSync(cmd, args, { cwd, encoding: "utf8", maxBuffer: 1 << 26, env: { ...process.env, NO_COLOR: "1" } });
  return { status: r.status, out: `${r.stdout ?? ""}${r.stderr ?? ""}`, stdout: r.stdout ?? "" };
}
function duKb(dir) {
  const r = run("du", ["-sk", dir]);
  return Number(r.stdout.split("\t")[0]);
}

try {
  const clone = path.join(tmp, "astlint");
  if (run("git", ["clone", "--quiet", "--no-hardlinks", REPO, clone]).status !== 0) throw new Error("git clone failed");
  const packed = run("npm", ["pack", "--pack-destination", tmp], clone);
  const tarball = path.join(tmp, packed.stdout.trim().split("\n").pop() ?? "");
  check(`npm pack prints only the tarball name on stdout (${path.basename(tarball)})`, packed.stdout.trim() === `astlint-${version}.tgz` && fs.existsSync(tarball), packed.out);

  const npms = [
    { name: `npm ${run("npm", ["--version"]).stdout.trim()}`, cmd: "npm", pre: [] },
    { name: "npm 10", cmd: "npm", pre: ["exec", "--yes", "--package", "npm@10", "--", "npm"] },
  ];
  for (const npm of npms) {
    const v = run(npm.cmd, [...npm.pre, "--version"]);
    const label = npm.pre.length ? `npm ${v.stdout.trim().split("\n").pop()}` : npm.name;
    for (const [how, spec, extra] of [
      ["git+file", `git+file://${clone}`, []],
      ["git+file --install-links", `git+file://${clone}`, ["--install-links"]],
      ["tarball", tarball, []],
    ]) {
      const prefix = path.join(tmp, `prefix-${label.replace(/\W+/g, "_")}-${how}`);
      const r = run(npm.cmd, [...npm.pre, "install", "-g", ...extra, "--prefix", prefix, "--no-audit", "--no-fund", spec]);
      const dir = path.join(prefix, "lib", "node_modules", "astlint");
      const bin = path.join(prefix, "bin", "astlint");
      const real = fs.existsSync(dir) && !fs.lstatSync(dir).isSymbolicLink();
      check(`${label}: npm install -g ${extra.join(" ")}${extra.length ? " " : ""}${how === "tarball" ? "./astlint.tgz" : "git+file://CLONE"} (a real directory, not a link)`, r.status === 0 && real, r.out);
      if (!real) continue;
      const kb = duKb(dir);
      check(`${label}, ${how}: installed size ${kb} KB (< ${LIMIT_KB} KB), no node_modules inside`, kb < LIMIT_KB && !fs.existsSync(path.join(dir, "node_modules")));
      const ver = run(bin, ["--version"]);
      check(`${label}, ${how}: astlint --version prints ${version}`, ver.status === 0 && ver.stdout.trim() === version, ver.out);
      const lint = run(bin, ["examples", "--format", "compact"], REPO);
      check(`${label}, ${how}: astlint lints examples/ (exit 1, findings with rule ids)`, lint.status === 1 && /\[execstop-cli-loop\]/.test(lint.stdout), lint.out);
    }
  }
} catch (e) {
  console.error(e.message);
  fail();
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
finish("test:install");
