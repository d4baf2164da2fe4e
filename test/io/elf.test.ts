/**
 * The ELF reader (DT_NEEDED without running readelf) and asterisk-without-libsystemd, on
 * minimal ELF files built here and on a real binary of this machine.
 */
import { describe, expect, test } from "@jest/globals";
import * as fs from "node:fs";
import * as path from "node:path";
import { readElfNeeded } from "../../src/io/elf.js";
import { byRule, lintRoot, makeTree } from "../helpers.js";
import { tinyElf } from "../elf-builder.js";

describe("readElfNeeded", () => {
  test("reads DT_NEEDED names through the PT_LOAD mapping", () => {
    expect(readElfNeeded(tinyElf(["libc.so.6", "libsystemd.so.0"]))).toEqual({ elf: true, needed: ["libc.so.6", "libsystemd.so.0"], dynamic: true });
  });
  test("not ELF, truncated or garbage: no throw", () => {
    expect(readElfNeeded(Buffer.from("#!/bin/sh\nexec asterisk\n"))).toEqual({ elf: false });
    const t = tinyElf(["libc.so.6"]);
    expect(() => readElfNeeded(t.subarray(0, 80))).not.toThrow();
    const junk = Buffer.from(t);
    junk.writeBigUInt64LE(0xffffffffffn, 32);
    expect(() => readElfNeeded(junk)).not.toThrow();
  });
  test("a real binary of this machine needs libc", () => {
    const bin = ["/bin/ls", "/usr/bin/ls", process.execPath].find((p) => fs.existsSync(p))!;
    const info = readElfNeeded(fs.readFileSync(bin));
    expect(info.elf).toBe(true);
    if (info.elf) expect(info.needed.some((n) => n.startsWith("libc.so") || n.startsWith("libstdc++"))).toBe(true);
  });
});

describe("asterisk-without-libsystemd", () => {
  const units = {
    "etc/systemd/system/asterisk.service": "[Service]\nType=notify\nExecStart=/usr/sbin/asterisk -mqf\n",
  };
  test("fires for Type=notify with a binary lacking libsystemd, at the ExecStart line", async () => {
    const root = makeTree(units);
    fs.mkdirSync(path.join(root, "usr/sbin"), { recursive: true });
    fs.writeFileSync(path.join(root, "usr/sbin/asterisk"), tinyElf(["libc.so.6", "libssl.so.3"]));
    const f = await lintRoot(root);
    expect(byRule(f, "asterisk-without-libsystemd").map((x) => `${x.file}:${x.line}`)).toEqual(["etc/systemd/system/asterisk.service:3"]);
    expect(byRule(f, "asterisk-without-libsystemd")[0].message).toContain("/usr/sbin/asterisk");
  });
  test("no finding when linked with libsystemd, for a non-ELF file, or when the binary is absent", async () => {
    for (const content of [tinyElf(["libc.so.6", "libsystemd.so.0"]), Buffer.from("#!/bin/sh\n"), null]) {
      const root = makeTree(units);
      if (content) {
        fs.mkdirSync(path.join(root, "usr/sbin"), { recursive: true });
        fs.writeFileSync(path.join(root, "usr/sbin/asterisk"), content);
      }
      expect(byRule(await lintRoot(root), "asterisk-without-libsystemd")).toEqual([]);
    }
  });
  test("a bare executable name is found on systemd's search path under the root", async () => {
    const root = makeTree({ "etc/systemd/system/asterisk.service": "[Service]\nType=notify\nExecStart=asterisk -mqf\n" });
    fs.mkdirSync(path.join(root, "usr/local/sbin"), { recursive: true });
    fs.writeFileSync(path.join(root, "usr/local/sbin/asterisk"), tinyElf(["libc.so.6"]));
    expect(byRule(await lintRoot(root), "asterisk-without-libsystemd")).toHaveLength(1);
  });
});
