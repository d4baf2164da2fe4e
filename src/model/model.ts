/**
 * The system as systemd and Asterisk see it: units after search-path precedence, drop-ins,
 * masks and specifiers; socket addresses; Asterisk services with their configs and the
 * listeners Asterisk will open. Every value remembers the file and line that set it.
 *
 * Built completely by src/model/build.ts, in named phases, before any rule runs; read (never
 * changed, never asked to read files) by rules.
 */
import type { Finding, Location, UnitType } from "../core/types.js";
import type { UnitAssignment, UnitFileAST } from "../core/unit-tree.js";
import type { AstConfigAST } from "../parser/asterisk-ast.js";
import type { SocketAddress } from "../net/socket-address.js";
import type { ExecCommand } from "../values/exec-command.js";
import type { AsteriskConfig } from "../asterisk/config-loader.js";
import type { Firewalls } from "../firewall/reachability.js";
import type { AsteriskAccessSet } from "./asterisk-access.js";
import type { AsteriskObject } from "../asterisk/schema.js";
import type { ActivationEntry } from "./activation.js";
import type { Exposure } from "./exposure.js";
import type { LibsystemdState } from "./asterisk-binary.js";

/** The build phases, in order (src/model/build.ts). */
export type PhaseName = "discover" | "parse" | "resolve units" | "asterisk" | "firewalls" | "binaries";

/** A phase that ran, or was skipped because nothing in the model consumes it. */
export type PhaseRecord = { name: PhaseName; ran: true } | { name: PhaseName; ran: false; why: string };


/** A parsed unit file or drop-in. */
export interface UnitFile {
  /** Absolute path inside the root (or on disk, for a repository). */
  path: string;
  /** Path as printed. */
  display: string;
  kind: "unit" | "dropin";
  /** For a unit: its file name. For a drop-in: the unit (or prefix/type) name of its `.d` dir. */
  unitName: string;
  unitType: UnitType;
  ast: UnitFileAST;
  /** Findings for this file are shown to the user (not a vendor unit read only for resolution). */
  reportable: boolean;
  /** A build template (`foo.service.in`, named on the command line): `@name@` placeholders are still in it. */
  buildTemplate?: boolean;
}

/** One assignment as it applies to a unit, with the file that set it. */
export interface Setting {
  section: string;
  key: string;
  /** Raw value as written (trimmed, continuations joined). */
  value: string;
  assignment: UnitAssignment;
  file: UnitFile;
  /** Location of the whole assignment. */
  loc: Location;
  /** Location of the value. */
  valueLoc: Location;
}

export interface Unit {
  /** Full unit name, e.g. `asterisk.service`, `getty@tty1.service`, `foo@.service`. */
  name: string;
  type: UnitType;
  /** Part before `@` (or the name without suffix). */
  prefix: string;
  /** Instance string for `foo@bar.service`, "" for a template `foo@.service`, null otherwise. */
  instance: string | null;
  /** The fragment file (null when only drop-ins or nothing exist). */
  fragment: UnitFile | null;
  /** Drop-ins that apply, in the order systemd applies them. */
  dropins: UnitFile[];
  /** Masked: a symlink to /dev/null, an empty file or a character device. */
  masked: boolean;
  /** The fragment exists but could not be read (unreadable-file says why): not a missing unit. */
  unreadable?: boolean;
  /** Where the mask is (path as printed), if masked. */
  maskedBy?: string;
  /** Other names of this unit (alias symlinks). */
  aliases: string[];
  /** Units that list this one in `.wants/`, `.requires/` or `.upholds/` directories. */
  enabledBy: { unit: string; kind: "wants" | "requires" | "upholds"; linkPath: string }[];
  /** All assignments in the order systemd applies them (fragment, then drop-ins). */
  assignments: Setting[];
  /** Effective value of a single-valued setting: the last assignment (empty means reset/unset). */
  get(section: string, key: string): Setting | undefined;
  /**
   * Effective list for a list setting: every assignment after the last empty one (an empty
   * assignment resets the list). Dependencies, which cannot be reset, ignore empties.
   */
  getList(section: string, key: string): Setting[];
  /** Expands unit specifiers (`%n`, `%i`, `%t`, ...) as systemd would for this unit. */
  expand(value: string): string;
  /** Reports findings for this unit (it has a reportable file). */
  reportable: boolean;
}

/** One `ListenStream=` (etc.) entry of a socket unit. */
export interface ListenEntry {
  directive: string; // ListenStream, ListenDatagram, ...
  setting: Setting;
  address: SocketAddress;
}

export interface SocketInfo {
  unit: Unit;
  /** Effective Listen* entries (after resets). */
  listens: ListenEntry[];
  accept: boolean;
  /** Name of the service this socket activates (Service=, same name, or NAME@.service). */
  serviceName: string;
  /** The `Service=` setting, when present. */
  serviceSetting?: Setting;
  /** The activated service, if it exists (and is not masked). */
  service: Unit | null;
}

/** A listener Asterisk will (or might) open, with its defaults applied. */
export interface AsteriskListener {
  kind: "cli" | "ami" | "ami-tls" | "http" | "https";
  /** Human name as Asterisk logs it: "CLI", "AMI server", "AMI TLS server", "http server", "https server". */
  label: string;
  /** Will Asterisk open it? */
  enabled: boolean;
  /** Why not (when disabled), e.g. "manager.conf has enabled = no". */
  disabledReason?: string;
  /** The address Asterisk compares systemd fds with; null when disabled or unknown. */
  address: SocketAddress | null;
  /** Set when the address cannot be known statically (host name, missing include...). */
  unknownReason?: string;
  /** When the address is unknown but the port is known (a host-name bindaddr). */
  portHint?: number;
  /** Where each part came from: config lines, or `default` descriptions. */
  origins: ValueOrigin[];
}

/** Where a value came from: a config line or a compiled-in default. */
export interface ValueOrigin {
  what: string; // e.g. "bindaddr", "astrundir"
  value: string;
  /** The config line, or undefined for a default. */
  loc?: Location;
  /** Explanation when it is a default, e.g. "compiled-in default" or "[directories](!) is a template". */
  note?: string;
}

export interface AsteriskOptionValue {
  value: string;
  loc?: Location;
}

/** One Asterisk daemon started by a service, checked against its own configs. */
export interface AsteriskInstance {
  service: Unit;
  execStart: Setting;
  command: ExecCommand;
  /** argv[0] basename: `asterisk` or `safe_asterisk`. */
  binaryName: string;
  /** Absolute path of the binary, when known (after specifiers). */
  binaryPath: string | null;
  /** False when `-C` cannot be resolved statically (e.g. `-C ${CONF}`). */
  configResolved: boolean;
  /** Path (inside the root) of asterisk.conf. */
  asteriskConfPath: string | null;
  /** The configuration directory used for the other configs (astetcdir or --asterisk-config dir). */
  etcDir: string | null;
  asteriskConf: AsteriskConfig | null;
  managerConf: AsteriskConfig | null;
  httpConf: AsteriskConfig | null;
  pjsipConf: AsteriskConfig | null;
  /** Parsed command-line flags of ExecStart (bundled flags split: `-mqf` -> m, q, f). */
  flags: Set<string>;
  /** `[options]` values that matter (nofork, alwaysfork, console, runuser, execincludes...). */
  options: Map<string, AsteriskOptionValue>;
  /** Will this process fork (so it never gets the sockets, and Type=notify fails)? */
  forks: boolean;
  /** Why it forks / does not, for messages. */
  forkReason: string;
  listeners: AsteriskListener[];
  /** pjsip transports with protocol ws/wss (ride on the HTTP server). */
  websocketTransports: { name: string; protocol: "ws" | "wss"; loc: Location }[];
  /** Sockets that activate this service (unmasked). */
  sockets: SocketInfo[];
}

export interface SystemModel {
  /** "root": a filesystem root (host or --root); "repository": only the given paths. */
  mode: "root" | "repository";
  /** Target systemd version whose directive set applies. */
  systemdVersion: number;
  /** Where the version came from ("libsystemd-shared-252.so under the root", "--systemd-version", "newest known"). */
  systemdVersionSource: string;
  /** Target Asterisk major whose option tables apply (18, 20, 21, 22, 23). */
  asteriskVersion: number;
  /** True when the version was stated (--asterisk-version, asteriskVersion) or detected under the root. */
  asteriskVersionKnown: boolean;
  /** Where the Asterisk version came from ("--asterisk-version", "dpkg status database (...)", ...). */
  asteriskVersionSource: string;
  /**
   * Every non-template section of every Asterisk config astlint has a schema for, classified as
   * Asterisk's loader does at the target version (object kind, `type` line), in file order. Each
   * object answers `option(key)`: the effective value with its default and the line that set it.
   */
  asteriskObjects: AsteriskObject[];
  /** No version was given or found: the newest astlint knows was assumed (findings that depend on it say so). */
  systemdVersionAssumed?: boolean;
  /** Every parsed unit file and drop-in. */
  unitFiles: UnitFile[];
  /** Units by name (aliases map to the same object). */
  units: Map<string, Unit>;
  /** Every socket unit (masked ones excluded). */
  sockets: SocketInfo[];
  /** Asterisk daemons found (one per Asterisk service). */
  asterisk: AsteriskInstance[];
  /** Who can reach and log in to each Asterisk configuration (AMI, HTTP/ARI, PJSIP). */
  asteriskAccess: AsteriskAccessSet[];
  /** Every Asterisk config loaded (with includes), for config-level rules. */
  asteriskConfigs: AsteriskConfig[];
  /** Asterisk config files parsed (for config-level rules), by path. */
  asteriskFiles: Map<string, { path: string; display: string; ast: AstConfigAST; reportable: boolean }>;
  /** Findings produced while reading (unreadable files, non-regular files...). */
  readFindings: Finding[];
  /** Display path for a path inside the root. */
  display(path: string): string;
  /**
   * The host's firewalls (under the root, and --firewall files) as the firewall phase read them;
   * empty when the phase was skipped (no activation port to judge).
   */
  firewalls(): Firewalls;
  /** Every ListenStream= of every socket that activates an Asterisk instance, classified. */
  activation: ActivationEntry[];
  /** Activation ports reachable beyond loopback, with per-family unit and firewall verdicts. */
  exposures: Exposure[];
  /** libsystemd linkage of Asterisk binaries read by the binaries phase, by in-root path. */
  binaries: Map<string, LibsystemdState>;
  /** The build phases in order, with the ones skipped and why. */
  phases: PhaseRecord[];
}
