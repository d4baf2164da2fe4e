/** Any value in any hardening directive: the rating never throws and stays within 0.0-10.0. */
import { describe, expect, test } from "@jest/globals";
import fc from "fast-check";
import { lint } from "../../src/lint.js";
import { makeTree } from "../helpers.js";
import { ratedServices, rateService } from "../../src/hardening/report.js";

const KEYS = [
  "User", "DynamicUser", "SupplementaryGroups", "CapabilityBoundingSet", "AmbientCapabilities", "RestrictNamespaces",
  "RestrictAddressFamilies", "SystemCallFilter", "SystemCallArchitectures", "IPAddressAllow", "IPAddressDeny", "DevicePolicy",
  "DeviceAllow", "UMask", "ProtectSystem", "ProtectHome", "ProtectProc", "ProcSubset", "KeyringMode", "NotifyAccess", "Delegate",
  "PrivateDevices", "ProtectClock", "RootDirectory", "WatchdogSec",
];
const VALUE = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom("~", "~@", "@", "none", "~CAP_", "CAP_SYS_ADMIN CAP_SYS_ADMIN", "~@privileged:EPERM", "::/0", "0.0.0.0/0", "777777", "-1", "yes", "~user user"),
  // Names of Object.prototype's members: a plain-object lookup table returned them (IPAddressAllow=valueOf crashed).
  fc.constantFrom("constructor", "valueOf", "__proto__", "toString", "hasOwnProperty", "@constructor", "~valueOf", "CAP_constructor"),
);

describe("hardening robustness", () => {
  test("random assignments never crash the rating", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.constantFrom(...KEYS), VALUE), { maxLength: 12 }), async (pairs) => {
        const body = pairs.map(([k, v]) => `${k}=${v.replace(/[\r\n\\]/g, "")}`).join("\n");
        const root = makeTree({ "x.service": `[Service]\nExecStart=/bin/true\n${body}\n` });
        const m = (await lint({ paths: [root], systemdVersion: 252 })).model;
        for (const u of ratedServices(m)) {
          const s = rateService(m, u);
          expect(s.exposureTenths).toBeGreaterThanOrEqual(0);
          expect(s.exposureTenths).toBeLessThanOrEqual(100);
        }
      }),
      { numRuns: 60 },
    );
  });

  test("every directive with the names of Object.prototype's members as its value", async () => {
    const names = ["constructor", "valueOf", "__proto__", "toString", "hasOwnProperty", "isPrototypeOf"];
    // One service per directive (a fatal value, e.g. a relative RootDirectory=, makes systemd refuse
    // the unit, and a refused unit is not rated).
    const tree: Record<string, string> = {};
    for (const k of KEYS) tree[`x-${k.toLowerCase()}.service`] = `[Service]\nExecStart=/bin/true\n${names.map((n) => `${k}=${n}`).join("\n")}\n`;
    const r = await lint({ paths: [makeTree(tree)], systemdVersion: 252 });
    expect(r.findings.filter((f) => f.ruleId === "internal-error")).toEqual([]);
    expect(ratedServices(r.model).length).toBeGreaterThan(KEYS.length / 2);
    for (const u of ratedServices(r.model)) {
      const s = rateService(r.model, u);
      expect(s.exposureTenths).toBeGreaterThanOrEqual(0);
      expect(s.exposureTenths).toBeLessThanOrEqual(100);
    }
  });
});
