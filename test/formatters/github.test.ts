import { describe, expect, it } from "@jest/globals";
import { escapeData, escapeProperty, github } from "../../src/formatters/github.js";
import { expectGolden, makeContext, makeFindings } from "./fixtures.js";

interface Annotation {
  command: string;
  properties: Record<string, string>;
  message: string;
}

/**
 * Parses workflow commands the way the Actions runner does (actions/runner ActionCommand.TryParseV2):
 * `::name k=v,k=v::data`, splitting properties on `,` and `=`, then un-escaping (`%25` last).
 */
function parseCommands(output: string): Annotation[] {
  const unescape = (s: string, property: boolean) => {
    let out = s.replace(/%0D/g, "\r").replace(/%0A/g, "\n");
    if (property) out = out.replace(/%3A/g, ":").replace(/%2C/g, ",");
    return out.replace(/%25/g, "%");
  };
  return output
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => {
      expect(line.startsWith("::")).toBe(true);
      const end = line.indexOf("::", 2);
      expect(end).toBeGreaterThan(2);
      const head = line.slice(2, end);
      const data = line.slice(end + 2);
      const space = head.indexOf(" ");
      const command = space < 0 ? head : head.slice(0, space);
      const properties: Record<string, string> = {};
      if (space >= 0) {
        for (const pair of head.slice(space + 1).split(",")) {
          const eq = pair.indexOf("=");
          expect(eq).toBeGreaterThan(0);
          properties[pair.slice(0, eq)] = unescape(pair.slice(eq + 1), true);
        }
      }
      return { command, properties, message: unescape(data, false) };
    });
}

describe("github formatter", () => {
  it("matches the golden output", () => {
    expectGolden("github.txt", github(makeFindings(), makeContext()));
  });

  it("prints one workflow command per finding that the runner parses back", () => {
    const findings = makeFindings();
    const out = github(findings, makeContext());
    expect(out.endsWith("\n")).toBe(true);
    const parsed = parseCommands(out);
    expect(parsed).toHaveLength(findings.length);
    expect(parsed.map((a) => a.command)).toEqual(["error", "error", "warning", "notice", "warning"]);

    expect(parsed[0]).toEqual({
      command: "error",
      properties: {
        file: "etc/systemd/system/asterisk-cli.socket",
        line: "6",
        col: "14",
        endLine: "6",
        endColumn: "44",
        title: "run-path-mismatch",
      },
      message: [
        "systemd binds /run/asterisk/asterisk.ctl but Asterisk expects /var/run/asterisk/asterisk.ctl",
        "= systemd rewrites ListenStream=/var/run/... to /run/...; Asterisk compares the path literally and exits",
        "= astrundir comes from etc/asterisk/asterisk.conf:3 [directories]",
        "help: use /run on both sides: `astrundir => /run/asterisk`",
      ].join("\n"),
    });
  });

  it("leaves out col and endColumn for a multi-line finding and round-trips special characters", () => {
    const parsed = parseCommands(github(makeFindings(), makeContext()));
    const multi = parsed[2]!;
    expect(multi.properties).toEqual({
      file: "etc/systemd/system/asterisk.service",
      line: "14",
      endLine: "16",
      title: "execstop-cli-loop",
    });
    expect(multi.message).toBe(
      `ExecStop runs "asterisk -rx 'core stop now'" & 100% of stops loop, see: <man asterisk>\n` +
        // A line break inside a note is shown, not emitted: only astlint's own lines break the message.
        "= the CLI connection re-activates Asterisk as it stops,\\x0Aso it starts again\n" +
        "help: remove ExecStop=; with Type=notify, SIGTERM already performs 'core stop now'",
    );
    // The file name with `,` and `%` survives property escaping.
    expect(parsed[4]!.properties.file).toBe("etc/systemd/system/getty@tty1,a%b.service");
    // Control characters are shown, not emitted (Actions logs interpret ANSI escapes).
    expect(parsed[4]!.message).toBe('value \\x01 contains a control character, a <tag> & "quotes"\nhelp: delete the \\x01 character');
    // A file outside the working directory is given absolute.
    expect(parsed[3]!.properties.file).toBe("/work/other repo/manager.conf");
  });

  it("escapes as actions/toolkit does", () => {
    expect(escapeData("100%\r\n:,")).toBe("100%25%0D%0A:,");
    expect(escapeProperty("100%\r\n:,")).toBe("100%25%0D%0A%3A%2C");
    expect(escapeData("%0A")).toBe("%250A");
  });

  it("prints nothing without findings", () => {
    expect(github([], makeContext())).toBe("");
  });
});
