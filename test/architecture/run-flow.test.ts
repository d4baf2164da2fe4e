/**
 * A run flows one way: the model is built completely, in named phases, before any rule runs;
 * a phase runs only when the model has a consumer for it; rules never read files.
 */
import { describe, expect, test } from "@jest/globals";
import * as fs from "node:fs";
import * as path from "node:path";
import { lint } from "../../src/lint.js";
import { nodeBackend, type FsBackend } from "../../src/io/fs.js";
import { ALL_RULES } from "../../src/rules/index.js";
import type { Rule } from "../../src/rules/rule.js";
import type { SystemModel } from "../../src/model/model.js";
import { makeTree, REPO } from "../helpers.js";

/** A backend that counts the calls made while the rules run. */
function watchedRun() {
  const state = { rulesRunning: false, callsDuringRules: [] as string[] };
  const wrap =
    <A extends unknown[], R>(name: string, f: (...a: A) => R) =>
    (...a: A): R => {
      if (state.rulesRunning) state.callsDuringRules.push(`${name} ${String(a[0])}`);
      return f(...a);
    };
  const backend: FsBackend = {
    lstat: wrap("lstat", (p: string) => nodeBackend.lstat(p)),
    readlink: wrap("readlink", (p: string) => nodeBackend.readlink(p)),
    readdir: wrap("readdir", (p: string) => nodeBackend.readdir(p)),
    readFile: wrap("readFile", (p: string, max: number) => nodeBackend.readFile(p, max)),
  };
  const start: Rule = { meta: { id: "test-start", severity: "info", description: "marks the start of the rules" }, check: () => void (state.rulesRunning = true) };
  return { state, backend, rules: [start, ...ALL_RULES] };
}

const ran = (m: SystemModel) => m.phases.filter((p) => p.ran).map((p) => p.name);

describe("rules never read files", () => {
  const fixtures = fs.readdirSync(path.join(REPO, "fixtures")).filter((n) => fs.existsSync(path.join(REPO, "fixtures", n, "fixture.json")));
  test.each(fixtures)("fixture %s: no file-system call once the rules run", async (name) => {
    const { state, backend, rules } = watchedRun();
    const r = await lint({ paths: [], root: path.join(REPO, "fixtures", name), fsBackend: backend, rules });
    expect(state.rulesRunning).toBe(true);
    expect(state.callsDuringRules).toEqual([]);
    expect(r.model.phases.map((p) => p.name)).toEqual(["discover", "parse", "resolve units", "asterisk", "firewalls", "binaries"]);
  });
});

describe("phases run only for a consumer", () => {
  const ELF_WITH_LIBSYSTEMD = "\x7fELF"; // not a full ELF: unreadable header, state unknown

  test("no Asterisk: firewalls and binaries are skipped, and say why", async () => {
    const root = makeTree({
      "etc/systemd/system/web.socket": "[Socket]\nListenStream=0.0.0.0:80\n",
      "etc/nftables.conf": "this is not read\n",
    });
    const r = await lint({ paths: [], root, rules: [] });
    expect(ran(r.model)).toEqual(["discover", "parse", "resolve units", "asterisk"]);
    expect(r.model.phases.find((p) => p.name === "firewalls")).toMatchObject({ ran: false, why: expect.stringContaining("no activation port") });
    expect(r.model.firewalls().loaded).toEqual([]);
  });

  test("an Asterisk activation port open at the unit level: the firewall phase reads the rulesets", async () => {
    const root = makeTree({
      "etc/systemd/system/asterisk.service": "[Service]\nType=notify\nExecStart=/usr/sbin/asterisk -f\n",
      "etc/systemd/system/asterisk.socket": "[Socket]\nListenStream=0.0.0.0:5038\n",
      "etc/asterisk/manager.conf": "[general]\nenabled = yes\nbindaddr = 0.0.0.0\n",
      "usr/sbin/asterisk": ELF_WITH_LIBSYSTEMD,
      "etc/nftables.conf": "table inet filter {\n chain input {\n  type filter hook input priority 0; policy drop;\n }\n}\n",
      "etc/systemd/system/multi-user.target.wants/nftables.service": "-> /lib/systemd/system/nftables.service",
      "lib/systemd/system/nftables.service": "[Service]\nExecStart=/usr/sbin/nft -f /etc/nftables.conf\n",
    });
    const r = await lint({ paths: [], root, rules: [] });
    expect(ran(r.model)).toEqual(["discover", "parse", "resolve units", "asterisk", "firewalls", "binaries"]);
    expect(r.model.firewalls().loaded.map((l) => l.kind)).toContain("nftables");
    expect(r.model.exposures[0]?.families.every((f) => !f.open)).toBe(true);
    expect([...r.model.binaries.keys()]).toEqual(["/usr/sbin/asterisk"]);
  });

  test("a non-Asterisk network socket: firewalls are read only when a consumer needs host reachability", async () => {
    const root = makeTree({
      "etc/systemd/system/web.service": "[Service]\nExecStart=/usr/bin/web\n",
      "etc/systemd/system/web.socket": "[Socket]\nListenStream=0.0.0.0:8080\n",
      "etc/nftables.conf": "table inet filter {}\n",
      "etc/systemd/system/multi-user.target.wants/nftables.service": "-> /lib/systemd/system/nftables.service",
      "lib/systemd/system/nftables.service": "[Service]\nExecStart=/usr/sbin/nft -f /etc/nftables.conf\n",
    });
    const plain = await lint({ paths: [], root });
    expect(plain.model.phases.find((p) => p.name === "firewalls")?.ran).toBe(false);
    // service-exposure (off by default) declares meta.needs: ["host-reachability"]
    const rated = await lint({ paths: [], root, ruleSeverities: { "service-exposure": "warning" } });
    expect(rated.model.phases.find((p) => p.name === "firewalls")?.ran).toBe(true);
    expect(rated.model.firewalls().loaded.map((l) => l.kind)).toContain("nftables");
    const asked = await lint({ paths: [], root, rules: [], needs: ["host-reachability"] });
    expect(asked.model.phases.find((p) => p.name === "firewalls")?.ran).toBe(true);
  });

  test("the same port restricted by IPAddressDeny=any: nothing to judge, no firewall read", async () => {
    const root = makeTree({
      "etc/systemd/system/asterisk.service": "[Service]\nType=simple\nExecStart=/usr/sbin/asterisk -f\n",
      "etc/systemd/system/asterisk.socket": "[Socket]\nListenStream=0.0.0.0:5038\nIPAddressDeny=any\nIPAddressAllow=localhost\n",
      "etc/asterisk/manager.conf": "[general]\nenabled = yes\nbindaddr = 0.0.0.0\n",
      "etc/nftables.conf": "table inet filter {}\n",
    });
    const r = await lint({ paths: [], root, rules: [] });
    expect(r.model.phases.find((p) => p.name === "firewalls")?.ran).toBe(false);
    expect(r.model.firewalls().loaded).toEqual([]);
  });

  test("an AMI listener on every address with a user: the firewall phase runs for ami-exposed; without users it does not", async () => {
    const files = {
      "etc/systemd/system/asterisk.service": "[Service]\nType=simple\nExecStart=/usr/sbin/asterisk -f\n",
      "etc/asterisk/manager.conf": "[general]\nenabled = yes\n",
      "etc/nftables.conf": "table inet filter {}\n",
    };
    const without = await lint({ paths: [], root: makeTree(files), rules: [] });
    expect(without.model.phases.find((p) => p.name === "firewalls")?.ran).toBe(false);
    const withUser = await lint({ paths: [], root: makeTree({ ...files, "etc/asterisk/manager.conf": "[general]\nenabled = yes\n[admin]\nsecret = 0123456789abcdef\n" }), rules: [] });
    expect(withUser.model.phases.find((p) => p.name === "firewalls")?.ran).toBe(true);
    expect(withUser.model.asteriskAccess[0].reach.size).toBeGreaterThan(0);
  });
});

describe("rules keep no state of their own", () => {
  // What rules derive from the model lives in the run's store (RuleContext.derived()), so nothing
  // outlives a run: a module-level WeakMap or Map keyed by model objects would. Memos keyed by
  // strings and numbers (a value's grammar check) are pure functions of their keys and allowed.
  const dir = path.join(REPO, "src", "rules");
  const files = fs.readdirSync(dir).filter((n) => n.endsWith(".ts"));
  test.each(files)("src/rules/%s has no module-level WeakMap", (name) => {
    const text = fs.readFileSync(path.join(dir, name), "utf8");
    const topLevel = text.split("\n").filter((l) => /^(export )?(const|let|var) \w+\s*(:[^=]+)?=\s*new WeakMap\b/.test(l));
    expect(topLevel).toEqual([]);
  });
});
