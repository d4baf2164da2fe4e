/**
 * Values are checked after expanding specifiers as specifier_printf() does, with stand-ins of
 * the right shape (checked against systemd-analyze verify 252: "ReadWritePaths= path is not
 * absolute, ignoring: <host>ocalstatedir%/log/x", "ReadWritePaths= path is not absolute,
 * ignoring: foo/x" for b@foo.service).
 */
import { describe, expect, test } from "@jest/globals";
import { specifierStandIn } from "../../src/values/specifiers.js";
import { lintRoot, makeTree } from "../helpers.js";

const S = "etc/systemd/system";
const svc = (line: string) => `[Service]\nExecStart=/bin/true\n${line}\n`;

describe("specifier expansion in values", () => {
  test("stand-ins have the shape systemd gives the value", () => {
    expect(specifierStandIn("-%localstatedir%/log/x")?.text).toBe("-hostocalstatedir%/log/x");
    expect(specifierStandIn("%t/app")?.text).toBe("/run/app");
    expect(specifierStandIn("%H/x")?.text).toBe("host.example.org/x");
    // Unknown shape at the start: whether the path is absolute cannot be told.
    expect(specifierStandIn("%i/x")).toBeNull();
    expect(specifierStandIn("%i/x", "foo")?.text).toBe("foo/x");
    expect(specifierStandIn("%I/x", "a\\x2db")?.text).toBe("a-b/x");
    expect(specifierStandIn("/srv/%A/x")?.text).toBe("/srv/x/x");
  });

  async function invalid(tree: Record<string, string>): Promise<string[]> {
    const f = await lintRoot(makeTree(tree), { systemdVersion: 252 });
    return f.filter((x) => x.ruleId === "invalid-value").map((x) => `${x.file}:${x.line} ${x.message}`);
  }

  test("%l (the short host name) makes a path relative: reported as systemd logs it", async () => {
    const got = await invalid({ [`${S}/a.service`]: svc("ReadWritePaths=-%localstatedir%/log/x") });
    expect(got).toEqual([expect.stringContaining(`${S}/a.service:3 ReadWritePaths= path "%localstatedir%/log/x" is not absolute after specifier expansion (%l expands to the short host name`)]);
  });

  test("%i is the instance in a file of one instance, unknown in a template", async () => {
    const got = await invalid({ [`${S}/b@foo.service`]: svc("ReadWritePaths=%i/x"), [`${S}/c@.service`]: svc("ReadWritePaths=%i/x") });
    expect(got).toEqual([expect.stringContaining(`${S}/b@foo.service:3 ReadWritePaths= path "%i/x" is not absolute after specifier expansion (%i expands to the instance name "foo"`)]);
  });

  test("absolute specifiers stay absolute", async () => {
    expect(await invalid({ [`${S}/d.service`]: svc("ReadWritePaths=%t/d %S/d -%C/d %h/.cache") })).toEqual([]);
  });
});
