/**
 * Value grammars (the config_parse_* functions of systemd v252). Expectations marked [v252] were
 * checked against `systemd-analyze verify` of systemd 252 on the development host.
 */
import { describe, expect, it, test } from "@jest/globals";
import { checkValue } from "../../src/values/value-check.js";
import type { ValueContext } from "../../src/values/check-core.js";
import { parseCInteger } from "../../src/values/check-core.js";
import { isValidSignal, isValidSize, isValidTimespan, parseTimespan } from "../../src/values/check-scalars.js";
import { isValidUnitName, isValidUserGroupName } from "../../src/values/check-words.js";
import { isValidCalendarSpec } from "../../src/values/calendar.js";
import { directiveInfo } from "../../src/values/directive-table.js";
import type { UnitType } from "../../src/core/types.js";

/** Checks `Key=value` in [section] of a unit of `unitType` as systemd `version` would. */
function check(section: string, key: string, value: string, version = 252, unitType?: UnitType) {
  const info = directiveInfo(section, key);
  if (!info) throw new Error(`unknown directive ${section}.${key}`);
  const type: UnitType = unitType ?? (section === "Unit" || section === "Install" ? "service" : (section.toLowerCase() as UnitType));
  const ctx: ValueContext = { version, section, key, unitType: type };
  return checkValue(info.parser, value, ctx);
}
const ok = (section: string, key: string, values: string[], version = 252) => {
  for (const v of values) expect([v, check(section, key, v, version)]).toEqual([v, null]);
};
const bad = (section: string, key: string, values: string[], version = 252) => {
  for (const v of values) expect([v, check(section, key, v, version) === null]).toEqual([v, false]);
};

describe("checkValue basics", () => {
  it("returns null for unknown parser kinds and empty values", () => {
    const ctx: ValueContext = { version: 252, section: "Service", key: "SystemCallArchitectures", unitType: "service" };
    expect(checkValue("config_parse_syscall_archs", "nonsense ~~~", ctx)).toBeNull();
    expect(checkValue("config_parse_no_such_parser", "x", ctx)).toBeNull();
    expect(checkValue("config_parse_bool", "", { ...ctx, key: "RemainAfterExit" })).toBeNull();
  });

  it("quotes the value and says what systemd does", () => {
    const p = check("Service", "RemainAfterExit", "maybe");
    expect(p?.message).toContain('"maybe"');
    expect(p?.message).toContain("systemd ignores this assignment");
    expect(p?.fatal).toBeFalsy();
    const f = check("Service", "ExecStart", "bin/true");
    expect(f?.message).toContain('"bin/true"');
    expect(f?.message).toContain("systemd refuses to load the unit");
    expect(f?.fatal).toBe(true);
  });
});

describe("booleans and tristates", () => {
  it("accepts systemd's words case-insensitively", () => {
    ok("Service", "RemainAfterExit", ["1", "yes", "y", "true", "t", "on", "0", "no", "n", "false", "f", "off", "YES", "On", "TRUE"]);
    ok("Service", "PrivateMounts", ["yes", "off"]);
  });
  it("rejects anything else, with a suggestion [v252]", () => {
    bad("Service", "RemainAfterExit", ["maybe", "2", "enabled", "yes please"]);
    expect(check("Service", "RemainAfterExit", "yse")?.suggestion).toBe("yes");
    expect(check("Service", "RemainAfterExit", "flase")?.suggestion).toBe("false");
  });
  it("is fatal for DynamicUser=", () => {
    expect(check("Service", "DynamicUser", "maybe")?.fatal).toBe(true);
    expect(check("Service", "DynamicUser", "maybe")?.message).toContain("refuses to load");
  });
});

describe("numbers", () => {
  it("reads C integers with base prefixes [v252]", () => {
    expect(parseCInteger("010", { signed: false, bits: 32 })).toEqual({ value: 8n });
    expect(parseCInteger("0x1F", { signed: false, bits: 32 })).toEqual({ value: 31n });
    expect(parseCInteger("0b101", { signed: false, bits: 32 })).toEqual({ value: 5n });
    expect(parseCInteger("0o17", { signed: false, bits: 32 })).toEqual({ value: 15n });
    expect(parseCInteger("+7", { signed: false, bits: 32 })).toEqual({ value: 7n });
    expect(parseCInteger("08", { signed: false, bits: 32 })).toEqual({ error: "invalid" });
    expect(parseCInteger("-1", { signed: false, bits: 32 })).toEqual({ error: "range" });
    expect(parseCInteger("-0", { signed: false, bits: 32 })).toEqual({ value: 0n });
    expect(parseCInteger("+0b1", { signed: false, bits: 32 })).toEqual({ error: "invalid" });
    expect(parseCInteger("4294967296", { signed: false, bits: 32 })).toEqual({ error: "range" });
  });
  it("checks unsigned, int and long settings", () => {
    ok("Socket", "Backlog", ["010", "0b101", "0o17", "+7", "-0", "4294967295", "0x1F"]);
    bad("Socket", "Backlog", ["-1", "08", "4294967296", "lots", "5k"]);
    expect(check("Socket", "Backlog", "08")?.message).toContain("octal");
    ok("Socket", "Priority", ["-5", "0x10"]);
    ok("Socket", "MessageQueueMaxMessages", ["-1", "10"]);
  });
  it("checks ranges: nice, OOM score, I/O and CPU priorities, exit statuses", () => {
    ok("Service", "Nice", ["-20", "19", "+5", "0"]);
    bad("Service", "Nice", ["-21", "20", "50", "high"]);
    ok("Service", "OOMScoreAdjust", ["-1000", "1000", "0"]);
    bad("Service", "OOMScoreAdjust", ["-1001", "1001"]);
    ok("Service", "IOSchedulingPriority", ["0", "7"]);
    bad("Service", "IOSchedulingPriority", ["8", "-1"]);
    ok("Service", "CPUSchedulingPriority", ["0", "99"]);
    bad("Service", "CPUSchedulingPriority", ["100"]);
    ok("Unit", "SuccessActionExitStatus", ["0", "255"]);
    bad("Unit", "SuccessActionExitStatus", ["256", "-1", "x"]);
  });
  it("checks octal modes [v252]", () => {
    ok("Socket", "SocketMode", ["644", "0644", "0600", "07777", "00000644"]);
    bad("Socket", "SocketMode", ["999", "0999", "rwx", "0o755", "+644", "17777", "0x1ff"]);
    expect(check("Socket", "SocketMode", "0o755")?.suggestion).toBe("755");
  });
});

describe("time spans", () => {
  it("follows parse_time() [v252]", () => {
    for (const v of ["5", "5s", "5 min", "1h 30min", "1h30min", "1.5s", ".5s", "3M", "1 h 30 m", "5 min 3", "infinity", "  10s", "2weeks", "1y", "500ms", "20us", "10µs", "10μs"]) {
      expect([v, isValidTimespan(v)]).toEqual([v, true]);
    }
    for (const v of ["10x", "1,5s", "5 mins", "5secs", "5.s", "5.", "1.5.5", "5S", "5Min", "-5", "", "infinity 5", "5 5x", "s"]) {
      expect([v, isValidTimespan(v)]).toEqual([v, false]);
    }
  });
  it("computes values (used to compare soft and hard limits)", () => {
    expect(parseTimespan("1.5s")).toBe(1500000000n);
    expect(parseTimespan("1h 30min")).toBe(5400000000000n);
    expect(parseTimespan("infinity")).toBe("infinity");
    expect(parseTimespan("5", "us")).toBe(5000n);
    expect(parseTimespan("5", "ns")).toBe(5n);
  });
  it("checks every timespan parser and suggests a fix for common slips", () => {
    ok("Service", "TimeoutStartSec", ["5min", "infinity", "0"]);
    bad("Service", "TimeoutStartSec", ["10x", "5 mins"]);
    expect(check("Service", "TimeoutStartSec", "5 mins")?.suggestion).toBe("5min");
    expect(check("Service", "RestartSec", "10secs")?.suggestion).toBe("10s");
    ok("Service", "TimerSlackNSec", ["5ns", "1us", "100"]);
    bad("Service", "TimerSlackNSec", ["5x"]);
    ok("Timer", "OnBootSec", ["5min", "1h"]);
    bad("Timer", "OnBootSec", ["5x"]);
    expect(check("Timer", "OnCalendar", "daily")).toBeNull(); // a calendar expression, not a time span
    ok("Unit", "JobTimeoutSec", ["infinity", "5s"]);
  });
});

describe("sizes and resource limits", () => {
  it("follows parse_size() with 1024-based upper-case suffixes [v252]", () => {
    for (const v of ["1K", "1.5K", "1.5 K", "10.M", "1G 512M", "100B", "4096", "1E"]) expect([v, isValidSize(v)]).toEqual([v, true]);
    for (const v of ["4k", "512M 1G", "1KB", "1 KiB", "-1", "0x10", "", "1G1G"]) expect([v, isValidSize(v)]).toEqual([v, false]);
    bad("Socket", "ReceiveBuffer", ["4k"]);
    expect(check("Socket", "ReceiveBuffer", "4k")?.suggestion).toBe("4K");
  });
  it("checks LimitXXX= per resource [v252]", () => {
    ok("Service", "LimitNOFILE", ["1024:524288", "infinity", "0x10", "infinity:infinity"]);
    bad("Service", "LimitNOFILE", ["1K", "lots", "1024 : 2048", "1024:", "4096:1024"]);
    ok("Service", "LimitCORE", ["1G", "infinity", "64K:128K"]);
    bad("Service", "LimitCORE", ["infinity:0"]);
    ok("Service", "LimitCPU", ["1h", "5", "infinity"]);
    bad("Service", "LimitCPU", ["2h:1h"]);
    ok("Service", "LimitRTTIME", ["5ms"]);
    ok("Service", "LimitNICE", ["+5", "-20", "40", "0"]);
    bad("Service", "LimitNICE", ["-21", "41", "+20", "infinity"]);
    expect(check("Service", "LimitNOFILE", "4096:1024")?.message).toContain("soft limit is higher");
  });
  it("checks cgroup limits", () => {
    ok("Service", "MemoryMax", ["1G", "1.5G", "50%", "infinity", "100%"]);
    bad("Service", "MemoryMax", ["4g", "101%", "0", "lots"]);
    expect(check("Service", "MemoryHigh", "4g")?.suggestion).toBe("4G");
    ok("Service", "MemoryMin", ["0"]);
    ok("Service", "CPUQuota", ["50%", "200%", "150.5%"]);
    bad("Service", "CPUQuota", ["50", "0%", "-5%", "abc"]);
    expect(check("Service", "CPUQuota", "50")?.suggestion).toBe("50%");
    ok("Service", "TasksMax", ["100", "50%", "infinity"]);
    bad("Service", "TasksMax", ["0", "150%", "lots"]);
    ok("Service", "CPUWeight", ["1", "10000", "idle"]);
    bad("Service", "CPUWeight", ["0", "10001"]);
    ok("Service", "IOWeight", ["100"]);
    bad("Service", "IOWeight", ["10001", "idle"]);
  });
});

describe("signals and exit statuses", () => {
  it("follows signal_from_string() [v252]", () => {
    for (const v of ["SIGTERM", "TERM", "15", "0x0f", "05", "+5", "RTMIN", "RTMIN+0", "RTMIN+30", "SIGRTMAX-2", "RTMAX-30", "SIGSTKFLT", "SIGPWR", "64"])
      expect([v, isValidSignal(v)]).toEqual([v, true]);
    for (const v of ["sigterm", "SIGIOT", "SIGCLD", "SIGPOLL", "SIGUNUSED", "SIGINFO", "0", "65", "RTMIN+31", "RTMAX-31", "RTMIN+-1", "RTMIN+"])
      expect([v, isValidSignal(v)]).toEqual([v, false]);
    expect(check("Service", "KillSignal", "sigterm")?.suggestion).toBe("SIGTERM");
    expect(check("Service", "KillSignal", "SIGTREM")?.suggestion).toBe("SIGTERM");
  });
  it("checks exit-status sets word by word [v252]", () => {
    ok("Service", "SuccessExitStatus", ["0 143", "0 143 SIGTERM TERM TEMPFAIL", "SIGKILL 1", "NOTINSTALLED", "APPARMOR", "65", "0x10"]);
    const p = check("Service", "SuccessExitStatus", "0 143 bogus");
    expect(p?.message).toContain('"bogus"');
    expect(p?.offset).toBe(6);
    bad("Service", "RestartPreventExitStatus", ["256", "APPARMOR_PROFILE", "success"]);
  });
});

describe("enumerations", () => {
  it("checks Type= with version gating and did-you-mean [v252]", () => {
    ok("Service", "Type", ["simple", "exec", "forking", "oneshot", "dbus", "notify", "idle"]);
    const p = check("Service", "Type", "notify-reload", 252);
    expect(p?.message).toContain("v253");
    expect(check("Service", "Type", "notify-reload", 253)).toBeNull();
    expect(check("Service", "Type", "exec", 239)?.message).toContain("v240");
    expect(check("Service", "Type", "Simple")?.suggestion).toBe("simple");
    expect(check("Service", "Type", "forked")?.suggestion).toBe("forking");
    expect(check("Service", "Type", "daemon")?.message).toContain('"daemon"');
  });
  it("checks Restart=, KillMode=, NotifyAccess= [v252]", () => {
    ok("Service", "Restart", ["no", "on-success", "on-failure", "on-abnormal", "on-watchdog", "on-abort", "always"]);
    expect(check("Service", "Restart", "on-failed")?.suggestion).toBe("on-failure");
    expect(check("Service", "Restart", "sometimes")).not.toBeNull();
    ok("Service", "KillMode", ["control-group", "mixed", "process", "none"]);
    expect(check("Service", "KillMode", "everything")).not.toBeNull();
    expect(check("Service", "KillMode", "controlgroup")?.suggestion).toBe("control-group");
    ok("Service", "NotifyAccess", ["none", "main", "exec", "all"]);
    expect(check("Service", "NotifyAccess", "some")).not.toBeNull();
  });
  it("checks other enumerations", () => {
    ok("Socket", "BindIPv6Only", ["default", "both", "ipv6-only", "yes", "no"]);
    expect(check("Socket", "BindIPv6Only", "bogus")?.message).toContain("ignores");
    ok("Service", "ExitType", ["main", "cgroup"]);
    ok("Service", "OOMPolicy", ["continue", "stop", "kill"]);
    ok("Service", "TimeoutStartFailureMode", ["terminate", "abort", "kill"]);
    ok("Service", "ProtectSystem", ["strict", "full", "true", "no"]);
    bad("Service", "ProtectSystem", ["read-only"]);
    ok("Service", "ProtectHome", ["read-only", "tmpfs", "yes"]);
    ok("Service", "MountFlags", ["shared", "slave", "private"]);
    bad("Service", "MountFlags", ["rshared"]);
    ok("Service", "StandardOutput", ["journal", "syslog", "journal+console", "fd", "fd:foo", "file:/x", "append:/x", "truncate:/x", "null", "inherit"]);
    bad("Service", "StandardOutput", ["file:rel", "fd:a:b", "jounral", "console"]);
    expect(check("Service", "StandardOutput", "jounral")?.suggestion).toBe("journal");
    expect(check("Service", "StandardOutput", "truncate:/x", 247)?.message).toContain("v248");
    ok("Service", "StandardInput", ["null", "tty", "socket", "data", "file:/dev/null", "fd:x"]);
    bad("Service", "StandardInput", ["file:x", "journal"]);
    ok("Service", "SyslogLevel", ["debug", "7", "err"]);
    bad("Service", "LogLevelMax", ["verbose", "8"]);
    ok("Service", "SyslogFacility", ["local7", "daemon", "99"]);
    bad("Service", "SyslogFacility", ["kern2"]);
    ok("Service", "IOSchedulingClass", ["best-effort", "idle", "none", "realtime", "4", "8"]);
    bad("Service", "IOSchedulingClass", ["9", "0x10", "bogus"]);
    ok("Service", "CPUSchedulingPolicy", ["other", "batch", "fifo", "rr", "idle", "7"]);
    bad("Service", "CPUSchedulingPolicy", ["ext"]);
    ok("Service", "CPUSchedulingPolicy", ["ext"], 257);
    ok("Service", "RuntimeDirectoryPreserve", ["restart", "yes", "no", "1"]);
    ok("Socket", "Timestamping", ["off", "us", "usec", "ns", "nsec", "µs", "yes"]);
    bad("Socket", "Timestamping", ["bogus"]);
    ok("Socket", "SocketProtocol", ["udplite", "sctp"]);
    bad("Socket", "SocketProtocol", ["tcp"]);
    ok("Unit", "CollectMode", ["inactive", "inactive-or-failed"]);
    bad("Unit", "CollectMode", ["bogus"]);
    ok("Service", "UtmpMode", ["init", "login", "user"]);
    ok("Service", "KeyringMode", ["inherit", "private", "shared"]);
    ok("Service", "ProtectProc", ["default", "noaccess", "invisible", "ptraceable"]);
    ok("Service", "ProcSubset", ["all", "pid"]);
    ok("Service", "DevicePolicy", ["auto", "closed", "strict"]);
    ok("Service", "NUMAPolicy", ["local", "bind"]);
    ok("Socket", "IPTOS", ["low-delay", "10", "throughput"]);
    bad("Socket", "IPTOS", ["bogus", "300"]);
  });
  it("gates values added after the target version", () => {
    bad("Service", "PrivateTmp", ["disconnected"], 256);
    ok("Service", "PrivateTmp", ["disconnected", "yes"], 257);
    bad("Service", "PrivateUsers", ["self"], 252);
    ok("Service", "PrivateUsers", ["self", "yes"], 256);
    bad("Service", "ProtectHostname", ["private"], 256);
    bad("Service", "ProtectControlGroups", ["strict"], 252);
    bad("Unit", "SuccessAction", ["soft-reboot", "kexec", "halt"], 252);
    ok("Unit", "SuccessAction", ["soft-reboot", "poweroff", "exit-force"], 254);
    ok("Unit", "OnFailureJobMode", ["triggering", "replace"], 252);
    bad("Unit", "OnFailureJobMode", ["restart-dependencies"], 252);
    bad("Service", "RestartMode", ["debug"], 256);
    ok("Service", "RestartMode", ["direct", "normal"], 254);
    expect(check("Service", "PrivateTmp", "disconnected", 252)?.message).toContain("after v256");
  });
  it("checks namespace lists", () => {
    ok("Service", "RestrictNamespaces", ["yes", "net ipc", "~net", "cgroup ipc net mnt pid user uts"]);
    bad("Service", "RestrictNamespaces", ["~foo", "network"]);
    expect(check("Service", "RestrictNamespaces", "net mount")?.suggestion).toBeUndefined();
  });
});

describe("socket addresses [v252]", () => {
  it("accepts what socket_address_parse accepts", () => {
    ok("Socket", "ListenStream", [
      "5038", "0.0.0.0:5038", "[::]:5038", "127.0.0.1:5038", "[::1]:5038", "/run/x.sock", "//run/x.sock", "@abstract",
      "vsock:2:5", "vsock::5", "0x50", "+81", "0b101", "[::]:010", "127.0.0.1:0x51", "[fe80::1]:5038%%lo", "[::1]:5%%1",
      "[::ffff:1.2.3.4]:5", "127.0.0.1:5040%%lo",
    ]);
  });
  it("rejects host names, bad ports and malformed addresses", () => {
    bad("Socket", "ListenStream", [
      "localhost:5038", "run/asterisk.sock", "70000", "[::1]", "0", "-1", "*:5042", "[::]:080", "vsock:x:5", "/", "@", "1.2.3:5",
      "01.2.3.4:5", "[::1]:0", "127.0.0.1: 5", "[::1] :5", "127.0.0.1:65536",
    ]);
    expect(check("Socket", "ListenStream", "localhost:5038")?.message).toContain("does not resolve host names");
  });
  it("handles specifiers: %% is a literal, real specifiers make the address unknowable, unknown ones are errors", () => {
    ok("Socket", "ListenStream", ["%t/foo.sock", "[fe80::1]:5038%%eth0", "%i"]);
    const p = check("Socket", "ListenStream", "[fe80::1]:5038%eth0");
    expect(p?.message).toContain("%e");
    expect(p?.offset).toBe(14);
  });
  it("checks the other Listen kinds", () => {
    bad("Socket", "ListenSequentialPacket", ["5", "[::1]:5", "127.0.0.1:5038"]);
    ok("Socket", "ListenSequentialPacket", ["/run/x", "@x"]);
    ok("Socket", "ListenNetlink", ["route", "route 5", "kobject-uevent 1", "5", "route 0x1"]);
    bad("Socket", "ListenNetlink", ["audit x", "nosuchfamily 1", "route -1", "YES"]);
    ok("Socket", "ListenFIFO", ["/run/f"]);
    bad("Socket", "ListenFIFO", ["run/f", "/a/../b"]);
    bad("Socket", "ListenSpecial", ["dev"]);
    bad("Socket", "ListenMessageQueue", ["foo"]);
    ok("Socket", "ListenMessageQueue", ["/foo"]);
    bad("Socket", "ListenUSBFunction", ["x"]);
  });
});

describe("Exec command lines [v252]", () => {
  it("accepts valid lines", () => {
    ok("Service", "ExecStart", [
      "/bin/true", "true", "-/bin/true", "@/bin/true argv0", "+/bin/true", "!/bin/true", "!!/bin/true", ":/bin/true", "-+/bin/true",
      "-:/bin/true", ":-@/bin/true x", "/usr/bin/../bin/true", "//bin/true", "/bin/true ; /bin/false", "/bin/true ;", "; /bin/true",
      '"/bin/true"', '"-/bin/true"', "'/bin/tr'ue", "/bin/echo %%z 100%", "%t/bin/x", "/bin/echo \\d", "/bin/echo \\U99999999",
      "/bin/sh -c 'echo $$'", "/bin/echo \"a b\" 'c d'", "/bin/true \\;", "/bin/echo %i %n",
    ]);
  });
  it("rejects repeated or conflicting prefixes (fatal)", () => {
    for (const v of ["@@/bin/true", "+!/bin/true", "!+/bin/true", "!!!/bin/true", "~/bin/true", "|/bin/true", "-@+!/bin/true".slice(1)]) {
      const p = check("Service", "ExecStart", v);
      expect([v, p?.fatal]).toEqual([v, true]);
    }
    expect(check("Service", "ExecStart", "+!/bin/true")?.message).toContain('"!/bin/true"');
    // The first "-" makes the error non-fatal: "--/bin/true" runs "-/bin/true" … which is refused with a warning.
    expect(check("Service", "ExecStart", "--/bin/true")).toMatchObject({ fatal: false });
    // `|` is a prefix in newer systemd
    expect(check("Service", "ExecStart", "|/bin/true", 257)).toBeNull();
  });
  it("rejects relative paths with a slash, directories, empty commands and unsafe characters", () => {
    expect(check("Service", "ExecStart", "bin/true")).toMatchObject({ fatal: true });
    expect(check("Service", "ExecStart", "-bin/true")).toMatchObject({ fatal: false });
    expect(check("Service", "ExecStart", "-bin/true")?.message).toContain("ignores");
    expect(check("Service", "ExecStart", "/bin/")).toMatchObject({ fatal: true });
    expect(check("Service", "ExecStart", "@/bin/true")).toMatchObject({ fatal: true });
    expect(check("Service", "ExecStart", '""')).toMatchObject({ fatal: true });
    expect(check("Service", "ExecStart", "-")).toMatchObject({ fatal: false });
    expect(check("Service", "ExecStart", "@")).toMatchObject({ fatal: true });
    expect(check("Service", "ExecStart", "/bin/true\\x01")).toMatchObject({ fatal: true });
    expect(check("Service", "ExecStart", "true\\ x")).toMatchObject({ fatal: true });
  });
  it("rejects variables in the executable", () => {
    expect(check("Service", "ExecStart", "$FOO/bin/true")).toMatchObject({ fatal: true });
    expect(check("Service", "ExecStart", "$FOO/bin/true")?.message).toContain("variables are not expanded");
    const p = check("Service", "ExecStart", "${DAEMON} --foo");
    expect(p?.message).toContain("never expands variables");
    expect(p?.fatal).toBeFalsy();
    expect(check("Service", "ExecStart", "/usr/bin/$X")).not.toBeNull();
    expect(check("Service", "ExecStart", "/bin/echo $FOO ${BAR}")).toBeNull();
  });
  it("rejects unbalanced quotes: fatal in arguments unless '-', a warning in the first word", () => {
    expect(check("Service", "ExecStart", '/bin/echo "unterminated')).toMatchObject({ fatal: true });
    expect(check("Service", "ExecStart", '-/bin/echo "unterminated')).toMatchObject({ fatal: false });
    expect(check("Service", "ExecStart", '"/bin/echo x')).toMatchObject({ fatal: false });
    expect(check("Service", "ExecStart", "/bin/true x\"")).toMatchObject({ fatal: true });
  });
  it("rejects unknown specifiers (fatal unless '-')", () => {
    const p = check("Service", "ExecStart", "/bin/echo %z");
    expect(p).toMatchObject({ fatal: true, offset: 10, length: 2 });
    expect(p?.message).toContain("%z");
    expect(check("Service", "ExecStart", "-/bin/echo %z")).toMatchObject({ fatal: false });
    expect(check("Service", "ExecStart", "%z/foo")).toMatchObject({ fatal: true });
    expect(check("Service", "ExecStart", "/bin/echo %D", 252)).toMatchObject({ fatal: true });
    expect(check("Service", "ExecStart", "/bin/echo %D", 256)).toBeNull();
  });
  it("checks each command of a ;-separated line", () => {
    expect(check("Service", "ExecStartPre", "/bin/true ; bin/false")).toMatchObject({ fatal: true, offset: 12 });
  });
});

describe("users and groups [v252]", () => {
  it("follows the relaxed valid_user_group_name()", () => {
    for (const v of ["root", "0", "4294967294", "foo bar", "foo@bar", "Ünï", "1a", "+5", "0x10", "-foo", "nobody", "_apt"])
      expect([v, isValidUserGroupName(v)]).toEqual([v, true]);
    for (const v of ["foo:bar", "65535", "4294967295", "-5", "-1", "-", "a/b", ".", "..", "010", "05", "12345678901"])
      expect([v, isValidUserGroupName(v)]).toEqual([v, false]);
  });
  it("makes invalid names fatal, allows specifiers", () => {
    expect(check("Service", "User", "foo:bar")).toMatchObject({ fatal: true });
    expect(check("Service", "User", "65535")?.message).toContain("reserved");
    ok("Service", "User", ["%i", "asterisk", "%u"]);
    expect(check("Service", "User", "%z")).toMatchObject({ fatal: true });
    expect(check("Socket", "SocketUser", "a:b")).toMatchObject({ fatal: true });
    expect(check("Service", "SupplementaryGroups", "a b:c d")).toMatchObject({ fatal: true, offset: 2, length: 3 });
    ok("Service", "SupplementaryGroups", ["audio video", "dialout"]);
  });
});

describe("unit names in dependencies", () => {
  it("knows unit_name_is_valid()", () => {
    for (const v of ["foo.service", "a@.service", "a@b.service", "foo\\x2dbar.service", "-.slice", "a@b@c.service", "sys-devices.device"])
      expect([v, isValidUnitName(v)]).toEqual([v, true]);
    for (const v of ["foo", "@a.service", '"x.service"', "foo.bogus", "/dev/sda", ".service", "a b.service", "x".repeat(250) + ".service"])
      expect([v, isValidUnitName(v)]).toEqual([v, false]);
  });
  it("checks each word of a dependency list [v252]", () => {
    ok("Unit", "After", ["network.target", "a.service b.socket", "a@.service", "foo@%i.service", "%p.socket"]);
    const p = check("Unit", "After", "foo.service bar");
    expect(p).toMatchObject({ offset: 12, length: 3 });
    expect(p?.message).toContain('"bar"');
    expect(p?.message).toContain("ignores this dependency");
    bad("Unit", "Wants", ["@a.service", '"x.service"', "foo.bogus", "/dev/sda"]);
    expect(check("Unit", "Wants", '"x.service"')?.suggestion).toBe("x.service");
    expect(check("Unit", "Requires", "foo.servce")?.suggestion).toBe("foo.service");
    expect(check("Unit", "After", "%t.service")?.message).toContain("%t");
  });
  it("checks Service=, Sockets=, Slice= and Unit= types", () => {
    ok("Socket", "Service", ["foo.service", "foo@bar.service"]);
    bad("Socket", "Service", ["foo", "foo.socket", "x@.service"]);
    ok("Service", "Sockets", ["a.socket b.socket"]);
    bad("Service", "Sockets", ["a.service"]);
    ok("Service", "Slice", ["system-foo.slice", "-.slice"]);
    bad("Service", "Slice", ["foo.service", "foo"]);
    ok("Timer", "Unit", ["foo.service"]);
    bad("Path", "Unit", ["foo.bogus"]);
  });
});

describe("paths", () => {
  it("checks absolute, normalized paths and specifiers", () => {
    ok("Service", "RootDirectory", ["/srv/root", "%S/foo"]);
    expect(check("Service", "RootDirectory", "srv")).toMatchObject({ fatal: true });
    expect(check("Service", "RootDirectory", "/srv/../x")).toMatchObject({ fatal: true });
    expect(check("Service", "TTYPath", "dev/tty1")).toMatchObject({ fatal: false });
    expect(check("Unit", "SourcePath", "rel")?.message).toContain("not absolute");
    ok("Service", "WorkingDirectory", ["~", "/var/lib/x", "-/var/lib/x", "%h"]);
    expect(check("Service", "WorkingDirectory", "relative/dir")).toMatchObject({ fatal: true });
    expect(check("Service", "WorkingDirectory", "-rel")).toMatchObject({ fatal: false });
    ok("Service", "PIDFile", ["/run/x.pid", "run/x.pid", "/var/run/x.pid"]);
    bad("Service", "PIDFile", ["/run/../x.pid", "%z"]);
    ok("Service", "EnvironmentFile", ["-/etc/default/x", "/etc/*.env", "%E/x"]);
    bad("Service", "EnvironmentFile", ["-etc/x", "relative.env", "/a/../b"]);
  });
  it("checks path lists, conditions and directories", () => {
    ok("Service", "ReadWritePaths", ["/var/lib/x -/opt +/y -+/z", "%S/x"]);
    bad("Service", "ReadWritePaths", ["relative", "+-/x", "/a/../b"]);
    expect(check("Service", "ReadWritePaths", "+-/x")?.message).toContain('"-+"');
    ok("Unit", "ConditionPathExists", ["/x", "!/x", "|/x", "|!/x"]);
    bad("Unit", "ConditionPathExists", ["!|/x", "rel", "| /x", "! /x"]);
    ok("Unit", "RequiresMountsFor", ["/a /b"]);
    bad("Unit", "RequiresMountsFor", ["/a rel"]);
    ok("Service", "TemporaryFileSystem", ["/x:size=1", "/tmp"]);
    bad("Service", "TemporaryFileSystem", ["x"]);
    ok("Service", "RuntimeDirectory", ["foo", "foo/bar", "a b", "foo:bar"]);
    bad("Service", "RuntimeDirectory", ["/run/foo", "foo/../bar", "private"]);
    expect(check("Service", "RuntimeDirectory", "/run/foo")?.suggestion).toBe("foo");
    bad("Service", "ConfigurationDirectory", ["a:b"]);
    ok("Path", "PathExists", ["/x"]);
    bad("Path", "PathExists", ["rel"]);
    bad("Socket", "Symlinks", ["/a rel"]);
  });
});

describe("environment", () => {
  it("checks Environment= items [v252]", () => {
    ok("Service", "Environment", ['A=1 B="2 3"', "A=100%", "PATH=/a:/b", 'A="x\\"y"', "A=", "_X=1"]);
    expect(check("Service", "Environment", "A=1 B")?.offset).toBe(4);
    bad("Service", "Environment", ["1A=x", "A-B=x", '"A=1', "A=\\d", "=x", "NOEQUALS"]);
    expect(check("Service", "Environment", "A=%z")?.message).toContain("%z");
  });
  it("checks variable names in PassEnvironment= and UnsetEnvironment=", () => {
    ok("Service", "PassEnvironment", ["A B_C", "x\\y"]); // the backslash only escapes "y": "xy"
    bad("Service", "PassEnvironment", ['"A=1', "a\\ b", "A=\\d"]);
    bad("Service", "UnsetEnvironment", ["x\\y"]); // "Trailing garbage"
    bad("Service", "PassEnvironment", ["A 1B"]);
    ok("Service", "UnsetEnvironment", ["A B=1"]);
    bad("Service", "UnsetEnvironment", ["1C"]);
  });
});

describe("misc", () => {
  it("knows ManagedOOM*= only works in services, slices and scopes [v252]", () => {
    expect(check("Socket", "ManagedOOMSwap", "kill", 252, "socket")?.message).toContain("only supported in service, slice and scope units");
    expect(check("Mount", "ManagedOOMMemoryPressureLimit", "50%", 252, "mount")).not.toBeNull();
    expect(check("Service", "ManagedOOMSwap", "kill", 252, "service")).toBeNull();
    expect(check("Slice", "ManagedOOMSwap", "kill", 252, "slice")).toBeNull();
    expect(check("Scope", "ManagedOOMMemoryPressure", "auto", 252, "scope")).toBeNull();
    expect(check("Slice", "ManagedOOMSwap", "bogus", 252, "slice")).not.toBeNull();
    expect(check("Slice", "ManagedOOMMemoryPressureLimit", "50%", 252, "slice")).toBeNull();
    expect(check("Slice", "ManagedOOMMemoryPressureLimit", "3M", 252, "slice")).not.toBeNull();
    expect(check("Slice", "ManagedOOMMemoryPressureLimit", "101%", 252, "slice")).not.toBeNull();
  });
  it("checks Documentation= URIs [v252]", () => {
    ok("Unit", "Documentation", ["man:foo(1) https://x info:foo file:/x http://example.org"]);
    bad("Unit", "Documentation", ["notaurl", "file:x", "http://", "man:"]);
    expect(check("Unit", "Documentation", "foo(8)")?.suggestion).toBe("man:foo(8)");
    expect(check("Unit", "Documentation", "man:a(1) notaurl")?.offset).toBe(9);
  });
  it("checks device and I/O settings [v252]", () => {
    ok("Service", "DeviceAllow", ["/dev/null rw", "char-pts rwm", "block-loop", "/dev/sda", "block-"]);
    bad("Service", "DeviceAllow", ["%z"]);
    bad("Service", "DeviceAllow", ["/dev/null x", "foo", "/sys/x r"]);
    ok("Service", "IODeviceWeight", ["/dev/sda 200"]);
    bad("Service", "IODeviceWeight", ["/dev/sda", "/dev/sda 0", "/dev/sda 10001"]);
    ok("Service", "IOReadBandwidthMax", ["/dev/sda 1M", "/dev/sda infinity", "/dev/sda 1000"]);
    bad("Service", "IOReadBandwidthMax", ["/dev/sda 1m", "/dev/sda", "/dev/sda 0"]);
    expect(check("Service", "IOReadBandwidthMax", "/dev/sda 1m")?.suggestion).toBe("/dev/sda 1M");
    ok("Service", "IOReadIOPSMax", ["/dev/sda 1K"]);
    ok("Service", "IODeviceLatencyTargetSec", ["/dev/sda 25ms"]);
    bad("Service", "IODeviceLatencyTargetSec", ["/dev/sda 25x", "/dev/sda"]);
  });
  it("checks BindPaths= items [v252]", () => {
    ok("Service", "BindPaths", ["/a /b:/c /d:/e:norbind -/f", "/a:/b:rbind", '"/a b":/c', "/a\\:b:/c", "%S/x:/y"]);
    bad("Service", "BindPaths", ["/a::/b", "/a:", "-rel", "/a:rel", "/a:/b:bogus"]);
  });
  it("checks IPAddressAllow= prefixes [v252]", () => {
    ok("Service", "IPAddressAllow", ["localhost 10.0.0.0/8 ::1 any link-local multicast fe80::/64"]);
    bad("Service", "IPAddressAllow", ["notanip", "10.0.0.0/33", "1.2.3.4/"]);
  });
  it("checks SocketBindAllow=", () => {
    ok("Service", "SocketBindAllow", ["tcp:80", "ipv4:udp:1000-2000", "any", "tcp", "0x50"]);
    bad("Service", "SocketBindAllow", ["bogus", "0", "08", "70000"]);
  });
  it("checks file descriptor and D-Bus names", () => {
    ok("Socket", "FileDescriptorName", ["ok", "a-b.c"]);
    bad("Socket", "FileDescriptorName", ["a:b"]);
    ok("Service", "BusName", ["org.example.Foo", "a.b.c"]);
    bad("Service", "BusName", ["org", "org..x", "1a.b"]);
  });
  it("validates specifiers in free-text settings", () => {
    expect(check("Unit", "Description", "100% fine")).toBeNull();
    expect(check("Unit", "Description", "Foo %i")).toBeNull();
    expect(check("Unit", "Description", "50%Done")?.message).toContain("%D");
    expect(check("Unit", "Description", "50%Done", 256)).toBeNull();
  });
});

describe("enumerations at the data's newest version (the default target)", () => {
  const at = (parser: string, key: string, value: string, version = 257) =>
    checkValue(parser, value, { version, section: "Service", key, unitType: "service" });
  it("unknown values are still reported, with a readable list", () => {
    expect(at("config_parse_service_type", "Type", "daemon")?.message).toMatch(/"daemon" is not a valid .* for Type=/);
    const p = at("config_parse_private_tmp", "PrivateTmp", "maybe", 256)!;
    expect(p.message).toContain("is not a valid PrivateTmp= value (expected a boolean)");
    expect(at("config_parse_private_tmp", "PrivateTmp", "maybe")!.message).toContain("(expected disconnected or a boolean)");
    expect(at("config_parse_private_tmp", "PrivateTmp", "disconnected")).toBeNull();
  });
});

// Verdicts of `systemd-analyze calendar EXPR` (systemd 252, host time zone UTC) for each expression.
const CALENDAR_ACCEPTED_V252 = [
  "daily", "Daily", "DAILY", "weekly", "monthly", "yearly", "annually", "quarterly", "semiannually", "semi-annually",
  "biannually", "bi-annually", "hourly", "minutely", "daily UTC", "daily utc", "hourly Europe/Berlin",
  "weekly America/New_York", "*-*-* 00:00:00", "*-*-* *:*:*", "*-*-* *:*:00", "*-*-*", "*-*", "*:*", "*:*:*", "00:00",
  "0:0", "12:30", "12:30:15", "12:00:59.5", "12:00:59.999999", "12:00:59.1234567", "23:59:59", "Mon..Fri 09:00",
  "Mon..Fri *-*-* 09:00:00", "Mon-Fri 09:00", "Mon,Wed,Fri 10:00", "Mon,Fri", "Mon, 12:00", "Mon..Mon", "Monday",
  "monday", "MONDAY", "Sat,Sun 10:00", "Sun *-*-* 03:00", "Thu..Sat,Sun 20:00", "Mon..Wed,Fri..Sun",
  "Mon *-*-1..7 00:00", "2024-01-01", "2024-02-30", "2024-02-31 12:00", "1970-01-01", "2199-12-31", "69-01-01",
  "70-01-01", "99-12-31", "24-06-15 08:00", "*-*-01 04:00", "*-01-01", "*-12-25 00:00:00", "01-01", "*-*~01", "*-*~1",
  "*-02~03", "*-*~07/1", "2024-*~01", "*~*", "*:0/15", "*:00/15", "*:*:0/0.5", "0/2:00", "*-*-* 0/6:00:00", "*-*-1/2",
  "*-*-1..10/3", "*-*-1..10", "*-*-5..5", "5..5:00", "1..5:00", "8..17:00", "8,12,18:00", "*-*-* 8,12,18:00:00",
  "2024-01-01 12:00 UTC", "2024-01-01 12:00 Europe/Berlin", "2024-01-01 12:00 Asia/Tokyo", "Mon 12:00 Etc/GMT+5",
  "@1395716396", "@0", "2024-01-01 12:00:00.5", "Wed 2024-01-01 12:00", "Wed 2024-01-01 12:00 UTC",
  "Wed *-*-* 12:00 UTC", "Sat,Sun *-*-* 10:00:00", "*-*-* 06,18:00", "*-*-* 6..18/2:00", "*-*-* 06:00..30",
  "*:0..59/5", "2030..2035-01-01", "2030,2040-01-01", "*-1,4,7,10-01", "*-1..12/3-01", "*-1/3-1",
  "*-*-* 00:00:00.000001", "*-*-*  00:00", "Mon  00:00", "12:00:00 UTC", "2024-1-1", "*-*-31",
  "Mon..Fri *-*-* 09:00:00 UTC", "Mon, ", "0012:00", "*:0/59", "2024-01-01 00:00 CET", "Mon,Tue,", "Mon,Tue, 12:00",
  "*-*-* 00:00:00 Europe/Berlin", "daily Europe/Berlin",
];
const CALENDAR_REJECTED_V252 = [
  "dialy", "secondly", "daily  UTC", "UTC", "Europe/Berlin", "*", "12:00:1.", "12:00:60", "24:00", "25:00", "12:60",
  "Mon..Fri 25:00", "Mon,,Tue", "Fri..Mon", "Mon..", "Mon.Fri", "Mond", "2024-13-01", "2024-12-32", "2024-00-10",
  "1969-01-01", "2200-01-01", "100-01-01", "13-01", "*-*~0", "*-*-*~01", "*:0/0", "*-*-10..1", "5..4:00", "*/2",
  "*:*/2", "8,,12:00", "8,12,:00", "Mon 12:00 foo bar", "12:00:00 00:00", "2024-01-01T12:00", "tomorrow", "today",
  "now", "0", "5", "-5", "1-1-1-1", "1:1:1:1", "*-*-* *:*:*/20", "00:00:00/0", "12:00:5.", "12:00:.5",
  "99999999999:00", "Mon- 12:00", "Mon-Fri-Sun",
];


describe("calendar expressions (OnCalendar=) [v252]", () => {
  it("agrees with systemd-analyze calendar on every recorded expression", () => {
    for (const v of CALENDAR_ACCEPTED_V252) expect([v, isValidCalendarSpec(v)]).toEqual([v, true]);
    for (const v of CALENDAR_REJECTED_V252) expect([v, isValidCalendarSpec(v)]).toEqual([v, false]);
  });
  it("accepts shorthands, ranges, lists, repetitions, last days and time zones", () => {
    ok("Timer", "OnCalendar", ["daily", "Weekly", "semi-annually", "Mon..Fri *-*-* 09:00:00", "*-*~01", "*:0/15", "Sat,Sun 10:00 Europe/Berlin", "daily UTC"]);
  });
  it("does not report what depends on the host or is not modelled", () => {
    // a last word might be a time zone of the host's tz database (systemd 252 rejects these two here)
    ok("Timer", "OnCalendar", ["daily Nowhere/Zone", "Mon 12:00 foo"]);
    // `@EPOCH` and repetitions that never fit (systemd 252 rejects both) are not modelled
    ok("Timer", "OnCalendar", ["@foo", "*:0/60"]);
    // specifiers are expanded first
    ok("Timer", "OnCalendar", ["%i"]);
  });
  it("reports what systemd rejects [v252 verify: Failed to parse calendar specification, ignoring]", () => {
    bad("Timer", "OnCalendar", ["dialy", "Mon..Fri 25:00", "2024-13-01", "Fri..Mon", "*-*-* 24:00"]);
    const p = check("Timer", "OnCalendar", "dialy");
    expect(p?.message).toContain('"dialy"');
    expect(p?.message).toContain("systemd ignores this assignment");
    expect(p?.suggestion).toBe("daily");
    expect(p?.fatal).toBeFalsy();
    // On*Sec= stays a time span
    ok("Timer", "OnBootSec", ["5min"]);
    bad("Timer", "OnBootSec", ["daily"]);
  });
});

describe("RestrictAddressFamilies= [v252]", () => {
  it("accepts known families (case-insensitive, quoted), ~ and none", () => {
    ok("Service", "RestrictAddressFamilies", [
      "none", "AF_UNIX", "AF_INET AF_INET6 AF_UNIX", "~AF_PACKET", "~ AF_PACKET", "af_inet", "AF_DECnet", '"AF_INET"',
      "AF_NETLINK AF_ROUTE AF_LOCAL AF_FILE", "AF_MCTP AF_XDP AF_SMC AF_QIPCRTR AF_KCM AF_VSOCK",
    ]);
  });
  it("reports unknown families [v252 verify: Failed to parse address family, ignoring]", () => {
    bad("Service", "RestrictAddressFamilies", ["AF_FOO", "~AF_INET AF_FOO", "AF_UNSPEC", "AF_MAX", "10", "AF_UNIX none", "~none", "AF_INET,AF_UNIX", 'AF_INET "AF_FOO"']);
    const p = check("Service", "RestrictAddressFamilies", "AF_INET AF_INTE6");
    expect(p?.message).toContain('"AF_INTE6"');
    expect(p?.message).toContain("systemd ignores this item");
    expect(p?.message).toContain('did you mean "AF_INET6"');
    expect([p?.offset, p?.length]).toEqual([8, 8]);
  });
});

describe("SystemCallFilter= [v252]", () => {
  it("accepts known groups and any plain system call name", () => {
    ok("Service", "SystemCallFilter", ["@system-service", "~@privileged @resources", "@default @known @pkey @memlock", "read write foobarsys", "~@clock:EPERM", "@foo:EPERM", "~"]);
    ok("Service", "SystemCallFilter", ["@sandbox"], 253);
  });
  it("reports unknown groups [v252 verify: Unknown system call group, ignoring]", () => {
    bad("Service", "SystemCallFilter", ["@nonsense", "~@foo", "~ @foo", "@system-service @foo @privileged", "@CLOCK", "@", "@sandbox"]);
    const p = check("Service", "SystemCallFilter", "@system-service @privleged");
    expect(p?.message).toContain('"@privleged"');
    expect(p?.message).toContain("systemd ignores this item");
    expect(p?.suggestion).toBe("@privileged");
    expect([p?.offset, p?.length]).toEqual([16, 10]);
  });
});

describe("per-mille and per-ten-thousand values (parse_permyriad())", () => {
  // The regular expressions spell ‰ and ‱ as \u escapes (the bundle must stay ASCII): the
  // characters themselves must still be accepted.
  test.each(["50%", "50.5%", "505\u2030", "50.5\u2030", "5050\u2031"])("%s is accepted for ManagedOOMMemoryPressureLimit=", (v) => {
    expect(checkValue("config_parse_managed_oom_mem_pressure_limit", v, { version: 252, section: "Service", key: "ManagedOOMMemoryPressureLimit", unitType: "service" })).toBeNull();
  });
  test.each(["50x", "50\u2032"])("%s is not", (v) => {
    expect(checkValue("config_parse_managed_oom_mem_pressure_limit", v, { version: 252, section: "Service", key: "ManagedOOMMemoryPressureLimit", unitType: "service" })).not.toBeNull();
  });
});
