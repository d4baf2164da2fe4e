/**
 * Tests of the Asterisk config loader (src/asterisk/config-loader.ts): includes, globs, depth,
 * sections, templates, inheritance, `(+)`, `+=`, repository mode (Asterisk
 * main/config.c at 22.x). Every tree is built in a temp dir used as a RootFs root.
 */
import { afterAll, describe, expect, test } from "@jest/globals";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { MAX_INCLUDE_DEPTH, loadAsteriskConfig } from "../../src/asterisk/config-loader.js";
import { MAX_GLOB_MATCHES, expandInclude } from "../../src/io/glob.js";
import type { AsteriskConfig, LoadOptions } from "../../src/asterisk/config-loader.js";
import { RootFs, nodeBackend } from "../../src/io/fs.js";
import type { AstConfigAST } from "../../src/parser/asterisk-ast.js";
import { cpuNow } from "../cost.js";
import { CORPUS, describeCorpus } from "../corpus.js";

const tmpDirs: string[] = [];
afterAll(() => {
  for (const d of tmpDirs) fs.rmSync(d, { recursive: true, force: true });
});

/** A fresh root holding `files` (path inside the root → content). */
function tree(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "astlint-astcfg-"));
  tmpDirs.push(root);
  for (const [p, content] of Object.entries(files)) {
    const host = path.join(root, p);
    fs.mkdirSync(path.dirname(host), { recursive: true });
    fs.writeFileSync(host, content);
  }
  return root;
}

const ETC = "/etc/asterisk";

function load(root: string, file = `${ETC}/manager.conf`, extra: Partial<LoadOptions> = {}): AsteriskConfig {
  return loadAsteriskConfig(new RootFs(root), file, { etcDir: ETC, mode: "root", display: (p) => p, ...extra });
}

/** `section: key=value@file:line` for every variable, in order. */
function dump(c: AsteriskConfig): string[] {
  const out: string[] = [];
  for (const s of c.sections) {
    for (const v of s.vars) out.push(`${s.name}${s.template ? "(!)" : ""}: ${v.key}=${v.value}@${v.loc.file}:${v.loc.line}`);
  }
  return out;
}

describe("includes", () => {
  test("relative #include resolves against etcDir, not the including file's directory", () => {
    const root = tree({
      "opt/conf/manager.conf": "[general]\n#include sub/a.conf\n",
      "etc/asterisk/sub/a.conf": "a=1\n#include b.conf\n",
      "etc/asterisk/b.conf": "b=etc\n",
      "etc/asterisk/sub/b.conf": "b=sub\n",
      "opt/conf/sub/a.conf": "a=wrong\n",
    });
    const c = load(root, "/opt/conf/manager.conf");
    expect(c.invalid).toBeNull();
    expect(dump(c)).toEqual(["general: a=1@/etc/asterisk/sub/a.conf:1", "general: b=etc@/etc/asterisk/b.conf:1"]);
    expect(c.files.map((f) => f.path)).toEqual(["/opt/conf/manager.conf", "/etc/asterisk/sub/a.conf", "/etc/asterisk/b.conf"]);
    expect(c.get("general", "B")).toMatchObject({ value: "etc", loc: { file: "/etc/asterisk/b.conf", line: 1, column: 1, endColumn: 6 } });
  });

  test("an absolute #include is read inside the root, never on the host", () => {
    const root = tree({
      "etc/asterisk/manager.conf": '[general]\n#include "/etc/hostname-like.conf"\n',
      "etc/hostname-like.conf": "port=1234\n",
    });
    const c = load(root);
    expect(c.get("general", "port")?.value).toBe("1234");
    expect(c.files[1]!.path).toBe("/etc/hostname-like.conf");
  });

  test("a symlinked include pointing to an absolute path resolves inside the root", () => {
    const root = tree({
      "etc/asterisk/manager.conf": "[general]\n#include link.conf\n",
      "srv/real/ami.conf": "bindaddr=10.0.0.1\n",
    });
    fs.symlinkSync("/srv/real/ami.conf", path.join(root, "etc/asterisk/link.conf"));
    const c = load(root);
    expect(c.invalid).toBeNull();
    expect(c.get("general", "bindaddr")).toMatchObject({ value: "10.0.0.1", loc: { file: "/etc/asterisk/link.conf", line: 1 } });
  });

  test("glob #include: matched inside the root, sorted, dot files and directories skipped", () => {
    const root = tree({
      "etc/asterisk/manager.conf": '[general]\n#include "manager.d/*.conf"\nafter=1\n',
      "etc/asterisk/manager.d/b.conf": "b=1\n",
      "etc/asterisk/manager.d/a.conf": "a=1\n",
      "etc/asterisk/manager.d/.hidden.conf": "hidden=1\n",
      "etc/asterisk/manager.d/c.txt": "c=1\n",
      "etc/asterisk/manager.d/dir.conf/x": "x\n",
      "etc/asterisk/manager.d/10.conf": "ten=1\n",
    });
    const c = load(root);
    expect(c.invalid).toBeNull();
    expect(dump(c).map((s) => s.split("@")[0])).toEqual(["general: ten=1", "general: a=1", "general: b=1", "general: after=1"]);
  });

  test("glob syntax: ?, [...], [!...], {a,b} (brace alternatives in order, each sorted)", () => {
    const root = tree({
      "etc/asterisk/x/a1.conf": "",
      "etc/asterisk/x/a2.conf": "",
      "etc/asterisk/x/b1.conf": "",
      "etc/asterisk/x/c1.conf": "",
      "etc/asterisk/y/z.conf": "",
    });
    const fsys = new RootFs(root);
    const paths = (p: string) => expandInclude(fsys, p).paths.map((x) => x.replace(`${ETC}/`, ""));
    expect(paths(`${ETC}/x/a?.conf`)).toEqual(["x/a1.conf", "x/a2.conf"]);
    expect(paths(`${ETC}/x/[ab]1.conf`)).toEqual(["x/a1.conf", "x/b1.conf"]);
    expect(paths(`${ETC}/x/[!a]1.conf`)).toEqual(["x/b1.conf", "x/c1.conf"]);
    expect(paths(`${ETC}/x/{c,a}*.conf`)).toEqual(["x/c1.conf", "x/a1.conf", "x/a2.conf"]);
    expect(paths(`${ETC}/{x,y}/[a-z]*.conf`)).toEqual(["x/a1.conf", "x/a2.conf", "x/b1.conf", "x/c1.conf", "y/z.conf"]);
    expect(paths(`${ETC}/*/z.conf`)).toEqual(["y/z.conf"]);
    expect(paths(`${ETC}/x/{a1,nope}.conf`)).toEqual(["x/a1.conf"]);
    expect(expandInclude(fsys, `${ETC}/x/*.none`)).toMatchObject({ paths: [], magic: true });
    expect(expandInclude(fsys, `${ETC}/plain.conf`)).toMatchObject({ paths: [`${ETC}/plain.conf`], magic: false });
  });

  test("a pathological pattern is matched in linear time (no regex backtracking)", () => {
    const root = tree({ [`etc/asterisk/d/${"a".repeat(200)}`]: "" });
    const t = cpuNow();
    expect(expandInclude(new RootFs(root), `${ETC}/d/*a*a*a*a*a*a*a*a*a*a*b`).paths).toEqual([]);
    expect(cpuNow() - t).toBeLessThan(1000);
  });

  test("#include of a missing file invalidates the including file", () => {
    const root = tree({ "etc/asterisk/manager.conf": "[general]\nenabled=yes\n#include manager_custom.conf\nport=1\n" });
    const c = load(root);
    expect(c.exists).toBe(true);
    expect(c.includeFailures).toEqual([
      { loc: { file: "/etc/asterisk/manager.conf", line: 3, column: 1, endLine: 3, endColumn: 29 }, target: "/etc/asterisk/manager_custom.conf", reason: "missing" },
    ]);
    expect(c.invalid?.loc).toEqual(c.includeFailures[0]!.loc);
    expect(c.invalid?.reason).toContain("/etc/asterisk/manager_custom.conf");
    // Asterisk stops reading the file at the error.
    expect(dump(c).map((s) => s.split("@")[0])).toEqual(["general: enabled=yes"]);
  });

  test("#include of a glob that matches nothing: empty-glob, invalid", () => {
    const root = tree({ "etc/asterisk/manager.conf": "[general]\n#include manager.d/*.conf\n", "etc/asterisk/manager.d/readme": "" });
    const c = load(root);
    expect(c.includeFailures.map((f) => [f.reason, f.target])).toEqual([["empty-glob", "/etc/asterisk/manager.d/*.conf"]]);
    expect(c.invalid).not.toBeNull();
  });

  test("#tryinclude tolerates a missing file and an empty glob", () => {
    const root = tree({ "etc/asterisk/manager.conf": "[general]\n#tryinclude nope.conf\n#tryinclude d/*.conf\nport=1\n" });
    const c = load(root);
    expect(c.invalid).toBeNull();
    expect(c.includeFailures).toEqual([]);
    expect(c.get("general", "port")?.value).toBe("1");
  });

  test("an invalid included file does not invalidate the includer; its own lines stop at the error", () => {
    const root = tree({
      "etc/asterisk/manager.conf": "[general]\n#include bad.conf\nport=2\n",
      "etc/asterisk/bad.conf": "a=1\n[broken\nb=2\n",
    });
    const c = load(root);
    expect(c.invalid).toBeNull();
    expect(dump(c).map((s) => s.split("@")[0])).toEqual(["general: a=1", "general: port=2"]);
    expect(c.files[1]!.ast.problems.map((p) => p.kind)).toEqual(["unclosed-bracket"]);
  });

  test("an invalid file stops the rest of its glob; a failing include inside an included file is recorded", () => {
    const root = tree({
      "etc/asterisk/manager.conf": "[general]\n#include d/*.conf\nz=1\n",
      "etc/asterisk/d/1.conf": "a=1\n",
      "etc/asterisk/d/2.conf": "b=1\n#include missing.conf\nb2=1\n",
      "etc/asterisk/d/3.conf": "c=1\n",
    });
    const c = load(root);
    expect(c.invalid).toBeNull();
    expect(dump(c).map((s) => s.split("@")[0])).toEqual(["general: a=1", "general: b=1", "general: z=1"]);
    expect(c.includeFailures).toEqual([
      { loc: expect.objectContaining({ file: "/etc/asterisk/d/2.conf", line: 2 }), target: "/etc/asterisk/missing.conf", reason: "missing" },
    ]);
  });

  test(`include depth: ${MAX_INCLUDE_DEPTH} nested includes work, the ${MAX_INCLUDE_DEPTH + 1}th fails with reason depth`, () => {
    const files: Record<string, string> = { "etc/asterisk/manager.conf": "[general]\n#include f1.conf\nmain=1\n" };
    for (let i = 1; i <= 11; i++) files[`etc/asterisk/f${i}.conf`] = `v${i}=1\n#include f${i + 1}.conf\n`;
    files["etc/asterisk/f12.conf"] = "v12=1\n";
    const c = load(tree(files));
    expect(c.invalid).toBeNull();
    expect(c.includeFailures).toEqual([{ loc: expect.objectContaining({ file: "/etc/asterisk/f10.conf", line: 2 }), target: "/etc/asterisk/f11.conf", reason: "depth" }]);
    expect(c.section("general")!.vars.map((v) => v.key)).toEqual(["v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9", "v10", "main"]);
  });

  test("an include cycle ends at the depth limit and is reported once", () => {
    const root = tree({
      "etc/asterisk/manager.conf": "[general]\n#include a.conf\nafter=1\n",
      "etc/asterisk/a.conf": "x=1\n#include b.conf\n",
      "etc/asterisk/b.conf": "y=1\n#include a.conf\n",
    });
    const c = load(root);
    expect(c.invalid).toBeNull();
    expect(c.includeFailures).toHaveLength(1);
    // a.conf is at depths 1,3,..,9 and b.conf at 2,..,10: b.conf's include of a.conf would be depth 11.
    expect(c.includeFailures[0]).toMatchObject({ reason: "depth", target: "/etc/asterisk/a.conf", loc: { file: "/etc/asterisk/b.conf", line: 2 } });
    expect(c.section("general")!.vars.filter((v) => v.key === "x")).toHaveLength(5);
    expect(c.get("general", "after")?.value).toBe("1");
    expect(c.files.map((f) => f.path)).toEqual(["/etc/asterisk/manager.conf", "/etc/asterisk/a.conf", "/etc/asterisk/b.conf"]);
  });

  test("a self-include fanning out stays bounded", () => {
    const root = tree({
      "etc/asterisk/manager.conf": "[general]\n#include a.conf\n",
      "etc/asterisk/a.conf": "#include a.conf\n".repeat(5) + "x=1\n",
    });
    const t = cpuNow();
    const c = load(root);
    expect(cpuNow() - t).toBeLessThan(20000);
    expect(c.invalid).toBeNull();
    // Reported once (the depth-10 copies fail on their first line and stop there), not once per expansion.
    expect(c.includeFailures).toHaveLength(1);
    expect(c.problems.map((p) => p.kind)).toEqual(["load-limit"]);
  });

  test(`a glob matching more than ${MAX_GLOB_MATCHES} files reads the first ${MAX_GLOB_MATCHES}`, () => {
    const files: Record<string, string> = { "etc/asterisk/manager.conf": "[general]\n#include many/*.conf\n" };
    for (let i = 0; i < MAX_GLOB_MATCHES + 5; i++) files[`etc/asterisk/many/${String(i).padStart(5, "0")}.conf`] = `k${i}=1\n`;
    const c = load(tree(files));
    expect(c.section("general")!.vars).toHaveLength(MAX_GLOB_MATCHES);
    expect(c.problems.map((p) => [p.kind, p.loc.line])).toEqual([["glob-limit", 2]]);
  });

  test("#exec is recorded and never executed", () => {
    const root = tree({ "etc/asterisk/manager.conf": `[general]\n#exec "/bin/touch ${"/tmp/astlint-exec-must-not-run"}"\nport=1\n` });
    const marker = "/tmp/astlint-exec-must-not-run";
    fs.rmSync(marker, { force: true });
    const c = load(root);
    expect(c.execs).toEqual([{ loc: expect.objectContaining({ line: 2, column: 1 }), command: `/bin/touch ${marker}` }]);
    expect(fs.existsSync(marker)).toBe(false);
    expect(c.invalid).toBeNull();
    expect(c.get("general", "port")?.value).toBe("1");
  });

  test("the parse cache: each path parsed once, shared across loads", () => {
    const root = tree({
      "etc/asterisk/manager.conf": "[general]\n#include common.conf\n#include common.conf\n",
      "etc/asterisk/http.conf": "[general]\n#include common.conf\n",
      "etc/asterisk/common.conf": "x=1\n",
    });
    const cache = new Map<string, AstConfigAST>();
    const m = load(root, `${ETC}/manager.conf`, { cache });
    const h = load(root, `${ETC}/http.conf`, { cache });
    expect(m.files.map((f) => f.path)).toEqual([`${ETC}/manager.conf`, `${ETC}/common.conf`]);
    expect(m.files[1]!.ast).toBe(h.files[1]!.ast);
    expect(m.files[1]!.ast).toBe(cache.get(`${ETC}/common.conf`));
    expect(m.section("general")!.vars).toHaveLength(2);
  });

  test("a missing main file: exists false, no sections, not invalid", () => {
    const c = load(tree({}));
    expect(c).toMatchObject({ name: "manager.conf", path: "/etc/asterisk/manager.conf", exists: false, invalid: null, sections: [], files: [] });
    expect(c.section("general")).toBeUndefined();
  });
});

describe("sections", () => {
  test("an included file continues the section current at the #include; the includer keeps its own", () => {
    const root = tree({
      "etc/asterisk/manager.conf": "[general]\n#include users.conf\nport=5038\n",
      "etc/asterisk/users.conf": "bindaddr=127.0.0.1\n[admin]\nsecret=x\n",
    });
    const c = load(root);
    expect(dump(c)).toEqual([
      "general: bindaddr=127.0.0.1@/etc/asterisk/users.conf:1",
      "general: port=5038@/etc/asterisk/manager.conf:3",
      "admin: secret=x@/etc/asterisk/users.conf:3",
    ]);
  });

  test("quirk: a later include starts in cfg->current (the last section created anywhere), glob files share one section", () => {
    const root = tree({
      "etc/asterisk/manager.conf": "[general]\n#include d/*.conf\nport=1\n#include tail.conf\n",
      "etc/asterisk/d/a.conf": "[admin]\nsecret=s\n",
      "etc/asterisk/d/b.conf": "deny=0.0.0.0/0\n",
      "etc/asterisk/tail.conf": "permit=10.0.0.0/8\n",
    });
    expect(dump(load(root)).map((s) => s.split("@")[0])).toEqual([
      "general: port=1",
      "admin: secret=s",
      "admin: deny=0.0.0.0/0",
      "admin: permit=10.0.0.0/8",
    ]);
  });

  test("a variable before any section invalidates the file (noSectionLines), also through an include with no context", () => {
    const root = tree({
      "etc/asterisk/manager.conf": "enabled=yes\n[general]\n",
      "etc/asterisk/http.conf": "#include pre.conf\n[general]\nenabled=yes\n",
      "etc/asterisk/pre.conf": "x=1\n",
    });
    const m = load(root);
    expect(m.noSectionLines).toEqual([{ file: "/etc/asterisk/manager.conf", line: 1, column: 1, endLine: 1, endColumn: 12 }]);
    expect(m.invalid?.loc.line).toBe(1);
    expect(m.sections).toEqual([]);
    const h = load(root, `${ETC}/http.conf`);
    expect(h.noSectionLines.map((l) => l.file)).toEqual(["/etc/asterisk/pre.conf"]);
    expect(h.invalid).toBeNull(); // the included file is invalid, not http.conf
    expect(h.get("general", "enabled")?.value).toBe("yes");
  });

  test("a line without = before any section also invalidates (process_text_line checks the context first)", () => {
    const c = load(tree({ "etc/asterisk/manager.conf": "oops\n[general]\n" }));
    expect(c.noSectionLines.map((l) => l.line)).toEqual([1]);
    expect(c.invalid).not.toBeNull();
  });

  test("section(): first non-template, case-insensitive; templates and later duplicates ignored; names untrimmed", () => {
    const root = tree({
      "etc/asterisk/manager.conf": "[general](!)\nport=1\n[General]\nport=2\nPORT=3\n[general]\nport=4\n[ general ]\nport=5\n",
    });
    const c = load(root);
    expect(c.sections.map((s) => [s.name, s.template])).toEqual([
      ["general", true],
      ["General", false],
      ["general", false],
      [" general ", false],
    ]);
    expect(c.section("GENERAL")!.loc.line).toBe(3);
    expect(c.get("general", "port")).toMatchObject({ key: "PORT", value: "3", loc: { line: 5 } });
    expect(c.get(" general ", "port")?.value).toBe("5");
    expect(c.section("nope")).toBeUndefined();
  });

  test("(+) appends to the first non-template section of that name; error when there is none", () => {
    const root = tree({
      "etc/asterisk/manager.conf": "[general]\nport=1\n[general]\nport=9\n[general](+)\nbindaddr=::1\n",
      "etc/asterisk/http.conf": "[general](!)\nx=1\n[general](+)\ny=1\n",
    });
    const c = load(root);
    expect(c.invalid).toBeNull();
    expect(c.sections).toHaveLength(2);
    expect(c.section("general")!.vars.map((v) => `${v.key}=${v.value}`)).toEqual(["port=1", "bindaddr=::1"]);
    const h = load(root, `${ETC}/http.conf`);
    expect(h.invalid?.reason).toContain("does not exist");
    expect(h.invalid?.loc.line).toBe(3);
    expect(h.problems.map((p) => [p.kind, p.invalidatesFile])).toEqual([["append-target-missing", true]]);
  });

  test("(+) continues a section defined in another file; later lines of the includer go to it", () => {
    const root = tree({
      "etc/asterisk/manager.conf": "#include base.conf\n[general](+)\nextra=1\n",
      "etc/asterisk/base.conf": "[general]\nport=1\n",
    });
    expect(dump(load(root))).toEqual(["general: port=1@/etc/asterisk/base.conf:2", "general: extra=1@/etc/asterisk/manager.conf:3"]);
  });

  test("inheritance copies the base's variables in order (template or not), records inheritedFrom; own values win", () => {
    const root = tree({
      "etc/asterisk/manager.conf": "[tpl](!)\nread=all\nwrite=none\n[user1](tpl)\nwrite=system\n[user2](tpl,user1)\n",
    });
    const c = load(root);
    expect(c.invalid).toBeNull();
    const u1 = c.section("user1")!;
    expect(u1.vars.map((v) => [v.key, v.value, v.inheritedFrom, v.loc.line])).toEqual([
      ["read", "all", "tpl", 2],
      ["write", "none", "tpl", 3],
      ["write", "system", undefined, 5],
    ]);
    expect(u1.get("write")?.value).toBe("system");
    expect(c.section("user2")!.vars.map((v) => `${v.key}=${v.value}<${v.inheritedFrom}`)).toEqual([
      "read=all<tpl",
      "write=none<tpl",
      "read=all<user1",
      "write=none<user1",
      "write=system<user1",
    ]);
    expect(c.section("tpl")).toBeUndefined();
  });

  test("inheritance from a section defined later, or with an untrimmed name, invalidates the file", () => {
    const c = load(tree({ "etc/asterisk/manager.conf": "[user](tpl)\n[tpl](!)\n" }));
    expect(c.invalid?.reason).toContain('"tpl"');
    expect(c.problems.map((p) => p.kind)).toEqual(["inherit-base-missing"]);
    const d = load(tree({ "etc/asterisk/manager.conf": "[base]\n[x](!, base)\n" }));
    expect(d.invalid?.reason).toContain('" base"');
  });

  test("(!,+) turns the existing section into a template; options apply left to right", () => {
    const c = load(tree({ "etc/asterisk/manager.conf": "[general]\nport=1\n[general](!,+)\nx=1\n" }));
    expect(c.invalid).toBeNull();
    expect(c.sections.map((s) => [s.name, s.template, s.vars.length])).toEqual([["general", true, 2]]);
    expect(c.section("general")).toBeUndefined();
  });

  test("section names longer than 79 bytes are cut (char name[80]); lookups with the full name then miss", () => {
    const long = "n".repeat(100);
    const c = load(tree({ "etc/asterisk/manager.conf": `[${long}]\na=1\n[${long}](+)\nb=1\n` }));
    expect(c.sections[0]!.name).toBe("n".repeat(79));
    expect(c.section("n".repeat(79))?.get("a")?.value).toBe("1");
    expect(c.invalid?.loc.line).toBe(3); // (+) looks for the full 100-byte name
  });

  test("+= appends to the last variable of exactly that name (blanks kept); otherwise it is a plain assignment", () => {
    const root = tree({
      "etc/asterisk/manager.conf": "[general]\nallow=ulaw\nallow=alaw\nallow += ,gsm\nAllow += x\ndeny += 1\n",
    });
    const c = load(root);
    expect(c.section("general")!.vars.map((v) => `${v.key}=${v.value}@${v.loc.line}`)).toEqual([
      "allow=ulaw@2",
      "allow=alaw ,gsm@3",
      "Allow=x@5",
      "deny=1@6",
    ]);
  });
});

describe("repository mode", () => {
  test("an include outside the given paths is unknown, not a failure; a missing one inside is a failure", () => {
    const repo = tree({
      "conf/manager.conf": "[general]\n#include /etc/asterisk/outside.conf\n#include d/*.conf\nport=1\n",
    });
    const allowed = path.join(repo, "conf");
    const c = loadAsteriskConfig(new RootFs("/", nodeBackend, [allowed]), path.join(allowed, "manager.conf"), {
      etcDir: "/nonexistent-astlint-etc",
      mode: "repository",
      display: (p) => path.relative(repo, p),
    });
    expect(c.exists).toBe(true);
    expect(c.invalid).toBeNull();
    expect(c.includeFailures).toEqual([]);
    expect(c.unknownIncludes.map((u) => [u.target, u.loc.line])).toEqual([
      ["/etc/asterisk/outside.conf", 2],
      ["/nonexistent-astlint-etc/d/*.conf", 3],
    ]);
    expect(c.get("general", "port")?.value).toBe("1");
    expect(c.files.map((f) => f.display)).toEqual(["conf/manager.conf"]);

    const d = loadAsteriskConfig(new RootFs("/", nodeBackend, [allowed]), path.join(allowed, "manager.conf"), {
      etcDir: allowed,
      mode: "repository",
      display: (p) => p,
    });
    expect(d.includeFailures.map((f) => f.reason)).toEqual(["empty-glob"]);
    expect(d.unknownIncludes.map((u) => u.target)).toEqual(["/etc/asterisk/outside.conf"]);
  });
});

describe("block-comment state across the files of one glob", () => {
  test("a block left open in one matched file swallows the start of the next", () => {
    const root = tree({
      "etc/asterisk/manager.conf": "[general]\n#include d/*.conf\n",
      "etc/asterisk/d/a.conf": "a=1\n;-- open\n",
      "etc/asterisk/d/b.conf": "hidden=1\n--;\nb=1\n",
    });
    const c = load(root);
    expect(c.section("general")!.vars.map((v) => v.key)).toEqual(["a", "b"]);
  });
});

describeCorpus("real-world corpus", () => {
  const corpus = CORPUS ?? "";

  test("manager.conf.sample: [general] enabled=no, port=5038, bindaddr=0.0.0.0", () => {
    const c = loadAsteriskConfig(new RootFs("/"), path.join(corpus, "asterisk-samples/manager.conf.sample"), {
      etcDir: ETC,
      mode: "root",
      display: (p) => path.basename(p),
    });
    expect(c.invalid).toBeNull();
    expect(c.get("general", "enabled")?.value).toBe("no");
    expect(c.get("general", "port")?.value).toBe("5038");
    expect(c.get("general", "bindaddr")?.value).toBe("0.0.0.0");
    expect(c.section("general")!.loc.line).toBe(21);
  });

  test("asterisk.conf.sample: [directories] is a template, invisible to section()", () => {
    const c = loadAsteriskConfig(new RootFs("/"), path.join(corpus, "asterisk-samples/asterisk.conf.sample"), {
      etcDir: ETC,
      mode: "root",
      display: (p) => p,
    });
    expect(c.section("directories")).toBeUndefined();
    expect(c.sections.find((s) => s.name === "directories")).toMatchObject({ template: true });
    expect(c.sections.find((s) => s.name === "directories")!.vars).toHaveLength(12);
    expect(c.get("options", "documentation_language")?.value).toBe("en_US");
  });
});
