import { describe, expect, it } from "@jest/globals";
import { hasSpecifiers, isKnownSpecifier, unescapePercent, validateSpecifiers } from "../../src/values/specifiers.js";

describe("validateSpecifiers", () => {
  it("accepts the v252 set in unit context", () => {
    const v252 = "i I j J n N p P f y Y c r R C d E L S t h s a A b B H l q m M o v w W g G u U T V";
    for (const c of v252.split(" ")) expect(validateSpecifiers(`/x/%${c}`, "unit", 252)).toEqual([]);
  });

  it("reports unknown letters and digits with their offset", () => {
    expect(validateSpecifiers("/bin/echo %z", "unit", 252)).toEqual([{ text: "%z", offset: 10, reason: "unknown" }]);
    expect(validateSpecifiers("a%1b%Qc", "unit", 256)).toEqual([
      { text: "%1", offset: 1, reason: "unknown" },
      { text: "%Q", offset: 4, reason: "unknown" },
    ]);
  });

  it("gates specifiers by version (%D since v256, %y since v251, %a since v247)", () => {
    expect(validateSpecifiers("%D/foo", "unit", 252)).toEqual([{ text: "%D", offset: 0, reason: "newer", since: 256 }]);
    expect(validateSpecifiers("%D/foo", "unit", 256)).toEqual([]);
    expect(validateSpecifiers("%y", "unit", 250)).toEqual([{ text: "%y", offset: 0, reason: "newer", since: 251 }]);
    expect(validateSpecifiers("%a", "unit", 246)).toMatchObject([{ reason: "newer", since: 247 }]);
    expect(isKnownSpecifier("g", "unit", 239)).toBe(false);
    expect(isKnownSpecifier("g", "unit", 240)).toBe(true);
  });

  it("keeps %%, a % before a non-alphanumeric character, and a trailing % literal", () => {
    expect(validateSpecifiers("100%", "unit", 252)).toEqual([]);
    expect(validateSpecifiers("%%z", "unit", 252)).toEqual([]);
    expect(validateSpecifiers("50%-off %/ %.", "unit", 252)).toEqual([]);
    expect(validateSpecifiers("%%%z", "unit", 252)).toEqual([{ text: "%z", offset: 2, reason: "unknown" }]);
  });

  it("knows the smaller unit-name and [Install] tables", () => {
    expect(validateSpecifiers("foo@%i.service", "name", 252)).toEqual([]);
    expect(validateSpecifiers("%t.service", "name", 252)).toEqual([{ text: "%t", offset: 0, reason: "unknown", validElsewhere: true }]);
    expect(validateSpecifiers("%I.service", "name", 252)).toMatchObject([{ text: "%I", validElsewhere: true }]);
    expect(validateSpecifiers("%T", "install", 252)).toEqual([]);
    expect(validateSpecifiers("%T", "name", 252)).toMatchObject([{ text: "%T" }]);
    expect(validateSpecifiers("%H-%m", "name", 252)).toEqual([]);
  });
});

describe("hasSpecifiers / unescapePercent", () => {
  it("tells literal percent signs from specifiers", () => {
    expect(hasSpecifiers("100%")).toBe(false);
    expect(hasSpecifiers("[fe80::1]:5038%%eth0")).toBe(false);
    expect(hasSpecifiers("%t/foo")).toBe(true);
    expect(unescapePercent("[fe80::1]:5038%%eth0")).toBe("[fe80::1]:5038%eth0");
    expect(unescapePercent("100%")).toBe("100%");
  });
});
