/**
 * The generic unit-file rules of issue 4, one describe block per rule: what fires (message
 * quoting the value, the closest valid spelling, severity, location, notes and help), version
 * gating, and the near misses that must stay quiet. Expectations about what systemd does were
 * checked with `systemd-analyze verify --man=no` 252 (see fixtures/unit-* for the trees that
 * were run through it).
 */
import { describe, expect, test } from "@jest/globals";
import type { Finding } from "../../src/core/types.js";
import { lintRoot, makeTree } from "../helpers.js";

const UNIT_DIR = "etc/systemd/system";

async function run(files: Record<string, string>, systemdVersion?: number): Promise<Finding[]> {
  const tree: Record<string, string> = {};
  for (const [name, text] of Object.entries(files)) tree[/^(etc|usr|lib|run)\//.test(name) ? name : `${UNIT_DIR}/${name}`] = text;
  return lintRoot(makeTree(tree), systemdVersion === undefined ? {} : { systemdVersion });
}

const of = (fs: Finding[], rule: string) => fs.filter((f) => f.ruleId === rule);
const lines = (fs: Finding[], rule: string) => of(fs, rule).map((f) => f.line);

describe("syntax-error", () => {
  test("one finding per problem, quoting the line, with what systemd does", async () => {
    const fs = await run({
      "a.service": "Description=x\n[Unit]\nDescription=y\n[Service]\nExecStart=/bin/true\nUser deploy\n=value\n",
    });
    const f = of(fs, "syntax-error");
    expect(f.map((x) => x.line)).toEqual([1, 6, 7]);
    expect(f[0].message).toContain('"Description=x"');
    expect(f[0].notes.join(" ")).toContain("Assignment outside of section. Ignoring.");
    expect(f[1].message).toContain('"User deploy"');
    expect(f[1].notes.join(" ")).toContain("Missing '=', ignoring line.");
    expect(f[1].help).toContain("Key=value");
    expect(f[2].notes.join(" ")).toContain("Missing key name before '='");
    expect(f.every((x) => x.severity === "error")).toBe(true);
  });

  test("a header without ']' fails the whole file; later lines are not judged in the wrong section", async () => {
    const fs = await run({ "a.service": "[Unit]\nDescription=y\n[Service] # main\nType=simple\nExecStart=/bin/true\n" });
    expect(lines(fs, "syntax-error")).toEqual([3]);
    expect(of(fs, "syntax-error")[0].notes.join(" ")).toContain("refuses to load the whole file");
    expect(of(fs, "unknown-directive")).toEqual([]);
    expect(of(fs, "missing-exec-start")).toEqual([]);
  });

  test("bad characters in a section name and invalid UTF-8", async () => {
    let fs = await run({ "a.service": '[Unit]\nDescription=y\n[Ser"vice]\nExecStart=/bin/true\n' });
    expect(lines(fs, "syntax-error")).toEqual([3]);
    expect(of(fs, "unknown-section")).toEqual([]);
    const root = makeTree({});
    const bytes = Buffer.concat([Buffer.from("[Unit]\nDescription=caf"), Buffer.from([0xe9]), Buffer.from("\n[Service]\nExecStart=/bin/true\n")]);
    const fsmod = await import("node:fs");
    fsmod.mkdirSync(`${root}/${UNIT_DIR}`, { recursive: true });
    fsmod.writeFileSync(`${root}/${UNIT_DIR}/b.service`, bytes);
    fs = await lintRoot(root);
    expect(lines(fs, "syntax-error")).toEqual([2]);
    expect(of(fs, "syntax-error")[0].message).toContain("not valid UTF-8");
  });

  test("no finding for free text in [X-…] or unknown sections, continuations, comments, BOM and CRLF", async () => {
    const fs = await run({
      "a.service": "\ufeff[Unit]\r\nDescription=a \\\r\n# skipped\r\n  b\r\n[X-Notes]\r\nfree text\r\n[Bogus]\r\nmore text\r\n[Service]\r\nExecStart=/bin/true\r\n  ; indented comment\r\n",
    });
    expect(of(fs, "syntax-error")).toEqual([]);
    expect(lines(fs, "unknown-section")).toEqual([7]);
  });

  test("a comment right after a byte-order mark is read as an assignment", async () => {
    const f = of(await run({ "a.service": "\ufeff# my unit\n[Service]\nExecStart=/bin/true\n" }), "syntax-error");
    expect(f.map((x) => x.line)).toEqual([1]);
    expect(f[0].message).toBe('"# my unit" comes before the first [Section] header');
    expect(f[0].notes.join(" ")).toContain("byte-order mark");
    expect(f[0].help).toContain("without the byte-order mark");
  });

  test(".include is left to deprecated-directive (reported once)", async () => {
    const fs = await run({ "a.service": ".include /etc/systemd/system/b.service\n[Service]\nExecStart=/bin/true\n.include /x.service\n" });
    expect(of(fs, "syntax-error")).toEqual([]);
    expect(lines(fs, "deprecated-directive")).toEqual([1, 4]);
  });
});

describe("unknown-section", () => {
  test("typo, case, blanks, another unit type, none close; X- allowed", async () => {
    const fs = await run({
      "a.service":
        "[Unit]\nDescription=x\n[Servcie]\nUser=a\n[service]\n[ Service ]\n[Socket]\nListenStream=1\n[Foo]\n[X-Vendor]\nKey=v\n[Service]\nExecStart=/bin/true\n",
    });
    const f = of(fs, "unknown-section");
    expect(f.map((x) => x.line)).toEqual([3, 5, 6, 7, 9]);
    expect(f[0].message).toContain('did you mean "[Service]"');
    expect(f[0].notes.join(" ")).toContain("Unknown section 'Servcie'. Ignoring.");
    expect(f[0].notes.join(" ")).toContain("User=");
    expect(f[1].message).toContain("case-sensitive");
    expect(f[2].message).toContain("does not trim blanks");
    expect(f[3].message).toContain("belongs in a .socket unit");
    expect(f[4].message).toContain("[Unit], [Service], [Install]");
    expect(f[4].help).toContain("[X-Foo]");
    // the finding points at the name inside the brackets
    expect(f[0].column).toBe(2);
  });

  test("each unit type has its own section; [Target] in a .target is known", async () => {
    const fs = await run({
      "a.timer": "[Unit]\nDescription=t\n[Timer]\nOnCalendar=daily\n[Install]\nWantedBy=timers.target\n",
      "b.target": "[Unit]\nDescription=t\n[Target]\n",
      "c.socket": "[Socket]\nListenStream=1\n[Service]\nUser=x\n",
    });
    expect(of(fs, "unknown-section").map((f) => `${f.file}:${f.line}`)).toEqual([`${UNIT_DIR}/c.socket:3`]);
  });

  test("a D-Bus activation file gets a note", async () => {
    const fs = await run({ "org.example.service": "[D-BUS Service]\nName=org.example\nExec=/usr/bin/x\n" });
    expect(of(fs, "unknown-section")[0].notes.join(" ")).toContain("D-Bus service activation file");
  });
});

describe("unknown-directive", () => {
  test("typo, case, other section, keyless section, nothing close", async () => {
    const fs = await run({
      "a.service": "[Unit]\nDescription=x\nRestart=always\n[Service]\nExecStrat=/bin/true\nexecstart=/bin/true\nExec Start=/bin/true\nZzqx=1\nX-Custom=1\n",
      "b.target": "[Target]\nWants=a.service\nFoo=1\n",
    });
    const f = of(fs, "unknown-directive");
    expect(f.map((x) => `${x.file.split("/").pop()}:${x.line}`)).toEqual(["a.service:3", "a.service:5", "a.service:6", "a.service:7", "a.service:8", "b.target:2", "b.target:3"]);
    expect(f[0].message).toBe("Restart= is not a [Unit] setting: it belongs in [Service]");
    expect(f[1].message).toContain('unknown key "ExecStrat" in [Service]; did you mean ExecStart=?');
    expect(f[1].notes.join(" ")).toContain("Unknown key 'ExecStrat' in section [Service], ignoring.");
    expect(f[1].help).toBe("rename it to ExecStart=");
    expect(f[2].message).toContain("keys are case-sensitive; did you mean ExecStart=?");
    expect(f[3].message).toContain('"Exec Start"');
    expect(f[4].help).toContain("X-");
    expect(f[5].message).toContain("belongs in [Unit]");
    expect(f[6].message).toContain("[Target] accepts no settings");
    // the key is the location
    expect([f[1].column, f[1].endColumn]).toEqual([1, 10]);
  });

  test("a key newer than the target says which version added it and where the target came from", async () => {
    const unit = "[Service]\nExecStart=/bin/true\nImportCredential=a.*\nPrivatePIDs=yes\n";
    let fs = await run({ "a.service": unit }, 252);
    const f = of(fs, "unknown-directive");
    expect(f.map((x) => x.line)).toEqual([3, 4]);
    expect(f[0].message).toBe("ImportCredential= was added in systemd v254, but the target is systemd 252");
    expect(f[0].notes.join(" ")).toContain("target: systemd 252 (--systemd-version)");
    expect(f[1].message).toContain("a version after v256");
    fs = await run({ "a.service": unit }, 257);
    expect(of(fs, "unknown-directive")).toEqual([]);
  });

  test("the target version is found under the root", async () => {
    const fs = await run({
      "a.service": "[Service]\nExecStart=/bin/true\nImportCredential=a.*\n",
      "usr/lib/x86_64-linux-gnu/systemd/libsystemd-shared-252.so": "",
    });
    const f = of(fs, "unknown-directive");
    expect(f).toHaveLength(1);
    expect(f[0].notes.join(" ")).toContain("libsystemd-shared-252.so under the root");
  });

  test("keys in unknown and X- sections, and removed keys, are left to other rules", async () => {
    const fs = await run({ "a.service": "[Servcie]\nFoo=1\n[X-A]\nBar=2\n[Unit]\nConditionNull=true\n[Service]\nExecStart=/bin/true\n" }, 252);
    expect(of(fs, "unknown-directive")).toEqual([]);
    expect(lines(fs, "deprecated-directive")).toEqual([6]);
  });
});

describe("deprecated-directive", () => {
  test("aliases, legacy places, removed and deprecated directives, with the replacement", async () => {
    const fs = await run(
      {
        "a.service":
          "[Unit]\nBindTo=b.service\nStartLimitInterval=5\nOnFailureIsolate=yes\n[Service]\nExecStart=/bin/true\nStartLimitBurst=3\nMemoryLimit=1G\nCapabilities=cap_net_raw+ep\nReadWriteDirectories=/srv\nCPUAccounting=yes\n",
      },
      252,
    );
    const f = of(fs, "deprecated-directive");
    expect(f.map((x) => x.line)).toEqual([2, 3, 4, 7, 8, 9, 10]);
    expect(f[0].help).toBe("rename it to BindsTo=");
    expect(f[1].message).toContain("StartLimitIntervalSec=");
    expect(f[2].help).toContain("OnFailureJobMode=isolate");
    expect(f[3].message).toContain("use StartLimitBurst= in [Unit]");
    expect(f[4].message).toBe("MemoryLimit= is deprecated: still works on v252, removed after v256; use MemoryMax=");
    expect(f[4].notes.join(" ")).toContain("systemd 252 still applies MemoryLimit=");
    expect(f[5].message).toContain("has no effect: support for it was removed after systemd v229");
    expect(f.every((x) => x.severity === "warning")).toBe(true);
  });

  test("the target version decides: CPUShares= works on 252 and is ignored after v256", async () => {
    const unit = { "a.service": "[Service]\nExecStart=/bin/true\nCPUShares=512\n" };
    expect(of(await run(unit, 252), "deprecated-directive")[0].message).toBe("CPUShares= is deprecated: still works on v252, removed after v256; use CPUWeight=");
    expect(of(await run(unit, 257), "deprecated-directive")[0].message).toContain("has no effect");
  });

  test(".include: error from v246 on, warning before; once per line", async () => {
    const unit = { "a.service": ".include /lib/systemd/system/b.service\n[Service]\nExecStart=/bin/true\n" };
    let f = of(await run(unit, 252), "deprecated-directive");
    expect(f).toHaveLength(1);
    expect(f[0].severity).toBe("error");
    expect(f[0].message).toContain(".include was removed in systemd v246");
    expect(f[0].notes.join(" ")).toContain("Assignment outside of section. Ignoring.");
    expect(f[0].help).toContain("a.service.d/*.conf");
    f = of(await run(unit, 246), "deprecated-directive");
    expect(f[0].severity).toBe("error");
    f = of(await run(unit, 245), "deprecated-directive");
    expect(f).toHaveLength(1);
    expect(f[0].severity).toBe("warning");
    // inside a section systemd says "Missing '='"
    f = of(await run({ "a.service": "[Service]\nExecStart=/bin/true\n.include /x.service\n" }, 252), "deprecated-directive");
    expect(f[0].notes.join(" ")).toContain("Missing '=', ignoring line.");
  });

  test("deprecated values: KillMode=none (v247+), StandardOutput=syslog (v246+)", async () => {
    const unit = { "a.service": "[Service]\nExecStart=/bin/true\nKillMode=none\nStandardOutput=syslog\nStandardError=syslog+console\n" };
    let f = of(await run(unit, 252), "deprecated-directive");
    expect(f.map((x) => x.line)).toEqual([3, 4, 5]);
    expect(f[0].help).toContain("KillMode=mixed");
    expect(f[1].help).toContain("StandardOutput=journal");
    expect(f[2].help).toContain("StandardError=journal+console");
    f = of(await run(unit, 240), "deprecated-directive");
    expect(f).toEqual([]);
  });
});

describe("invalid-value", () => {
  test("quotes the value, suggests the closest spelling, points at the value", async () => {
    const fs = await run({ "a.service": "[Service]\nType=forkin\nExecStart=/bin/true\nRestart=alway\nRemainAfterExit=ture\nTimeoutStopSec=5 minuts\n" }, 252);
    const f = of(fs, "invalid-value");
    expect(f.map((x) => x.line)).toEqual([2, 4, 5, 6]);
    expect(f[0].message).toContain('"forkin"');
    expect(f[0].message).toContain('did you mean "forking"');
    expect(f[0].help).toBe("Type=forking");
    expect(f[0].column).toBe(6);
    expect(f[1].help).toBe("Restart=always");
    expect(f[2].message).toContain('"ture"');
    expect(f[3].message).toContain('"5 minuts"');
    expect(f[0].notes.join(" ")).toContain("the rest of the unit loads");
  });

  test("fatal Exec errors say systemd refuses the unit; the '-' prefix makes them non-fatal", async () => {
    const fs = await run({ "a.service": "[Service]\nExecStart=bin/true\nExecStartPre=-bin/false\nExecStop=/bin/echo \"unterminated\n" }, 252);
    const f = of(fs, "invalid-value");
    expect(f.map((x) => x.line)).toEqual([2, 3, 4]);
    expect(f[0].message).toContain("systemd refuses to load the unit");
    expect(f[0].notes.join(" ")).toContain("bad-setting");
    expect(f[1].message).not.toContain("refuses");
    expect(f[2].message).toContain("unbalanced quoting");
  });

  test("unknown escapes in Exec lines are warnings (systemd keeps them), once per word", async () => {
    const fs = await run({ "a.service": '[Service]\nExecStart=/bin/echo \\d \\d\\q "\\n" \\x41 \\;\n' }, 252);
    const f = of(fs, "invalid-value");
    expect(f.map((x) => [x.line, x.column, x.severity])).toEqual([
      [2, 21, "warning"],
      [2, 24, "warning"],
    ]);
    expect(f[0].message).toContain('the escape "\\d"');
    expect(f[0].notes.join(" ")).toContain("Ignoring unknown escape sequences");
  });

  test("a value only wrong because of a trailing comment gets the comment explained", async () => {
    const f = of(await run({ "a.service": "[Service]\nExecStart=/bin/true\nPrivateTmp=yes # isolate\n" }, 252), "invalid-value");
    expect(f[0].notes.join(" ")).toContain('"# isolate" is part of it');
    expect(f[0].help).toContain("keep PrivateTmp=yes");
    expect(of(await run({ "a.service": "[Service]\nExecStart=/bin/true\nPrivateTmp=yes # isolate\n" }, 252), "inline-comment")).toEqual([]);
  });

  test("values newer than the target, and what the target accepts", async () => {
    const unit = { "a.service": "[Service]\nType=notify-reload\nExecStart=/bin/true\n" };
    expect(of(await run(unit, 252), "invalid-value")[0].message).toContain("v253");
    expect(of(await run(unit, 253), "invalid-value")).toEqual([]);
  });

  test("valid values, empty values and unknown keys are not reported", async () => {
    const fs = await run(
      {
        "a.service":
          "[Unit]\nDescription=x\nJobTimeoutSec=1h 30min\n[Service]\nType=exec\nExecStart=/usr/bin/env FOO=1 prog --x\nExecStartPre=-/bin/mkdir -p %t/a\nRestart=\nTimeoutStartSec=infinity\nUMask=0022\nUser=nobody\nNice=-5\nBogus=xyz\n",
      },
      252,
    );
    expect(of(fs, "invalid-value")).toEqual([]);
  });
});

describe("missing-exec-start", () => {
  test("no command at all, and a non-oneshot type without ExecStart=", async () => {
    const fs = await run({
      "a.service": "[Unit]\nDescription=a\n[Service]\nType=simple\n",
      "b.service": "[Service]\nType=forking\nExecStop=/bin/true\n",
      "c.service": "[Service]\nBusName=org.example.C\nExecStop=/bin/true\n",
    });
    const f = of(fs, "missing-exec-start");
    expect(f.map((x) => `${x.file.split("/").pop()}:${x.line}`)).toEqual(["a.service:3", "b.service:2", "c.service:1"]);
    expect(f[0].message).toBe("a.service has no ExecStart=, ExecStop= or SuccessAction=: systemd refuses to load it");
    expect(f[0].notes.join(" ")).toContain("Service has no ExecStart=, ExecStop=, or SuccessAction=. Refusing.");
    expect(f[1].message).toContain("Type=forking service without ExecStart=");
    expect(f[1].notes.join(" ")).toContain("only allowed for Type=oneshot services");
    expect(f[2].message).toContain("Type=dbus");
  });

  test("a drop-in reset with no new command is pointed at", async () => {
    const fs = await run({
      "web.service": "[Service]\nExecStart=/bin/web\n",
      "web.service.d/x.conf": "[Service]\nExecStart=\nEnvironment=A=1\n",
    });
    const f = of(fs, "missing-exec-start");
    expect(f.map((x) => `${x.file.split("/").pop()}:${x.line}`)).toEqual(["x.conf:2"]);
    expect(f[0].notes.join(" ")).toContain("clears the commands");
  });

  test("near misses: oneshot with ExecStop= and RemainAfterExit=yes, implicit oneshot, SuccessAction=, an ExecStart= from a drop-in, masked", async () => {
    const fs = await run({
      "a.service": "[Service]\nType=oneshot\nRemainAfterExit=yes\nExecStop=/bin/true\n",
      "b.service": "[Service]\nRemainAfterExit=yes\nExecStop=/bin/true\n",
      "c.service": "[Unit]\nSuccessAction=reboot\n[Service]\nType=oneshot\n",
      "d.service": "[Unit]\nDescription=d\n",
      "d.service.d/cmd.conf": "[Service]\nExecStart=/bin/true\n",
      "e.service": "-> /dev/null",
    });
    expect(of(fs, "missing-exec-start")).toEqual([]);
  });

  test("a oneshot with only ExecStop= and no RemainAfterExit=yes is refused (systemd-analyze verify 252 agrees)", async () => {
    const fs = await run({ "a.service": "[Service]\nType=oneshot\nExecStop=/bin/true\n" });
    expect(of(fs, "missing-exec-start").map((f) => [f.line, f.message])).toEqual([[2, "a.service has only ExecStop= and no RemainAfterExit=yes: systemd refuses to load it"]]);
  });

  test("what systemd ignores does not count: an ExecStart= it ignores (\"-\" and a relative path), an empty RemainAfterExit= (systemd-analyze security 252 agrees)", async () => {
    const fs = await run({
      "a.service": "[Service]\nExecStart=-bin/app\n",
      "f.service": "[Service]\nType=oneshot\nExecStop=/bin/true\nRemainAfterExit=yes\nRemainAfterExit=\n",
      "c.service": "[Service]\nExecStart=/bin/true\nExecStart=-bin/app\n",
    });
    expect(of(fs, "missing-exec-start").map((f) => `${f.file.split("/").pop()}: ${f.message}`)).toEqual(["a.service: a.service has no ExecStart=, ExecStop= or SuccessAction=: systemd refuses to load it"]);
    // The ignored second command is no second ExecStart=.
    expect(of(fs, "duplicate-directive").filter((f) => f.message.startsWith("second ExecStart="))).toEqual([]);
  });

  test("a template and its enabled instances (same file) are reported once", async () => {
    const fs = await run({
      "a@.service": "[Service]\nType=simple\n",
      "multi-user.target.wants/a@x.service": "-> ../a@.service",
      "multi-user.target.wants/a@y.service": "-> ../a@.service",
      "b@.service": "[Service]\nExecStart=/bin/a\nExecStart=/bin/b\n",
      "multi-user.target.wants/b@x.service": "-> ../b@.service",
    });
    expect(of(fs, "missing-exec-start").map((f) => f.message)).toEqual([expect.stringContaining("a@.service has no ExecStart=")]);
    expect(of(fs, "duplicate-directive").map((f) => f.message)).toEqual([expect.stringContaining("second ExecStart= for b@.service")]);
  });

  test("before v246 an .include may bring the command: not judged", async () => {
    const unit = { "a.service": ".include /lib/systemd/system/base.service\n[Service]\nNice=5\n" };
    expect(of(await run(unit, 245), "missing-exec-start")).toEqual([]);
    expect(lines(await run(unit, 252), "missing-exec-start")).toEqual([2]);
  });

  test("SuccessAction=none does not count", async () => {
    const fs = await run({ "a.service": "[Unit]\nSuccessAction=none\n[Service]\nType=oneshot\n" });
    expect(lines(fs, "missing-exec-start")).toEqual([3]);
  });
});

describe("inline-comment", () => {
  test("'#' after a value: in Exec lines extra arguments, elsewhere part of the value", async () => {
    const fs = await run({ "a.service": "[Unit]\nDescription=Web app # staging\n[Service]\nExecStart=/bin/app -v # verbose\n" });
    const f = of(fs, "inline-comment");
    expect(f.map((x) => x.line)).toEqual([2, 4]);
    expect(f[0].message).toContain('"# staging"');
    expect(f[0].help).toBe("move the comment to a line of its own starting with #, and keep Description=Web app");
    expect(f[1].message).toContain("passes \"# verbose\" to the program as extra arguments");
    expect(f.every((x) => x.severity === "warning")).toBe(true);
    // the location starts at the '#'
    expect(f[1].column).toBe("ExecStart=/bin/app -v ".length + 1);
  });

  test("';' in ExecStart= of a non-oneshot service is an error; elsewhere a warning when it reads like a comment", async () => {
    const fs = await run({
      "a.service": "[Service]\nExecStart=/bin/app ; start it\n",
      "b.service": "[Service]\nType=forking\nExecStart=/bin/app ; /bin/other\n",
      "c.service": "[Service]\nType=oneshot\nExecStart=/bin/a ; /bin/b\nExecStartPost=/bin/a ; tell someone\nExecStopPost=/bin/a ; /bin/b\n",
    });
    const f = of(fs, "inline-comment");
    expect(f.map((x) => `${x.file.split("/").pop()}:${x.line}:${x.severity}`)).toEqual(["a.service:2:error", "b.service:3:error", "c.service:4:warning"]);
    expect(f[0].notes.join(" ")).toContain("Service has more than one ExecStart= setting");
    expect(f[1].help).toContain("ExecStartPre=");
    expect(f[2].message).toContain('"tell someone"');
  });

  test("the service type comes from drop-ins too", async () => {
    const fs = await run({ "a.service": "[Service]\nType=simple\nExecStart=/bin/a ; /bin/b\n", "a.service.d/t.conf": "[Service]\nType=oneshot\n" });
    expect(of(fs, "inline-comment")).toEqual([]);
  });

  test("near misses: '#' in quotes, '#2', a URL fragment, no blank before '#', escaped ';'", async () => {
    const fs = await run({
      "a.service":
        '[Unit]\nDescription=worker #2\nDocumentation=https://example.org/a#b\n[Service]\nExecStart=/bin/sh -c "echo a # b"\nExecStartPre=/bin/echo \\; x\nEnvironment="A=b # c" C=d#e\n',
    });
    expect(of(fs, "inline-comment")).toEqual([]);
  });
});

describe("duplicate-directive", () => {
  test("a single-value key set twice in a file: the dead line, with the one that wins", async () => {
    const fs = await run({ "a.service": "[Service]\nExecStart=/bin/true\nUser=a\nRestart=always\nUser=b\n[Service]\nUser=b\n" });
    const f = of(fs, "duplicate-directive");
    expect(f.map((x) => x.line)).toEqual([3, 5]);
    expect(f[0].message).toBe("User=a has no effect: User=b on line 5 replaces it");
    expect(f[0].related[0].line).toBe(5);
    expect(f[1].message).toContain("is set again on line 7");
    expect(f.every((x) => x.severity === "warning")).toBe(true);
  });

  test("lists, dependencies, resets, rejected later values and separate files are not duplicates", async () => {
    const fs = await run(
      {
        "a.service":
          "[Unit]\nAfter=a.target\nAfter=b.target\nConditionPathExists=/a\nConditionPathExists=/b\n[Service]\nExecStart=/bin/true\nEnvironment=A=1\nEnvironment=B=2\nExecStartPre=/bin/a\nExecStartPre=/bin/b\nUser=\nUser=x\nType=simple\nType=bogus\n",
        "a.service.d/u.conf": "[Service]\nUser=y\n",
      },
      252,
    );
    expect(of(fs, "duplicate-directive")).toEqual([]);
  });

  test("a second ExecStart= from a drop-in in a simple service is an error; oneshot and reset are fine", async () => {
    const fs = await run({
      "a.service": "[Service]\nExecStart=/bin/a\n",
      "a.service.d/x.conf": "[Service]\nExecStart=/bin/b\n",
      "b.service": "[Service]\nType=oneshot\nExecStart=/bin/a\n",
      "b.service.d/x.conf": "[Service]\nExecStart=/bin/b\n",
      "c.service": "[Service]\nExecStart=/bin/a\n",
      "c.service.d/x.conf": "[Service]\nExecStart=\nExecStart=/bin/b\n",
    });
    const f = of(fs, "duplicate-directive");
    expect(f.map((x) => `${x.file}:${x.line}:${x.severity}`)).toEqual([`${UNIT_DIR}/a.service.d/x.conf:2:error`]);
    expect(f[0].help).toContain('empty "ExecStart="');
    expect(f[0].notes.join(" ")).toContain("more than one ExecStart=");
  });
});

describe("legacy-var-run-path", () => {
  test("PIDFile=, file-system sockets and FIFOs below /var/run", async () => {
    const fs = await run({
      "a.service": "[Service]\nType=forking\nExecStart=/bin/a\nPIDFile=/var/run/a.pid\nReadWritePaths=/var/run/a\n",
      "a.socket": "[Socket]\nListenStream=/var/run/a.sock\nListenStream=//var//run/b.sock\nListenFIFO=/var/run/a.fifo\nListenStream=/run/c.sock\nListenSpecial=/var/run/x\nListenStream=8080\nListenDatagram=/var/runner/x\n",
    });
    const f = of(fs, "legacy-var-run-path");
    expect(f.map((x) => `${x.file.split("/").pop()}:${x.line}`)).toEqual(["a.service:4", "a.socket:2", "a.socket:3", "a.socket:4"]);
    expect(f[0].severity).toBe("info");
    expect(f[0].message).toBe("PIDFile=/var/run/a.pid is below the legacy /var/run/: systemd uses /run/a.pid");
    expect(f[0].help).toBe("PIDFile=/run/a.pid");
    expect(f[2].help).toBe("ListenStream=/run/b.sock");
  });
});

describe("empty-assignment", () => {
  test("rejected (warning), fatal (error), and dependencies that cannot be reset", async () => {
    const fs = await run({
      "a.service": "[Unit]\nAfter=\nWants=\n[Service]\nExecStart=/bin/true\nRemainAfterExit=\nType=\nDynamicUser=\n",
      "b.socket": "[Socket]\nListenStream=1\nBacklog=\n",
    });
    const f = of(fs, "empty-assignment");
    expect(f.map((x) => `${x.file.split("/").pop()}:${x.line}:${x.severity}`)).toEqual([
      "a.service:2:warning",
      "a.service:3:warning",
      "a.service:6:warning",
      "a.service:7:warning",
      "a.service:8:error",
      "b.socket:3:warning",
    ]);
    expect(f[0].message).toBe("After= with an empty value does nothing: dependencies cannot be reset");
    expect(f[2].notes.join(" ")).toContain('"Failed to parse boolean value, ignoring:"');
    expect(f[4].message).toContain("refuses to load the unit");
  });

  test("list and string resets are fine", async () => {
    const fs = await run({
      "a.service": "[Unit]\nDescription=\nDocumentation=\nConditionPathExists=\n[Service]\nExecStart=\nExecStart=/bin/true\nEnvironment=\nUser=\nPIDFile=\nMemoryMax=\n",
    });
    expect(of(fs, "empty-assignment")).toEqual([]);
  });
});

describe("only reportable files", () => {
  test("vendor units are not reported unless --all-units", async () => {
    const root = makeTree({ "usr/lib/systemd/system/v.service": "[Servcie]\nExecStrat=/bin/true\n" });
    expect((await lintRoot(root)).filter((f) => f.file.endsWith("v.service"))).toEqual([]);
    const all = await lintRoot(root, { allUnits: true });
    expect(of(all, "unknown-section")).toHaveLength(1);
  });
});
