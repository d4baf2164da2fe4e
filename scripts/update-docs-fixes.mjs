// Writes the "## Fix" section of every fixable rule's page (docs/rules/ID.md) from the rule's
// own fixes: the first "## Incorrect" example whose fix `astlint --diff --unsafe-fixes` shows,
// run with only that rule on, via the built CLI. Run after changing a fix:
// `npm run build && node scripts/update-docs-fixes.mjs`. With --check it exits 1 when a page is
// stale (test/docs/rule-docs.test.ts runs it).
import { execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";

const CLI = path.resolve("dist/cli.js");

/** Why a rule's fix is in its class (shown under the diff). */
const WHY = {
  "asterisk-unknown-option":
    "Unsafe: renaming to the one close option (did you mean) switches it on, and an object or file that Asterisk refused loads again. There is no fix when two options are equally close, or when the key belongs to another section or file.",
  "asterisk-deprecated-option": "Unsafe: the key is renamed to its replacement when that is a plain option name, but the replacement's values may differ. Other replacements get no fix.",
  "asterisk-invalid-option-value": "Unsafe: an undocumented enumeration value is replaced with the one documented value close to it, which changes what the option does. There is no fix for numbers, addresses or ACLs.",
  "run-path-mismatch":
    "Unsafe: `astrundir` moves every run file of Asterisk (PID file, control socket), which other tools may expect in the old place. `ListenStream=` written with `/var/run/` becomes the `/run/` path systemd binds. Either file alone is still consistent, so a failure between the two writes leaves a working state.",
  "ignored-astctl-option":
    "Safe when the socket already sets the key: the `asterisk.conf` line has no effect and is removed. When it does not, the value moves to the socket first (an owner or mode change for the socket: unsafe), then the line is removed.",
  "cli-socket-permissions":
    "Safe: only the permission bits for other users are removed (`0666` → `0660`); nobody gains access. `SocketUser=`/`SocketGroup=` are not added (a user or group that does not exist stops the socket).",
  "execstop-cli-loop":
    "Safe when the service is `Type=notify` (systemd's SIGTERM is Asterisk's clean `core stop now`), otherwise unsafe. A vendor unit on the host gets an empty `ExecStop=` in `/etc/systemd/system/NAME.d/override.conf`, followed by the entries to keep. A line with more than one command gets no fix.",
  "service-type-notify":
    "Unsafe: `Type=notify` needs an Asterisk built with libsystemd, and `Type=` changes how systemd starts the service. The fix sets `Type=notify`, adds `-f` to `ExecStart=` and removes `PIDFile=`. There is no fix for `safe_asterisk` or for a `-F` bundled with other flags.",
  "notify-without-foreground":
    "Safe: the start fails today, so keeping Asterisk in the foreground cannot stop a working service. `-f` is added after the executable and a standalone `-F` is removed. There is no fix when `alwaysfork = yes` makes Asterisk fork anyway.",
  "socket-address-mismatch":
    "Unsafe (a listener change), and offered only when the new address is not wider than systemd's. For example `[::]:5038` may become `0.0.0.0:5038`, but `127.0.0.1:5038` never becomes `0.0.0.0:5038`.",
  "unfirewalled-activation-port":
    "Unsafe: remote clients lose access until you add your trusted networks to `IPAddressAllow=`. Offered only when the socket has neither `IPAddressAllow=` nor `IPAddressDeny=`.",
  "socket-accept":
    "Unsafe (a listener change). With `Accept=no` the socket activates `NAME.service` (systemd refuses `Service=` next to `Accept=yes`), so the fix is offered only when that service exists and runs Asterisk.",
  "asterisk-watchdog": "Safe: removing a watchdog that kills Asterisk cannot stop it from starting. A vendor unit on the host gets `WatchdogSec=0` in a drop-in.",
  "legacy-var-run-path": "Safe: systemd already uses the `/run/` path, so writing it changes nothing at run time.",
  "deprecated-directive":
    "Safe: old spellings are renamed, legacy places are moved (same parser, same meaning), and removed directives that systemd ignores are deleted, along with obsolete `syslog` outputs. `KillMode=none` → `mixed` is unsafe. Replacements whose scale can differ (`CPUShares=` → `CPUWeight=`) and `.include` lines get no fix.",
  "duplicate-directive":
    "Safe: the dead assignment has no effect. The empty `ExecStart=` reset before a drop-in's second `ExecStart=` is unsafe: it changes the command that runs.",
  "unknown-directive":
    "Only when there is exactly one close candidate. Safe when the key this switches on is harmless (`Description=`, `After=`, `Restart=`, `WantedBy=` …) and its value is valid. Anything else that starts to apply (`User=`, `Exec…=`, sandboxing, listeners) is unsafe.",
  "unknown-section":
    "Renaming a header switches on every setting under it. Safe for `[Install]` (read by `systemctl enable`, not at start) or an empty section, otherwise unsafe. A section of another unit type gets no fix.",
  "invalid-value":
    "Only for enumerations with exactly one close value (\"did you mean\"). Safe for harmless settings (`Restart=`, `StandardOutput=` …). Values that start to apply for `Type=`, identities or sandboxing are unsafe.",
};

function examples(markdown) {
  const out = [];
  let kind = null;
  let current = null;
  const lines = markdown.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const h2 = /^## (Incorrect|Correct)\b/i.exec(line);
    if (/^## /.test(line)) {
      kind = h2 ? h2[1].toLowerCase() : null;
      current = null;
      continue;
    }
    if (kind && /^### /.test(line)) {
      current = null;
      continue;
    }
    const fence = /^```\w*\s+file=(\S+)(.*)$/.exec(line);
    if (kind && fence) {
      const body = [];
      for (i++; i < lines.length && !lines[i].startsWith("```"); i++) body.push(lines[i]);
      if (!current) out.push((current = { kind, files: {}, options: {} }));
      current.files[fence[1]] = body.join("\n") + "\n";
      const opt = /options=(\{.*\})/.exec(fence[2]);
      if (opt) Object.assign(current.options, JSON.parse(opt[1]));
    }
  }
  return out;
}

const FLAG = { systemdVersion: "--systemd-version", asteriskVersion: "--asterisk-version", asteriskRundirDefault: "--asterisk-rundir-default", allUnits: "--all-units" };

function diffFor(id, ex, allIds) {
  const root = mkdtempSync(path.join(tmpdir(), "astlint-docfix-"));
  try {
    for (const [rel, text] of Object.entries(ex.files)) {
      mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      writeFileSync(path.join(root, rel), text);
    }
    writeFileSync(path.join(root, ".astlint-docs.json"), "{}\n");
    const args = [CLI, "--root", ".", "--diff", "--unsafe-fixes", "--config", ".astlint-docs.json"];
    for (const other of allIds) if (other !== id) args.push("--rule", `${other}=off`);
    for (const [k, v] of Object.entries(ex.options)) {
      if (!FLAG[k]) continue;
      if (v === true) args.push(FLAG[k]);
      else args.push(FLAG[k], String(v));
    }
    try {
      return execFileSync(process.execPath, args, { cwd: root, encoding: "utf8" });
    } catch (e) {
      if (e.status === 1) return e.stdout;
      throw e;
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

const metas = JSON.parse(execFileSync(process.execPath, [CLI, "--list-rules", "--format", "json"], { encoding: "utf8" }));
const configurable = metas.filter((m) => m.id !== "internal-error").map((m) => m.id);
const stale = [];
for (const m of metas) {
  const file = path.join("docs", "rules", `${m.id}.md`);
  let md;
  try {
    md = readFileSync(file, "utf8");
  } catch {
    continue;
  }
  const without = md.replace(/\n## Fix\n[\s\S]*?(?=\n## |$)/, "\n");
  let next = without;
  if (m.fixable) {
    let diff = "";
    let shownIndex = 0;
    for (const [i, ex] of examples(md).filter((e) => e.kind === "incorrect").entries()) {
      diff = diffFor(m.id, ex, configurable);
      shownIndex = i;
      if (diff) break;
    }
    const cls = m.fixable === "safe" ? "`--fix` applies its safe fixes" : "its fixes are unsafe: `--fix --unsafe-fixes` applies them";
    const body = [
      "",
      "## Fix",
      "",
      `This rule fixes what it reports; ${cls}. \`--diff\` shows the change, and \`--fix-vendor\` decides where fixes to vendor units go.`,
      "",
      WHY[m.id] ?? "",
      "",
      ...(diff ? [`On ${shownIndex === 0 ? "the first incorrect example" : `incorrect example ${shownIndex + 1}`} above:`, "", "```diff", diff.trimEnd(), "```", ""] : []),
    ].join("\n");
    const at = without.search(/\n## Notes\b/);
    next = at >= 0 ? without.slice(0, at) + body + without.slice(at) : without.replace(/\n*$/, "\n") + body;
  }
  next = next.replace(/\n{3,}/g, "\n\n");
  if (next !== md) {
    stale.push(m.id);
    if (!process.argv.includes("--check")) writeFileSync(file, next);
  }
}
if (process.argv.includes("--check") && stale.length) {
  console.error(`docs/rules pages with a stale ## Fix section: ${stale.join(", ")} (run node scripts/update-docs-fixes.mjs)`);
  process.exit(1);
}
