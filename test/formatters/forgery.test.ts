/**
 * Output nobody can forge: control characters and line breaks from file contents and file or
 * directory names are shown escaped in every format; nothing from the input starts a line.
 */
import { describe, expect, test } from "@jest/globals";
import * as fs from "node:fs";
import * as path from "node:path";
import { main, type Io } from "../../src/cli/main.js";
import { FORMAT_NAMES } from "../../src/formatters/index.js";
import { makeTree } from "../helpers.js";

const ESC = "\u001b";
const BEL = "\u0007";
const CSI8 = "\u009b";

function tree(): string {
  const dir = makeTree({
    // A key that would retitle the terminal (OSC 0) and colour the line; a C1 CSI in a value.
    "units/a.service": `[Service]\nExecStart=/bin/true\nX${ESC}]0;RETITLED${BEL}${ESC}[31m=1\nNice=${CSI8}31m\n`,
    // An #exec line with a bare CR and a workflow command after it.
    "units/manager.conf": `[general]\nenabled = yes\n#exec /bin/true\r::error::FORGED-BY-CR\n`,
  });
  // A directory and a file whose names hold a line break followed by a forged line.
  const evil = path.join(dir, "units", "d\n::error::FORGED-BY-DIRNAME");
  fs.mkdirSync(evil);
  fs.writeFileSync(path.join(evil, "b.service"), "[Service]\nExecStart=/bin/true\nUnknownKey=1\n");
  // A drop-in's name can be anything ending in .conf.
  fs.writeFileSync(path.join(dir, "units/c.service"), "[Service]\nExecStart=/bin/true\n");
  fs.mkdirSync(path.join(dir, "units/c.service.d"));
  fs.writeFileSync(path.join(dir, "units/c.service.d", "f\n::error::FORGED-BY-FILENAME.conf"), "[Service]\nUnknownKey2=1\n");
  return dir;
}

function run(dir: string, format: string): Promise<string> {
  const out: string[] = [];
  const io: Io = { stdout: (s) => out.push(s), stderr: (s) => out.push(s), isTTY: false, env: {}, cwd: dir };
  return main(["units", "-f", format], io).then(() => out.join(""));
}

describe("no raw control characters and no forged lines, in every format", () => {
  test.each(FORMAT_NAMES.map((f) => [f]))("%s", async (format) => {
    const dir = tree();
    const text = await run(dir, format);
    // The findings are there (the hostile parts were linted, not skipped)...
    expect(text).toMatch(/unknown key|UnknownKey/);
    expect(text).toContain("FORGED-BY-CR");
    expect(text).toContain("FORGED-BY-FILENAME");
    expect(text).toContain("FORGED-BY-DIRNAME");
    // ...but no raw ESC, BEL, CR, C1 CSI reaches the output,
    for (const c of [ESC, BEL, "\r", CSI8]) expect([format, text.includes(c)]).toEqual([format, false]);
    // and no line of it starts with what the input put after a line break.
    for (const line of text.split("\n")) {
      expect([format, line]).not.toEqual([format, expect.stringMatching(/^\s*(?:::error::)?FORGED/)]);
    }
  });

  test("stylish and compact show the escapes where the characters were", async () => {
    const dir = tree();
    const compact = await run(dir, "compact");
    // (the unknown key's message quotes it JSON-style already)
    expect(compact).toContain("X\\u001b]0;RETITLED\\u0007\\u001b[31m");
    // compact turns a line break in a message into a space; stylish shows it
    expect(compact).toContain("/bin/true ::error::FORGED-BY-CR");
    expect(compact).toContain("units/d\\x0A::error::FORGED-BY-DIRNAME/b.service:3:1:");
    expect(compact).toContain("units/c.service.d/f\\x0A::error::FORGED-BY-FILENAME.conf:2:1:");
    const stylish = await run(dir, "stylish");
    expect(stylish).toContain("/bin/true\\x0D::error::FORGED-BY-CR");
    expect(stylish).toContain("\nunits/d\\x0A::error::FORGED-BY-DIRNAME/b.service\n");
    // The note quoting systemd's log line has the key escaped too.
    expect(stylish).toContain("Unknown key 'X\\x1B]0;RETITLED\\x07\\x1B[31m'");
  });
});
