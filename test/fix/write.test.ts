/** The fixed-file writer: atomic replace keeping mode, refusals that never lose data. */
import { describe, expect, test } from "@jest/globals";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { writeFixedFile, WriteRefused } from "../../src/fix/write.js";

const enc = (s: string) => new TextEncoder().encode(s);
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "astlint-write-"));

describe("writeFixedFile", () => {
  test("replaces the contents, keeps the mode, leaves no temporary file", () => {
    const d = tmp();
    const p = path.join(d, "a.service");
    fs.writeFileSync(p, "old\n", { mode: 0o640 });
    fs.chmodSync(p, 0o640);
    writeFixedFile(p, enc("new\n"), enc("old\n"));
    expect(fs.readFileSync(p, "utf8")).toBe("new\n");
    expect(fs.statSync(p).mode & 0o7777).toBe(0o640);
    expect(fs.readdirSync(d)).toEqual(["a.service"]);
  });

  test("a file that changed since it was read is not written", () => {
    const d = tmp();
    const p = path.join(d, "a.service");
    fs.writeFileSync(p, "changed by someone\n");
    expect(() => writeFixedFile(p, enc("new\n"), enc("old\n"))).toThrow(WriteRefused);
    expect(fs.readFileSync(p, "utf8")).toBe("changed by someone\n");
  });

  test("symbolic links are not replaced; hard-linked files are refused", () => {
    const d = tmp();
    const real = path.join(d, "real");
    fs.writeFileSync(real, "old\n");
    const link = path.join(d, "link");
    fs.symlinkSync(real, link);
    expect(() => writeFixedFile(link, enc("new\n"), enc("old\n"))).toThrow(/symbolic link/);
    expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
    const hard = path.join(d, "hard");
    fs.linkSync(real, hard);
    expect(() => writeFixedFile(real, enc("new\n"), enc("old\n"))).toThrow(/hard links/);
    expect(fs.readFileSync(hard, "utf8")).toBe("old\n");
  });

  test("a new file is created with its directories, and an existing one is never clobbered", () => {
    const d = tmp();
    const p = path.join(d, "etc/systemd/system/x.service.d/override.conf");
    writeFixedFile(p, enc("[Service]\nWatchdogSec=0\n"), null);
    expect(fs.readFileSync(p, "utf8")).toBe("[Service]\nWatchdogSec=0\n");
    expect(() => writeFixedFile(p, enc("other\n"), null)).toThrow(WriteRefused);
    expect(fs.readFileSync(p, "utf8")).toBe("[Service]\nWatchdogSec=0\n");
    expect(fs.readdirSync(path.dirname(p))).toEqual(["override.conf"]);
  });
});
