#!/usr/bin/env node
// Parity with `systemd-analyze verify` (issue 4, "Parity, measured").
//
// Where systemd-analyze is installed: takes real unit files (this machine's
// /lib/systemd/system/*.service|*.socket|*.timer and, given a real-world corpus (--corpus DIR or
// ASTLINT_CORPUS=DIR), its generic-units files with a real unit suffix), makes one-mutation variants of each (a typo'd key, a bad boolean, a bad
// enumeration value, a bad time span, a missing "=", an unknown section), copies originals and
// variants into a temporary directory under valid unit names, and runs both
//   systemd-analyze verify --man=no   (in batches)   and
//   node dist/cli.js --format json --systemd-version N   (N = systemd-analyze's version)
// on the copies. It reports
//   (a) the share of systemd's line-level complaints ("FILE:LINE: message") that astlint also
//       reports, with one of the issue-4 rules, in the same file at that line (a finding that
//       spans several lines, e.g. a continued assignment, covers each of them); goal >= 0.95;
//   (b) the error-level findings of the issue-4 rules on the unmutated files at lines where
//       systemd complains about nothing (unit-level refusals such as "Service has no
//       ExecStart=" confirm a finding too); goal 0.
//   (c) the units systemd refuses as a whole ("…. Refusing." lines of verify) against the
//       refusal rules (missing-exec-start, missing-required-setting): how many astlint reports,
//       and the refusals astlint reports that systemd does not make (goal 0).
// Without systemd-analyze it says so and exits 0.
//
// Usage: npm run parity [-- --verbose] [-- --json FILE] [-- --check] [-- --corpus DIR]
//   (build first: npm run build:dist)
//   --verbose  list every miss and every disagreement
//   --json F   write the raw figures to F
//   --check    exit 1 when a goal is not met
//   --corpus D a real-world corpus directory (default: $ASTLINT_CORPUS; without one, only the
//              host's units are used and the script says the corpus was skipped)
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const DIRECTIVES_TSV = path.join(REPO, "data/directives.tsv");
const HOST_DIR = "/lib/systemd/system";
const CLI = path.join(REPO, "dist/cli.js");
const RULES = new Set([
  "syntax-error",
  "unknown-section",
  "unknown-directive",
  "deprecated-directive",
  "invalid-value",
  "missing-exec-start",
  "missing-required-setting",
  "inline-comment",
  "duplicate-directive",
  "legacy-var-run-path",
  "empty-assignment",
]);
const UNIT_SUFFIXES = ["service", "socket", "target", "device", "mount", "automount", "swap", "timer", "path", "slice", "scope"];
const BATCH = 60;

const args = process.argv.slice(2);
const verbose = args.includes("--verbose");
const check = args.includes("--check");
const jsonOut = args.includes("--json") ? args[args.indexOf("--json") + 1] : null;
const corpusDir = args.includes("--corpus") ? args[args.indexOf("--corpus") + 1] : process.env.ASTLINT_CORPUS;
const CORPUS = corpusDir ? path.resolve(corpusDir, "generic-units") : null;

// ---------------------------------------------------------------------------------------------
// systemd-analyze present?

const probe = spawnSync("systemd-analyze", ["--version"], { encoding: "utf8" });
if (probe.error || probe.status !== 0) {
  console.log("systemd-analyze is not installed here: parity with systemd-analyze verify cannot be measured (nothing to do).");
  process.exit(0);
}
const versionMatch = /systemd (\d+)/.exec(probe.stdout);
const systemdVersion = versionMatch ? Number(versionMatch[1]) : 252;
const versionLine = probe.stdout.split("\n")[0];
if (!fs.existsSync(CLI)) {
  console.error("dist/cli.js is missing: run `npm run build:dist` first.");
  process.exit(2);
}

// ---------------------------------------------------------------------------------------------
// Directive data (parsers by section and key) for choosing mutations.

const parserOf = new Map();
for (const line of fs.readFileSync(DIRECTIVES_TSV, "utf8").split("\n")) {
  if (line.startsWith("#") || !line.trim()) continue;
  const [section, key, parser, notes = ""] = line.split("\t");
  if (section === "section") continue;
  if (notes.includes("unknown-to-v252") && systemdVersion < 253) continue;
  parserOf.set(`${section}.${key}`, { parser, notes });
}
const BOOL = new Set(["config_parse_bool"]);
const TIME = new Set(["config_parse_sec", "config_parse_sec_fix_0", "config_parse_service_timeout", "config_parse_job_timeout_sec", "config_parse_sec_def_infinity"]);
const ENUM = new Set([
  "config_parse_service_type",
  "config_parse_service_restart",
  "config_parse_kill_mode",
  "config_parse_notify_access",
  "config_parse_exec_output",
  "config_parse_exec_input",
  "config_parse_socket_bind",
  "config_parse_collect_mode",
  "config_parse_job_mode",
  "config_parse_emergency_action",
  "config_parse_exec_utmp_mode",
  "config_parse_oom_policy",
  "config_parse_exec_keyring_mode",
  "config_parse_exec_mount_propagation_flag",
  "config_parse_device_policy",
  "config_parse_protect_proc",
  "config_parse_proc_subset",
]);

// ---------------------------------------------------------------------------------------------
// Sources

function unitSuffixOf(name) {
  const dot = name.lastIndexOf(".");
  return dot > 0 && UNIT_SUFFIXES.includes(name.slice(dot + 1)) ? name.slice(dot + 1) : null;
}

const sources = [];
if (fs.existsSync(HOST_DIR)) {
  for (const name of fs.readdirSync(HOST_DIR).sort()) {
    if (!/\.(service|socket|timer)$/.test(name)) continue;
    const p = path.join(HOST_DIR, name);
    const st = fs.lstatSync(p);
    if (!st.isFile() || st.size === 0) continue;
    sources.push({ origin: p, name, text: fs.readFileSync(p, "latin1") });
  }
}
if (!CORPUS || !fs.existsSync(CORPUS)) {
  console.log(`corpus skipped: ${CORPUS ? `${CORPUS} does not exist` : "no --corpus DIR or ASTLINT_CORPUS"}; only ${HOST_DIR} is used.`);
} else {
  for (const file of fs.readdirSync(CORPUS).sort()) {
    if (!unitSuffixOf(file)) continue;
    const p = path.join(CORPUS, file);
    const st = fs.lstatSync(p);
    if (!st.isFile() || st.size === 0) continue;
    const name = file.includes("__") ? file.slice(file.lastIndexOf("__") + 2) : file;
    if (!unitSuffixOf(name)) continue;
    sources.push({ origin: p, name, text: fs.readFileSync(p, "latin1") });
  }
}

// ---------------------------------------------------------------------------------------------
// Mutations

/** Lines with the assignment structure a mutation needs (single physical line, known section). */
function analyse(text) {
  const lines = text.split("\n");
  const out = [];
  let section = null;
  let continued = false;
  lines.forEach((raw, i) => {
    const l = raw.replace(/\r$/, "");
    const wasContinued = continued;
    const t = l.trim();
    const isComment = t.startsWith("#") || t.startsWith(";");
    if (!isComment) continued = t !== "" && /(^|[^\\])(\\\\)*\\$/.test(l);
    if (wasContinued || isComment || t === "") return;
    if (t.startsWith("[") && t.endsWith("]")) {
      section = t.slice(1, -1);
      out.push({ index: i, header: true, section });
      return;
    }
    const eq = t.indexOf("=");
    if (eq <= 0 || section === null || continued) return;
    const key = t.slice(0, eq).trim();
    const value = t.slice(eq + 1).trim();
    out.push({ index: i, header: false, section, key, value, info: parserOf.get(`${section}.${key}`) });
  });
  return { lines, items: out };
}

/** A deterministic pseudo-random pick (the same variants on every run). */
function pick(list, seed) {
  if (list.length === 0) return undefined;
  let h = 2166136261;
  for (const c of seed) h = Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0;
  return list[h % list.length];
}

/** A misspelling of `word`: swapped neighbours, a dropped or doubled letter, or the wrong case (chosen by `seed`). */
function typo(word, seed = "") {
  const i = Math.max(1, Math.floor(word.length / 2));
  const how = pick(["swap", "drop", "double", "case"], seed);
  if (how === "drop" || i + 1 >= word.length) return word.slice(0, i) + word.slice(i + 1);
  if (how === "double") return word.slice(0, i) + word[i] + word.slice(i);
  if (how === "case") {
    const flipped = word[0] === word[0].toLowerCase() ? word[0].toUpperCase() : word[0].toLowerCase();
    if (flipped !== word[0]) return flipped + word.slice(1);
  }
  if (word[i] === word[i + 1]) return word.slice(0, i) + word.slice(i + 1);
  return word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
}

const BAD_BOOLEANS = ["maybe", "yess", "enabled", "2", "ture", "Nope"];
const BAD_TIMES = ["10x", "5 minuts", "1,5s", "30 secs", "2hours30", "-5s"];

function withLine(lines, index, text) {
  const copy = lines.slice();
  copy[index] = text;
  return copy.join("\n");
}

/** Adds `line` to [section] (creating the section at the top when missing); returns {text, line}. */
function insert(lines, items, section, line) {
  const header = items.find((x) => x.header && x.section === section);
  const copy = lines.slice();
  if (header) {
    copy.splice(header.index + 1, 0, line);
    return { text: copy.join("\n"), line: header.index + 2 };
  }
  copy.splice(0, 0, `[${section}]`, line);
  return { text: copy.join("\n"), line: 2 };
}

function mutations(src) {
  const { lines, items } = analyse(src.text);
  const assigns = items.filter((x) => !x.header && x.info);
  const seed = src.origin;
  const out = [];
  const key = pick(assigns.filter((x) => x.key.length >= 5 && !parserOf.has(`${x.section}.${typo(x.key, seed)}`)), seed + "key");
  if (key) out.push({ kind: "typo'd key", text: withLine(lines, key.index, lines[key.index].replace(key.key, typo(key.key, seed))), line: key.index + 1 });
  const bool = pick(assigns.filter((x) => BOOL.has(x.info.parser)), seed + "bool");
  if (bool) out.push({ kind: "bad boolean", text: withLine(lines, bool.index, `${bool.key}=${pick(BAD_BOOLEANS, seed)}`), line: bool.index + 1 });
  else out.push({ kind: "bad boolean", ...insert(lines, items, "Unit", `RefuseManualStop=${pick(BAD_BOOLEANS, seed)}`) });
  const en = pick(assigns.filter((x) => ENUM.has(x.info.parser) && x.value.length >= 3 && !x.value.includes("%") && !x.value.includes(":")), seed + "enum");
  if (en) out.push({ kind: "bad enum", text: withLine(lines, en.index, `${en.key}=${typo(en.value, seed + "v")}`), line: en.index + 1 });
  else out.push({ kind: "bad enum", ...insert(lines, items, "Unit", "CollectMode=inactve") });
  const time = pick(assigns.filter((x) => TIME.has(x.info.parser)), seed + "time");
  if (time) out.push({ kind: "bad time span", text: withLine(lines, time.index, `${time.key}=${pick(BAD_TIMES, seed)}`), line: time.index + 1 });
  else out.push({ kind: "bad time span", ...insert(lines, items, "Unit", `JobTimeoutSec=${pick(BAD_TIMES, seed)}`) });
  const eq = pick(assigns, seed + "eq");
  if (eq) out.push({ kind: "missing =", text: withLine(lines, eq.index, lines[eq.index].replace("=", " ")), line: eq.index + 1 });
  const headers = items.filter((x) => x.header && !x.section.startsWith("X-") && x.section.length >= 4);
  const sec = headers[headers.length - 1];
  if (sec) out.push({ kind: "unknown section", text: withLine(lines, sec.index, `[${typo(sec.section, seed + "s")}]`), line: sec.index + 1 });
  return out;
}

// ---------------------------------------------------------------------------------------------
// Copies

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "astlint-parity-"));
const copies = []; // { path, name, origin, kind, line, original }
let n = 0;
function addCopy(src, text, kind, line) {
  n++;
  const name = `p${String(n).padStart(4, "0")}-${src.name}`;
  const dir = path.join(tmp, `b${Math.floor((n - 1) / BATCH)}`);
  fs.mkdirSync(dir, { recursive: true });
  const p = path.join(dir, name);
  fs.writeFileSync(p, Buffer.from(text, "latin1"));
  copies.push({ path: p, name, origin: src.origin, kind, line, original: kind === null });
}
for (const src of sources) {
  addCopy(src, src.text, null, null);
  for (const m of mutations(src)) addCopy(src, m.text, m.kind, m.line);
}

// ---------------------------------------------------------------------------------------------
// systemd-analyze verify, batch by batch (one directory per batch)

const complaints = new Map(); // path -> [{line, message}]
const unitLevel = new Map(); // unit name -> [message]
const byName = new Map(copies.map((c) => [c.name, c]));
const batches = [...new Set(copies.map((c) => path.dirname(c.path)))].sort();
for (const dir of batches) {
  const files = copies.filter((c) => path.dirname(c.path) === dir).map((c) => c.path);
  const r = spawnSync("systemd-analyze", ["verify", "--man=no", ...files], { encoding: "utf8", maxBuffer: 64 << 20 });
  for (const line of `${r.stderr}\n${r.stdout}`.split("\n")) {
    const m = /^(\/[^:]+):(\d+): (.*)$/.exec(line) ?? /^\[(\/[^:\]]+):(\d+)\] (.*)$/.exec(line);
    if (m && m[1].startsWith(tmp + "/")) {
      const list = complaints.get(m[1]) ?? [];
      list.push({ line: Number(m[2]), message: m[3] });
      complaints.set(m[1], list);
      continue;
    }
    const u = /^(?:Unit )?(p\d{4}-[^:\s]+?)(?::| has| failed| is)\s(.*)$/.exec(line);
    if (u) {
      const name = u[1].replace(/@[^.@]*\.(\w+)$/, "@.$1");
      const list = unitLevel.get(name) ?? unitLevel.get(u[1]) ?? [];
      list.push(line);
      unitLevel.set(byName.has(u[1]) ? u[1] : name, list);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// astlint on the same copies

const findings = new Map(); // path -> findings of the issue-4 rules
// Files astlint recognises as not being units (Avahi XML, D-Bus activation files named *.service):
// verify is told they are units and complains about every line; astlint reports one not-a-unit
// finding instead. They are left out of (a)-(c) and counted on their own.
const notUnits = new Map(); // path -> message
for (const dir of batches) {
  const r = spawnSync(process.execPath, [CLI, "--format", "json", "--systemd-version", String(Math.min(Math.max(systemdVersion, 230), 257)), dir], {
    encoding: "utf8",
    maxBuffer: 256 << 20,
    cwd: REPO,
  });
  if (r.status === 2 || !r.stdout) {
    console.error(`astlint failed on ${dir}: ${r.stderr}`);
    process.exit(2);
  }
  for (const f of JSON.parse(r.stdout).findings) {
    if (f.ruleId === "not-a-unit") notUnits.set(path.resolve(REPO, f.file), f.message);
    if (!RULES.has(f.ruleId)) continue;
    const p = path.resolve(REPO, f.file);
    const list = findings.get(p) ?? [];
    list.push(f);
    findings.set(p, list);
  }
}

// ---------------------------------------------------------------------------------------------
// (a) complaints astlint also reports

const covers = (f, line) => line >= f.line && line <= (f.endLine ?? f.line);
const compared = copies.filter((c) => !notUnits.has(c.path));
let total = 0;
let matched = 0;
const misses = [];
const perKind = new Map();
for (const c of compared) {
  const list = complaints.get(c.path) ?? [];
  const fs_ = findings.get(c.path) ?? [];
  for (const k of list) {
    total++;
    if (fs_.some((f) => covers(f, k.line))) matched++;
    else misses.push({ copy: c, ...k });
  }
  if (c.kind) {
    const s = perKind.get(c.kind) ?? { variants: 0, systemd: 0, astlint: 0, both: 0 };
    s.variants++;
    const sd = list.some((k) => k.line === c.line);
    const al = fs_.some((f) => covers(f, c.line));
    if (sd) s.systemd++;
    if (al) s.astlint++;
    if (sd && al) s.both++;
    if (sd !== al) (s.differ ??= []).push({ origin: c.origin, line: c.line, text: fs.readFileSync(c.path, "latin1").split("\n")[c.line - 1], systemd: sd, astlint: al });
    perKind.set(c.kind, s);
  }
}
const share = total === 0 ? 1 : matched / total;

// ---------------------------------------------------------------------------------------------
// (b) error-level findings on unmutated files where systemd says nothing

const disagreements = [];
for (const c of compared.filter((x) => x.original)) {
  const list = complaints.get(c.path) ?? [];
  const unitMsgs = unitLevel.get(c.name) ?? [];
  for (const f of findings.get(c.path) ?? []) {
    if (f.severity !== "error") continue;
    const lineOk = list.some((k) => covers(f, k.line));
    const unitOk = unitMsgs.some((m) => /Refusing|bad unit file setting|failed to load/.test(m));
    if (!lineOk && !unitOk) disagreements.push({ copy: c, finding: f });
  }
}

// ---------------------------------------------------------------------------------------------
// (c) units systemd refuses as a whole ("…. Refusing." lines) against astlint's refusal rules

// duplicate-directive's "second ExecStart=" error is systemd's "more than one ExecStart=" refusal.
const REFUSAL_RULES = new Set(["missing-exec-start", "missing-required-setting"]);
const isRefusal = (f) => REFUSAL_RULES.has(f.ruleId) || (f.ruleId === "duplicate-directive" && f.severity === "error" && /second ExecStart=/.test(f.message));
const refusals = { systemd: 0, astlint: 0, both: 0, systemdOnly: [], astlintOnly: [], otherFailure: [] };
for (const c of compared) {
  const msgs = unitLevel.get(c.name) ?? [];
  const sd = msgs.find((m) => /Refusing\.$/.test(m));
  const al = (findings.get(c.path) ?? []).find(isRefusal);
  if (sd) refusals.systemd++;
  if (al) refusals.astlint++;
  if (sd && al) refusals.both++;
  else if (sd) refusals.systemdOnly.push({ copy: c, message: sd });
  // systemd failed to load the unit before judging it (e.g. two copies in one batch claiming
  // the same BusName=: "Two services allocated for the same bus name …, refusing operation").
  else if (al && msgs.some((m) => /refusing operation|failed to load|Failed to|fatal error/i.test(m))) refusals.otherFailure.push({ copy: c, finding: al, messages: msgs });
  else if (al) refusals.astlintOnly.push({ copy: c, finding: al });
}

// ---------------------------------------------------------------------------------------------
// Report

const originals = copies.filter((c) => c.original).length;
console.log(`Parity with systemd-analyze verify (${versionLine}; astlint --systemd-version ${Math.min(Math.max(systemdVersion, 230), 257)})`);
console.log(`  unit files: ${originals} (${sources.filter((s) => s.origin.startsWith(HOST_DIR)).length} from ${HOST_DIR}, ${sources.filter((s) => !s.origin.startsWith(HOST_DIR)).length} from the corpus), variants: ${copies.length - originals}`);
if (notUnits.size) {
  const originalsNot = compared.length === copies.length ? 0 : copies.filter((c) => c.original && notUnits.has(c.path)).length;
  console.log(
    `  not units: ${notUnits.size} copies (${originalsNot} originals and their variants) that astlint reports once as not-a-unit (${[...new Set([...notUnits.values()].map((m) => m.replace(/^.* is not a systemd unit: /, "")))].join(", ")}); verify reads them as units and complains about ${copies.filter((c) => notUnits.has(c.path)).reduce((n, c) => n + (complaints.get(c.path) ?? []).length, 0)} of their lines. Left out of (a)-(c).`,
  );
}
console.log(`  (a) line-level complaints of systemd-analyze: ${total}; also reported by astlint at that file and line: ${matched} = ${share.toFixed(3)} (goal >= 0.95) ${share >= 0.95 ? "MET" : "NOT MET"}`);
for (const [kind, s] of [...perKind].sort()) {
  console.log(`      ${kind.padEnd(16)} ${String(s.variants).padStart(4)} variants: systemd complains at the mutated line in ${s.systemd}, astlint reports it in ${s.astlint}, both ${s.both}`);
}
console.log(`  (b) error-level findings of the issue-4 rules on unmutated files at lines systemd accepts: ${disagreements.length} (goal 0) ${disagreements.length === 0 ? "MET" : "NOT MET"}`);

console.log(
  `  (c) units systemd refuses ("… Refusing."): ${refusals.systemd}; astlint reports a refusal (missing-exec-start, missing-required-setting, a second ExecStart=) for ${refusals.both} of them; ` +
    `refusals astlint reports that systemd does not make: ${refusals.astlintOnly.length} (goal 0) ${refusals.astlintOnly.length === 0 ? "MET" : "NOT MET"}`,
);
const groupRefusals = new Map();
for (const r of refusals.systemdOnly) {
  const k = r.message.replace(/^(?:Unit )?p\d{4}-[^:\s]+?: /, "").replace(/'[^']*'/g, "…");
  groupRefusals.set(k, [...(groupRefusals.get(k) ?? []), r]);
}
for (const [k, g] of [...groupRefusals].sort((a, b) => b[1].length - a[1].length)) {
  console.log(`      not reported by astlint: ${String(g.length).padStart(4)}  ${k}`);
  for (const r of g.slice(0, verbose ? g.length : 1)) console.log(`          ${r.copy.kind ?? "original"} of ${r.copy.origin}`);
}
if (refusals.otherFailure.length) {
  console.log(`      astlint refuses, systemd failed to load the unit for another reason first: ${refusals.otherFailure.length}`);
  for (const r of refusals.otherFailure.slice(0, verbose ? refusals.otherFailure.length : 3)) console.log(`          ${r.copy.kind ?? "original"} of ${r.copy.origin}: ${r.messages[0]}`);
}
for (const r of refusals.astlintOnly.slice(0, verbose ? refusals.astlintOnly.length : 10)) {
  console.log(`      systemd does not refuse: ${r.copy.kind ?? "original"} of ${r.copy.origin}:${r.finding.line} ${r.finding.ruleId}: ${r.finding.message}`);
  for (const m of unitLevel.get(r.copy.name) ?? []) console.log(`          systemd: ${m}`);
}

const groupMisses = new Map();
for (const m of misses) {
  const k = m.message.replace(/'[^']*'|"[^"]*"|: .*$/g, "…");
  const g = groupMisses.get(k) ?? [];
  g.push(m);
  groupMisses.set(k, g);
}
if (misses.length) {
  console.log(`  complaints astlint does not report (${misses.length}), by kind:`);
  for (const [k, g] of [...groupMisses].sort((a, b) => b[1].length - a[1].length)) {
    console.log(`    ${String(g.length).padStart(4)}  ${k}`);
    for (const m of g.slice(0, verbose ? g.length : 2)) console.log(`          ${path.relative(tmp, m.copy.path)}:${m.line} (${m.copy.kind ?? "original"} of ${m.copy.origin}): ${m.message}`);
  }
}
if (disagreements.length) {
  console.log(`  disagreements (b):`);
  for (const d of disagreements.slice(0, verbose ? disagreements.length : 20)) {
    console.log(`    ${d.copy.origin}:${d.finding.line} ${d.finding.ruleId}: ${d.finding.message}`);
  }
}
if (jsonOut) {
  fs.writeFileSync(
    jsonOut,
    JSON.stringify(
      {
        systemd: versionLine,
        files: originals,
        variants: copies.length - originals,
        complaints: total,
        notUnits: [...notUnits.keys()].map((p) => copies.find((c) => c.path === p)?.origin ?? p),
        matched,
        share,
        perKind: Object.fromEntries(perKind),
        refusals: {
          systemd: refusals.systemd,
          both: refusals.both,
          systemdOnly: refusals.systemdOnly.map((r) => ({ origin: r.copy.origin, kind: r.copy.kind, message: r.message })),
          astlintOnly: refusals.astlintOnly.map((r) => ({ origin: r.copy.origin, kind: r.copy.kind, line: r.finding.line, rule: r.finding.ruleId, message: r.finding.message })),
        },
        disagreements: disagreements.map((d) => ({ origin: d.copy.origin, line: d.finding.line, rule: d.finding.ruleId, message: d.finding.message })),
        misses: misses.map((m) => ({ origin: m.copy.origin, kind: m.copy.kind, line: m.line, message: m.message })),
        complaintsOnOriginals: copies
          .filter((c) => c.original)
          .flatMap((c) => (complaints.get(c.path) ?? []).map((k) => ({ origin: c.origin, line: k.line, message: k.message }))),
        findingsOnOriginals: copies
          .filter((c) => c.original)
          .flatMap((c) => (findings.get(c.path) ?? []).map((f) => ({ origin: c.origin, line: f.line, rule: f.ruleId, severity: f.severity, message: f.message }))),
      },
      null,
      2,
    ) + "\n",
  );
}
fs.rmSync(tmp, { recursive: true, force: true });
if (check && (share < 0.95 || disagreements.length > 0 || refusals.astlintOnly.length > 0)) process.exit(1);
