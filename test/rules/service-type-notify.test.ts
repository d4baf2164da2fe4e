/** service-type-notify: the documented trees, with the exact findings (line, column, message). */
import { describe, expect, test } from "@jest/globals";
import serviceTypeNotify from "../../src/rules/service-type-notify.js";
import { docCases, runRule, testRule } from "../rule-tester.js";
import { tinyElf } from "../elf-builder.js";

const { valid, incorrect } = docCases("service-type-notify");

testRule(serviceTypeNotify, {
  valid,
  invalid: [
    {
      ...incorrect[0]!,
      errors: [
        { file: "etc/systemd/system/asterisk.service", line: 6, column: 6, severity: "error", message: "asterisk.service has Type=forking; Asterisk under systemd should be Type=notify (it is socket-activated)" },
      ],
    },
    {
      ...incorrect[1]!,
      errors: [
        { file: "etc/systemd/system/asterisk.service", line: 6, column: 6, severity: "warning", message: "asterisk.service has Type=simple; Asterisk under systemd should be Type=notify" },
      ],
    },
  ],
});

describe("service-type-notify knows whether libsystemd could be checked", () => {
  const SIMPLE = { "etc/systemd/system/asterisk.service": "[Unit]\nDescription=Asterisk\n\n[Service]\nType=simple\nExecStart=/usr/sbin/asterisk -f\n" };
  const one = async (c: Parameters<typeof runRule>[1]) => {
    const f = await runRule(serviceTypeNotify, c);
    expect(f).toHaveLength(1);
    return f[0]!;
  };

  test("repository mode: not checked; the note and the help say how to check before switching", async () => {
    const f = await one({ name: "repo", tree: SIMPLE, mode: "repository" });
    expect(f.notes.join(" ")).toContain("libsystemd support could not be checked (a repository has no Asterisk binary): check it with `ldd /usr/sbin/asterisk | grep libsystemd`");
    expect(f.help).toMatch(/^if `ldd \/usr\/sbin\/asterisk \| grep libsystemd` lists libsystemd: Type=notify/);
  });

  test("a root without the binary: not checked, said so", async () => {
    const f = await one({ name: "root without binary", tree: SIMPLE });
    expect(f.notes.join(" ")).toContain("/usr/sbin/asterisk could not be read under the root");
  });

  test("a binary linked with libsystemd: plain Type=notify advice", async () => {
    const f = await one({ name: "linked", tree: { ...SIMPLE, "usr/sbin/asterisk": tinyElf(["libc.so.6", "libsystemd.so.0"]) } });
    expect(f.notes.join(" ")).not.toContain("could not be checked");
    expect(f.help).toMatch(/^Type=notify with ExecStart=/);
  });

  test("a binary linked without libsystemd: the advice is not Type=notify", async () => {
    const f = await one({ name: "not linked", tree: { ...SIMPLE, "usr/sbin/asterisk": tinyElf(["libc.so.6"]) } });
    expect(f.notes.join(" ")).toContain("is not linked with libsystemd");
    expect(f.help).toMatch(/^keep Type=simple, or rebuild Asterisk with libsystemd/);
  });
});
