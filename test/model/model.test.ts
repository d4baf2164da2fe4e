/**
 * The model: reading modes, search-path precedence, drop-in order and resets, masks inside a
 * root, aliases, specifiers, the /var/run rewrite, -C and astetcdir, and Asterisk's defaults.
 */
import { describe, expect, test } from "@jest/globals";
import * as fs from "node:fs";
import * as path from "node:path";
import { lint } from "../../src/lint.js";
import type { AsteriskListener, SystemModel } from "../../src/model/model.js";
import { formatAddress } from "../../src/net/socket-address.js";
import { makeTree } from "../helpers.js";

async function model(files: Record<string, string>, opts: Record<string, unknown> = {}): Promise<{ root: string; m: SystemModel }> {
  const root = makeTree(files);
  const r = await lint({ paths: [], root, rules: [], ...opts });
  return { root, m: r.model };
}

const SERVICE = (extra = "") => `[Service]\nType=notify\nExecStart=/usr/sbin/asterisk -f${extra}\n`;

function listener(m: SystemModel, kind: AsteriskListener["kind"], i = 0): AsteriskListener {
  return m.asterisk[i].listeners.find((l) => l.kind === kind)!;
}

describe("unit discovery", () => {
  test("a higher search-path directory replaces a lower one's unit (no merging)", async () => {
    const { m } = await model({
      "usr/lib/systemd/system/a.service": "[Service]\nExecStart=/bin/vendor\nUser=vendor\n",
      "etc/systemd/system/a.service": "[Service]\nExecStart=/bin/admin\n",
    });
    const a = m.units.get("a.service")!;
    expect(a.fragment!.path).toBe("/etc/systemd/system/a.service");
    expect(a.get("Service", "ExecStart")!.value).toBe("/bin/admin");
    expect(a.get("Service", "User")).toBeUndefined();
  });

  test("drop-ins from every directory apply in file-name order; same name: the higher directory wins", async () => {
    const { m } = await model({
      "usr/lib/systemd/system/a.service": "[Service]\nExecStart=/bin/a\nEnvironment=X=0\n",
      "usr/lib/systemd/system/a.service.d/10-vendor.conf": "[Service]\nEnvironment=X=vendor10\n",
      "usr/lib/systemd/system/a.service.d/30-shadowed.conf": "[Service]\nEnvironment=X=lost\n",
      "etc/systemd/system/a.service.d/30-shadowed.conf": "[Service]\nEnvironment=X=admin30\n",
      "run/systemd/system/a.service.d/20-runtime.conf": "[Service]\nEnvironment=X=run20\n",
      "etc/systemd/system/a.service.d/notes.txt": "[Service]\nEnvironment=X=ignored\n",
    });
    const a = m.units.get("a.service")!;
    expect(a.dropins.map((d) => path.basename(d.path))).toEqual(["10-vendor.conf", "20-runtime.conf", "30-shadowed.conf"]);
    expect(a.dropins[2].path).toBe("/etc/systemd/system/a.service.d/30-shadowed.conf");
    expect(a.getList("Service", "Environment").map((s) => s.value)).toEqual(["X=0", "X=vendor10", "X=run20", "X=admin30"]);
  });

  test("an empty assignment resets a list; dependencies cannot be reset", async () => {
    const { m } = await model({
      "etc/systemd/system/a.service": "[Unit]\nAfter=x.target\n[Service]\nExecStart=/bin/a\nExecStop=/bin/stop1\n",
      "etc/systemd/system/a.service.d/override.conf": "[Unit]\nAfter=\nAfter=y.target\n[Service]\nExecStop=\nExecStop=/bin/stop2\n",
    });
    const a = m.units.get("a.service")!;
    expect(a.getList("Service", "ExecStop").map((s) => s.value)).toEqual(["/bin/stop2"]);
    expect(a.getList("Unit", "After").map((s) => s.value)).toEqual(["x.target", "y.target"]);
    expect(a.get("Service", "ExecStop")!.loc.file).toContain("override.conf");
  });

  test("template, prefix and type-wide drop-ins", async () => {
    const { m } = await model({
      "etc/systemd/system/foo-bar@.service": "[Service]\nExecStart=/bin/x %i\n",
      "etc/systemd/system/foo-bar@.service.d/a.conf": "[Service]\nEnvironment=T=1\n",
      "etc/systemd/system/foo-.service.d/b.conf": "[Service]\nEnvironment=P=1\n",
      "etc/systemd/system/service.d/c.conf": "[Service]\nEnvironment=ALL=1\n",
      "etc/systemd/system/multi-user.target.wants/foo-bar@one.service": "-> ../foo-bar@.service",
    });
    const inst = m.units.get("foo-bar@one.service")!;
    expect(inst.instance).toBe("one");
    expect(inst.dropins.map((d) => path.basename(d.path))).toEqual(["a.conf", "b.conf", "c.conf"]);
    expect(inst.expand("%n %p %i %I %t")).toBe("foo-bar@one.service foo-bar one one /run");
    expect(inst.enabledBy.map((e) => e.unit)).toEqual(["multi-user.target"]);
  });

  test("masks: a /dev/null symlink, an empty file; an alias symlink shares the unit", async () => {
    const root = makeTree({
      "usr/lib/systemd/system/a.service": "[Service]\nExecStart=/bin/a\n",
      "usr/lib/systemd/system/b.service": "[Service]\nExecStart=/bin/b\n",
      "etc/systemd/system/b.service": "",
      "usr/lib/systemd/system/real.service": "[Service]\nExecStart=/bin/real\n",
      "etc/systemd/system/alias.service": "-> /usr/lib/systemd/system/real.service",
    });
    // The mask points at /dev/null *inside* the root, which does not exist there: still a mask.
    fs.symlinkSync("/dev/null", path.join(root, "etc/systemd/system/a.service"));
    const m = (await lint({ paths: [], root, rules: [] })).model;
    expect(m.units.get("a.service")!.masked).toBe(true);
    expect(m.units.get("b.service")!.masked).toBe(true);
    expect(m.units.get("alias.service")).toBe(m.units.get("real.service"));
    expect(m.units.get("real.service")!.aliases).toEqual(["alias.service"]);
  });

  test("symlinks resolve inside the root, never on the host", async () => {
    const root = makeTree({
      "opt/units/x.service": "[Service]\nExecStart=/bin/x\n",
      "etc/systemd/system/x.service": "-> /opt/units/x.service",
    });
    const m = (await lint({ paths: [], root, rules: [] })).model;
    expect(m.units.get("x.service")!.fragment!.path).toBe("/opt/units/x.service");
  });
});

describe("sockets", () => {
  test("ListenStream= forms, %t and the /var/run rewrite; the activated service", async () => {
    const { m } = await model({
      "etc/systemd/system/s.socket":
        "[Socket]\nListenStream=/var/run/asterisk/asterisk.ctl\nListenStream=%t/x.sock\nListenStream=5038\nListenStream=0.0.0.0:5039\nListenStream=[::1]:8088\nListenStream=@abstract\n",
      "etc/systemd/system/s.service": "[Service]\nExecStart=/bin/s\n",
      "etc/systemd/system/t.socket": "[Socket]\nListenStream=1\nListenStream=\nListenStream=2\nService=s.service\n",
      "etc/systemd/system/u.socket": "[Socket]\nAccept=yes\nListenStream=3\n",
    });
    const s = m.sockets.find((x) => x.unit.name === "s.socket")!;
    expect(s.listens.map((l) => formatAddress(l.address))).toEqual([
      "/run/asterisk/asterisk.ctl",
      "/run/x.sock",
      "[::]:5038",
      "0.0.0.0:5039",
      "[::1]:8088",
      "@abstract",
    ]);
    expect(s.service!.name).toBe("s.service");
    const t = m.sockets.find((x) => x.unit.name === "t.socket")!;
    expect(t.listens.map((l) => formatAddress(l.address))).toEqual(["[::]:2"]);
    expect(t.service!.name).toBe("s.service");
    const u = m.sockets.find((x) => x.unit.name === "u.socket")!;
    expect(u.serviceName).toBe("u@.service");
    expect(u.service).toBeNull();
  });
});

describe("Asterisk instances and defaults", () => {
  test("no configs: CLI at the compiled-in default, AMI and HTTP off", async () => {
    const { m } = await model({ "etc/systemd/system/asterisk.service": SERVICE() });
    expect(m.asterisk).toHaveLength(1);
    expect(formatAddress(listener(m, "cli").address!)).toBe("/var/run/asterisk/asterisk.ctl");
    expect(listener(m, "ami").enabled).toBe(false);
    expect(listener(m, "http").enabled).toBe(false);
    expect(m.asterisk[0].forks).toBe(false);
  });

  test("the daemon is found however its name is spelled: quotes, escapes, specifiers (the text test that skips other services)", async () => {
    for (const exec of ['/usr/sbin/aster"isk" -f', "/usr/sbin/\\x61sterisk -f", "/usr/sbin/%p -f", "/usr/sbin/safe_asterisk"]) {
      const { m } = await model({ "etc/systemd/system/asterisk.service": `[Service]\nExecStart=${exec}\n` });
      expect([exec, m.asterisk.length]).toEqual([exec, 1]);
    }
    const { m } = await model({ "etc/systemd/system/asterisk.service": "[Service]\nExecStart=/usr/sbin/nginx -g daemon\n" });
    expect(m.asterisk).toHaveLength(0);
  });

  test("a [directories](!) template is ignored; --asterisk-rundir-default applies", async () => {
    const { m } = await model(
      {
        "etc/systemd/system/asterisk.service": SERVICE(),
        "etc/asterisk/asterisk.conf": "[directories](!)\nastrundir => /run/asterisk\n",
      },
      { asteriskRundirDefault: "/run/asterisk-default" },
    );
    const cli = listener(m, "cli");
    expect(formatAddress(cli.address!)).toBe("/run/asterisk-default/asterisk.ctl");
    expect(cli.origins[0].note).toContain("template");
  });

  test("-C selects asterisk.conf, whose astetcdir locates manager.conf and http.conf", async () => {
    const { m } = await model({
      "etc/systemd/system/asterisk.service": "[Service]\nType=notify\nExecStart=/usr/sbin/asterisk -mqf -C /srv/pbx/asterisk.conf\n",
      "srv/pbx/asterisk.conf": "[directories]\nastetcdir => /srv/pbx\nastrundir => /run/pbx\n[files]\nastctl = pbx.ctl\n",
      "srv/pbx/manager.conf": "[general]\nenabled = yes\n",
      "srv/pbx/http.conf": "[general]\nenabled=yes\nbindaddr=127.0.0.1:9000\nbindport=8080\ntlsenable=yes\n",
      "etc/asterisk/manager.conf": "[general]\nenabled = no\n",
    });
    expect(formatAddress(listener(m, "cli").address!)).toBe("/run/pbx/pbx.ctl");
    expect(formatAddress(listener(m, "ami").address!)).toBe("[::]:5038");
    expect(listener(m, "ami-tls").enabled).toBe(false);
    expect(formatAddress(listener(m, "http").address!)).toBe("127.0.0.1:9000");
    expect(formatAddress(listener(m, "https").address!)).toBe("127.0.0.1:8089");
  });

  test("AMI: bindaddr port ignored, port key used, TLS on 5039 when equal to the AMI port, invalid bindaddr falls back", async () => {
    const { m } = await model({
      "etc/systemd/system/asterisk.service": SERVICE(),
      "etc/asterisk/manager.conf": "[general]\nenabled=yes\nbindaddr=127.0.0.1:9999\nport=15038\ntlsenable=yes\ntlsbindaddr=0.0.0.0:15038\n",
    });
    expect(formatAddress(listener(m, "ami").address!)).toBe("127.0.0.1:15038");
    expect(formatAddress(listener(m, "ami-tls").address!)).toBe("0.0.0.0:5039");
    const { m: m2 } = await model({
      "etc/systemd/system/asterisk.service": SERVICE(),
      "etc/asterisk/manager.conf": "[general]\nenabled=yes\nbindaddr=localhost\n",
    });
    expect(formatAddress(listener(m2, "ami").address!)).toBe("[::]:5038");
  });

  test("HTTP: enabled without bindaddr does not listen; a host name is unknown", async () => {
    const { m } = await model({
      "etc/systemd/system/asterisk.service": SERVICE(),
      "etc/asterisk/http.conf": "[general]\nenabled=yes\n",
    });
    expect(listener(m, "http").enabled).toBe(false);
    const { m: m2 } = await model({
      "etc/systemd/system/asterisk.service": SERVICE(),
      "etc/asterisk/http.conf": "[general]\nenabled=yes\nbindaddr=pbx.example.org\n",
    });
    expect(listener(m2, "http").unknownReason).toContain("host name");
    expect(listener(m2, "http").portHint).toBe(8088);
  });

  test("fork detection: -f, -F, alwaysfork, nofork; CLI clients are not daemons", async () => {
    const cases: [string, string, boolean][] = [
      ["-mqf", "", false],
      ["-mq", "", true],
      ["-f -F", "", true],
      ["-f", "[options]\nalwaysfork = yes\n", true],
      ["-q", "[options]\nnofork = yes\n", false],
      ["-c", "[options]\nalwaysfork=yes\n", false],
    ];
    for (const [flags, conf, forks] of cases) {
      const { m } = await model({
        "etc/systemd/system/asterisk.service": `[Service]\nExecStart=/usr/sbin/asterisk ${flags}\n`,
        "etc/asterisk/asterisk.conf": conf,
      });
      expect([flags, conf, m.asterisk[0].forks]).toEqual([flags, conf, forks]);
    }
    const { m } = await model({ "etc/systemd/system/trim.service": "[Service]\nExecStart=/usr/sbin/asterisk -rx 'malloc trim'\n" });
    expect(m.asterisk).toHaveLength(0);
  });

  test("an unresolvable -C leaves the instance unresolved; Environment= resolves it", async () => {
    const { m } = await model({ "etc/systemd/system/asterisk.service": "[Service]\nExecStart=/usr/sbin/asterisk -f -C ${CONF}\n" });
    expect(m.asterisk[0].configResolved).toBe(false);
    const { m: m2 } = await model({
      "etc/systemd/system/asterisk.service": "[Service]\nEnvironment=CONF=/opt/a.conf\nExecStart=/usr/sbin/asterisk -f -C ${CONF}\n",
    });
    expect(m2.asterisk[0].asteriskConfPath).toBe("/opt/a.conf");
  });

  test("sockets that activate each instance of a template", async () => {
    const { m } = await model({
      "etc/systemd/system/asterisk@.service": "[Service]\nType=notify\nExecStart=/usr/sbin/asterisk -f -C /etc/asterisk/%i/asterisk.conf\n",
      "etc/systemd/system/asterisk@a.socket": "[Socket]\nListenStream=/run/asterisk/a.ctl\n",
      "etc/asterisk/a/asterisk.conf": "[directories]\nastrundir => /run/asterisk\n[files]\nastctl = a.ctl\n",
    });
    expect(m.asterisk.map((i) => i.service.name)).toEqual(["asterisk@a.service"]);
    expect(m.asterisk[0].sockets.map((s) => s.unit.name)).toEqual(["asterisk@a.socket"]);
    expect(formatAddress(listener(m, "cli").address!)).toBe("/run/asterisk/a.ctl");
  });
});

describe("reading modes", () => {
  test("repository mode reads only the given paths and classifies files by name", async () => {
    const repo = makeTree({
      "units/asterisk.service": SERVICE(),
      "units/asterisk.service.d/x.conf": "[Service]\nNice=-5\n",
      "units/README.md": "not a unit",
      "conf/asterisk.conf": "[directories]\nastrundir => /run/asterisk\n",
      "conf/extensions.conf": "[default]\n",
      "outside/manager.conf": "[general]\nenabled=yes\n",
    });
    const r = await lint({ paths: [path.join(repo, "units"), path.join(repo, "conf")], rules: [], cwd: repo });
    expect(r.model.mode).toBe("repository");
    expect(r.model.units.get("asterisk.service")!.dropins).toHaveLength(1);
    expect([...r.model.asteriskFiles.keys()].map((p) => path.relative(repo, p)).sort()).toEqual(["conf/asterisk.conf", "conf/extensions.conf"]);
    expect(formatAddress(r.model.asterisk[0].listeners[0].address!)).toBe("/run/asterisk/asterisk.ctl");
    // manager.conf outside the given paths is never read: AMI is unknown, not "off".
    expect(r.model.asterisk[0].listeners.find((l) => l.kind === "ami")!.unknownReason).toBeTruthy();
    expect(r.debug.some((d) => d.includes("README.md"))).toBe(true);
  });

  test("with --root, PATHs restrict the report but the model is the whole root", async () => {
    const root = makeTree({
      "etc/systemd/system/a.socket": "[Socket]\nListenStream=1\n",
      "usr/lib/systemd/system/a.service": "[Service]\nExecStart=/bin/a\n",
      "etc/systemd/system/b.socket": "[Socket]\nListenStream=2\n",
    });
    const r = await lint({ paths: [path.join(root, "etc/systemd/system/b.socket")], root });
    expect(r.model.units.get("a.service")).toBeDefined();
    expect(r.findings.every((f) => f.file.endsWith("b.socket"))).toBe(true);
    expect(r.findings.some((f) => f.ruleId === "socket-service-missing")).toBe(true);
  });

  test("a PATH that does not exist is a fatal error", async () => {
    await expect(lint({ paths: ["/nonexistent/astlint"] })).rejects.toThrow(/no such file/);
  });
});
