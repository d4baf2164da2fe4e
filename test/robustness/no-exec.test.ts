/**
 * Nothing executed, nothing written.
 *
 * - No module under src/ can start a process: no `child_process` (or `node:child_process`),
 *   `worker_threads` or `cluster` import, require() or dynamic import(), no such module name in
 *   any string, no `process.binding` / `process._linkedBinding` / `process.dlopen`. The runtime
 *   dependencies do not reference those modules either.
 * - Linting a tree whose units run `/bin/touch PWNED-…` in every Exec*= (and whose Asterisk
 *   configs have `#exec /bin/touch …` with execincludes on, and whose "asterisk" binary is a
 *   shell script) creates no file.
 * - Nothing is written in the linted tree, in the working directory or anywhere else, except
 *   the `-o FILE` given: every file-system call that writes is recorded through a mocked
 *   `node:fs` (src/ is imported after the mock), and the tree and cwd are snapshotted.
 */
import { afterAll, beforeAll, describe, expect, jest, test } from "@jest/globals";
import * as realFs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const SPAWNING_MODULES = /^(node:)?(child_process|worker_threads|cluster)$/;

// ---------------------------------------------------------------------------------------------
// Static: nothing under src/ can spawn
// ---------------------------------------------------------------------------------------------

function sourceFiles(dir: string): string[] {
  return realFs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? sourceFiles(path.join(dir, e.name)) : /\.(ts|js|mjs|cjs)$/.test(e.name) ? [path.join(dir, e.name)] : []));
}

/** Every place in a source file that names a spawning module or reaches for a process binding. */
function spawnReferences(file: string): string[] {
  const text = realFs.readFileSync(file, "utf8");
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  const out: string[] = [];
  const where = (n: ts.Node) => `${path.relative(REPO, file)}:${sf.getLineAndCharacterOfPosition(n.getStart()).line + 1}`;
  const visit = (n: ts.Node) => {
    // import/export ... from "child_process", import("…"), require("…"), and the name in any string.
    if ((ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) && SPAWNING_MODULES.test(n.text)) out.push(`${where(n)}: "${n.text}"`);
    if (ts.isStringLiteral(n) && /child_process|worker_threads/.test(n.text) && !SPAWNING_MODULES.test(n.text)) out.push(`${where(n)}: "${n.text}"`);
    if (ts.isPropertyAccessExpression(n) && n.expression.getText() === "process" && ["binding", "_linkedBinding", "dlopen"].includes(n.name.text)) {
      out.push(`${where(n)}: process.${n.name.text}`);
    }
    if (ts.isElementAccessExpression(n) && n.expression.getText() === "process") out.push(`${where(n)}: process[...]`);
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

describe("src/ cannot start a process", () => {
  test("no child_process, worker_threads, cluster or process bindings anywhere in src/", () => {
    const files = sourceFiles(path.join(REPO, "src"));
    expect(files.length).toBeGreaterThan(20);
    expect(files.flatMap(spawnReferences)).toEqual([]);
  });

  test("the check catches every form", () => {
    const dir = realFs.mkdtempSync(path.join(os.tmpdir(), "astlint-noexec-"));
    try {
      const samples = [
        'import { spawn } from "child_process";',
        'import * as cp from "node:child_process";',
        'export { execSync } from "node:child_process";',
        'const cp = await import("node:child_process");',
        'const cp = require("child_process");',
        'import { Worker } from "node:worker_threads";',
        'import cluster from "cluster";',
        'const b = process.binding("spawn_sync");',
        'const b = process["binding"]("spawn_sync");',
      ];
      samples.forEach((s, i) => realFs.writeFileSync(path.join(dir, `s${i}.ts`), s + "\n"));
      realFs.writeFileSync(path.join(dir, "ok.ts"), '// child_process is not used here\nimport * as fs from "node:fs";\n');
      const hits = sourceFiles(dir).map((f) => [path.basename(f), spawnReferences(f).length] as const);
      expect(Object.fromEntries(hits)).toEqual({ ...Object.fromEntries(samples.map((_, i) => [`s${i}.ts`, 1])), "ok.ts": 0 });
    } finally {
      realFs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test("the bundled libraries do not load a spawning module either (the bundle is what runs)", () => {
    // chevrotain, chalk and picomatch are bundled into dist/astlint.cjs (no runtime
    // dependencies are installed): every module the bundle can load is a require() in it.
    const bundle = realFs.readFileSync(path.join(REPO, "dist/astlint.cjs"), "utf8");
    const required = [...bundle.matchAll(/\brequire\(["']([^"']+)["']\)/g)].map((m) => m[1]!);
    expect(required.length).toBeGreaterThan(0);
    expect(required.filter((r) => /^(node:)?(child_process|worker_threads|cluster)$/.test(r))).toEqual([]);
    expect(bundle).not.toMatch(/["'](node:)?(child_process|worker_threads|cluster)["']/);
  });
});

// ---------------------------------------------------------------------------------------------
// Dynamic: a tree full of commands, linted with every write recorded
// ---------------------------------------------------------------------------------------------

interface WriteCall {
  fn: string;
  target: string;
}
const writes: WriteCall[] = [];
const WRITE_FUNCTIONS = [
  "writeFileSync", "writeFile", "appendFileSync", "appendFile", "createWriteStream", "mkdirSync", "mkdir", "mkdtempSync", "mkdtemp",
  "renameSync", "rename", "copyFileSync", "copyFile", "cpSync", "cp", "symlinkSync", "symlink", "linkSync", "link", "unlinkSync",
  "unlink", "rmSync", "rm", "rmdirSync", "rmdir", "truncateSync", "truncate", "chmodSync", "chmod", "chownSync", "chown",
  "lchownSync", "lchown", "utimesSync", "utimes", "lutimesSync", "lutimes", "futimesSync", "futimes", "fchmodSync", "fchownSync",
  "ftruncateSync", "writeSync", "write", "writevSync", "writev",
];
const O_WRITE = realFs.constants.O_WRONLY | realFs.constants.O_RDWR | realFs.constants.O_CREAT | realFs.constants.O_TRUNC | realFs.constants.O_APPEND;

function isWriteFlag(flags: unknown): boolean {
  if (typeof flags === "number") return (flags & O_WRITE) !== 0;
  if (typeof flags === "string") return /[wa+]/.test(flags);
  return false;
}

function recorded(real: Record<string, unknown>, prefix = ""): Record<string, unknown> {
  const out: Record<string, unknown> = { ...real };
  for (const name of WRITE_FUNCTIONS) {
    const f = real[name];
    if (typeof f !== "function") continue;
    out[name] = (...args: unknown[]) => {
      writes.push({ fn: prefix + name, target: /^rename/.test(name) ? `${String(args[0])} -> ${String(args[1])}` : String(args[0]) });
      return (f as (...a: unknown[]) => unknown)(...args);
    };
  }
  for (const name of ["openSync", "open"]) {
    const f = real[name];
    if (typeof f !== "function") continue;
    out[name] = (...args: unknown[]) => {
      if (isWriteFlag(args[1])) writes.push({ fn: prefix + name, target: String(args[0]) });
      return (f as (...a: unknown[]) => unknown)(...args);
    };
  }
  return out;
}

jest.unstable_mockModule("node:fs", () => {
  const mocked = recorded(realFs as unknown as Record<string, unknown>);
  mocked.promises = recorded(realFs.promises as unknown as Record<string, unknown>, "promises.");
  return { ...mocked, default: mocked };
});
jest.unstable_mockModule("node:fs/promises", () => {
  const mocked = recorded(realFs.promises as unknown as Record<string, unknown>, "promises.");
  return { ...mocked, default: mocked };
});
// Should anything still reach for child_process, it fails loudly instead of running.
jest.unstable_mockModule("node:child_process", () => {
  const refuse = () => {
    throw new Error("astlint must never start a process");
  };
  const m = { spawn: refuse, spawnSync: refuse, exec: refuse, execSync: refuse, execFile: refuse, execFileSync: refuse, fork: refuse };
  return { ...m, default: m };
});

const RANDOM = `${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
let tmp: string;
let root: string;
let cwd: string;
let pwnedInTmp: string;
let pwnedInTree: string;

/** Every path that `touch` in the tree would create. */
function pwnedPaths(): string[] {
  const out: string[] = [];
  for (const base of [pwnedInTmp, pwnedInTree]) for (const s of ["pre", "start", "post", "sh", "reload", "stop", "stoppost", "cond", "exec", "exec2", "bin", "env"]) out.push(`${base}-${s}`);
  return out;
}

/** Names, kinds, sizes and mtimes of everything under `dir` (symlinks not followed). */
function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const e of realFs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      const st = realFs.lstatSync(p);
      out.set(path.relative(dir, p), `${st.mode.toString(8)} ${st.size} ${st.mtimeMs}`);
      if (e.isDirectory()) walk(p);
    }
  };
  walk(dir);
  return out;
}

function diff(before: Map<string, string>, after: Map<string, string>): string[] {
  const out: string[] = [];
  for (const [k, v] of after) if (before.get(k) !== v) out.push(before.has(k) ? `changed ${k}` : `new ${k}`);
  for (const k of before.keys()) if (!after.has(k)) out.push(`removed ${k}`);
  return out.sort();
}

beforeAll(() => {
  tmp = realFs.mkdtempSync(path.join(os.tmpdir(), "astlint-noexec-"));
  root = path.join(tmp, "root");
  cwd = path.join(tmp, "cwd");
  realFs.mkdirSync(cwd, { recursive: true });
  pwnedInTmp = path.join(os.tmpdir(), `PWNED-${RANDOM}`);
  pwnedInTree = path.join(root, `PWNED-${RANDOM}`);
  const w = (rel: string, text: string, mode = 0o644) => {
    const p = path.join(root, rel);
    realFs.mkdirSync(path.dirname(p), { recursive: true });
    realFs.writeFileSync(p, text, { mode });
  };
  for (const [name, base] of [
    ["pwn-tmp", pwnedInTmp],
    ["pwn-tree", pwnedInTree],
  ] as const) {
    w(
      `etc/systemd/system/${name}.service`,
      [
        "[Unit]",
        `Description=runs touch everywhere`,
        "[Service]",
        "Type=notify",
        `EnvironmentFile=-/etc/default/${name}`,
        `ExecCondition=/bin/touch ${base}-cond`,
        `ExecStartPre=/bin/touch ${base}-pre`,
        `ExecStart=/bin/touch ${base}-start ; /bin/touch ${base}-start`,
        `ExecStartPost=/bin/sh -c "touch ${base}-sh; touch $(echo ${base}-sh)"`,
        `ExecReload=/bin/touch ${base}-reload`,
        `ExecStop=/bin/touch ${base}-stop`,
        `ExecStopPost=-/bin/touch ${base}-stoppost`,
        "[Install]",
        "WantedBy=multi-user.target",
        "",
      ].join("\n"),
    );
    w(`etc/default/${name}`, `X=$(touch ${base}-env)\nY=\`touch ${base}-env\`\n`);
    w(`etc/systemd/system/${name}.socket`, "[Socket]\nListenStream=127.0.0.1:5038\n");
  }
  // An Asterisk service (so its configs are read), #exec allowed everywhere, and a fake binary.
  w("etc/systemd/system/asterisk.service", `[Service]\nExecStartPre=/bin/touch ${pwnedInTmp}-pre\nExecStart=/usr/sbin/asterisk -f -X -C /etc/asterisk/asterisk.conf\n`);
  w("etc/systemd/system/asterisk.socket", "[Socket]\nListenStream=/run/asterisk/asterisk.ctl\nService=asterisk.service\n");
  w("usr/sbin/asterisk", `#!/bin/sh\ntouch ${pwnedInTmp}-bin ${pwnedInTree}-bin\n`, 0o755);
  w("etc/asterisk/asterisk.conf", `[options]\nexecincludes = yes\n#exec /bin/touch ${pwnedInTmp}-exec\n#exec /bin/touch ${pwnedInTree}-exec\n`);
  w("etc/asterisk/manager.conf", `[general]\nenabled = yes\nbindaddr = 127.0.0.1\n#exec "/bin/touch ${pwnedInTmp}-exec2"\n#exec </bin/sh -c 'touch ${pwnedInTree}-exec2'>\n`);
  w("etc/asterisk/http.conf", `[general]\nenabled = yes\n#exec /bin/touch ${pwnedInTmp}-exec2\n`);
});

afterAll(() => {
  realFs.rmSync(tmp, { recursive: true, force: true });
  for (const p of pwnedPaths()) realFs.rmSync(p, { force: true });
});

describe("linting commands does not run them and writes nothing", () => {
  test("lint() in root mode and repository mode: no process, no file", async () => {
    const { lint } = await import("../../src/lint.js");
    const before = snapshot(root);
    writes.length = 0;
    const asRoot = await lint({ paths: [], root, cwd });
    const asRepo = await lint({ paths: [path.join(root, "etc")], cwd });
    // The commands were seen (as data): the #exec lines are reported.
    expect(asRoot.findings.some((f) => f.ruleId === "exec-include")).toBe(true);
    expect(asRoot.model.asterisk.length).toBe(1);
    expect(asRepo.findings.length).toBeGreaterThan(0);
    expect(pwnedPaths().filter((p) => realFs.existsSync(p))).toEqual([]);
    expect(writes).toEqual([]);
    expect(diff(before, snapshot(root))).toEqual([]);
  }, 60_000);

  test("the CLI writes only the -o file, and nothing without -o", async () => {
    const { main } = await import("../../src/cli/main.js");
    const io = (out: string[]) => ({ stdout: (s: string) => void out.push(s), stderr: () => {}, isTTY: false, env: {}, cwd });
    const beforeTree = snapshot(root);
    const beforeCwd = snapshot(cwd);

    writes.length = 0;
    const out: string[] = [];
    const code = await main(["--root", root, "--format", "json"], io(out));
    expect([0, 1]).toContain(code);
    expect(JSON.parse(out.join("")).findings.length).toBeGreaterThan(0);
    expect(writes).toEqual([]);
    expect(diff(beforeCwd, snapshot(cwd))).toEqual([]);

    writes.length = 0;
    const quiet: string[] = [];
    expect(await main(["--root", root, "--format", "sarif", "-o", "report.sarif"], io(quiet))).toBe(code);
    expect(quiet.join("")).toBe("");
    // The report goes to a temporary file next to it (src/io/write-file.ts), renamed into place.
    const temp = writes[0]?.target ?? "";
    expect(path.dirname(temp)).toBe(cwd);
    expect(path.basename(temp)).toMatch(/^\.astlint-[A-Za-z0-9_-]{6}$/);
    const fd = writes[1]?.target;
    expect(writes).toEqual([
      { fn: "openSync", target: temp },
      { fn: "writeSync", target: fd },
      { fn: "fchmodSync", target: fd },
      { fn: "renameSync", target: `${temp} -> ${path.join(cwd, "report.sarif")}` },
    ]);
    expect(diff(beforeCwd, snapshot(cwd))).toEqual(["new report.sarif"]);
    expect(JSON.parse(realFs.readFileSync(path.join(cwd, "report.sarif"), "utf8")).version).toBe("2.1.0");

    expect(diff(beforeTree, snapshot(root))).toEqual([]);
    expect(pwnedPaths().filter((p) => realFs.existsSync(p))).toEqual([]);
  }, 60_000);
});
