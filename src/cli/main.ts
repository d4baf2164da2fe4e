/**
 * The command line: options -> lint -> format -> exit code. Exit codes: 0 no error-level
 * findings, 1 error-level findings (or more warnings than --max-warnings), 2 usage or fatal
 * error (one line on stderr, a stack trace only with --debug).
 */
import { parseAsteriskVersionArg, VALID_MAJORS_TEXT } from "../asterisk/schema.js";
import * as nodeFs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import type { Finding, Severity } from "../core/types.js";
import { getFormatter, FORMAT_NAMES } from "../formatters/index.js";
import { escapeControl, escapeInline } from "../formatters/types.js";
import { FatalError, lint, type LintOptions } from "../lint.js";
import { runFixCommand, type FixOutcome } from "./fix.js";
import { MAX_FILE_BYTES, nodeBackend, type FsBackend, type HostBackend } from "../io/fs.js";
import { writeFileAtomic, WriteFileError, type WriteFs } from "../io/write-file.js";
import { ALL_RULES } from "../rules/index.js";
import type { RuleMeta } from "../core/rule-meta.js";
import { HELP, parseCli, UsageError, type CliOptions } from "./options.js";
import { ConfigError, didYouMean, resolveConfig } from "../astlintrc/config-file.js";
import { DIRECTIVE_RULES } from "../astlintrc/suppressions.js";
import { PROJECT_URL, ruleDocsUrl } from "../core/project.js";
import { DATA_NEWEST_VERSION, OLDEST_SUPPORTED_VERSION } from "../values/directive-table.js";
import { checkExposureFormat, parseThreshold, renderExposure } from "./exposure.js";

declare const __ASTLINT_VERSION__: string | undefined;

export interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  isTTY: boolean;
  env: Record<string, string | undefined>;
  cwd: string;
  /** Reads all of standard input (for `-`). */
  readStdin?: () => Uint8Array;
  /**
   * What everything linted is read through: a backend of its own (tests inject failures), or how
   * the host is opened (default: confined, see src/io/fs.ts `HostBackend`).
   */
  fsBackend?: FsBackend | HostBackend;
  /** File-system functions `-o` writes with (tests inject a full disk; default: node:fs). */
  writeFs?: WriteFs;
  /** Writes bytes to standard output (`--fix -` prints the fixed file exactly; default: stdout as text). */
  stdoutBytes?: (b: Uint8Array) => void;
  /** Tests: a --root tree stands for this host (drop-in fixes, reload hints). */
  assumeHost?: boolean;
}

/** Where `-` (standard input) appears to live; only the injected backend knows it. */
const STDIN_DIR = "/astlint-stdin";

/** A backend that serves one file (standard input) at STDIN_DIR/NAME, and the host otherwise. */
function stdinBackend(name: string, bytes: Uint8Array): FsBackend {
  const file = `${STDIN_DIR}/${name}`;
  const missing = () => Object.assign(new Error("ENOENT"), { code: "ENOENT" });
  return {
    lstat(p) {
      if (p === file) return { kind: "file", size: bytes.length };
      if (p === STDIN_DIR || p === "/") return { kind: "dir", size: 0 };
      if (p.startsWith(STDIN_DIR + "/")) throw missing();
      return nodeBackend.lstat(p);
    },
    readlink: (p) => nodeBackend.readlink(p),
    readdir(p) {
      if (p === STDIN_DIR) return [name];
      return nodeBackend.readdir(p);
    },
    readFile(p, max) {
      if (p === file) return bytes.subarray(0, max);
      return nodeBackend.readFile(p, max);
    },
  };
}

/**
 * Reads standard input, stopping after `max` bytes (`- < /dev/zero` must not grow forever):
 * MAX_FILE_BYTES + 1 bytes are enough to report the input as too large, as for any file.
 */
export function readStdinCapped(max: number, fd = 0): Uint8Array {
  const chunks: Buffer[] = [];
  let total = 0;
  while (total < max) {
    const buf = Buffer.allocUnsafe(Math.min(65536, max - total));
    let n: number;
    try {
      n = nodeFs.readSync(fd, buf, 0, buf.length, null);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === "EAGAIN") {
        // A non-blocking pipe or terminal with nothing yet: wait a little, without spinning.
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
        continue;
      }
      if (code === "EOF") break;
      throw e;
    }
    if (n === 0) break;
    chunks.push(buf.subarray(0, n));
    total += n;
  }
  return new Uint8Array(Buffer.concat(chunks, total));
}

/** The package root (dist/.. when bundled, src/cli/../.. in tests). */
function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++) {
    // dist/package.json only marks dist/cli.js as CommonJS (scripts/build.mjs): not the root.
    if (nodeFs.existsSync(path.join(dir, "package.json")) && !nodeFs.existsSync(path.join(dir, "astlint.cjs"))) return dir;
    dir = path.dirname(dir);
  }
  return dir;
}

export function version(): string {
  if (typeof __ASTLINT_VERSION__ !== "undefined") return __ASTLINT_VERSION__;
  try {
    return JSON.parse(nodeFs.readFileSync(path.join(packageRoot(), "package.json"), "utf8")).version;
  } catch {
    return "0.0.0";
  }
}

/** Files embedded in the single executable (scripts/build-sea.mjs sets this before the bundle runs). */
interface EmbeddedAssets {
  get(name: string): string | undefined;
}

function ruleDocs(id: string): string | undefined {
  const embedded = (globalThis as { __astlintAssets?: EmbeddedAssets }).__astlintAssets;
  if (embedded) return embedded.get(`docs/rules/${id}.md`);
  try {
    return nodeFs.readFileSync(path.join(packageRoot(), "docs", "rules", `${id}.md`), "utf8");
  } catch {
    return undefined;
  }
}

const SEVERITIES = new Set(["off", "info", "warning", "error"]);

export function useColor(opts: Pick<CliOptions, "color" | "outputFile">, io: Pick<Io, "env" | "isTTY">): boolean {
  if (opts.color !== undefined) return opts.color;
  const force = io.env.FORCE_COLOR;
  if (force !== undefined && force !== "0" && force !== "false") return true;
  if (io.env.NO_COLOR) return false;
  // A dumb terminal shows escape sequences as text.
  if (io.env.TERM === "dumb") return false;
  return io.isTTY && !opts.outputFile;
}

/** Every rule astlint can report: the registry, the directive rules and internal-error. */
export function allRuleMetas(): RuleMeta[] {
  return [
    ...ALL_RULES.map((r) => r.meta),
    ...DIRECTIVE_RULES,
    { id: "internal-error", severity: "error" as const, description: "A rule crashed (a bug in astlint); the other rules still ran. Cannot be configured." },
  ].sort((a, b) => a.id.localeCompare(b.id));
}

function listRules(json: boolean): string {
  const metas = allRuleMetas();
  if (json) {
    const rows = metas.map((m) => ({
      id: m.id,
      severity: m.severity,
      description: m.description,
      ...(m.defaultOff ? { defaultOff: true } : {}),
      security: m.security ?? false,
      url: ruleDocsUrl(m.id, version()),
      references: m.references ?? [],
      fixable: m.fixable ?? null,
    }));
    return JSON.stringify(rows, null, 2) + "\n";
  }
  const w = Math.max(...metas.map((r) => r.id.length));
  // The fix column: "fix" (safe fixes), "unsafe" (only unsafe ones), blank (none).
  const fixCol = (m: RuleMeta) => (m.fixable === "safe" ? "fix" : m.fixable === "unsafe" ? "unsafe" : "").padEnd(6);
  return metas.map((r) => `${r.id.padEnd(w)}  ${r.severity.padEnd(7)}  ${fixCol(r)}  ${r.description}${r.defaultOff ? " (off by default)" : ""}`).join("\n") + "\n";
}

export async function main(argv: string[], io: Io): Promise<number> {
  let opts: CliOptions | undefined;
  try {
    opts = parseCli(argv);
    if (opts.help) {
      io.stdout(HELP);
      return 0;
    }
    if (opts.version) {
      io.stdout(version() + "\n");
      return 0;
    }
    if (opts.listRules) {
      io.stdout(listRules(opts.format === "json"));
      return 0;
    }
    if (opts.explain !== undefined) {
      // Every id a finding can carry: the rules, the suppression-comment rules, internal-error.
      const metas = allRuleMetas();
      const meta = metas.find((m) => m.id === opts!.explain);
      if (!meta) throw new UsageError(`--explain: unknown rule '${opts.explain}'${didYouMean(opts.explain, metas.map((m) => m.id))} (see --list-rules)`);
      io.stdout(ruleDocs(meta.id) ?? `${meta.id} (${meta.severity}): ${meta.description}\n`);
      return 0;
    }
    if (!FORMAT_NAMES.includes(opts.format)) {
      throw new UsageError(`unknown format '${opts.format}'; valid formats: ${FORMAT_NAMES.join(", ")}`);
    }
    const exposureThreshold = parseThreshold(opts.exposureThreshold);
    if (opts.exposure) checkExposureFormat(opts.format);
    else if (exposureThreshold !== undefined || opts.securityPolicy !== undefined) throw new UsageError("--exposure-threshold and --security-policy need --exposure");
    const known = [...ALL_RULES.map((r) => r.meta.id), ...DIRECTIVE_RULES.map((r) => r.id)];
    const loaded = resolveConfig({ cwd: io.cwd, configFile: opts.config, knownRuleIds: known });
    const cfg = loaded?.config ?? {};
    const ruleSeverities: Record<string, Severity | "off"> = { ...(cfg.rules ?? {}) };
    for (const spec of opts.rules) {
      const m = /^([a-z0-9-]+)=(\w+)$/.exec(spec);
      if (!m || !SEVERITIES.has(m[2])) throw new UsageError(`--rule expects ID=off|info|warning|error, got '${spec}'`);
      if (m[1] === "internal-error") throw new UsageError(`--rule: internal-error cannot be configured`);
      if (!known.includes(m[1])) throw new UsageError(`--rule: unknown rule '${m[1]}'${didYouMean(m[1], known)} (see --list-rules)`);
      ruleSeverities[m[1]] = m[2] as Severity | "off";
    }
    // "exposureThreshold" in the config turns service-exposure on (unless "rules" says otherwise).
    if (cfg.exposureThreshold !== undefined && ruleSeverities["service-exposure"] === undefined) ruleSeverities["service-exposure"] = "warning";
    const systemdVersion = opts.systemdVersion ?? cfg.systemdVersion;
    if (systemdVersion !== undefined && (systemdVersion < OLDEST_SUPPORTED_VERSION || systemdVersion > DATA_NEWEST_VERSION)) {
      throw new UsageError(
        `systemd version ${systemdVersion}: supported versions are ${OLDEST_SUPPORTED_VERSION} to ${DATA_NEWEST_VERSION} (the newest the directive data describes)`,
      );
    }
    let asteriskVersion = cfg.asteriskVersion;
    if (opts.asteriskVersion !== undefined) {
      const major = parseAsteriskVersionArg(opts.asteriskVersion);
      if (major === null) throw new UsageError(`--asterisk-version: '${opts.asteriskVersion}' is not a version astlint has tables for; valid majors: ${VALID_MAJORS_TEXT} (N.x.y is reduced to N)`);
      asteriskVersion = major;
    }
    const effective = {
      configFile: loaded?.path ?? null,
      rules: ruleSeverities,
      ignore: cfg.ignore ?? [],
      asteriskConfig: opts.asteriskConfig ?? cfg.asteriskConfig ?? null,
      asteriskRundirDefault: opts.asteriskRundirDefault ?? cfg.asteriskRundirDefault ?? "/var/run/asterisk",
      systemdVersion: systemdVersion ?? null,
      asteriskVersion: asteriskVersion ?? null,
      firewall: [...(cfg.firewall ?? []), ...opts.firewall],
      exposureThreshold: cfg.exposureThreshold ?? null,
    };
    if (opts.printConfig) {
      io.stdout(JSON.stringify(effective, null, 2) + "\n");
      return 0;
    }

    if (opts.context !== undefined && opts.root !== undefined) {
      throw new UsageError("--context cannot be combined with --root (with --root, PATHs already restrict the report)");
    }
    let paths = opts.paths;
    let fsBackend: FsBackend | HostBackend | undefined = io.fsBackend;
    let stdinName: string | undefined;
    let stdinBytes: Uint8Array = new Uint8Array(0);
    if (paths.includes("-")) {
      if (paths.length > 1) throw new UsageError("- (standard input) cannot be combined with other paths");
      if (opts.root) throw new UsageError("- (standard input) cannot be combined with --root");
      stdinName = opts.stdinFilename ?? "stdin.service";
      if (stdinName.includes("/")) stdinName = path.basename(stdinName);
      const bytes = io.readStdin ? io.readStdin() : readStdinCapped(MAX_FILE_BYTES + 1);
      stdinBytes = bytes;
      fsBackend = stdinBackend(stdinName, bytes);
      paths = [`${STDIN_DIR}/${stdinName}`];
    }
    const lintOptions: LintOptions = {
      fsBackend,
      paths,
      root: opts.root,
      context: opts.context,
      errorOnUnmatchedPattern: opts.errorOnUnmatchedPattern,
      stdinInput: stdinName !== undefined,
      asteriskConfig: effective.asteriskConfig ?? undefined,
      asteriskRundirDefault: opts.asteriskRundirDefault ?? cfg.asteriskRundirDefault,
      systemdVersion,
      asteriskVersion,
      allUnits: opts.allUnits,
      firewall: effective.firewall,
      ruleSeverities,
      verbose: opts.verbose,
      cwd: io.cwd,
      ignore: loaded && cfg.ignore ? { patterns: cfg.ignore, base: loaded.dir } : undefined,
      forceExclude: opts.forceExclude,
      reportUnusedDisableDirectives: opts.reportUnusedDisableDirectives,
      fixVendor: opts.fixVendor,
      assumeHost: io.assumeHost,
      exposureThreshold: cfg.exposureThreshold,
      needs: opts.exposure ? ["host-reachability"] : undefined,
    };
    let fixing: FixOutcome | undefined;
    if (opts.fix || opts.diff) {
      fixing = await runFixCommand(opts, lintOptions, io, stdinName ? { path: `${STDIN_DIR}/${stdinName}`, shown: opts.stdinFilename ?? stdinName } : undefined);
      if (fixing.exit !== undefined) return fixing.exit;
    }
    const result = fixing ? fixing.result : await lint(lintOptions);
    // Debug lines may hold stack traces (line breaks kept) and file names (controls shown).
    if (opts.debug) for (const d of result.debug) io.stderr(`debug: ${escapeControl(d)}\n`);
    for (const n of result.notices) io.stderr(`astlint: ${escapeInline(n)}\n`);
    const lintedFiles = result.files;
    let rename = (f: string) => f;
    if (stdinName) {
      // Findings name the file as --stdin-filename gave it.
      const shown = opts.stdinFilename ?? stdinName;
      rename = (f: string) => (f.startsWith(STDIN_DIR + "/") ? shown : f);
      const internal = `${STDIN_DIR}/${stdinName}`;
      const text = (t: string) => t.split(internal).join(shown);
      result.findings = result.findings.map((f) => ({
        ...f,
        file: rename(f.file),
        message: text(f.message),
        notes: f.notes?.map(text),
        help: f.help === undefined || f.help === null ? f.help : text(f.help),
        related: f.related.map((r) => ({ ...r, file: rename(r.file), message: r.message === undefined ? r.message : text(r.message) })),
        ...(f.fix ? { fix: { ...f.fix, edits: f.fix.edits.map((e) => ({ ...e, file: rename(e.file) })) } } : {}),
        ...(f.suggestions ? { suggestions: f.suggestions.map((x) => ({ ...x, edits: x.edits.map((e) => ({ ...e, file: rename(e.file) })) })) } : {}),
      }));
      result.files = result.files.map(rename);
    }
    let findings: Finding[] = result.findings;
    if (opts.quiet) findings = findings.filter((f) => f.severity === "error");

    const rules = new Map<string, RuleMeta & { docsMarkdown?: string }>();
    for (const r of [...ALL_RULES.map((x) => x.meta), ...DIRECTIVE_RULES]) {
      const meta = "meta" in r ? (r as { meta: RuleMeta }).meta : r;
      if (!findings.some((f) => f.ruleId === meta.id)) continue;
      rules.set(meta.id, { ...meta, docsMarkdown: opts.format === "sarif" ? ruleDocs(meta.id) : undefined });
    }
    const formatter = await getFormatter(opts.format);
    const text = formatter(findings, {
      cwd: io.cwd,
      version: version(),
      systemdVersion: { version: result.systemdVersion, source: result.systemdVersionSource },
      ...(result.model.asteriskObjects.length > 0 ? { asteriskVersion: { version: result.asteriskVersion, source: result.asteriskVersionSource } } : {}),
      rules,
      files: result.files,
      color: useColor(opts, io),
      homepage: PROJECT_URL,
      env: io.env,
    });
    let out = text;
    let exposureAbove = false;
    if (opts.exposure) {
      const ex = await renderExposure(result, opts.format === "json" ? text : null, {
        format: opts.format, threshold: exposureThreshold, policyFile: opts.securityPolicy, paths, root: opts.root, verbose: opts.verbose, color: useColor(opts, io), cwd: io.cwd,
        files: lintedFiles, rename, fsBackend,
      }, (w) => io.stderr(`astlint: ${escapeInline(w)}\n`));
      out = opts.format === "json" ? ex.text : `${text}\n${ex.text}`;
      exposureAbove = ex.above;
    }
    if (opts.outputFile) {
      // Never over a file just linted, a symlink or a hard link; atomically (src/io/write-file.ts).
      const inputs = [...result.readFiles, ...paths, ...effective.firewall.flatMap((f) => [f, f.replace(/^[a-z]+:/, "")])];
      if (loaded?.path) inputs.push(loaded.path);
      if (effective.asteriskConfig) inputs.push(effective.asteriskConfig);
      if (opts.securityPolicy) inputs.push(opts.securityPolicy);
      writeFileAtomic(opts.outputFile, out, { cwd: io.cwd, refuse: inputs, fs: io.writeFs });
    } else if (fixing && stdinName) io.stderr(out); // standard output carries the fixed text
    else io.stdout(out);
    if (fixing) {
      if (stdinName) {
        // Unchanged input goes out byte for byte (even when it is not valid UTF-8).
        const fixed = fixing.stdinText !== undefined ? new TextEncoder().encode(fixing.stdinText) : stdinBytes;
        if (io.stdoutBytes) io.stdoutBytes(fixed);
        else io.stdout(new TextDecoder().decode(fixed));
      }
      for (const line of fixing.after) io.stderr(`astlint: ${escapeInline(line)}\n`);
      for (const line of fixing.failures) io.stderr(`astlint: ${escapeInline(line)}\n`);
      if (fixing.failures.length > 0) return 2;
    }
    if (exposureAbove) {
      io.stderr(`astlint: a service's exposure is above --exposure-threshold ${exposureThreshold!.toFixed(1)}\n`);
      return 1;
    }

    const errors = result.findings.filter((f) => f.severity === "error").length;
    const warnings = result.findings.filter((f) => f.severity === "warning").length;
    if (errors > 0) return 1;
    if (opts.maxWarnings !== undefined && warnings > opts.maxWarnings) {
      io.stderr(`astlint: ${warnings} ${warnings === 1 ? "warning exceeds" : "warnings exceed"} --max-warnings ${opts.maxWarnings}\n`);
      return 1;
    }
    return 0;
  } catch (e) {
    const err = e as Error;
    if (e instanceof UsageError || e instanceof FatalError || e instanceof ConfigError || e instanceof WriteFileError) {
      // Standard input is linted as STDIN_DIR/NAME: the user knows it as NAME.
      io.stderr(`astlint: ${escapeInline(err.message.split(`${STDIN_DIR}/`).join(""))}\n`);
      if (e instanceof UsageError) io.stderr(`Run 'astlint --help' for usage.\n`);
      // A usage or fatal error is the user's to fix: --debug lists what was skipped, never a stack trace.
      if (opts?.debug && e instanceof FatalError) for (const d of e.debug) io.stderr(`debug: ${escapeControl(d)}\n`);
    } else {
      io.stderr(`astlint: fatal: ${err?.message ?? String(e)}\n`);
      if (opts?.debug && err?.stack) io.stderr(err.stack + "\n");
    }
    return 2;
  }
}
