import { describe, expect, it } from "@jest/globals";
import { junit } from "../../src/formatters/junit.js";
import { expectGolden, makeContext, makeFindings } from "./fixtures.js";
import { parseXml } from "./xml.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const parse = (xml: string) => parseXml(xml, ["testsuite", "testcase"]);

describe("junit formatter", () => {
  it("matches the golden output", () => {
    expectGolden("junit.xml", junit(makeFindings(), makeContext()));
  });

  it("has one failing test case per finding and one passing test case per clean file", () => {
    const doc = parse(junit(makeFindings(), makeContext()));
    const root = doc.testsuites;
    expect(root.name).toBe("astlint");
    expect(root.tests).toBe("6");
    expect(root.failures).toBe("5");
    const suites: Json[] = root.testsuite;
    expect(suites.map((s) => [s.name, s.tests, s.failures])).toEqual([
      ["etc/systemd/system/asterisk-cli.socket", "2", "2"],
      ["etc/systemd/system/asterisk.service", "1", "1"],
      ["/work/other repo/manager.conf", "1", "1"],
      ["etc/systemd/system/getty@tty1,a%b.service", "1", "1"],
      ["etc/systemd/system/clean.service", "1", "0"],
    ]);
    // Totals match the children.
    const cases = suites.flatMap((s) => s.testcase);
    expect(cases).toHaveLength(Number(root.tests));
    expect(cases.filter((c) => c.failure !== undefined)).toHaveLength(Number(root.failures));

    const first = suites[0].testcase[0];
    expect(first.classname).toBe("etc/systemd/system/asterisk-cli.socket");
    expect(first.name).toBe("run-path-mismatch@6:14");
    expect(first.failure.type).toBe("error");
    expect(first.failure.message).toBe(
      "systemd binds /run/asterisk/asterisk.ctl but Asterisk expects /var/run/asterisk/asterisk.ctl",
    );
    expect(first.failure["#text"].split("\n")).toEqual([
      "etc/systemd/system/asterisk-cli.socket:6:14: error: systemd binds /run/asterisk/asterisk.ctl but Asterisk expects /var/run/asterisk/asterisk.ctl [run-path-mismatch]",
      "= systemd rewrites ListenStream=/var/run/... to /run/...; Asterisk compares the path literally and exits",
      "= astrundir comes from etc/asterisk/asterisk.conf:3 [directories]",
      "help: use /run on both sides: `astrundir => /run/asterisk`",
      "related: etc/asterisk/asterisk.conf:3:1: astrundir is set here",
    ]);
    const special = suites[1].testcase[0].failure;
    expect(special.message).toBe(`ExecStop runs "asterisk -rx 'core stop now'" & 100% of stops loop, see: <man asterisk>`);
    const clean = suites[4].testcase[0];
    expect(clean.failure).toBeUndefined();
    expect(clean.classname).toBe("etc/systemd/system/clean.service");
  });

  it("never emits an empty <testsuites>", () => {
    const doc = parse(junit([], makeContext({ files: [] })));
    expect(doc.testsuites.tests).toBe("1");
    expect(doc.testsuites.failures).toBe("0");
    expect(doc.testsuites.testsuite[0].testcase).toHaveLength(1);
  });

  it("counts only passing test cases when every file is clean", () => {
    const doc = parse(junit([], makeContext()));
    expect(doc.testsuites.tests).toBe("5");
    expect(doc.testsuites.failures).toBe("0");
  });
});
