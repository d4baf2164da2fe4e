#!/usr/bin/env node
// astlint benchmark (issue 7): `npm run bench [-- --quick] [-- --runs N] [-- --keep] [-- --no-hyperfine]`.
//
// Builds synthetic trees in a temporary directory (empty; 100, 1,000, 5,000 and 10,000 units with
// drop-ins, wants links, an asterisk.service with its sockets and /etc/asterisk configs) and the
// vendor-units cases (this machine's /lib/systemd/system/*.service and *.socket copied into one
// directory, and the same copied 40 times under new names), then measures, per case:
//   - `node dist/cli.js <dir> --format json` (repository mode),
//   - `node -e 0` (Node's own start-up: the floor),
//   - `systemd-analyze verify --man=no <files>` on the same files (vendor cases, when installed),
// with medians of alternating runs after a warm-up; hyperfine does the timing when installed
// (hyperfine runs one command's runs back to back, so it is called once per run, the commands
// alternating); otherwise the script alternates single runs itself. Peak memory
// comes from `/usr/bin/time -v` (or, for Node, process.resourceUsage().maxRSS via a preload).
// It prints median, spread, throughput, peak memory, the ratios the issue asks for and whether
// each goal is met. It never fails on timings (exit 0); see docs/performance.md.
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const CLI = path.join(REPO, "dist", "cli.js");
const SEA_BIN = path.join(REPO, "dist", "astlint-linux-x64");
const VENDOR_DIR = "/lib/systemd/system";

// ---------------------------------------------------------------------------------------------
// Options
// ---------------------------------------------------------------------------------------------
const argv = process.argv.slice(2);
const flag = (name) => argv.includes(name);
const valueOf = (name) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
if (flag("--help") || flag("-h")) {
  process.stdout.write(
    "usage: node scripts/bench.mjs [--quick] [--runs N] [--keep] [--no-hyperfine] [--no-build] [--cases a,b,...]\n" +
      "  --quick         fewer runs, skips the 5,000-unit case (about a minute)\n" +
      "  --runs N        measured runs per command for the small cases (default 21, quick 9)\n" +
      "  --keep          keep the generated trees (printed path)\n" +
      "  --no-hyperfine  time with the script's own alternating runs even if hyperfine is installed\n" +
      "  --no-build      use dist/cli.js as it is (default: run scripts/build.mjs first)\n" +
      "  --cases LIST    only these cases: empty,synthetic-100,synthetic-1000,synthetic-5000,synthetic-10000,vendor,vendor-x40,vendor-x40-regular,parser\n",
  );
  process.exit(0);
}
const QUICK = flag("--quick");
const KEEP = flag("--keep");
const RUNS = Number(valueOf("--runs") ?? (QUICK ? 9 : 21));
const onlyCases = valueOf("--cases")?.split(",");

function which(cmd) {
  for (const dir of (process.env.PATH ?? "").split(":")) {
    const p = path.join(dir || ".", cmd);
    try {
      fs.accessSync(p, fs.constants.X_OK);
      return p;
    } catch {
      // next
    }
  }
  return null;
}
const HYPERFINE = flag("--no-hyperfine") ? null : which("hyperfine");
const SYSTEMD_ANALYZE = which("systemd-analyze");
const GNU_TIME = fs.existsSync("/usr/bin/time") ? "/usr/bin/time" : null;

// ---------------------------------------------------------------------------------------------
// Trees
// ---------------------------------------------------------------------------------------------
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "astlint-bench-"));

function write(file, text) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

const ASTERISK_SERVICE = `[Unit]
Description=Asterisk PBX and telephony daemon
After=network.target

[Service]
Type=notify
Environment=HOME=/var/lib/asterisk
WorkingDirectory=/var/lib/asterisk
User=asterisk
Group=asterisk
ExecStart=/usr/sbin/asterisk -mqf -C /etc/asterisk/asterisk.conf
ExecReload=/usr/sbin/asterisk -rx 'core reload'
LimitCORE=infinity
Restart=always
RestartSec=4
PrivateTmp=true

[Install]
WantedBy=multi-user.target
`;

const ASTERISK_SOCKETS = {
  "asterisk-ami.socket": "Description=Asterisk Manager Interface Socket\n\n[Socket]\nService=asterisk.service\nListenStream=127.0.0.1:5038\n",
  "asterisk-http.socket": "Description=Asterisk HTTP Socket\n\n[Socket]\nService=asterisk.service\nFreeBind=true\nListenStream=127.0.0.1:8088\n",
  "asterisk-cli.socket":
    "Description=Asterisk Command-line Interface Socket\n\n[Socket]\nService=asterisk.service\nListenStream=/var/run/asterisk/asterisk.ctl\nSocketUser=asterisk\nSocketGroup=asterisk\nSocketMode=0660\n",
};

const ASTERISK_CONFIGS = {
  "asterisk.conf": `[directories](!)
astetcdir => /etc/asterisk
astmoddir => /usr/lib/asterisk/modules
astvarlibdir => /var/lib/asterisk
astdbdir => /var/lib/asterisk
astkeydir => /var/lib/asterisk
astdatadir => /var/lib/asterisk
astagidir => /var/lib/asterisk/agi-bin
astspooldir => /var/spool/asterisk
astrundir => /var/run/asterisk
astlogdir => /var/log/asterisk
astsbindir => /usr/sbin

[options]
verbose = 3
debug = 0
maxfiles = 4096
runuser = asterisk
rungroup = asterisk
`,
  "manager.conf": `; Asterisk Manager Interface
[general]
enabled = yes
port = 5038
bindaddr = 127.0.0.1
displayconnects = no

[admin]
secret = bench-secret
deny = 0.0.0.0/0.0.0.0
permit = 127.0.0.1/255.255.255.255
read = system,call,log,verbose,command,agent,user,config
write = system,call,log,verbose,command,agent,user,config
`,
  "http.conf": `[general]
enabled = yes
bindaddr = 127.0.0.1
bindport = 8088
prefix = asterisk
sessionlimit = 100
`,
  "pjsip.conf": `[transport-udp]
type = transport
protocol = udp
bind = 0.0.0.0:5060

[6001]
type = endpoint
context = from-internal
disallow = all
allow = ulaw
auth = 6001
aors = 6001

[6001]
type = auth
auth_type = userpass
password = bench
username = 6001

[6001]
type = aor
max_contacts = 1
`,
};

/**
 * A repository-style tree with `n` unit files under etc/systemd/system: the Asterisk service and
 * its three sockets, then services, sockets (each with its service) and timers (each with its
 * service) in the ratio 5:2:3; a drop-in directory for every 5th service, template services
 * with instances, WantedBy links for every 10th service; and etc/asterisk configs.
 */
function syntheticTree(dir, n) {
  const sys = path.join(dir, "etc/systemd/system");
  fs.mkdirSync(path.join(sys, "multi-user.target.wants"), { recursive: true });
  let units = 0;
  const add = (name, text) => {
    write(path.join(sys, name), text);
    units++;
  };
  add("asterisk.service", ASTERISK_SERVICE);
  for (const [name, body] of Object.entries(ASTERISK_SOCKETS)) add(name, `[Unit]\n${body}\n[Install]\nWantedBy=sockets.target\n`);
  for (const [name, text] of Object.entries(ASTERISK_CONFIGS)) write(path.join(dir, "etc/asterisk", name), text);
  let i = 0;
  while (units < n) {
    const kind = i % 10 < 5 ? "service" : i % 10 < 7 ? "socket" : "timer";
    const name = `app${String(i).padStart(5, "0")}`;
    const port = 10000 + (i % 50000);
    const service = `[Unit]
Description=Benchmark application ${i}
Documentation=man:app(8) https://example.org/app/${i}
After=network-online.target
Wants=network-online.target

[Service]
Type=${i % 3 === 0 ? "simple" : i % 3 === 1 ? "exec" : "notify"}
User=app${i % 7}
Group=app
Environment=APP_ID=${i} APP_MODE=production
ExecStartPre=/usr/bin/install -d -m 0750 /var/lib/app/${i}
ExecStart=/usr/bin/app --id ${i} --listen 127.0.0.1:${port} --config /etc/app/${name}.conf
ExecReload=/bin/kill -HUP $MAINPID
Restart=on-failure
RestartSec=5s
TimeoutStartSec=30
LimitNOFILE=65536
NoNewPrivileges=yes
ProtectSystem=strict
ProtectHome=true
PrivateTmp=true
ReadWritePaths=/var/lib/app/${i}

[Install]
WantedBy=multi-user.target
`;
    if (kind === "service") {
      if (i % 20 === 0) {
        // A template and two instances.
        add(`${name}@.service`, service.replace("Benchmark application", "Benchmark template %i of"));
        if (units < n) add(`${name}@a.service`, service);
      } else add(`${name}.service`, service);
      if (i % 5 === 0) {
        write(
          path.join(sys, `${name}.service.d`, "10-override.conf"),
          `# local override\n[Service]\nEnvironment=APP_LOG=debug\nMemoryMax=512M\nCPUQuota=50%\n`,
        );
      }
      if (i % 10 === 0) fs.symlinkSync(`../${name}.service`, path.join(sys, "multi-user.target.wants", `${name}.service`));
    } else if (kind === "socket") {
      add(
        `${name}.socket`,
        `[Unit]\nDescription=Benchmark socket ${i}\n\n[Socket]\nListenStream=127.0.0.1:${port}\nAccept=no\nBacklog=128\n\n[Install]\nWantedBy=sockets.target\n`,
      );
      if (units < n) add(`${name}.service`, service);
    } else {
      add(
        `${name}.timer`,
        `[Unit]\nDescription=Benchmark timer ${i}\n\n[Timer]\nOnCalendar=*-*-* 0${i % 10}:${String(i % 60).padStart(2, "0")}:00\nPersistent=true\nRandomizedDelaySec=10m\n\n[Install]\nWantedBy=timers.target\n`,
      );
      if (units < n) add(`${name}.service`, service.replace(/^Type=.*$/m, "Type=oneshot").replace(/^Restart.*\n/gm, ""));
    }
    i++;
  }
  return units;
}

/**
 * Copies the vendor *.service and *.socket units into `dir`, `copies` times. `regularOnly`: only
 * regular files (no symlinks, e.g. the 104 of a Debian 12 host; the case issue 12 measured by
 * hand); otherwise symlinks are followed (aliases become copies).
 */
function vendorTree(dir, copies, regularOnly = false) {
  fs.mkdirSync(dir, { recursive: true });
  let names;
  try {
    names = fs.readdirSync(VENDOR_DIR).filter((n) => n.endsWith(".service") || n.endsWith(".socket"));
  } catch {
    return 0;
  }
  const files = [];
  for (const n of names.sort()) {
    try {
      const st = (regularOnly ? fs.lstatSync : fs.statSync)(path.join(VENDOR_DIR, n));
      if (st.isFile() && st.size > 0) files.push(n);
    } catch {
      // dangling link
    }
  }
  let count = 0;
  for (let c = 1; c <= copies; c++) {
    for (const n of files) {
      let target = n;
      if (copies > 1) {
        const dot = n.lastIndexOf(".");
        const stem = n.slice(0, dot);
        const type = n.slice(dot);
        target = stem.endsWith("@") ? `${stem.slice(0, -1)}-c${c}@${type}` : `${stem}-c${c}${type}`;
      }
      fs.copyFileSync(path.join(VENDOR_DIR, n), path.join(dir, target));
      count++;
    }
  }
  return count;
}

// ---------------------------------------------------------------------------------------------
// Measuring
// ---------------------------------------------------------------------------------------------
const median = (a) => {
  const s = [...a].sort((x, y) => x - y);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const quantile = (a, q) => {
  const s = [...a].sort((x, y) => x - y);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
};

/** Quotes one word for hyperfine's shell-words splitting (used with --shell=none). */
function shellWord(w) {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`;
}

/**
 * Times commands ({ name, argv, cwd }) alternately; returns seconds per run for each command.
 * `runs` rounds, each running every command once.
 */
function timeCommands(cmds, { runs, warmup }) {
  const times = cmds.map(() => []);
  if (HYPERFINE) {
    // hyperfine runs a command's runs back to back: call it once per run, alternating commands,
    // so that a change of machine load affects every command alike (its warm-up runs come first).
    const perRound = 1;
    const rounds = runs;
    for (let r = 0; r < rounds; r++) {
      for (let k = 0; k < cmds.length; k++) {
        const c = cmds[k];
        const json = path.join(tmp, "hyperfine.json");
        const res = spawnSync(
          HYPERFINE,
          [
            "--shell=none",
            "--ignore-failure",
            "--style",
            "none",
            "--warmup",
            String(r === 0 ? warmup : 0),
            "--runs",
            String(perRound),
            "--export-json",
            json,
            c.argv.map(shellWord).join(" "),
          ],
          { cwd: c.cwd, stdio: ["ignore", "ignore", "pipe"], maxBuffer: 1 << 26 },
        );
        if (res.status !== 0) throw new Error(`hyperfine failed for ${c.name}: ${res.stderr}`);
        times[k].push(...JSON.parse(fs.readFileSync(json, "utf8")).results[0].times);
      }
    }
    return times;
  }
  // With GNU time each run also reports the CPU time (user + system) it used: on a machine
  // shared with other jobs wall time swings with the load, CPU time much less.
  const once = (c, k) => {
    const t0 = process.hrtime.bigint();
    if (GNU_TIME) {
      const r = spawnSync(GNU_TIME, ["-f", "ASTLINT_BENCH_CPU %U %S", ...c.argv], { cwd: c.cwd, stdio: ["ignore", "ignore", "pipe"], maxBuffer: 1 << 26 });
      const wall = Number(process.hrtime.bigint() - t0) / 1e9;
      const m = /ASTLINT_BENCH_CPU ([\d.]+) ([\d.]+)/.exec(r.stderr.toString());
      if (m && k !== undefined) (times.cpu[k] ??= []).push(Number(m[1]) + Number(m[2]));
      return wall;
    }
    spawnSync(c.argv[0], c.argv.slice(1), { cwd: c.cwd, stdio: "ignore", maxBuffer: 1 << 26 });
    return Number(process.hrtime.bigint() - t0) / 1e9;
  };
  times.cpu = [];
  for (let w = 0; w < warmup; w++) for (const c of cmds) once(c);
  for (let r = 0; r < runs; r++) cmds.forEach((c, k) => times[k].push(once(c, k)));
  return times;
}

const RSS_PRELOAD = path.join(tmp, "maxrss.cjs");
fs.writeFileSync(
  RSS_PRELOAD,
  'process.on("exit", () => { try { require("fs").writeSync(2, "\\nASTLINT_BENCH_MAXRSS_KB=" + process.resourceUsage().maxRSS + "\\n"); } catch {} });\n',
);

/** Peak resident memory of one run, in MB (null when it cannot be measured). */
function peakMemory(c) {
  if (GNU_TIME) {
    const r = spawnSync(GNU_TIME, ["-v", ...c.argv], { cwd: c.cwd, stdio: ["ignore", "ignore", "pipe"], maxBuffer: 1 << 26 });
    const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr.toString());
    if (m) return Number(m[1]) / 1024;
  }
  if (path.basename(c.argv[0]) === "node") {
    const r = spawnSync(c.argv[0], ["-r", RSS_PRELOAD, ...c.argv.slice(1)], { cwd: c.cwd, stdio: ["ignore", "ignore", "pipe"], maxBuffer: 1 << 26 });
    const m = /ASTLINT_BENCH_MAXRSS_KB=(\d+)/.exec(r.stderr.toString());
    if (m) return Number(m[1]) / 1024;
  }
  return null;
}

function describe(times) {
  const ms = times.map((t) => t * 1000);
  return { median: median(ms), q1: quantile(ms, 0.25), q3: quantile(ms, 0.75), min: Math.min(...ms), max: Math.max(...ms), n: ms.length };
}

// ---------------------------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------------------------
function machine() {
  const lines = [];
  lines.push(`date: ${new Date().toISOString()}`);
  lines.push(`cpus: ${os.cpus().length} (nproc) ${os.cpus()[0]?.model ?? ""}`.trim());
  lines.push(`memory: ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB; load average ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`);
  lines.push(`kernel: ${os.release()}`);
  lines.push(`node: ${process.version}`);
  lines.push(`systemd-analyze: ${SYSTEMD_ANALYZE ? execFileSync(SYSTEMD_ANALYZE, ["--version"]).toString().split("\n")[0] : "not installed"}`);
  lines.push(`timer: ${HYPERFINE ? `${execFileSync(HYPERFINE, ["--version"]).toString().trim()} (rounds, commands alternating)` : "own alternating runs (hyperfine not installed or --no-hyperfine)"}`);
  lines.push(`memory probe: ${GNU_TIME ? "/usr/bin/time -v" : "process.resourceUsage().maxRSS (node only)"}`);
  return lines;
}

if (!flag("--no-build")) {
  execFileSync(process.execPath, [path.join(REPO, "scripts/build.mjs")], { cwd: REPO, stdio: "inherit" });
}
if (!fs.existsSync(CLI)) {
  process.stderr.write(`bench: ${CLI} is missing; run npm run build:dist\n`);
  process.exit(0);
}

const out = (s = "") => process.stdout.write(s + "\n");
out("astlint benchmark" + (QUICK ? " (--quick)" : ""));
for (const l of machine()) out("  " + l);
out(`  trees: ${tmp}${KEEP ? "" : " (removed at the end; --keep keeps them)"}`);
out();

const cases = [];
const want = (name) => !onlyCases || onlyCases.includes(name);
if (want("empty")) {
  fs.mkdirSync(path.join(tmp, "empty"));
  cases.push({ name: "empty", title: "empty directory", dir: path.join(tmp, "empty"), units: 0 });
}
for (const n of [100, 1000, ...(QUICK ? [] : [5000]), 10000]) {
  if (!want(`synthetic-${n}`)) continue;
  const dir = path.join(tmp, `synthetic-${n}`);
  const units = syntheticTree(dir, n);
  cases.push({ name: `synthetic-${n}`, title: `synthetic tree, ${units} units (+ drop-ins, wants links, 4 Asterisk configs)`, dir, units, big: n >= 5000 });
}
if (want("vendor")) {
  const dir = path.join(tmp, "vendor");
  const units = vendorTree(dir, 1);
  if (units > 0) cases.push({ name: "vendor", title: `vendor units: ${VENDOR_DIR}/*.service and *.socket in one directory (${units} units)`, dir, units, verify: true });
  else out(`vendor case skipped: no units in ${VENDOR_DIR}`);
}
if (want("vendor-x40")) {
  const dir = path.join(tmp, "vendor-x40");
  const units = vendorTree(dir, 40);
  if (units > 0) cases.push({ name: "vendor-x40", title: `vendor units copied 40 times under new names (${units} units)`, dir, units, verify: true, big: true });
}
if (want("vendor-x40-regular")) {
  // The case measured by hand in issue 12: only the regular files (no aliases), 40 copies.
  const dir = path.join(tmp, "vendor-x40-regular");
  const units = vendorTree(dir, 40, true);
  if (units > 0) {
    cases.push({
      name: "vendor-x40-regular",
      title: `regular vendor unit files (no symlinks) copied 40 times under new names (${units} units)`,
      dir,
      units,
      verify: true,
      big: true,
    });
  }
}

addPjsipCases();

const results = {};
for (const c of cases) {
  out(`== ${c.name}: ${c.title}`);
  const cmds = [
    // --no-error-on-unmatched-pattern: the empty directory is a clean run here, not exit 2.
    { name: "astlint", argv: [process.execPath, CLI, ...(c.root ? ["--root", c.dir] : [c.dir]), "--format", "json", "--no-error-on-unmatched-pattern"], cwd: tmp },
    { name: "node -e 0", argv: [process.execPath, "-e", "0"], cwd: tmp },
  ];
  // The single executable (npm run build:sea), start-up only: the empty directory.
  if (c.name === "empty" && fs.existsSync(SEA_BIN)) {
    cmds.push({ name: "single executable", argv: [SEA_BIN, c.dir, "--format", "json", "--no-error-on-unmatched-pattern"], cwd: tmp });
  } else if (c.name === "empty") out("  dist/astlint-linux-x64 not built (npm run build:sea): no single-executable timing");
  if (c.verify) {
    if (SYSTEMD_ANALYZE) {
      // verify takes any number of unit files and loads them into one manager (so references
      // between them resolve); the files must be named as units. Run from inside the directory
      // with relative names: 4,680 names are ~120 kB of arguments, far below ARG_MAX, so no
      // batching (batches would also hide verify's super-linear growth).
      const files = fs.readdirSync(c.dir).sort();
      cmds.push({ name: "systemd-analyze verify", argv: [SYSTEMD_ANALYZE, "verify", "--man=no", ...files], cwd: c.dir });
    } else out("  systemd-analyze is not installed: no comparison with it");
  }
  // Slow cases get fewer runs; systemd-analyze on the 40x copies takes tens of seconds per run.
  const runs = c.big ? (QUICK ? 1 : 3) : RUNS;
  const warmup = c.big ? (QUICK ? 0 : 1) : QUICK ? 1 : 3;
  const times = timeCommands(cmds, { runs, warmup });
  const r = {};
  cmds.forEach((cmd, k) => {
    const d = describe(times[k]);
    const mem = peakMemory(cmd);
    const cpu = times.cpu?.[k]?.length ? median(times.cpu[k]) * 1000 : null;
    r[cmd.name] = { ...d, mem, cpu };
    const thr = c.units > 0 && cmd.name !== "node -e 0" ? `  ${Math.round(c.units / (d.median / 1000)).toLocaleString("en-US")} units/s` : "";
    out(
      `  ${cmd.name.padEnd(23)} median ${d.median.toFixed(1).padStart(8)} ms  IQR ${d.q1.toFixed(1)}-${d.q3.toFixed(1)}  min-max ${d.min.toFixed(1)}-${d.max.toFixed(1)} (n=${d.n})` +
        `  peak ${mem === null ? "n/a" : mem.toFixed(0) + " MB"}${thr}${cpu === null ? "" : `  cpu ${cpu.toFixed(0)} ms`}`,
    );
  });
  const a = r["astlint"].median;
  const nodeMs = r["node -e 0"].median;
  r.ratioNode = a / nodeMs;
  out(`  astlint / node -e 0 = ${r.ratioNode.toFixed(2)} (medians; minima: ${(r["astlint"].min / r["node -e 0"].min).toFixed(2)})`);
  if (r["astlint"].cpu !== null && r["node -e 0"].cpu) out(`  by CPU time (user+system; astlint's includes its GC threads): astlint / node -e 0 = ${(r["astlint"].cpu / r["node -e 0"].cpu).toFixed(2)}`);
  if (r["single executable"]) {
    r.ratioSea = r["single executable"].median / nodeMs;
    out(`  single executable / node -e 0 = ${r.ratioSea.toFixed(2)} (medians; minima: ${(r["single executable"].min / r["node -e 0"].min).toFixed(2)})`);
  }
  if (r["systemd-analyze verify"]) {
    r.ratioVerify = a / r["systemd-analyze verify"].median;
    out(`  astlint / systemd-analyze verify = ${r.ratioVerify.toFixed(3)} (medians; minima: ${(r["astlint"].min / r["systemd-analyze verify"].min).toFixed(3)})`);
    if (r["astlint"].cpu !== null && r["systemd-analyze verify"].cpu) out(`  by CPU time: astlint / systemd-analyze verify = ${(r["astlint"].cpu / r["systemd-analyze verify"].cpu).toFixed(3)}`);
  }
  results[c.name] = { ...r, units: c.units };
  out();
}

// ---------------------------------------------------------------------------------------------
// The unit-file parser alone (issue 12): cold (a fresh process, first use: building the lexer
// and parser included) and warm (the same process after 10 rounds), 100 and 4,000 units.
// ---------------------------------------------------------------------------------------------
async function parserBench() {
  const { build } = await import("esbuild");
  const bundle = path.join(tmp, "unit-parser.cjs");
  await build({
    entryPoints: [path.join(REPO, "src/parser/unit-parser.ts")],
    outfile: bundle,
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    minify: true,
    define: { __ASTLINT_BUNDLE__: "true" },
    logLevel: "warning",
  });
  const driver = path.join(tmp, "parser-driver.cjs");
  fs.writeFileSync(
    driver,
    `"use strict";
const fs = require("node:fs");
const now = () => Number(process.hrtime.bigint()) / 1e6;
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const files = fs.readFileSync(process.argv[2], "utf8").split("\\n").filter(Boolean);
const n = Number(process.argv[3]);
const bufs = files.map((f) => fs.readFileSync(f));
const t0 = now();
const { parseUnitFile } = require(${JSON.stringify(bundle)});
const t1 = now();
const c1 = cpu();
let lines = 0;
const round = () => { for (let i = 0; i < n; i++) lines += parseUnitFile(bufs[i % bufs.length], "u" + i).assignments.length; };
round();
const t2 = now();
const c2 = cpu();
const warm = [];
const warmCpu = [];
for (let r = 0; r < 10; r++) { const a = now(); const b = cpu(); round(); warm.push(now() - a); warmCpu.push(cpu() - b); }
warm.sort((x, y) => x - y);
warmCpu.sort((x, y) => x - y);
process.stdout.write(JSON.stringify({ load: t1 - t0, cold: t2 - t1, warm: warm[5], coldCpu: c2 - c1, warmCpu: warmCpu[5], lines }));
`,
  );
  const list = path.join(tmp, "parser-files.txt");
  const names = [];
  try {
    for (const n of fs.readdirSync(VENDOR_DIR).sort()) {
      if (!n.endsWith(".service") && !n.endsWith(".socket")) continue;
      const st = fs.lstatSync(path.join(VENDOR_DIR, n));
      if (st.isFile() && st.size > 0) names.push(path.join(VENDOR_DIR, n));
    }
  } catch {
    // no vendor units
  }
  if (names.length === 0) {
    out(`parser case skipped: no units in ${VENDOR_DIR}`);
    return;
  }
  fs.writeFileSync(list, names.join("\n") + "\n");
  out(`== parser: src/parser/unit-parser.ts bundled alone, ${names.length} vendor unit files cycled`);
  const procs = QUICK ? 5 : 11;
  for (const n of [100, 4000]) {
    const runs = [];
    for (let k = 0; k < procs; k++) {
      const r = spawnSync(process.execPath, [driver, list, String(n)], { cwd: tmp, encoding: "utf8" });
      if (r.status !== 0) throw new Error(`parser driver failed: ${r.stderr}`);
      runs.push(JSON.parse(r.stdout));
    }
    const m = (k) => median(runs.map((x) => x[k]));
    out(
      `  ${String(n).padStart(5)} units: module load ${m("load").toFixed(1)} ms; cold (first call, building included) ${m("cold").toFixed(1)} ms; ` +
        `warm ${m("warm").toFixed(1)} ms (${((m("warm") * 1000) / n).toFixed(1)} us/unit); CPU time cold ${m("coldCpu").toFixed(1)} ms, warm ${m("warmCpu").toFixed(1)} ms; medians of ${procs} processes`,
    );
  }
  out();
}
if (want("parser")) await parserBench();

// ---------------------------------------------------------------------------------------------
// Goals (issue 7)
// ---------------------------------------------------------------------------------------------
out("== goals");
const verdict = (ok) => (ok === null ? "n/a" : ok ? "met" : "NOT met");
const goal = (text, value, ok) => out(`  ${verdict(ok).padEnd(7)} ${text}${value ? `: ${value}` : ""}`);
const v = results["vendor"];
if (v) {
  goal("vendor units, astlint <= 2.5 x node -e 0", v.ratioNode.toFixed(2), v.ratioNode <= 2.5);
  if (v.ratioVerify !== undefined) goal("vendor units, astlint <= 3 x systemd-analyze verify", v.ratioVerify.toFixed(2), v.ratioVerify <= 3);
  else goal("vendor units, astlint <= 3 x systemd-analyze verify (systemd-analyze not installed)", "", null);
}
const v40 = results["vendor-x40"];
if (v40) {
  if (v40.ratioVerify !== undefined) goal("vendor units x40, astlint <= 1/10 of systemd-analyze verify", v40.ratioVerify.toFixed(3), v40.ratioVerify <= 0.1);
  else goal("vendor units x40, astlint <= 1/10 of systemd-analyze verify (systemd-analyze not installed)", "", null);
}
const v40r = results["vendor-x40-regular"];
if (v40r) {
  if (v40r.ratioVerify !== undefined) goal("regular vendor units x40, astlint <= 1/10 of systemd-analyze verify", v40r.ratioVerify.toFixed(3), v40r.ratioVerify <= 0.1);
  else goal("regular vendor units x40, astlint <= 1/10 of systemd-analyze verify (systemd-analyze not installed)", "", null);
}
const e = results["empty"];
if (e) goal("empty directory, astlint <= 2.0 x node -e 0", e.ratioNode.toFixed(2), e.ratioNode <= 2.0);
const s1 = results["synthetic-1000"];
const s10 = results["synthetic-10000"];
if (s1 && s10) {
  // Linear: the cost per unit above the empty run's does not grow from 1,000 to 10,000 units
  // (1.25 allows for the larger heap's garbage collection).
  const base = e ? e["astlint"].median : 0;
  const per1 = (s1["astlint"].median - base) / s1.units;
  const per10 = (s10["astlint"].median - base) / s10.units;
  const growth = per10 / per1;
  goal(
    "linear growth 1,000 -> 10,000 units (cost per unit above the empty run, ratio <= 1.25)",
    `${(per1 * 1000).toFixed(1)} us/unit -> ${(per10 * 1000).toFixed(1)} us/unit, ratio ${growth.toFixed(2)}; total x${(s10["astlint"].median / s1["astlint"].median).toFixed(1)} for x10 units`,
    growth <= 1.25,
  );
}
const memCases = ["synthetic-5000", "vendor-x40", "vendor-x40-regular"].filter((n) => results[n]);
for (const n of memCases) {
  const m = results[n]["astlint"].mem;
  goal(`peak memory < 200 MB at ~5,000 units (${n}, ${results[n].units} units)`, m === null ? "not measured" : `${m.toFixed(0)} MB`, m === null ? null : m < 200);
}
if (s10?.["astlint"].mem != null) out(`  (info)  peak memory at ${s10.units} units: ${s10["astlint"].mem.toFixed(0)} MB`);

pjsipGoals();

if (!KEEP) fs.rmSync(tmp, { recursive: true, force: true });
process.exit(0);

// ---------------------------------------------------------------------------------------------
// Asterisk option checks (issue 15): pjsip.conf with 0, 2,000 and 20,000 endpoints (each with
// its aor and auth, inheriting a template; 1,000 endpoints per #include'd file, as large
// deployments split them), linted as a root. Goals: 2,000 endpoints add <= 300 ms over 0, and
// 20,000 add <= 12 times what 2,000 add.
// ---------------------------------------------------------------------------------------------
function pjsipTree(dir, n) {
  const etc = path.join(dir, "etc/asterisk");
  write(
    path.join(etc, "pjsip.conf"),
    "[global]\ntype = global\n\n[transport-udp]\ntype = transport\nprotocol = udp\nbind = 0.0.0.0:5060\n\n" +
      "[phone](!)\ntype = endpoint\ncontext = internal\ndisallow = all\nallow = ulaw,alaw\ndirect_media = no\n\n#tryinclude pjsip_endpoints/*.conf\n",
  );
  for (let f = 0; f * 1000 < n; f++) {
    const parts = [];
    for (let i = f * 1000; i < Math.min(n, (f + 1) * 1000); i++) {
      const id = 10000 + i;
      parts.push(
        `[${id}](phone)\naors = ${id}\nauth = ${id}\ncallerid = "User ${i}" <${id}>\n\n[${id}]\ntype = aor\nmax_contacts = 1\nqualify_frequency = 60\n\n` +
          `[${id}]\ntype = auth\nauth_type = userpass\nusername = ${id}\npassword = p${i}x\n`,
      );
    }
    write(path.join(etc, `pjsip_endpoints/e${String(f).padStart(3, "0")}.conf`), parts.join("\n"));
  }
}

function addPjsipCases() {
  for (const n of [0, 2000, ...(QUICK ? [] : [20000])]) {
    const name = `pjsip-${n}`;
    if (!want(name)) continue;
    const dir = path.join(tmp, name);
    pjsipTree(dir, n);
    cases.push({ name, title: `--root with pjsip.conf: ${n} endpoints (+ aor, auth)`, dir, units: 0, root: true, big: n >= 20000 });
  }
}

function pjsipGoals() {
  const p0 = results["pjsip-0"];
  const p2 = results["pjsip-2000"];
  const p20 = results["pjsip-20000"];
  if (!p0 || !p2) return;
  const add2 = p2["astlint"].median - p0["astlint"].median;
  goal("2,000 pjsip endpoints add <= 300 ms", `${add2.toFixed(0)} ms`, add2 <= 300);
  if (p20) {
    const add20 = p20["astlint"].median - p0["astlint"].median;
    goal("20,000 pjsip endpoints add <= 12 x what 2,000 add", `${add20.toFixed(0)} ms = x${(add20 / add2).toFixed(1)}`, add20 <= 12 * add2);
  }
}
