// Builds the CLI:
//   dist/astlint.cjs    the whole program, one esbuild bundle (one file loads much faster than
//                       ~700 unbundled modules, see docs/performance.md; the published
//                       package needs nothing at run time), minified (less to compile at start);
//   dist/astlint.cache  V8's code cache for it, recorded below after running the bundle on a
//                       small sample tree in this process;
//   dist/cli.js         the command (package.json "bin"; CommonJS, see dist/package.json):
//                       compiles dist/astlint.cjs through node:vm with the code cache and runs it.
// Start-up is most of a run on a small tree, and compiling the bundle (and then each function on
// its first call) was ~30-40 ms of it; with the cache V8 deserializes the bytecode instead. Node
// 20 has no built-in compile cache for ES modules (module.enableCompileCache() is Node 22), hence
// the CommonJS-format bundle run through vm.Script. V8 accepts the cache only from the same V8
// version and flags; otherwise it rejects it and compiles as usual (the run is just slower).
// Nothing is ever written at run time. See docs/performance.md.
//
// dist/astlint.cjs, dist/cli.js and dist/package.json are committed: `npm install -g
// git+…` and pre-commit install the package without its devDependencies, so nothing may need
// building at install time (no `prepare` script; npm/cli#8440). test/packaging/bundle.test.ts
// fails when the committed bundle differs from a fresh build of HEAD; on a merge conflict in
// dist/, run `npm run build:dist` and `git add dist`. The code cache is NOT committed or packed: V8
// accepts it only from the very Node version that wrote it (any other rejects it), it is ~1 MB,
// and it changes with every build; local builds keep it (npm run bench measures with it), the
// single executable (scripts/build-sea.mjs) embeds its own.
//
//   node scripts/build.mjs             bundle + loader + local code cache
//   node scripts/build.mjs --no-cache  bundle + loader only (what is committed)
import { build } from "esbuild";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import * as os from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { Script } from "node:vm";
import { execFileSync } from "node:child_process";

// The rule registry is generated from the files in src/rules.
execFileSync(process.execPath, ["scripts/generate-rule-index.mjs"], { stdio: "inherit" });

const APP = path.resolve("dist/astlint.cjs");
const CACHE = path.resolve("dist/astlint.cache");
// The bundle runs inside this function, as Node runs a CommonJS module (the bundle's own
// import.meta.url is passed in). The loader and the cache recording must use the same text.
const WRAP_HEAD = "(function (exports, require, module, __filename, __dirname, __astlintImportMetaUrl) {";
const WRAP_TAIL = "\n})";

const recordCache = !process.argv.includes("--no-cache");
rmSync(CACHE, { force: true });
await build({
  entryPoints: ["src/cli/process.ts"],
  outfile: APP,
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  minify: true,
  sourcemap: false,
  legalComments: "none",
  define: {
    __ASTLINT_VERSION__: JSON.stringify(JSON.parse(readFileSync("package.json", "utf8")).version),
    // Production-only shortcuts (src/parser/chevrotain-options.ts); the tests run without them.
    __ASTLINT_BUNDLE__: "true",
    "import.meta.url": "__astlintImportMetaUrl",
  },
  logLevel: "warning",
});

// The bundle is pure ASCII (esbuild escapes non-ASCII characters in strings; regular expressions
// in src/ use \uXXXX escapes), so dist/cli.js reads it as latin1: the same string as UTF-8
// decoding gives, made without decoding (~1-2 ms of every start on this machine).
{
  const bytes = readFileSync(APP);
  const at = bytes.findIndex((b) => b > 0x7f);
  if (at >= 0) {
    const line = bytes.subarray(0, at).toString("latin1").split("\n").length;
    throw new Error(`dist/astlint.cjs is not ASCII (line ${line}): write the character in src/ as a \\uXXXX escape`);
  }
}

// dist/cli.js is CommonJS (dist/package.json says so): as an ES module its start went through
// the ESM loader, which also builds an ES facade of every built-in it imports (for node:fs that
// loads the stream modules): ~5-8 ms of every run.
writeFileSync("dist/package.json", `${JSON.stringify({ type: "commonjs" }, null, 2)}\n`);
writeFileSync(
  "dist/cli.js",
  `#!/usr/bin/env node
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
const script = new Script(${JSON.stringify(WRAP_HEAD)} + readFileSync(file, "latin1") + ${JSON.stringify(WRAP_TAIL)}, { filename: file, cachedData });
const app = { exports: {} };
script.runInThisContext()(app.exports, require, app, file, __dirname, pathToFileURL(file).href);
app.exports.runProcess();
`,
);
chmodSync("dist/cli.js", 0o755);

// Record the code cache: load the bundle exactly as dist/cli.js does, run it on a small sample
// tree (units, drop-ins, sockets, an Asterisk service and configs; repository and root mode;
// the common output formats) so that the functions a run needs are compiled, then serialize.
if (recordCache) {
  const script = new Script(WRAP_HEAD + readFileSync(APP, "latin1") + WRAP_TAIL, { filename: APP });
  const mod = { exports: {} };
  script.runInThisContext()(mod.exports, createRequire(APP), mod, APP, path.dirname(APP), pathToFileURL(APP).href);
  const tmp = mkdtempSync(path.join(os.tmpdir(), "astlint-build-"));
  try {
    const write = (rel, text) => {
      mkdirSync(path.dirname(path.join(tmp, rel)), { recursive: true });
      writeFileSync(path.join(tmp, rel), text);
    };
    const sys = "tree/etc/systemd/system";
    write(
      `${sys}/asterisk.service`,
      "[Unit]\nDescription=Asterisk PBX\nAfter=network.target\n\n[Service]\nType=notify\nUser=asterisk\nExecStart=/usr/sbin/asterisk -mqf -C /etc/asterisk/asterisk.conf\nExecReload=/usr/sbin/asterisk -rx 'core reload'\nRestart=always\n\n[Install]\nWantedBy=multi-user.target\n",
    );
    write(`${sys}/asterisk-ami.socket`, "[Unit]\nDescription=AMI socket\n\n[Socket]\nService=asterisk.service\nListenStream=127.0.0.1:5038\n\n[Install]\nWantedBy=sockets.target\n");
    write(`${sys}/asterisk-cli.socket`, "[Socket]\nService=asterisk.service\nListenStream=/var/run/asterisk/asterisk.ctl\nSocketMode=0660\n");
    write(
      `${sys}/app.service`,
      "[Unit]\nDescription=App\nWants=network-online.target\n\n[Service]\nType=simple\nEnvironment=A=1 B=2\nExecStartPre=/usr/bin/install -d /var/lib/app\nExecStart=/usr/bin/app --listen 127.0.0.1:8080 \\\n  --verbose\nRestart=on-failure\nRestartSec=5s\nTimeoutStartSec=30\nLimitNOFILE=65536\nProtectSystem=strict\n# a comment\nPrivateTmp=yes\n\n[Install]\nWantedBy=multi-user.target\n",
    );
    write(`${sys}/app.service.d/override.conf`, "[Service]\nEnvironment=C=3\nMemoryMax=512M\n");
    write(`${sys}/app.socket`, "[Socket]\nListenStream=127.0.0.1:8080\nAccept=no\n\n[Install]\nWantedBy=sockets.target\n");
    write(`${sys}/app.timer`, "[Timer]\nOnCalendar=daily\nPersistent=true\n\n[Install]\nWantedBy=timers.target\n");
    write(`${sys}/worker@.service`, "[Service]\nExecStart=/usr/bin/worker %i\nUser=%i\n");
    write("tree/etc/asterisk/asterisk.conf", "[directories](!)\nastetcdir => /etc/asterisk\nastrundir => /var/run/asterisk\n\n[options]\nverbose = 3\nrunuser = asterisk\n");
    write("tree/etc/asterisk/manager.conf", "; AMI\n[general]\nenabled = yes\nport = 5038\nbindaddr = 127.0.0.1\n\n[admin]\nsecret = x\nread = all\n");
    write("tree/etc/asterisk/http.conf", "[general]\nenabled = yes\nbindaddr = 127.0.0.1\nbindport = 8088\n");
    mkdirSync(path.join(tmp, "empty"));
    const io = { stdout() {}, stderr() {}, isTTY: false, env: {}, cwd: tmp };
    for (const args of [
      ["empty", "--format", "json"],
      ["tree", "--format", "json"],
      ["tree"],
      ["tree", "--format", "sarif"],
      ["--root", "tree", "--format", "json"],
    ]) {
      await mod.exports.main(args, io);
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  writeFileSync(CACHE, script.createCachedData());
}
