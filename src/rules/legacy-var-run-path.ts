/**
 * legacy-var-run-path: a path below /var/run/ in a setting that systemd rewrites to /run/
 * (patch_var_run() in src/core/load-fragment.c: PIDFile=, ListenFIFO=, and file-system
 * sockets of ListenStream=/ListenDatagram=/ListenSequentialPacket=). It works (/var/run is a
 * symlink to /run), but systemd logs a notice, and programs that compare the path literally
 * see a different one than systemd uses.
 */
import type { Rule, RuleContext } from "./rule.js";
import { valueRange, knownValueAssignments } from "./_unit-files.js";
import { valueFix } from "./_fixes.js";

/** The part after `/var/run/` when `path` lies below it (path_startswith(): repeated slashes allowed), else null. */
export function belowVarRun(path: string): string | null {
  if (!path.startsWith("/")) return null;
  const parts: string[] = [];
  let i = 0;
  let rest = -1;
  while (i < path.length && parts.length < 2) {
    while (i < path.length && path[i] === "/") i++;
    let j = i;
    while (j < path.length && path[j] !== "/") j++;
    if (j > i) parts.push(path.slice(i, j));
    i = j;
    rest = i;
  }
  if (parts.length < 2 || parts[0] !== "var" || parts[1] !== "run") return null;
  let k = rest;
  while (k < path.length && path[k] === "/") k++;
  return path.slice(k);
}

function applies(key: string, parser: string, ltype: string | undefined, value: string): boolean {
  if (parser === "config_parse_pid_file") return true;
  if (parser !== "config_parse_socket_listen") return false;
  if (ltype === "SOCKET_FIFO") return true;
  return ltype === "SOCKET_SOCKET" && key !== "ListenNetlink" && value.startsWith("/");
}

function check(ctx: RuleContext): void {
  for (const { uf, a, info } of knownValueAssignments(ctx)) {
    if (!applies(a.key, info.parser, info.ltype, a.value)) continue;
    const tail = belowVarRun(a.value);
    if (tail === null) continue;
    const now = `/run/${tail}`;
    ctx.report({
      at: valueRange(a, 0, a.value.length),
      message: `${a.key}=${a.value} is below the legacy /var/run/: systemd uses ${now}`,
      notes: [
        `systemd rewrites it and logs "${a.key}= references a path below legacy directory /var/run/, updating ${a.value} → ${now}; please update the unit file accordingly." (a notice, hidden at the default log level)`,
        `it works because /var/run is a symlink to /run, but a program that compares the path literally (its own PID file or socket setting) sees a different path than systemd`,
      ],
      help: `${a.key}=${now}`,
      // systemd already uses the /run path: writing it changes nothing at run time.
      fix: valueFix(ctx, uf, a, now, info.parser === "config_parse_socket_listen", { safe: true, description: `write ${a.key}=${now}` }),
    });
  }
}

const rule: Rule = {
  meta: {
    id: "legacy-var-run-path",
    severity: "info",
    description: "A path below /var/run/ that systemd rewrites to /run/ (PIDFile=, ListenStream=, ListenFIFO=, …)",
    fixable: "safe",
  },
  check,
};
export default rule;
