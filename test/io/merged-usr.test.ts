/**
 * Merged /usr (Debian 12: `/lib -> usr/lib`): symbolic links in the *parent* components of a
 * path are followed inside the root, component by component (absolute targets re-rooted), while
 * the last component of a unit path keeps lstat semantics (a unit that is a link is an alias or a
 * mask). /lib/systemd/system and /usr/lib/systemd/system are then one directory, read once under
 * the first name, as systemd's lookup_paths_reduce() does.
 */
import { afterEach, describe, expect, test } from "@jest/globals";
import * as fs from "node:fs";
import * as path from "node:path";
import { main } from "../../src/cli/main.js";
import { observedIo, swapDirOnFirstOpen, type OpenWatch } from "./observed-host.js";
import { RootFs } from "../../src/io/fs.js";
import { lint } from "../../src/lint.js";
import { makeTree } from "../helpers.js";

/** What the race at hand does at each open of the confined backend (observed-host.ts). */
const watch: OpenWatch = {};
const io = (cwd: string) => observedIo(cwd, watch);

afterEach(() => {
  delete watch.onOpen;
});

/** FailureAction= in [Service] draws deprecated-directive: a finding proves the file was read. */
const VENDOR = "[Unit]\nDescription=vendor\n[Service]\nExecStart=/usr/bin/vendord\nFailureAction=reboot\n";
const OUTSIDE_UNIT = "[Service]\nExecStart=/usr/bin/outside\nSecretMarkerOutside=1\n";

/** A root image with merged /usr; `link` is what /lib points to. */
function image(link: string) {
  const tmp = makeTree({
    "outside/usr/lib/systemd/system/vendor.service": OUTSIDE_UNIT,
    "img/usr/lib/systemd/system/vendor.service": VENDOR,
    "img/usr/lib/systemd/system/vendor.service.d/10-tune.conf": "[Service]\nEnvironment=TUNED=1\nFailureAction=poweroff\n",
    "img/usr/lib/systemd/system/other.service": "[Service]\nExecStart=/usr/bin/other\n",
    "img/usr/lib/systemd/system/gone.service": "[Service]\nExecStart=/usr/bin/gone\n",
    "img/usr/lib/systemd/system/multi-user.target.wants/vendor.service": "-> ../vendor.service",
    "img/etc/systemd/system/multi-user.target.wants/other.service": "-> /lib/systemd/system/other.service",
    "img/usr/lib/systemd/system/vendor-alias.service": "-> vendor.service",
    "img/usr/lib/systemd/system/gone.service.d/override.conf": "[Service]\nEnvironment=X=1\n",
    "img/etc/systemd/system/gone.service": "-> /dev/null",
    "img/usr/lib/systemd/system/masked.service": "-> /dev/null",
  });
  // Last, and never written through: an absolute target names the host's /usr/lib.
  fs.symlinkSync(link, path.join(tmp, "img/lib"));
  return { tmp, root: path.join(tmp, "img") };
}

describe.each([
  ["relative", "usr/lib"],
  ["absolute (re-rooted)", "/usr/lib"],
])("a root with a %s /lib link", (_kind, link) => {
  test("units, drop-ins, aliases, masks and enablement links under /lib are read inside the root, once", async () => {
    const { root } = image(link);
    const r = await lint({ paths: [], root, allUnits: true });
    const m = r.model;
    const vendor = m.units.get("vendor.service")!;
    // The first name on the search path, as systemd's FragmentPath says on Debian 12.
    expect(vendor.fragment!.path).toBe("/lib/systemd/system/vendor.service");
    expect(vendor.get("Service", "ExecStart")!.value).toBe("/usr/bin/vendord");
    expect(vendor.dropins.map((d) => d.path)).toEqual(["/lib/systemd/system/vendor.service.d/10-tune.conf"]);
    expect(vendor.get("Service", "Environment")!.value).toBe("TUNED=1");
    expect(vendor.aliases).toContain("vendor-alias.service");
    expect(m.units.get("vendor-alias.service")).toBe(vendor);
    expect(vendor.enabledBy).toEqual([{ unit: "multi-user.target", kind: "wants", linkPath: "/lib/systemd/system/multi-user.target.wants/vendor.service" }]);
    expect(m.units.get("other.service")!.enabledBy.map((e) => e.linkPath)).toEqual(["/etc/systemd/system/multi-user.target.wants/other.service"]);
    expect(m.units.get("masked.service")!.masked).toBe(true);
    expect(m.units.get("gone.service")!.masked).toBe(true);
    // Every file once, nothing from outside the root, nothing unreadable.
    const paths = m.unitFiles.map((f) => f.path);
    expect(new Set(paths).size).toBe(paths.length);
    expect(paths.some((p) => p.startsWith("/usr/lib/systemd/system/"))).toBe(false);
    expect(r.findings.filter((f) => f.ruleId === "unreadable-file")).toEqual([]);
    expect(JSON.stringify(r.findings)).not.toContain("SecretMarkerOutside");
    // Read through the link: the unit and its drop-in each draw their finding, once.
    const deprecated = r.findings.filter((f) => f.ruleId === "deprecated-directive").map((f) => path.relative(root, f.file));
    expect(deprecated.sort()).toEqual(["lib/systemd/system/vendor.service", "lib/systemd/system/vendor.service.d/10-tune.conf"]);
  });

  test("the CLI on an explicit path through /lib (and through /usr/lib) lints that unit", async () => {
    const { root } = image(link);
    for (const given of ["lib/systemd/system/vendor.service", "usr/lib/systemd/system/vendor.service"]) {
      const t = io(root);
      const code = await main(["--root", root, path.join(root, given), "-f", "json"], t.io);
      expect(t.err()).toBe("");
      expect(code).toBe(0);
      const findings = JSON.parse(t.out()).findings as { ruleId: string; file: string }[];
      expect(findings.map((f) => [f.ruleId, path.relative(root, f.file)])).toEqual([["deprecated-directive", "lib/systemd/system/vendor.service"]]);
    }
  });

  test("RootFs.lstat and readlink follow parent links, not the last component", () => {
    const { root } = image(link);
    const rfs = new RootFs(root);
    try {
      expect(rfs.lstat("/lib")?.kind).toBe("symlink");
      expect(rfs.lstat("/lib/systemd/system/vendor.service")?.kind).toBe("file");
      expect(rfs.lstat("/lib/systemd/system/vendor-alias.service")?.kind).toBe("symlink");
      expect(rfs.readlink("/lib/systemd/system/vendor-alias.service")).toBe("vendor.service");
      expect(rfs.readlink("/lib/systemd/system/masked.service")).toBe("/dev/null");
      expect(rfs.lstat("/lib/systemd/system/missing.service")).toBeNull();
    } finally {
      rfs.close();
    }
  });
});

describe("parent links stay inside the root", () => {
  test("a /lib link climbing out with ../ is clamped at the root, as the kernel does at /", async () => {
    const { root } = image("../../../../../../../usr/lib");
    const r = await lint({ paths: [], root, allUnits: true });
    expect(r.model.units.get("vendor.service")!.get("Service", "ExecStart")!.value).toBe("/usr/bin/vendord");
    expect(JSON.stringify(r.findings)).not.toContain("SecretMarkerOutside");
  });

  test("a link to a host directory named by its host path is re-rooted, never followed on the host", async () => {
    const { tmp, root } = image("usr/lib");
    // /etc/units -> <host path of the decoy>: inside the root that path does not exist.
    fs.symlinkSync(path.join(tmp, "outside/usr/lib"), path.join(root, "etc/units"));
    const rfs = new RootFs(root);
    try {
      expect(rfs.lstat("/etc/units/systemd/system/vendor.service")).toBeNull();
      expect(rfs.read("/etc/units/systemd/system/vendor.service")).toMatchObject({ ok: false, error: "missing" });
    } finally {
      rfs.close();
    }
  });

  test("the linked-to directory swapped for a link out of the root while astlint reads it: nothing outside is read", async () => {
    const { tmp, root } = image("usr/lib");
    const swap = swapDirOnFirstOpen(path.join(root, "usr/lib/systemd/system"), path.join(tmp, "outside/usr/lib/systemd/system"));
    watch.onOpen = swap.onOpen;
    const t = io(root);
    await main(["--root", root, "--all-units", "-f", "json"], t.io);
    expect(swap.swapped()).toBe(true);
    expect(t.out()).not.toContain("SecretMarkerOutside");
  });
});
