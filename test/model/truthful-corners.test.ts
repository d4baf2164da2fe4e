/**
 * Truthful in the corners: an unreadable unit is unreadable, not missing; what repository mode
 * did not read (an include or config link outside the paths given) is said; no absolute machine
 * path in a message when the paths given were relative.
 */
import { describe, expect, test } from "@jest/globals";
import * as fs from "node:fs";
import * as path from "node:path";
import { main, type Io } from "../../src/cli/main.js";
import { nodeBackend, type FsBackend } from "../../src/io/fs.js";
import { lint } from "../../src/lint.js";
import { makeTree } from "../helpers.js";

/** The host, except that files named `name` cannot be read (EACCES; root would read mode 000). */
function denying(name: string): FsBackend {
  return {
    ...nodeBackend,
    readFile(p, max) {
      if (path.basename(p) === name) throw Object.assign(new Error("EACCES"), { code: "EACCES" });
      return nodeBackend.readFile(p, max);
    },
  };
}

const SOCKET = "[Socket]\nListenStream=127.0.0.1:5038\n[Install]\nWantedBy=sockets.target\n";

describe("an existing unit that cannot be read", () => {
  test.each([["root"], ["repository"]])("%s mode: unreadable-file, no socket-service-missing", async (mode) => {
    const dir = makeTree({ "etc/systemd/system/a.socket": SOCKET, "etc/systemd/system/a.service": "[Service]\nExecStart=/bin/true\n" });
    const r =
      mode === "root"
        ? await lint({ paths: [], root: dir, fsBackend: denying("a.service") })
        : await lint({ paths: [path.join(dir, "etc/systemd/system")], fsBackend: denying("a.service") });
    const ids = r.findings.map((f) => `${f.ruleId} ${path.basename(f.file)}`);
    expect(ids).toContain("unreadable-file a.service");
    expect(ids.filter((i) => i.startsWith("socket-service-missing"))).toEqual([]);
    // Control: a unit that really is missing is still reported.
    fs.rmSync(path.join(dir, "etc/systemd/system/a.service"));
    const gone = await lint({ paths: [], root: dir });
    expect(gone.findings.map((f) => f.ruleId)).toContain("socket-service-missing");
  });
});

function io(cwd: string) {
  const out: string[] = [];
  const value: Io = { stdout: (s) => out.push(s), stderr: (s) => out.push(s), isTTY: false, env: {}, cwd };
  return { io: value, out: () => out.join("") };
}

describe("repository mode says what it did not read", () => {
  function setup() {
    const tmp = makeTree({
      "repo/ast/asterisk.conf": "[options]\n",
      "repo/ast/manager.conf": "[general]\nenabled=yes\n#include ../../outside/x.conf\n#include missing.conf\n",
      "repo/ast/http.conf": "-> ../../outside/x.conf",
      "outside/x.conf": "[general]\nport=1\n",
    });
    return tmp;
  }

  test("an #include and a config symlink leading outside the paths given: unreadable-file", async () => {
    const tmp = setup();
    const t = io(tmp);
    await main(["repo", "-f", "json"], t.io);
    const findings = JSON.parse(t.out()).findings as { ruleId: string; file: string; line: number; message: string }[];
    const unreadable = findings.filter((f) => f.ruleId === "unreadable-file").map((f) => `${f.file}:${f.line} ${f.message}`);
    expect(unreadable).toEqual([
      "repo/ast/http.conf:1 repo/ast/http.conf was not read: it is a symbolic link to ../../outside/x.conf, outside the paths given",
      "repo/ast/manager.conf:3 #include outside/x.conf was not read: it lies outside the paths given",
    ]);
  });

  test("no absolute machine path in any message when the paths given were relative", async () => {
    const tmp = setup();
    const t = io(tmp);
    await main(["repo", "-f", "json"], t.io);
    const findings = JSON.parse(t.out()).findings as { ruleId: string; message: string; notes: string[]; help: string | null }[];
    expect(findings.map((f) => f.ruleId)).toContain("include-not-found");
    expect(findings.find((f) => f.ruleId === "include-not-found")!.message).toContain("#include repo/ast/missing.conf: the file does not exist");
    for (const f of findings) {
      for (const text of [f.message, ...f.notes, f.help ?? ""]) expect([f.ruleId, text.includes(tmp)]).toEqual([f.ruleId, false]);
    }
  });
});

describe("a path given under a symlinked directory", () => {
  test("is linted, not refused as outside the paths given, and shown as given", async () => {
    const tmp = makeTree({ "real/units/a.service": "[Service]\nExecStart=/bin/true\nFoo=1\n" });
    fs.symlinkSync("real", path.join(tmp, "link"));
    const t = io(tmp);
    await main([path.join(tmp, "link/units"), "-f", "json"], t.io);
    const findings = JSON.parse(t.out()).findings as { ruleId: string; file: string }[];
    expect(findings.map((f) => `${f.ruleId} ${f.file}`)).toEqual([`unknown-directive ${path.join(tmp, "link/units/a.service")}`]);
  });
});
