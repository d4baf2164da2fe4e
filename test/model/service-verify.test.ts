/**
 * serviceLoadRefusal(): does systemd 252 load a service, and if not, with which log line. Each
 * case is one the refusal rules' tests and fixtures use (missing-exec-start,
 * missing-required-setting, duplicate-directive's second ExecStart=, invalid-value's fatal
 * values, syntax-error's fatal problems), with the near misses systemd loads; the verdicts and
 * log lines were checked with `systemd-analyze security --offline=yes --root=DIR` 252 on the
 * same units (a refused unit: "Unit x.service has a bad unit file setting.", no rating).
 */
import { describe, expect, test } from "@jest/globals";
import { lint } from "../../src/lint.js";
import { appliedAssignments, FATAL_CONFIGURATION_LOG, refusalLog, serviceLoadRefusal, type ServiceLoadRefusal } from "../../src/model/service-verify.js";
import { makeTree } from "../helpers.js";

const S = "etc/systemd/system";

/** The refusal of `name` in a root made of `files` (names without a directory go to /etc/systemd/system). */
async function refusal(files: Record<string, string>, name: string, systemdVersion = 252): Promise<ServiceLoadRefusal | null> {
  const tree: Record<string, string> = {};
  for (const [f, text] of Object.entries(files)) tree[f.startsWith("etc/") || f.startsWith("usr/") ? f : `${S}/${f}`] = text;
  const r = await lint({ paths: [], root: makeTree(tree), systemdVersion });
  const unit = r.model.units.get(name);
  if (!unit) throw new Error(`no unit ${name}`);
  return serviceLoadRefusal(unit, systemdVersion);
}

const kindOf = (r: ServiceLoadRefusal | null) => (r === null ? null : r.stage === "verify" ? r.kind : `parse:${r.kind}`);

describe("service_verify() refusals", () => {
  test("no ExecStart=, ExecStop= or SuccessAction= (also after a drop-in's empty ExecStart=)", async () => {
    const r = await refusal({ "foo.service": "[Service]\nType=simple\nUser=nobody\n" }, "foo.service");
    expect(kindOf(r)).toBe("no-commands");
    expect(refusalLog(r!)).toBe("Service has no ExecStart=, ExecStop=, or SuccessAction=. Refusing.");
    const reset = await refusal({ "web.service": "[Service]\nExecStart=/usr/bin/web\n", "web.service.d/override.conf": "[Service]\nExecStart=\n" }, "web.service");
    expect(kindOf(reset)).toBe("no-commands");
  });

  test("no ExecStart= outside Type=oneshot (Type=simple, or dbus implied by BusName=), with the Type= line", async () => {
    const r = await refusal({ "a.service": "[Service]\nType=simple\nExecStop=/bin/true\n" }, "a.service");
    expect(kindOf(r)).toBe("no-exec-start");
    expect(r!.stage === "verify" && r!.typeSetting?.loc.line).toBe(2);
    expect(refusalLog(r!)).toBe("Service has no ExecStart= setting, which is only allowed for Type=oneshot services. Refusing.");
    const bus = await refusal({ "b.service": "[Service]\nBusName=org.example.B\nExecStop=/bin/true\n" }, "b.service");
    expect(bus?.stage === "verify" && [bus.kind, bus.type, bus.typeSetting]).toEqual(["no-exec-start", "dbus", undefined]);
  });

  test("a oneshot with only ExecStop=; RemainAfterExit=yes or SuccessAction= make it load (an empty RemainAfterExit= is ignored)", async () => {
    expect(kindOf(await refusal({ "b.service": "[Service]\nExecStop=/bin/true\n" }, "b.service"))).toBe("oneshot-nothing-to-do");
    expect(await refusal({ "b.service": "[Service]\nType=oneshot\nExecStop=/bin/true\nRemainAfterExit=yes\n" }, "b.service")).toBeNull();
    expect(await refusal({ "f.service": "[Service]\nType=oneshot\nExecStop=/bin/true\nRemainAfterExit=yes\nRemainAfterExit=\n" }, "f.service")).toBeNull();
    expect(await refusal({ "h.service": "[Unit]\nSuccessAction=reboot\n[Service]\n" }, "h.service")).toBeNull();
    // SuccessAction=none is no action; an invalid value is ignored.
    expect(kindOf(await refusal({ "h.service": "[Unit]\nSuccessAction=none\n[Service]\n" }, "h.service"))).toBe("no-commands");
    expect(kindOf(await refusal({ "h.service": "[Unit]\nSuccessAction=explode\n[Service]\n" }, "h.service"))).toBe("no-commands");
  });

  test("several ExecStart= outside oneshot, in the file or through a drop-in without the reset; the first two lines", async () => {
    const r = await refusal({ "c.service": "[Service]\nExecStart=/bin/true\nExecStart=/bin/false\n" }, "c.service");
    expect(kindOf(r)).toBe("several-exec-start");
    expect(r!.stage === "verify" && r!.culprits.map((s) => s.value)).toEqual(["/bin/true", "/bin/false"]);
    expect(refusalLog(r!)).toBe("Service has more than one ExecStart= setting, which is only allowed for Type=oneshot services. Refusing.");
    const dropin = await refusal({ "g.service": "[Service]\nExecStart=/bin/true\n", "g.service.d/x.conf": "[Service]\nExecStart=/bin/false\n" }, "g.service");
    expect(dropin?.stage === "verify" && dropin.culprits[1]!.file.kind).toBe("dropin");
    expect(await refusal({ "g.service": "[Service]\nExecStart=/bin/true\n", "g.service.d/x.conf": "[Service]\nExecStart=\nExecStart=/bin/false\n" }, "g.service")).toBeNull();
    expect(await refusal({ "o.service": "[Service]\nType=oneshot\nExecStart=/bin/true\nExecStart=/bin/false\n" }, "o.service")).toBeNull();
  });

  test("oneshot with Restart=always/on-success (the last accepted Restart= counts)", async () => {
    const r = await refusal({ "sync.service": "[Service]\nType=oneshot\nExecStart=/bin/true\nRestart=always\n" }, "sync.service");
    expect(kindOf(r)).toBe("oneshot-restart");
    expect(r!.stage === "verify" && r!.culprits[0]!.loc.line).toBe(4);
    expect(await refusal({ "o.service": "[Service]\nType=oneshot\nExecStart=/bin/true\nRestart=on-success\nRestart=on-failure\n" }, "o.service")).toBeNull();
    expect(await refusal({ "o.service": "[Service]\nType=simple\nExecStart=/bin/true\nRestart=always\n" }, "o.service")).toBeNull();
  });

  test("oneshot with ExitType=cgroup, from systemd 250 (before, ExitType= is unknown and ignored)", async () => {
    const files = { "a.service": "[Service]\nType=oneshot\nExitType=cgroup\nExecStart=/bin/true\n" };
    const r = await refusal(files, "a.service");
    expect(kindOf(r)).toBe("oneshot-exit-cgroup");
    expect(refusalLog(r!)).toBe("Service has ExitType=cgroup set, which isn't allowed for Type=oneshot services. Refusing.");
    expect(await refusal(files, "a.service", 249)).toBeNull();
    expect(await refusal({ "a.service": "[Service]\nType=simple\nExitType=cgroup\nExecStart=/bin/true\n" }, "a.service")).toBeNull();
  });

  test("Type=dbus without BusName= (a BusName= with a specifier is fine)", async () => {
    const r = await refusal({ "e.service": "[Service]\nType=dbus\nExecStart=/bin/true\n" }, "e.service");
    expect(kindOf(r)).toBe("dbus-without-bus-name");
    expect(refusalLog(r!)).toBe("Service is of type D-Bus but no D-Bus service name has been specified. Refusing.");
    expect(await refusal({ "d.service": "[Service]\nType=dbus\nBusName=org.example.%p\nExecStart=/bin/true\n" }, "d.service")).toBeNull();
  });

  test("PAMName= with KillMode=process or none; control-group and mixed load", async () => {
    const r = await refusal({ "p.service": "[Service]\nExecStart=/bin/true\nPAMName=login\nKillMode=process\n" }, "p.service");
    expect(kindOf(r)).toBe("pam-kill-mode");
    expect(r!.stage === "verify" && r!.culprits.map((s) => s.key)).toEqual(["PAMName", "KillMode"]);
    expect(refusalLog(r!)).toBe("Service has PAM enabled. Kill mode must be set to 'control-group' or 'mixed'. Refusing.");
    expect(await refusal({ "p.service": "[Service]\nExecStart=/bin/true\nPAMName=login\nKillMode=mixed\n" }, "p.service")).toBeNull();
    // An empty PAMName= resets it.
    expect(await refusal({ "p.service": "[Service]\nExecStart=/bin/true\nPAMName=login\nPAMName=\nKillMode=none\n" }, "p.service")).toBeNull();
  });

  test("the first refusal in service_verify()'s order wins", async () => {
    // Type=dbus without BusName= and without ExecStart=: the missing ExecStart= is logged.
    expect(kindOf(await refusal({ "x.service": "[Service]\nType=dbus\nExecStop=/bin/true\n" }, "x.service"))).toBe("no-exec-start");
    // Restart=always and PAM: Restart= first.
    expect(kindOf(await refusal({ "x.service": "[Service]\nType=oneshot\nExecStart=/bin/true\nRestart=always\nPAMName=a\nKillMode=none\n" }, "x.service"))).toBe("oneshot-restart");
  });
});

describe("the unit file fails before service_verify()", () => {
  test("a fatal value in the unit file: systemd stops at that line (before the missing ExecStart= counts)", async () => {
    const r = await refusal({ "n.service": "[Service]\nDynamicUser=maybe\n" }, "n.service");
    expect(kindOf(r)).toBe("parse:value");
    expect(r!.stage === "parse" && r!.kind === "value" && r!.assignment.line).toBe(2);
    expect(FATAL_CONFIGURATION_LOG).toBe("Unit configuration has fatal error, unit will not be started.");
    expect(refusalLog(r!)).toContain(FATAL_CONFIGURATION_LOG);
    expect(refusalLog(r!)).toContain('line 2: "maybe" is not a boolean');
    expect(kindOf(await refusal({ "f.service": "[Service]\nExecStart=bin/app\n" }, "f.service"))).toBe("parse:value");
    // With "-" the bad command is only ignored: then the missing ExecStart= refuses it.
    expect(kindOf(await refusal({ "f.service": "[Service]\nExecStart=-bin/app\n" }, "f.service"))).toBe("no-commands");
  });

  test("a fatal syntax problem, or whichever of the two comes first", async () => {
    const r = await refusal({ "s.service": "[Service\nExecStart=/bin/true\n" }, "s.service");
    expect(kindOf(r)).toBe("parse:syntax");
    expect(refusalLog(r!)).toMatch(/^line 1: Invalid section header/);
    expect(kindOf(await refusal({ "s.service": "[Service]\nDynamicUser=maybe\n[Unit\n" }, "s.service"))).toBe("parse:value");
  });

  test("errors in a drop-in do not stop the unit (unit_load_dropin() ignores them)", async () => {
    expect(await refusal({ "d.service": "[Service]\nExecStart=/bin/true\n", "d.service.d/x.conf": "[Service]\nDynamicUser=maybe\nPrivateTmp=yes\n" }, "d.service")).toBeNull();
    expect(await refusal({ "d.service": "[Service]\nExecStart=/bin/true\n", "d.service.d/x.conf": "[Service\nUser=x\n" }, "d.service")).toBeNull();
  });

  test("appliedAssignments(): a drop-in loses its lines from the fatal one on; the unit file keeps all", async () => {
    const root = makeTree({
      [`${S}/d.service`]: "[Service]\nExecStart=/bin/true\nNice=1\n",
      [`${S}/d.service.d/a.conf`]: "[Service]\nUser=a\nDynamicUser=maybe\nPrivateTmp=yes\n",
      [`${S}/d.service.d/b.conf`]: "[Service]\nProtectHome=yes\n[Unit\nProtectSystem=full\n",
      [`${S}/d.service.d/c.conf`]: "[Service]\nPrivateDevices=yes\n",
    });
    const r = await lint({ paths: [], root, systemdVersion: 252 });
    const unit = r.model.units.get("d.service")!;
    expect(appliedAssignments(unit, 252).map((s) => `${s.key}=${s.value}`)).toEqual(["ExecStart=/bin/true", "Nice=1", "User=a", "ProtectHome=yes", "PrivateDevices=yes"]);
    const clean = (await lint({ paths: [], root: makeTree({ [`${S}/e.service`]: "[Service]\nExecStart=/bin/true\n" }), systemdVersion: 252 })).model.units.get("e.service")!;
    expect(appliedAssignments(clean, 252)).toBe(clean.assignments);
  });

  test("a loaded, well-formed service and units of other types are not refused", async () => {
    expect(await refusal({ "ok.service": "[Service]\nExecStart=/usr/bin/ok\n" }, "ok.service")).toBeNull();
    expect(await refusal({ "ok.socket": "[Socket]\nListenStream=80\n", "ok.service": "[Service]\nExecStart=/usr/bin/ok\n" }, "ok.socket")).toBeNull();
  });
});

describe("only what systemd applies decides (checked with systemd-analyze verify and security 252)", () => {
  test("a drop-in's lines after its fatal line are not applied: no second ExecStart=, no lost ExecStart=", async () => {
    const dropin = { "b.service": "[Service]\nExecStart=/bin/true\n", "b.service.d/override.conf": "[Service]\nWorkingDirectory=relative/dir\nExecStart=/bin/echo two\n" };
    expect(await refusal(dropin, "b.service")).toBeNull();
    const reset = { "c.service": "[Service]\nExecStart=/bin/true\n", "c.service.d/override.conf": "[Service]\nWorkingDirectory=relative/dir\nExecStart=\n" };
    expect(await refusal(reset, "c.service")).toBeNull();
  });

  test("an empty Type= is ignored ('Failed to parse service type, ignoring'), not a reset to simple", async () => {
    const r = await refusal({ "a.service": "[Service]\nType=oneshot\nExecStart=/bin/true\nExecStart=/bin/echo hi\n", "a.service.d/override.conf": "[Service]\nType=\n" }, "a.service");
    expect(r).toBeNull();
  });

  test("a BusName= systemd rejects does not make the service Type=dbus", async () => {
    expect(await refusal({ "d.service": "[Service]\nBusName=foo\nExecStart=/bin/true\n" }, "d.service")).toBeNull();
    expect(kindOf(await refusal({ "e.service": "[Service]\nType=dbus\nBusName=foo\nExecStart=/bin/true\n" }, "e.service"))).toBe("dbus-without-bus-name");
    expect(await refusal({ "f.service": "[Service]\nBusName=org.example.F\nExecStart=/bin/true\n" }, "f.service")).toBeNull();
    // %i is empty outside an instance: "Invalid bus name, ignoring: org.example." (oneshot, loads).
    expect(await refusal({ "g.service": "[Service]\nBusName=org.example.%i\nExecStop=/bin/true\nRemainAfterExit=yes\n" }, "g.service")).toBeNull();
  });
});
