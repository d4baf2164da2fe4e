/**
 * The service-exposure rule and `astlint --exposure` on trees written here. The drop-in the rule
 * proposes for the Asterisk tree was checked with systemd-analyze 252: with it in
 * asterisk.service.d/, `systemd-analyze security --offline=true asterisk.service` says 4.5 (9.4
 * without it).
 */
import { describe, expect, test } from "@jest/globals";
import * as fs from "node:fs";
import * as path from "node:path";
import { lint } from "../../src/lint.js";
import { main, type Io } from "../../src/cli/main.js";
import { makeTree, REPO } from "../helpers.js";

const ON = { ruleSeverities: { "service-exposure": "warning" as const }, systemdVersion: 252 };

const ASTERISK = {
  "etc/systemd/system/asterisk.service":
    "[Unit]\nDescription=Asterisk PBX\n\n[Service]\nType=notify\nExecStart=/usr/sbin/asterisk -mqf -C /etc/asterisk/asterisk.conf\nPrivateTmp=yes\n",
  "etc/systemd/system/asterisk-ami.socket": "[Socket]\nService=asterisk.service\nListenStream=0.0.0.0:5038\n",
  "etc/asterisk/manager.conf": "[general]\nenabled = yes\nport = 5038\nbindaddr = 0.0.0.0\n",
};

function io(cwd = REPO) {
  const out: string[] = [];
  const err: string[] = [];
  const value: Io = { stdout: (s) => out.push(s), stderr: (s) => err.push(s), isTTY: false, env: {}, cwd };
  return { io: value, out: () => out.join(""), err: () => err.join("") };
}

async function exposureFindings(files: Record<string, string>, opts: Record<string, unknown> = ON) {
  const root = makeTree(files);
  const r = await lint({ paths: [], root, ...opts });
  return { root, findings: r.findings.filter((f) => f.ruleId === "service-exposure") };
}

describe("service-exposure", () => {
  test("off by default", async () => {
    const { findings } = await exposureFindings(ASTERISK, { systemdVersion: 252 });
    expect(findings).toEqual([]);
  });

  test("Asterisk: reachable socket named, safe drop-in only, what is left out explained; the drop-in scores as predicted", async () => {
    const { root, findings } = await exposureFindings(ASTERISK);
    expect(findings).toHaveLength(1);
    const f = findings[0];
    expect(f.line).toBe(4); // the [Service] header
    expect(f.message).toContain("9.4 UNSAFE");
    expect(f.message).toContain("asterisk-ami.socket on 0.0.0.0:5038");
    expect(f.notes.join("\n")).toMatch(/left out for Asterisk: PrivateDevices=.*\/dev\/dahdi/);
    expect(f.notes.join("\n")).toMatch(/spool/);
    const help = f.help!;
    expect(help).toContain("(exposure 9.4 -> 4.5)");
    for (const bad of ["PrivateDevices", "PrivateNetwork", "DynamicUser", "NoNewPrivileges", "ProtectSystem=strict", "ProtectClock", "MemoryDenyWriteExecute"]) {
      expect(help).not.toContain(bad);
    }
    // Writing the drop-in: astlint now rates 4.5 (as systemd-analyze 252 does) and reports nothing.
    const dropin = help.split("\n").slice(1).join("\n") + "\n";
    fs.mkdirSync(path.join(root, "etc/systemd/system/asterisk.service.d"));
    fs.writeFileSync(path.join(root, "etc/systemd/system/asterisk.service.d/hardening.conf"), dropin);
    const again = await lint({ paths: [], root, ...ON });
    expect(again.findings.filter((x) => x.ruleId === "service-exposure")).toEqual([]);
    const t = io();
    expect(await main(["--root", root, "--exposure", "--format", "json", "--systemd-version", "252"], t.io)).toBe(0);
    expect(JSON.parse(t.out()).services.find((s: { unit: string }) => s.unit === "asterisk.service").exposure).toBe(4.5);
  });

  test("-p keeps real-time scheduling: RestrictRealtime= and CAP_SYS_NICE are not proposed, and the note says why", async () => {
    const files = { ...ASTERISK, "etc/systemd/system/asterisk.service": ASTERISK["etc/systemd/system/asterisk.service"].replace("-mqf", "-mqfp") };
    const { findings } = await exposureFindings(files);
    expect(findings[0].help).not.toContain("RestrictRealtime");
    expect(findings[0].help).not.toContain("CAP_SYS_NICE");
    expect(findings[0].notes.join("\n")).toMatch(/-p \(real-time priority\) needs CAP_SYS_NICE/);
    const plain = await exposureFindings(ASTERISK);
    expect(plain.findings[0].help).toContain("RestrictRealtime=yes");
  });

  test("a generic service: risky settings are notes with their condition, never in the drop-in", async () => {
    const { findings } = await exposureFindings({ "etc/systemd/system/app.service": "[Service]\nExecStart=/usr/bin/app\n" });
    expect(findings).toHaveLength(1);
    const notes = findings[0].notes.join("\n");
    expect(notes).toMatch(/DynamicUser=yes lowers it by \d\.\d, if the service can live with it: the service runs as a transient user/);
    expect(findings[0].help).not.toContain("PrivateNetwork");
    expect(findings[0].help).toContain("ProtectKernelTunables=yes");
  });

  test("version-aware: settings the target lacks are not proposed, and ones in the unit are named as doing nothing", async () => {
    const files = { "etc/systemd/system/app.service": "[Service]\nExecStart=/usr/bin/app\nProtectClock=yes\n" };
    const { findings } = await exposureFindings(files, { ruleSeverities: { "service-exposure": "warning" }, systemdVersion: 240 });
    const f = findings[0];
    for (const newer of ["ProtectClock", "ProtectProc", "ProcSubset", "ProtectKernelLogs", "ProtectHostname", "RestrictSUIDSGID"]) {
      expect(f.help).not.toContain(newer);
    }
    expect(f.notes.join("\n")).toMatch(/ProtectClock= \(.*app.service:3\) does nothing on systemd 240 \(it arrived in v245\)/);
    expect(f.notes.join("\n")).toMatch(/not proposed because systemd 240 lacks them: .*ProtectProc=/);
    // --exposure marks each check whose fix the target lacks.
    const root = makeTree(files);
    const t = io();
    // Exit 1: the lint itself reports ProtectClock= as unknown to systemd 240.
    expect(await main(["--root", root, "--exposure", "--format", "json", "--systemd-version", "240"], t.io)).toBe(1);
    const out = JSON.parse(t.out());
    expect(out.findings.map((x: { ruleId: string }) => x.ruleId)).toContain("unknown-directive");
    const checks = out.services[0].checks;
    expect(checks.find((c: { id: string }) => c.id === "ProtectProc").fixNeedsVersion).toBe(247);
    expect(checks.find((c: { id: string }) => c.id === "PrivateTmp").fixNeedsVersion).toBeUndefined();
  });

  test("the threshold comes from exposureThreshold; only services are rated, never sockets; vendor units are not reported", async () => {
    const high = await exposureFindings(ASTERISK, { ...ON, exposureThreshold: 9.5 });
    expect(high.findings).toEqual([]);
    const files = {
      "etc/systemd/system/lonely.socket": "[Socket]\nListenStream=0.0.0.0:9999\n",
      "lib/systemd/system/vendor.service": "[Service]\nExecStart=/usr/bin/vendor\n",
    };
    const { findings } = await exposureFindings(files);
    expect(findings).toEqual([]);
  });

  test("a service systemd refuses to load is not rated: its refusal is the refusal rules' finding", async () => {
    const { findings } = await exposureFindings({ "etc/systemd/system/foo.service": "[Service]\nType=simple\nUser=nobody\n" });
    expect(findings).toEqual([]);
    const r = await lint({ paths: [], root: makeTree({ "etc/systemd/system/foo.service": "[Service]\nType=simple\nUser=nobody\n" }), ...ON });
    expect(r.findings.map((f) => f.ruleId)).toEqual(["missing-exec-start"]);
    // Fixed, it is rated (and reported: 9.6 is above 7.0).
    expect((await exposureFindings({ "etc/systemd/system/foo.service": "[Service]\nExecStart=/usr/bin/foo\nUser=nobody\n" })).findings).toHaveLength(1);
  });

  test("a vendor unit with an admin drop-in: the finding is on the drop-in, the fix goes next to it", async () => {
    const { findings } = await exposureFindings({
      "lib/systemd/system/vendor.service": "[Service]\nExecStart=/usr/bin/vendor\n",
      "etc/systemd/system/vendor.service.d/override.conf": "[Service]\nEnvironment=A=1\n",
    });
    expect(findings).toHaveLength(1);
    expect(findings[0].file).toMatch(/etc\/systemd\/system\/vendor.service.d\/override.conf$/);
    expect(findings[0].help).toMatch(/etc\/systemd\/system\/vendor.service.d\/hardening.conf/);
  });
});

describe("astlint --exposure", () => {
  test("json: services with systemd's check ids and levels; the decided check points at its line", async () => {
    const root = makeTree({ "units/app.service": "[Service]\nExecStart=/usr/bin/app\nUser=app\nProtectSystem=full\n", "units/app.socket": "[Socket]\nListenStream=80\n" });
    const t = io(root);
    expect(await main(["--exposure", "--format", "json", "--systemd-version", "252", "units"], t.io)).toBe(0);
    const j = JSON.parse(t.out());
    expect(Array.isArray(j.findings)).toBe(true);
    expect(j.services.map((s: { unit: string }) => s.unit)).toEqual(["app.service"]);
    const s = j.services[0];
    expect(s.level).toMatch(/^(OK|MEDIUM|EXPOSED|UNSAFE)$/);
    const ps = s.checks.find((c: { id: string }) => c.id === "ProtectSystem");
    expect(ps).toMatchObject({ file: "units/app.service", line: 4, weight: 1000, range: 10, current: "ProtectSystem=full" });
    const net = s.checks.find((c: { id: string }) => c.id === "PrivateNetwork");
    expect(net).toMatchObject({ line: 1, section: "Service", fix: "PrivateNetwork=yes" });
    expect(Object.keys(net).sort()).toEqual(expect.arrayContaining(["id", "description", "exposure", "weight", "range", "file", "line"]));
  });

  test("stylish table; other formats exit 2; --exposure-threshold sets exit 1; a policy reweights", async () => {
    const root = makeTree({ "units/app.service": "[Service]\nExecStart=/usr/bin/app\n" });
    let t = io(root);
    expect(await main(["--exposure", "--systemd-version", "252", "units"], t.io)).toBe(0);
    expect(t.out()).toContain("→ Overall exposure level for app.service: 9.6 UNSAFE");
    expect(t.out()).toMatch(/app\.service\s+9\.6\s+UNSAFE/);
    t = io(root);
    expect(await main(["--exposure", "--format", "sarif", "units"], t.io)).toBe(2);
    expect(t.err()).toContain("--exposure supports --format stylish or json");
    t = io(root);
    expect(await main(["--exposure", "--exposure-threshold", "9.5", "units"], t.io)).toBe(1);
    expect(t.err()).toContain("above --exposure-threshold 9.5");
    t = io(root);
    expect(await main(["--exposure", "--exposure-threshold", "9.6", "units"], t.io)).toBe(0);
    t = io(root);
    expect(await main(["--exposure", "--exposure-threshold", "eleven", "units"], t.io)).toBe(2);
    t = io(root);
    expect(await main(["--exposure-threshold", "5", "units"], t.io)).toBe(2);
    fs.writeFileSync(path.join(root, "policy.json"), JSON.stringify({ PrivateNetwork: { weight: 0 }, UserOrDynamicUser: { weight: 0 } }));
    t = io(root);
    expect(await main(["--exposure", "--format", "json", "--security-policy", "policy.json", "units"], t.io)).toBe(0);
    const s = JSON.parse(t.out()).services[0];
    expect(s.checks.map((c: { id: string }) => c.id)).not.toContain("PrivateNetwork");
    fs.writeFileSync(path.join(root, "bad.json"), "{");
    t = io(root);
    expect(await main(["--exposure", "--security-policy", "bad.json", "units"], t.io)).toBe(2);
    expect(t.err()).toContain("not valid JSON");
  });

  test("--root without PATHs rates every service, vendor ones too, and reads the root's default policy", async () => {
    const root = makeTree({
      "etc/systemd/system/admin.service": "[Service]\nExecStart=/bin/true\n",
      "lib/systemd/system/vendor.service": "[Service]\nExecStart=/bin/true\n",
      "lib/systemd/system/masked.service": "[Service]\nExecStart=/bin/true\n",
      "etc/systemd/system/masked.service": "-> /dev/null",
      "lib/systemd/system/only.socket": "[Socket]\nListenStream=1234\n",
    });
    let t = io();
    expect(await main(["--root", root, "--exposure", "--format", "json", "--systemd-version", "252"], t.io)).toBe(0);
    let services = JSON.parse(t.out()).services;
    expect(services.map((s: { unit: string }) => s.unit)).toEqual(["admin.service", "vendor.service"]);
    expect(services[0].exposure).toBe(9.6);
    fs.writeFileSync(path.join(root, "etc/systemd/systemd-analyze-security.policy"), JSON.stringify({ PrivateNetwork: { weight: 0 }, UserOrDynamicUser: { weight: 0 } }));
    t = io();
    expect(await main(["--root", root, "--exposure", "--format", "json", "--systemd-version", "252"], t.io)).toBe(0);
    services = JSON.parse(t.out()).services;
    expect(services[0].exposure).toBe(9.5); // systemd-analyze 252 --security-policy with the same file: 9.5
  });

  test("for Asterisk, fixes that would break it are marked as left out, with the reason", async () => {
    const root = makeTree(ASTERISK);
    const t = io();
    expect(await main(["--root", root, "--exposure", "--format", "json", "--systemd-version", "252"], t.io)).toBe(0);
    const svc = JSON.parse(t.out()).services.find((s: { unit: string }) => s.unit === "asterisk.service");
    const byId = new Map(svc.checks.map((c: { id: string }) => [c.id, c]));
    expect(svc.notes.join(" ")).toContain("asterisk-ami.socket on 0.0.0.0:5038");
    expect((byId.get("PrivateDevices") as { fixWithheld: string }).fixWithheld).toMatch(/\/dev\/dahdi/);
    expect((byId.get("CapabilityBoundingSet_CAP_SET_UID_GID_PCAP") as { fixWithheld: string }).fixWithheld).toMatch(/runuser/);
    expect((byId.get("SystemCallFilter_privileged") as { fixWithheld: string }).fixWithheld).toBeDefined();
    for (const ok of ["ProtectKernelTunables", "CapabilityBoundingSet_CAP_SYS_MODULE", "SystemCallFilter_mount", "RestrictAddressFamilies_AF_PACKET", "RestrictNamespaces_user"]) {
      expect((byId.get(ok) as { fixWithheld?: string }).fixWithheld).toBeUndefined();
    }
    const plain = makeTree({ "etc/systemd/system/app.service": "[Service]\nExecStart=/usr/bin/app\n" });
    const t2 = io();
    await main(["--root", plain, "--exposure", "--format", "json", "--systemd-version", "252"], t2.io);
    expect(JSON.parse(t2.out()).services[0].checks.some((c: { fixWithheld?: string }) => c.fixWithheld)).toBe(false);
  });

  test("standard input is rated under --stdin-filename", async () => {
    const t = io();
    t.io.readStdin = () => new TextEncoder().encode("[Service]\nExecStart=/bin/true\nUser=app\n");
    expect(await main(["--exposure", "--format", "json", "--systemd-version", "252", "-", "--stdin-filename", "app.service"], t.io)).toBe(0);
    const s = JSON.parse(t.out()).services;
    expect(s.map((x: { unit: string; file: string }) => [x.unit, x.file])).toEqual([["app.service", "app.service"]]);
    expect(s[0].checks.every((c: { file: string }) => c.file === "app.service")).toBe(true);
  });

  test(".astlintrc.json exposureThreshold turns service-exposure on", async () => {
    const root = makeTree({ "units/app.service": "[Service]\nExecStart=/usr/bin/app\n", ".astlintrc.json": JSON.stringify({ exposureThreshold: 5 }) });
    const t = io(root);
    await main(["--format", "json", "units"], t.io);
    const f = JSON.parse(t.out()).findings.filter((x: { ruleId: string }) => x.ruleId === "service-exposure");
    expect(f).toHaveLength(1);
    expect(f[0].message).toContain("above the threshold 5.0");
  });

  describe("services systemd refuses to load are not rated, and it says so (as systemd-analyze security does)", () => {
    const TREE = {
      // systemd-analyze security --offline=yes --root=DIR foo.service (252): "Service has no ExecStart=,
      // ExecStop=, or SuccessAction=. Refusing." then "Unit foo.service has a bad unit file setting.", no rating.
      "etc/systemd/system/foo.service": "[Service]\nType=simple\nUser=nobody\n",
      "etc/systemd/system/fatal.service": "[Service]\nExecStart=/bin/true\nDynamicUser=maybe\n",
      "etc/systemd/system/ok.service": "[Service]\nExecStart=/usr/bin/ok\n",
      "etc/systemd/system/ok.service.d/broken.conf": "[Service]\nDynamicUser=maybe\nPrivateTmp=yes\n",
    };
    const FOO = "systemd refuses to load it: Service has no ExecStart=, ExecStop=, or SuccessAction=. Refusing.";

    test("stylish: one line on standard error per refused service, the table has the others", async () => {
      const root = makeTree(TREE);
      const t = io();
      expect(await main(["--root", root, "--exposure", "--systemd-version", "252"], t.io)).toBe(1); // the refusals are errors
      const lines = t.err().split("\n").filter((l) => l.includes("is not rated"));
      expect(lines).toEqual([
        expect.stringMatching(/^astlint: fatal\.service \(.*fatal\.service\) is not rated: systemd refuses to load it: Unit configuration has fatal error, unit will not be started\. \(line 3: "maybe" is not a boolean/),
        `astlint: foo.service (${root}/etc/systemd/system/foo.service) is not rated: ${FOO}`,
      ]);
      // systemd-analyze security 252 rates ok.service 9.6: it stops reading broken.conf at DynamicUser=maybe.
      expect(t.out()).toMatch(/^ok\.service +9\.6/m);
      expect(t.out()).not.toMatch(/^(foo|fatal)\.service /m);
      expect(t.out()).toContain("missing-exec-start");
    });

    test("json: notRated lists them with the reason; services and findings as before; nothing on standard error", async () => {
      const root = makeTree(TREE);
      const t = io();
      expect(await main(["--root", root, "--exposure", "--format", "json", "--systemd-version", "252"], t.io)).toBe(1);
      const out = JSON.parse(t.out());
      expect(out.services.map((s: { unit: string }) => s.unit)).toEqual(["ok.service"]);
      expect(out.notRated).toEqual([
        { unit: "fatal.service", file: `${root}/etc/systemd/system/fatal.service`, reason: expect.stringContaining("Unit configuration has fatal error") },
        { unit: "foo.service", file: `${root}/etc/systemd/system/foo.service`, reason: FOO },
      ]);
      expect(out.findings.map((f: { ruleId: string }) => f.ruleId).sort()).toEqual(["invalid-value", "invalid-value", "missing-exec-start"]);
      expect(t.err()).toBe("");
    });

    test("only services in scope: a PATH that selects another service lists none; a repository lists its own", async () => {
      const root = makeTree(TREE);
      let t = io();
      await main(["--root", root, "--exposure", "--format", "json", "--systemd-version", "252", path.join(root, "etc/systemd/system/ok.service")], t.io);
      expect(JSON.parse(t.out()).notRated).toEqual([]);
      t = io(root);
      await main(["--exposure", "--format", "json", "--systemd-version", "252", "etc/systemd/system/foo.service"], t.io);
      expect(JSON.parse(t.out())).toMatchObject({ services: [], notRated: [{ unit: "foo.service", file: "etc/systemd/system/foo.service", reason: FOO }] });
    });
  });
});
