import { describe, expect, it } from "@jest/globals";
import {
  DATA_NEWEST_VERSION,
  directiveInfo,
  editDistance,
  emptyAssignmentInfo,
  isKeylessSection,
  lookupDirective,
  sectionsFor,
  suggestKey,
  suggestSection,
  versionLabel,
} from "../../src/values/directive-table.js";
import { INCLUDE_DIRECTIVE, UNIT_TYPE_SECTIONS } from "../../src/data/directives.js";
import { UNIT_TYPES } from "../../src/core/types.js";

describe("sectionsFor", () => {
  it("gives [Unit], the type's own section and [Install] for every unit type", () => {
    expect(sectionsFor("service")).toEqual(["Unit", "Service", "Install"]);
    expect(sectionsFor("socket")).toEqual(["Unit", "Socket", "Install"]);
    expect(sectionsFor("automount")).toEqual(["Unit", "Automount", "Install"]);
    for (const t of UNIT_TYPES) expect(sectionsFor(t)).toHaveLength(3);
    expect(Object.keys(UNIT_TYPE_SECTIONS).sort()).toEqual([...UNIT_TYPES].sort());
  });

  it("knows [Target] and [Device] have no keys", () => {
    expect(isKeylessSection("Target")).toBe(true);
    expect(isKeylessSection("Device")).toBe(true);
    expect(isKeylessSection("Service")).toBe(false);
    expect(lookupDirective("target", "Target", "Foo", 252)).toEqual({ status: "unknown" });
  });
});

describe("lookupDirective", () => {
  it("finds known directives case-sensitively", () => {
    const r = lookupDirective("service", "Service", "ExecStart", 252);
    expect(r.status).toBe("known");
    if (r.status === "known") {
      expect(r.info.parser).toBe("config_parse_exec");
      expect(r.info.ltype).toBe("SERVICE_EXEC_START");
    }
    expect(lookupDirective("service", "Service", "execstart", 252).status).toBe("unknown");
    expect(lookupDirective("service", "service", "ExecStart", 252).status).toBe("unknown-section");
  });

  it("rejects keys of another unit type's section", () => {
    expect(lookupDirective("service", "Socket", "ListenStream", 252).status).toBe("unknown-section");
    expect(lookupDirective("service", "Service", "ListenStream", 252).status).toBe("unknown");
  });

  it("treats X- sections and keys as extensions", () => {
    expect(lookupDirective("service", "X-Vendor", "Anything", 252).status).toBe("extension");
    expect(lookupDirective("service", "Service", "X-Custom", 252).status).toBe("extension");
  });

  it("says which version added a directive newer than the target", () => {
    const r = lookupDirective("service", "Service", "ReloadSignal", 252);
    expect(r).toMatchObject({ status: "newer", since: 253 });
    expect(lookupDirective("service", "Service", "ReloadSignal", 253).status).toBe("known");
    const install = lookupDirective("service", "Install", "UpheldBy", 252);
    expect(install).toMatchObject({ status: "newer", since: 254 });
    const after256 = lookupDirective("service", "Service", "PrivateBPF", 256);
    expect(after256).toMatchObject({ status: "newer", since: 257 });
    expect(versionLabel(257)).toBe("a version after v256");
    expect(versionLabel(253)).toBe("v253");
    expect(lookupDirective("service", "Service", "PrivateBPF", DATA_NEWEST_VERSION).status).toBe("known");
  });

  it("flags legacy, alias and removed-but-accepted directives with their replacement", () => {
    const moved = lookupDirective("service", "Service", "StartLimitInterval", 252);
    expect(moved.status).toBe("known");
    if (moved.status === "known") {
      expect(moved.info.legacy).toBe(true);
      expect(moved.info.replacement).toBe("StartLimitIntervalSec");
      expect(moved.info.replacementSection).toBe("Unit");
    }
    const alias = directiveInfo("Unit", "BindTo");
    expect(alias).toMatchObject({ alias: true, replacement: "BindsTo" });
    const ignored = directiveInfo("Service", "SysVStartPriority");
    expect(ignored).toMatchObject({ removed: true, parser: "config_parse_warn_compat" });
    const cpuShares = directiveInfo("Service", "CPUShares");
    expect(cpuShares).toMatchObject({ removed: true, lastFunctional: 256 });
    const obsolete = directiveInfo("Unit", "RequiresOverridable");
    expect(obsolete).toMatchObject({ legacy: true, replacement: "Requires" });
    const seccomp = directiveInfo("Service", "SystemCallFilter");
    expect(seccomp).toMatchObject({ buildOption: "HAVE_SECCOMP" });
    const install = directiveInfo("Install", "WantedBy");
    expect(install).toMatchObject({ installOnly: true });
  });

  it("reports directives removed from systemd with their last version", () => {
    expect(lookupDirective("service", "Service", "ControlGroup", 252)).toMatchObject({ status: "removed", first: 183, last: 204 });
    expect(lookupDirective("service", "Unit", "ConditionNull", 252)).toMatchObject({ status: "removed", last: 246 });
    // Still there in its last version.
    expect(lookupDirective("service", "Unit", "ConditionNull", 246).status).toBe("known");
    expect(lookupDirective("service", "Service", "ManagedOOMMemoryPressureLimitPercent", 246)).toMatchObject({ status: "newer", since: 247 });
  });

  it("knows unknown-to-v252 directives are newer than 252", () => {
    const info = directiveInfo("Service", "OpenFile");
    expect(info?.unknownToV252).toBe(true);
    expect(info?.since).toBeGreaterThan(252);
  });

  it("hand-lists .include (removed in v246)", () => {
    expect(INCLUDE_DIRECTIVE).toEqual({ text: ".include", removedIn: 246 });
  });
});

describe("suggestKey", () => {
  it("prefers a case-only difference", () => {
    expect(suggestKey("service", "Service", "execstart")).toMatchObject({ key: "ExecStart", section: "Service", reason: "case" });
    expect(suggestKey("service", "Service", "EXECSTART")).toMatchObject({ key: "ExecStart", reason: "case" });
  });

  it("finds typos by Damerau-Levenshtein distance", () => {
    expect(suggestKey("service", "Service", "ExecStrat")).toMatchObject({ key: "ExecStart", reason: "typo", distance: 1 });
    expect(suggestKey("service", "Service", "RemainAfterExt")).toMatchObject({ key: "RemainAfterExit", reason: "typo" });
    expect(suggestKey("service", "Unit", "Documentationm")).toMatchObject({ key: "Documentation", section: "Unit" });
    expect(suggestKey("service", "Unit", "Wnats")).toMatchObject({ key: "Wants" });
    expect(suggestKey("service", "Install", "WantedBY")).toMatchObject({ key: "WantedBy", reason: "case" });
  });

  it("points at the section a key belongs to", () => {
    expect(suggestKey("service", "Unit", "Restart")).toMatchObject({ key: "Restart", section: "Service", reason: "other-section" });
    expect(suggestKey("service", "Service", "Description")).toMatchObject({ key: "Description", section: "Unit", reason: "other-section" });
    expect(suggestKey("service", "Service", "WantedBy")).toMatchObject({ key: "WantedBy", section: "Install" });
  });

  it("gives nothing for unrelated names", () => {
    expect(suggestKey("service", "Service", "CompletelyUnrelatedThing")).toBeNull();
    expect(suggestKey("service", "Service", "Q")).toBeNull();
  });

  it("prefers current names over legacy spellings at the same distance", () => {
    // StartLimitIntervalSec is in [Unit]; StartLimitInterval (legacy) is in both.
    const s = suggestKey("service", "Unit", "StartLimitIntervalSecs");
    expect(s).toMatchObject({ key: "StartLimitIntervalSec", section: "Unit" });
  });
});

describe("suggestSection", () => {
  it("handles case, whitespace and typos", () => {
    expect(suggestSection("service", "service")).toEqual({ section: "Service", reason: "case" });
    expect(suggestSection("service", " Service ")).toEqual({ section: "Service", reason: "whitespace" });
    expect(suggestSection("service", "Servcie")).toEqual({ section: "Service", reason: "typo" });
    expect(suggestSection("service", "Instal")).toEqual({ section: "Install", reason: "typo" });
  });

  it("names the unit type a foreign section belongs to", () => {
    expect(suggestSection("service", "Socket")).toEqual({ section: "Socket", reason: "other-type", unitType: "socket" });
    expect(suggestSection("socket", "Service")).toEqual({ section: "Service", reason: "other-type", unitType: "service" });
  });

  it("gives nothing for a valid or unrelated section", () => {
    expect(suggestSection("service", "Service")).toBeNull();
    expect(suggestSection("service", "Whatever")).toBeNull();
  });
});

describe("emptyAssignmentInfo", () => {
  it("reads the measured v252 table", () => {
    expect(emptyAssignmentInfo("Service", "ExecStart")?.behaviour).toBe("silent");
    expect(emptyAssignmentInfo("Service", "RemainAfterExit")?.behaviour).toBe("warns");
    expect(emptyAssignmentInfo("Service", "DynamicUser")?.behaviour).toBe("fatal");
    expect(emptyAssignmentInfo("Unit", "After")?.behaviour).toBe("silent");
    expect(emptyAssignmentInfo("Service", "Type")).toMatchObject({ behaviour: "warns", message: expect.stringContaining("service type") });
    expect(emptyAssignmentInfo("Service", "NoSuchKey")?.behaviour).toBeUndefined();
    expect(emptyAssignmentInfo("Service", "OpenFile")?.behaviour).toBeUndefined();
  });
});

describe("editDistance", () => {
  it("counts a transposition as one edit", () => {
    expect(editDistance("ExecStrat", "ExecStart")).toBe(1);
    expect(editDistance("abc", "abc")).toBe(0);
    expect(editDistance("", "abc")).toBe(3);
    expect(editDistance("kitten", "sitting")).toBe(3);
  });
});
