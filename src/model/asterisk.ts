/**
 * The Asterisk side: which services run an Asterisk daemon, which configs each reads, and
 * the listeners it will open with Asterisk's defaults applied (Asterisk 22.x main/options.c
 * `load_asterisk_conf()`, main/manager.c `__init_manager()`, main/http.c `__ast_http_load()`,
 * main/asterisk.c `main()`).
 */
import * as path from "node:path";
import type { AstConfigAST } from "../parser/asterisk-ast.js";
import { loadAsteriskConfig, type AsteriskConfig, type AstVar } from "../asterisk/config-loader.js";
import { astTrue } from "../asterisk/option-types.js";
import { basename, parseAsteriskArgs, parseExecLine, type ExecCommand } from "../values/exec-command.js";
import type { RootFs } from "../io/fs.js";
import type { AsteriskInstance, AsteriskListener, AsteriskOptionValue, Setting, Unit, ValueOrigin } from "./model.js";
import { inet, parseIPv4, parseIPv6, type InetAddress } from "../net/socket-address.js";

/** The compiled-in default of astrundir with the default Linux prefix (Asterisk main/options.c `load_asterisk_conf()` (astrundir + "/" + astctl) at 22.x). */
export const DEFAULT_RUNDIR = "/var/run/asterisk";
const DEFAULT_ETCDIR = "/etc/asterisk";
/** systemd's compiled-in search path for bare executable names. */
const BINARY_SEARCH_PATH = ["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"];


/** Is this command an Asterisk CLI client (`asterisk -r/-R/-x`, `rasterisk`)? */
export function isCliClient(cmd: ExecCommand): boolean {
  const exe = basename(cmd.path);
  if (exe.includes("rasterisk")) return true;
  if (exe !== "asterisk") return false;
  const { flags } = parseAsteriskArgs(cmd.argv.slice(1));
  return flags.has("r") || flags.has("R") || flags.has("x");
}

/** The first command of an Exec setting, parsed (prefixes stripped). */
export function execCommands(s: Setting): ExecCommand[] {
  return parseExecLine(s.value).commands;
}

export interface AsteriskDaemonMatch {
  command: ExecCommand;
  binaryName: string;
}

/**
 * Can an Exec line name an Asterisk program at all? Its program name can only be "asterisk",
 * "rasterisk" or "safe_asterisk" when the text says "asterisk", or builds a word through quotes,
 * escapes, specifiers or variables: the cheap test that spares parsing every command line of a
 * host (most services are not Asterisk).
 */
export function mayRunAsterisk(value: string): boolean {
  return value.includes("asterisk") || /[\\%"'$]/.test(value);
}

/** Does this ExecStart run the Asterisk daemon (not a CLI client)? */
export function matchAsteriskDaemon(unit: Unit, execStart: Setting): AsteriskDaemonMatch | null {
  if (!mayRunAsterisk(execStart.value)) return null;
  for (const cmd of execCommands(execStart)) {
    const exe = basename(unit.expand(cmd.path));
    if (exe === "safe_asterisk") return { command: cmd, binaryName: exe };
    if (exe !== "asterisk") continue;
    if (isCliClient(cmd)) continue;
    return { command: cmd, binaryName: exe };
  }
  return null;
}

/** Expands `${VAR}` / `$VAR` from the unit's environment; null when a variable is unknown. */
export function expandEnv(text: string, env: Map<string, string>): string | null {
  let unknown = false;
  const out = text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (_m, a: string, b: string) => {
    const name = a ?? b;
    const v = env.get(name);
    if (v === undefined) {
      unknown = true;
      return "";
    }
    return v;
  });
  return unknown ? null : out;
}

/** Environment= assignments (and EnvironmentFile= files under a root) of a unit. */
export function unitEnvironment(unit: Unit, fs: RootFs | null): Map<string, string> {
  const env = new Map<string, string>();
  const assignPairs = (text: string) => {
    // Environment= takes space-separated, optionally quoted VAR=VALUE words.
    const re = /"([^"]*)"|'([^']*)'|(\S+)/g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(text))) {
      const word = m[1] ?? m[2] ?? m[3];
      const eq = word.indexOf("=");
      if (eq > 0) env.set(word.slice(0, eq), word.slice(eq + 1));
    }
  };
  for (const s of unit.assignments) {
    if (s.section !== "Service") continue;
    if (s.key === "Environment") {
      if (s.value === "") env.clear();
      else assignPairs(unit.expand(s.value));
    } else if (s.key === "EnvironmentFile" && fs && s.value !== "") {
      const file = unit.expand(s.value.replace(/^-/, ""));
      if (!file.startsWith("/")) continue;
      const text = fs.readText(file, 256 * 1024);
      if (text === null) continue;
      for (const line of text.split(/\r?\n/)) {
        const t = line.trim();
        if (t === "" || t.startsWith("#") || t.startsWith(";")) continue;
        const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(|\S.*)$/.exec(t); // not `\s*(.*)$`: quadratic when a CR follows a long blank run
        if (!m) continue;
        let v = m[2];
        if ((v.startsWith('"') && v.endsWith('"')) || (v.startsWith("'") && v.endsWith("'"))) v = v.slice(1, -1);
        env.set(m[1], v);
      }
    }
  }
  return env;
}

/** Asterisk's ast_sockaddr_parse for numeric addresses: `1.2.3.4[:p]`, `[v6][:p]`, `v6`. */
export function parseAsteriskAddress(text: string): { family: 4 | 6; address: string; port: number | null } | null {
  const t = text.trim();
  let m = /^\[([^\]]+)\](?::(\d+))?$/.exec(t);
  if (m) {
    if (!parseIPv6(m[1])) return null;
    return { family: 6, address: m[1], port: m[2] !== undefined ? Number(m[2]) : null };
  }
  m = /^(\d{1,3}(?:\.\d{1,3}){3})(?::(\d+))?$/.exec(t);
  if (m) {
    if (!parseIPv4(m[1])) return null;
    return { family: 4, address: m[1], port: m[2] !== undefined ? Number(m[2]) : null };
  }
  if (parseIPv6(t)) return { family: 6, address: t, port: null };
  return null;
}

/** strtoul(base 0) as Asterisk's ast_parse_arg uses it; null when not a number. */
export function parseCNumber(v: string): number | null {
  const t = v.trim();
  if (/^0[xX][0-9a-fA-F]+$/.test(t)) return parseInt(t.slice(2), 16);
  if (/^0[0-7]+$/.test(t)) return parseInt(t.slice(1), 8);
  if (/^[1-9]\d*$|^0$/.test(t)) return Number(t);
  return null;
}

function originOf(v: AstVar, what: string): ValueOrigin {
  return { what, value: v.value, loc: v.loc };
}

export interface InstanceInputs {
  fs: RootFs;
  mode: "root" | "repository";
  display(p: string): string;
  rundirDefault: string;
  /** --asterisk-config FILE|DIR (in-root/host path as appropriate), or a config found among the given paths. */
  configOverride: { asteriskConf: string; etcDir: string } | null;
  /** Asterisk config candidates found among the given paths (repository mode). */
  repoConfigDirs: string[];
  cache: Map<string, AstConfigAST>;
  configs: Map<string, AsteriskConfig>;
}

/** Loads a config once per (file, astetcdir); every load joins the model's config list. */
export function loadInstanceConfig(inp: InstanceInputs, file: string, etcDir: string): AsteriskConfig {
  return loadConfig(inp, file, etcDir);
}

function loadConfig(inp: InstanceInputs, file: string, etcDir: string): AsteriskConfig {
  const key = `${file}\0${etcDir}`;
  const hit = inp.configs.get(key);
  if (hit) return hit;
  const cfg = loadAsteriskConfig(inp.fs, file, { etcDir, mode: inp.mode, display: inp.display, cache: inp.cache });
  inp.configs.set(key, cfg);
  return cfg;
}

/** Builds the Asterisk instance of a service whose ExecStart runs Asterisk. */
export function buildInstance(unit: Unit, execStart: Setting, match: AsteriskDaemonMatch, inp: InstanceInputs): AsteriskInstance {
  const env = unitEnvironment(unit, inp.mode === "root" ? inp.fs : null);
  const cmd = match.command;
  const expandedArgs = cmd.argv.slice(1).map((a) => unit.expand(a));
  const { flags, values } = parseAsteriskArgs(expandedArgs);
  let binaryPath: string | null = unit.expand(cmd.path);
  if (!binaryPath.startsWith("/")) {
    binaryPath = inp.mode === "root" ? BINARY_SEARCH_PATH.map((d) => `${d}/${binaryPath}`).find((p) => inp.fs.exists(p)) ?? null : null;
  }

  // asterisk.conf: -C (relative to the compiled-in config dir), else the default.
  let configResolved = true;
  let asteriskConfPath: string | null;
  let etcDir: string | null = DEFAULT_ETCDIR;
  if (inp.configOverride) {
    asteriskConfPath = inp.configOverride.asteriskConf;
    etcDir = inp.configOverride.etcDir;
  } else {
    const c = values.get("C");
    if (c !== undefined) {
      const expanded = expandEnv(c, env);
      if (expanded === null || expanded.includes("%")) {
        configResolved = false;
        asteriskConfPath = null;
        etcDir = null;
      } else {
        asteriskConfPath = expanded.startsWith("/") ? path.posix.normalize(expanded) : path.posix.join(DEFAULT_ETCDIR, expanded);
      }
    } else {
      asteriskConfPath = `${DEFAULT_ETCDIR}/asterisk.conf`;
    }
    if (inp.mode === "repository" && asteriskConfPath) {
      // Map the path the service names onto a config directory among the given paths.
      const wanted = asteriskConfPath;
      const dir =
        inp.repoConfigDirs.find((d) => `${d}/asterisk.conf`.endsWith(wanted)) ??
        (inp.repoConfigDirs.length === 1 ? inp.repoConfigDirs[0] : undefined);
      if (dir) {
        asteriskConfPath = `${dir}/asterisk.conf`;
        etcDir = dir;
      } else {
        asteriskConfPath = null;
        etcDir = null;
      }
    }
  }

  const asteriskConf = asteriskConfPath ? loadConfig(inp, asteriskConfPath, etcDir ?? DEFAULT_ETCDIR) : null;
  const usable = (c: AsteriskConfig | null) => (c && c.exists && !c.invalid ? c : null);
  const aconf = usable(asteriskConf);
  // astetcdir from a non-template [directories] (not when --asterisk-config names the directory).
  if (aconf && !inp.configOverride && inp.mode === "root") {
    const d = aconf.get("directories", "astetcdir");
    if (d && d.value.startsWith("/")) etcDir = d.value.replace(/(?<!\/)\/+$/, "") || "/";
  }

  const options = new Map<string, AsteriskOptionValue>();
  if (aconf) {
    const sec = aconf.section("options");
    for (const k of ["nofork", "alwaysfork", "console", "runuser", "rungroup", "execincludes", "quiet", "highpriority"]) {
      const v = sec?.get(k);
      if (v) options.set(k, { value: v.value, loc: v.loc });
    }
  }

  // Forking (Asterisk main/asterisk.c `main()` (`daemon()` unless -f/-c/nofork; alwaysfork), systemd `sd_listen_fds()` LISTEN_PID check): forks when ((-F or alwaysfork) and not -c) or when none of -f, -c, nofork, console.
  const console = flags.has("c") || astTrue(options.get("console")?.value);
  const noFork = flags.has("f") || astTrue(options.get("nofork")?.value);
  const alwaysFork = flags.has("F") || astTrue(options.get("alwaysfork")?.value);
  let forks: boolean;
  let forkReason: string;
  if (match.binaryName === "safe_asterisk") {
    forks = true;
    forkReason = "safe_asterisk runs Asterisk as a child of a shell loop, so the main process is not Asterisk";
  } else if (alwaysFork && !console) {
    forks = true;
    forkReason = flags.has("F") ? "-F (always fork) overrides -f" : "alwaysfork = yes in asterisk.conf overrides -f";
  } else if (!noFork && !console) {
    forks = true;
    forkReason = "ExecStart has none of -f, -c and asterisk.conf has no nofork = yes, so Asterisk daemonizes";
  } else {
    forks = false;
    forkReason = console ? "-c keeps Asterisk in the foreground" : flags.has("f") ? "-f keeps Asterisk in the foreground" : "nofork = yes keeps Asterisk in the foreground";
  }

  const configFor = (name: string): AsteriskConfig | null => {
    if (!configResolved || etcDir === null) return null;
    return loadConfig(inp, path.posix.join(etcDir, name), etcDir);
  };
  const managerConf = configFor("manager.conf");
  const httpConf = configFor("http.conf");
  const pjsipConf = configFor("pjsip.conf");

  const listeners: AsteriskListener[] = [];
  listeners.push(cliListener(asteriskConf, inp, configResolved));
  listeners.push(...amiListeners(managerConf, inp, configResolved));
  listeners.push(...httpListeners(httpConf, inp, configResolved));

  const websocketTransports: AsteriskInstance["websocketTransports"] = [];
  const pj = usable(pjsipConf);
  if (pj) {
    for (const s of pj.sections) {
      if (s.template) continue;
      const type = s.get("type");
      const proto = s.get("protocol");
      if (type?.value.toLowerCase() === "transport" && proto && /^wss?$/i.test(proto.value)) {
        websocketTransports.push({ name: s.name, protocol: proto.value.toLowerCase() as "ws" | "wss", loc: proto.loc });
      }
    }
  }

  return {
    service: unit,
    execStart,
    command: cmd,
    binaryName: match.binaryName,
    binaryPath,
    configResolved,
    asteriskConfPath,
    etcDir,
    asteriskConf,
    managerConf,
    httpConf,
    pjsipConf,
    flags,
    options,
    forks,
    forkReason,
    listeners,
    websocketTransports,
    sockets: [],
  };
}

/** The AMI, AMI TLS, HTTP and HTTPS listeners of a config directory no service names. */
export function configListeners(manager: AsteriskConfig | null, http: AsteriskConfig | null, inp: InstanceInputs): AsteriskListener[] {
  return [...amiListeners(manager, inp, true), ...httpListeners(http, inp, true)];
}

/** Why a config cannot be used, or null when it can. */
function configState(c: AsteriskConfig | null, inp: InstanceInputs, resolved: boolean): { state: "ok" | "missing" | "invalid" | "unknown"; why?: string } {
  if (!resolved) return { state: "unknown", why: "the -C path of ExecStart cannot be resolved statically" };
  if (!c) return { state: "unknown", why: "no asterisk.conf is among the paths given (pass --asterisk-config)" };
  if (!c.exists) {
    if (inp.mode === "repository") return { state: "unknown", why: `${c.name} is not among the paths given (pass --asterisk-config)` };
    return { state: "missing" };
  }
  if (c.invalid) return { state: "invalid", why: c.invalid.reason };
  if (c.unknownIncludes.length > 0) {
    const u = c.unknownIncludes[0];
    return { state: "unknown", why: `${c.display} includes ${u.target}, which is not among the paths given` };
  }
  return { state: "ok" };
}

function cliListener(c: AsteriskConfig | null, inp: InstanceInputs, resolved: boolean): AsteriskListener {
  const origins: ValueOrigin[] = [];
  const st = configState(c, inp, resolved);
  if (st.state === "unknown" && !resolved) {
    return { kind: "cli", label: "CLI", enabled: true, address: null, unknownReason: st.why, origins };
  }
  let rundir = inp.rundirDefault;
  let astctl = "asterisk.ctl";
  let rundirOrigin: ValueOrigin = { what: "astrundir", value: rundir, note: "compiled-in default" };
  let ctlOrigin: ValueOrigin = { what: "astctl", value: astctl, note: "default" };
  if (st.state === "ok" && c) {
    const dir = c.get("directories", "astrundir");
    if (dir) {
      rundir = dir.value;
      rundirOrigin = originOf(dir, "astrundir");
    } else {
      const tpl = c.sections.find((s) => s.template && s.name.toLowerCase() === "directories" && s.get("astrundir"));
      if (tpl) {
        rundirOrigin = {
          what: "astrundir",
          value: rundir,
          note: `compiled-in default: ${tpl.loc.file}:${tpl.loc.line} [${tpl.name}](!) is a template, which Asterisk ignores`,
        };
      }
    }
    const ctl = c.get("files", "astctl");
    if (ctl) {
      astctl = ctl.value;
      ctlOrigin = originOf(ctl, "astctl");
    }
  } else if (st.state === "missing" && c) {
    rundirOrigin.note = `compiled-in default (${c.display} does not exist)`;
  } else if (st.state === "invalid" && c) {
    rundirOrigin.note = `compiled-in default (${c.display} is invalid: ${st.why}; Asterisk uses built-in defaults)`;
  } else if (st.state === "unknown") {
    rundirOrigin.note = `compiled-in default, assumed: ${st.why}`;
  }
  origins.push(rundirOrigin, ctlOrigin);
  const p = `${rundir}/${astctl}`;
  return { kind: "cli", label: "CLI", enabled: true, address: { kind: "unix", path: p, written: p, rewritten: false }, origins };
}

function toInet(a: { family: 4 | 6; address: string }, port: number): InetAddress {
  return inet(a.family, a.address, port);
}

function amiListeners(c: AsteriskConfig | null, inp: InstanceInputs, resolved: boolean): AsteriskListener[] {
  const st = configState(c, inp, resolved);
  const ami: AsteriskListener = { kind: "ami", label: "AMI server", enabled: false, address: null, origins: [] };
  const tls: AsteriskListener = { kind: "ami-tls", label: "AMI TLS server", enabled: false, address: null, origins: [] };
  if (st.state === "unknown") {
    ami.unknownReason = tls.unknownReason = st.why;
    return [ami, tls];
  }
  if (st.state !== "ok" || !c) {
    const why = st.state === "missing" ? `${c?.display ?? "manager.conf"} does not exist, and AMI is off by default` : `${c?.display} is invalid (${st.why}), so Asterisk ignores it and AMI stays off`;
    ami.disabledReason = tls.disabledReason = why;
    return [ami, tls];
  }
  const g = c.section("general");
  const enabled = g?.get("enabled");
  if (!astTrue(enabled?.value)) {
    ami.disabledReason = enabled ? `${enabled.loc.file}:${enabled.loc.line} has enabled = ${enabled.value}` : `${c.display} has no enabled = yes in [general] (AMI is off by default)`;
    tls.disabledReason = ami.disabledReason;
    if (enabled) ami.origins.push(originOf(enabled, "enabled"));
    return [ami, tls];
  }
  ami.enabled = true;
  ami.origins.push(originOf(enabled!, "enabled"));
  let addr: { family: 4 | 6; address: string } = { family: 6, address: "::" };
  const bind = g?.get("bindaddr");
  if (bind) {
    const p = parseAsteriskAddress(bind.value);
    if (p) {
      addr = p;
      ami.origins.push(originOf(bind, "bindaddr"));
    } else {
      ami.origins.push({ what: "bindaddr", value: "[::]", loc: bind.loc, note: `'${bind.value}' is not a numeric address; Asterisk warns and keeps the default [::]` });
    }
  } else {
    ami.origins.push({ what: "bindaddr", value: "[::]", note: "default (all IPv6 and IPv4 addresses)" });
  }
  let port = 5038;
  const portVar = g?.get("port");
  if (portVar) {
    const n = parseCNumber(portVar.value);
    if (n === null || n < 1024 || n > 65535) {
      ami.unknownReason = `${portVar.loc.file}:${portVar.loc.line} port = ${portVar.value} is not a number from 1024 to 65535; Asterisk then uses an undefined port`;
    } else {
      port = n;
    }
    ami.origins.push(originOf(portVar, "port"));
  } else {
    ami.origins.push({ what: "port", value: "5038", note: "default" });
  }
  if (!ami.unknownReason) ami.address = toInet(addr, port);

  // AMI/TLS (Asterisk main/manager.c `__init_manager()`, main/tcptls.c `ast_tls_read_conf()` at 22.x).
  const tlsEnable = g?.get("tlsenable") ?? g?.get("sslenable");
  if (!astTrue(tlsEnable?.value)) {
    tls.disabledReason = tlsEnable ? `${tlsEnable.loc.file}:${tlsEnable.loc.line} has ${tlsEnable.key} = ${tlsEnable.value}` : `TLS is off in ${c.display} (no tlsenable = yes)`;
    return [ami, tls];
  }
  tls.origins.push(originOf(tlsEnable!, "tlsenable"));
  const cert = g?.get("tlscertfile") ?? g?.get("sslcert") ?? g?.get("tlscert");
  const certMissing = certProblem(cert, inp);
  if (certMissing) {
    tls.disabledReason = certMissing;
    return [ami, tls];
  }
  tls.enabled = true;
  const tlsBind = g?.get("tlsbindaddr") ?? g?.get("sslbindaddr");
  let tAddr = addr;
  let tPort: number | null = null;
  if (tlsBind) {
    const p = parseAsteriskAddress(tlsBind.value);
    if (p) {
      tAddr = p;
      tPort = p.port;
      tls.origins.push(originOf(tlsBind, "tlsbindaddr"));
    } else {
      tls.unknownReason = `${tlsBind.loc.file}:${tlsBind.loc.line} tlsbindaddr = ${tlsBind.value} is not a numeric address (Asterisk logs an error)`;
    }
  } else {
    tls.origins.push({ what: "tlsbindaddr", value: "", note: "default: the AMI address" });
  }
  if (tPort === null || tPort === 0 || tPort === port) tPort = 5039;
  if (!tls.unknownReason) tls.address = toInet(tAddr, tPort);
  return [ami, tls];
}

function certProblem(cert: AstVar | undefined, inp: InstanceInputs): string | null {
  if (inp.mode !== "root") return null;
  if (!cert || !cert.value.startsWith("/")) return null;
  if (inp.fs.exists(cert.value)) return null;
  return `the TLS certificate ${cert.value} (${cert.loc.file}:${cert.loc.line}) does not exist under the root, so Asterisk cannot start the TLS listener`;
}

function httpListeners(c: AsteriskConfig | null, inp: InstanceInputs, resolved: boolean): AsteriskListener[] {
  const st = configState(c, inp, resolved);
  const http: AsteriskListener = { kind: "http", label: "http server", enabled: false, address: null, origins: [] };
  const https: AsteriskListener = { kind: "https", label: "https server", enabled: false, address: null, origins: [] };
  if (st.state === "unknown") {
    http.unknownReason = https.unknownReason = st.why;
    return [http, https];
  }
  if (st.state !== "ok" || !c) {
    const why = st.state === "missing" ? `${c?.display ?? "http.conf"} does not exist, and the HTTP server is off by default` : `${c?.display} is invalid (${st.why}), so Asterisk ignores it and HTTP stays off`;
    http.disabledReason = https.disabledReason = why;
    return [http, https];
  }
  const g = c.section("general");
  const enabled = g?.get("enabled");
  const bind = g?.get("bindaddr");
  let httpAddr: { family: 4 | 6; address: string } | null = null;
  let httpPort = 8088;
  if (!astTrue(enabled?.value)) {
    http.disabledReason = enabled ? `${enabled.loc.file}:${enabled.loc.line} has enabled = ${enabled.value}` : `${c.display} has no enabled = yes in [general] (HTTP is off by default)`;
  } else if (!bind) {
    http.disabledReason = `${c.display} has enabled = yes but no bindaddr, and Asterisk's HTTP server does not start without one`;
    http.origins.push(originOf(enabled!, "enabled"));
  } else {
    http.origins.push(originOf(enabled!, "enabled"), originOf(bind, "bindaddr"));
    const p = parseAsteriskAddress(bind.value);
    http.enabled = true;
    // A port written in bindaddr wins over bindport (Asterisk main/http.c `__ast_http_load()` at 22.x); a host name may carry one too.
    const hostPort = p ? p.port : /:(\d+)$/.test(bind.value) ? Number(/:(\d+)$/.exec(bind.value)![1]) : null;
    const bp = g?.get("bindport");
    if (hostPort !== null && hostPort > 0) {
      httpPort = hostPort;
    } else if (bp) {
      const n = parseCNumber(bp.value);
      httpPort = n && n > 0 && n <= 65535 ? n : 8088;
      http.origins.push(originOf(bp, "bindport"));
    } else {
      http.origins.push({ what: "bindport", value: "8088", note: "default" });
    }
    if (!p) {
      http.unknownReason = `${bind.loc.file}:${bind.loc.line} bindaddr = ${bind.value} is a host name; Asterisk resolves it at start-up and uses the first answer, so the address it binds cannot be known statically`;
      http.portHint = httpPort;
    } else {
      httpAddr = p;
      http.address = toInet(p, httpPort);
    }
  }
  // HTTPS (Asterisk main/http.c `__ast_http_load()` (HTTPS) at 22.x).
  const tlsEnable = g?.get("tlsenable");
  if (!astTrue(tlsEnable?.value)) {
    https.disabledReason = tlsEnable ? `${tlsEnable.loc.file}:${tlsEnable.loc.line} has tlsenable = ${tlsEnable.value}` : `TLS is off in ${c.display} (no tlsenable = yes)`;
    return [http, https];
  }
  https.origins.push(originOf(tlsEnable!, "tlsenable"));
  const certMissing = certProblem(g?.get("tlscertfile"), inp);
  if (certMissing) {
    https.disabledReason = certMissing;
    return [http, https];
  }
  const tlsBind = g?.get("tlsbindaddr");
  if (tlsBind) {
    const p = parseAsteriskAddress(tlsBind.value);
    https.origins.push(originOf(tlsBind, "tlsbindaddr"));
    if (!p) {
      https.enabled = true;
      https.unknownReason = `${tlsBind.loc.file}:${tlsBind.loc.line} tlsbindaddr = ${tlsBind.value} is not a numeric address`;
    } else {
      https.enabled = true;
      https.address = toInet(p, p.port ?? 8089);
    }
  } else if (http.enabled) {
    https.enabled = true;
    if (http.unknownReason) {
      https.unknownReason = http.unknownReason;
      https.portHint = 8089;
    } else if (httpAddr) https.address = toInet(httpAddr, 8089);
    https.origins.push({ what: "tlsbindaddr", value: "", note: "default: the HTTP address on port 8089" });
  } else {
    https.disabledReason = `tlsenable = yes but there is no tlsbindaddr and the plain HTTP server does not start (${http.disabledReason}), so HTTPS has no address`;
  }
  return [http, https];
}

