/**
 * src/data/security-checks.ts is generated from data/systemd-security-v252.tsv and
 * data/systemd-syscall-groups-v252.tsv by scripts/generate-security-data.mjs; this fails when the
 * committed file is stale, and checks facts the scoring rests on.
 */
import { describe, expect, it } from "@jest/globals";
import { readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { REPO } from "../helpers.js";
import { NATIVE_SYSCALLS, SECURITY_CHECKS, SYSCALL_GROUPS } from "../../src/data/security-checks.js";
import { adviceFor } from "../../src/hardening/advice.js";

describe("generated security data", () => {
  it("src/data/security-checks.ts matches what data/ produces", async () => {
    const url = pathToFileURL(path.join(REPO, "scripts/generate-security-data.mjs")).href;
    const lib = (await import(url)) as { generate(): string };
    expect(readFileSync(path.join(REPO, "src/data/security-checks.ts"), "utf8")).toBe(lib.generate());
  });

  it("keeps systemd's quirks: the stray ')' id, nested groups, unresolvable members left out", () => {
    expect(SECURITY_CHECKS.map((c) => c.id)).toContain("CapabilityBoundingSet_CAP_NET_BIND_SERVICE_BROADCAST_RAW)");
    expect(SYSCALL_GROUPS["@privileged"]).toContain("@clock");
    expect(SYSCALL_GROUPS["@system-service"]).toContain("@resources");
    expect(NATIVE_SYSCALLS.has("clock_settime")).toBe(true);
    expect(NATIVE_SYSCALLS.has("clock_gettime64")).toBe(false); // a 32-bit-only call
    expect(NATIVE_SYSCALLS.has("_sysctl")).toBe(true); // removed from the kernel, still numbered by libseccomp
  });

  it("every check has astlint's own one-sentence description and a fix", () => {
    const seen = new Set<string>();
    for (const c of SECURITY_CHECKS) {
      const a = adviceFor(c);
      expect(a.description).toMatch(/^[A-Z].*\.$/);
      expect(seen.has(a.description)).toBe(false);
      seen.add(a.description);
      expect(a.fix).toMatch(/^[A-Za-z]+=/);
    }
  });

  it("docs/exposure.md explains every check with the description astlint prints", () => {
    const doc = readFileSync(path.join(REPO, "docs/exposure.md"), "utf8");
    for (const c of SECURITY_CHECKS) {
      const row = doc.split("\n").find((l) => l.startsWith(`| \`${c.id}\` |`));
      expect(row).toBeDefined();
      expect(row).toContain(adviceFor(c).description);
    }
  });
});
