import { describe, expect, it } from "@jest/globals";
import { checkstyle } from "../../src/formatters/checkstyle.js";
import { expectGolden, makeContext, makeFindings } from "./fixtures.js";
import { parseXml } from "./xml.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

describe("checkstyle formatter", () => {
  it("matches the golden output", () => {
    expectGolden("checkstyle.xml", checkstyle(makeFindings(), makeContext()));
  });

  it("parses back (as reviewdog reads it) into files and errors", () => {
    const doc = parseXml(checkstyle(makeFindings(), makeContext()), ["file", "error"]);
    expect(doc.checkstyle.version).toBe("4.3");
    const files: Json[] = doc.checkstyle.file;
    expect(files.map((f) => f.name)).toEqual([
      "etc/systemd/system/asterisk-cli.socket",
      "etc/systemd/system/asterisk.service",
      "/work/other repo/manager.conf",
      "etc/systemd/system/getty@tty1,a%b.service",
      "etc/systemd/system/clean.service",
    ]);
    expect(files[0].error).toHaveLength(2);
    expect(files[4].error).toBeUndefined();
    expect(files[0].error[0]).toEqual({
      line: "6",
      column: "14",
      severity: "error",
      source: "astlint.run-path-mismatch",
      message: [
        "systemd binds /run/asterisk/asterisk.ctl but Asterisk expects /var/run/asterisk/asterisk.ctl",
        "= systemd rewrites ListenStream=/var/run/... to /run/...; Asterisk compares the path literally and exits",
        "= astrundir comes from etc/asterisk/asterisk.conf:3 [directories]",
        "help: use /run on both sides: `astrundir => /run/asterisk`",
      ].join("\n"),
    });
    expect(files[1].error[0].message.split("\n")[0]).toBe(
      `ExecStop runs "asterisk -rx 'core stop now'" & 100% of stops loop, see: <man asterisk>`,
    );
    expect(files[2].error[0].severity).toBe("info");
    // The control character is shown, not emitted raw (XML 1.0 cannot carry it).
    expect(files[3].error[0].message).toBe(
      'value \\x01 contains a control character, a <tag> & "quotes"\nhelp: delete the \\x01 character',
    );
  });

  it("lists every linted file even without findings", () => {
    const doc = parseXml(checkstyle([], makeContext()), ["file", "error"]);
    expect(doc.checkstyle.file).toHaveLength(5);
    expect(doc.checkstyle.file.every((f: Json) => f.error === undefined)).toBe(true);
  });
});
