/**
 * Who can reach and log in to each Asterisk configuration: its AMI, HTTP (ARI, AMI over HTTP)
 * and PJSIP, with the listeners Asterisk opens itself (src/model/asterisk.ts) and the host's
 * firewalls (src/firewall/). One set per configuration directory: the one each Asterisk service
 * reads, and, when no service names it, /etc/asterisk under a root or each config directory of a
 * repository. Built with the model; the firewall part is computed on first use and cached.
 */
import * as path from "node:path";
import type { AsteriskConfig } from "../asterisk/config-loader.js";
import { type AmiAccess, type AriAccess, type HttpRestriction, type PjsipAccess, readAmi, readAri, readHttpRestrictions, readPjsip, httpPrefix, usable } from "../asterisk/access.js";
import { NEWEST_RELEASED_MAJOR } from "../asterisk/schema.js";
import type { NamedAclSource } from "../asterisk/acl.js";
import type { CombinedVerdict, Firewalls } from "../firewall/reachability.js";
import { isLoopback, type InetAddress } from "../net/socket-address.js";
import { configListeners, loadInstanceConfig, type InstanceInputs } from "./asterisk.js";
import { listenFamilies, type Exposure } from "./exposure.js";
import type { AsteriskInstance, AsteriskListener, SystemModel } from "./model.js";

export interface AsteriskAccessSet {
  /** The configuration directory. */
  etcDir: string;
  /** The service that runs Asterisk with this directory, when there is one. */
  instance: AsteriskInstance | null;
  /** Target Asterisk major version the reading follows. */
  target: number;
  /** The target is a default, not stated or found (users.conf users are counted anyway). */
  targetKnown: boolean;
  manager: AsteriskConfig | null;
  http: AsteriskConfig | null;
  ariConf: AsteriskConfig | null;
  users: AsteriskConfig | null;
  acl: AsteriskConfig | null;
  pjsip: AsteriskConfig | null;
  /** The dialplan (extensions.conf), to say where unauthenticated calls land. */
  extensions: AsteriskConfig | null;
  /** AMI, AMI TLS, HTTP, HTTPS listeners with Asterisk's defaults applied. */
  listeners: AsteriskListener[];
  ami: AmiAccess;
  /** AMI is on (manager.conf [general] enabled = yes). */
  amiEnabled: boolean;
  restrictions: HttpRestriction[];
  httpPrefix: string;
  ari: AriAccess;
  pjsipAccess: PjsipAccess;
  namedAcls: NamedAclSource;
  /** Who can connect to each listener (filled by the firewall phase; null = nobody from other hosts). */
  reach: Map<AsteriskListener, ListenerReach | null>;
}

/** Loads the access sets (called by the model builder, before the config list is frozen). */
export function buildAccessSets(instances: AsteriskInstance[], inp: InstanceInputs, extraDirs: string[], target: number = NEWEST_RELEASED_MAJOR, targetKnown = true): AsteriskAccessSet[] {
  // users.conf AMI users exist up to 22. When the version is not known, they are counted (most
  // deployed PBXs run 22 or older) and the findings say so.
  const readUsers = target <= 22 || !targetKnown;
  const out: AsteriskAccessSet[] = [];
  const done = new Set<string>();
  const load = (etcDir: string, name: string): AsteriskConfig | null => {
    const p = path.posix.join(etcDir, name);
    if (!inp.fs.exists(p)) return null;
    return loadInstanceConfig(inp, p, etcDir);
  };
  const make = (etcDir: string, instance: AsteriskInstance | null) => {
    const manager = instance?.managerConf ?? load(etcDir, "manager.conf");
    const http = instance?.httpConf ?? load(etcDir, "http.conf");
    const pjsip = instance?.pjsipConf ?? load(etcDir, "pjsip.conf");
    const ari = load(etcDir, "ari.conf");
    const users = readUsers ? load(etcDir, "users.conf") : null;
    const acl = load(etcDir, "acl.conf");
    // res_pjsip_config_wizard's endpoints count too (only where a pjsip.conf gives them transports).
    const wizard = pjsip ? load(etcDir, "pjsip_wizard.conf") : null;
    const pjsipAccess = readPjsip(pjsip, target, wizard);
    const extensions = pjsipAccess.endpoints.some((e) => !e.auth) ? load(etcDir, "extensions.conf") : null;
    const namedAcls: NamedAclSource = { conf: usable(acl), unknown: null };
    if (!acl) namedAcls.unknown = inp.mode === "repository" ? `there is no acl.conf in ${inp.display(etcDir)} among the paths given` : `${inp.display(path.posix.join(etcDir, "acl.conf"))} does not exist`;
    else if (!usable(acl)) namedAcls.unknown = `${acl.display} is invalid`;
    const listeners = instance ? instance.listeners.filter((l) => l.kind !== "cli") : configListeners(manager, http, inp);
    out.push({
      etcDir,
      instance,
      target,
      targetKnown,
      manager,
      http,
      ariConf: ari,
      users,
      acl,
      pjsip,
      extensions,
      listeners,
      ami: readAmi(manager, users, namedAcls, readUsers ? Math.min(target, 22) : target),
      amiEnabled: listeners.some((l) => l.kind === "ami" && l.enabled),
      restrictions: readHttpRestrictions(http, namedAcls, target),
      httpPrefix: httpPrefix(http),
      ari: readAri(ari, namedAcls, target),
      pjsipAccess,
      namedAcls,
      reach: new Map(),
    });
  };
  for (const inst of instances) {
    if (!inst.configResolved || inst.etcDir === null || done.has(inst.etcDir)) continue;
    if (inp.mode === "repository" && !inst.managerConf?.exists && !inst.httpConf?.exists && !inst.pjsipConf?.exists && !inp.fs.exists(inst.etcDir)) continue;
    done.add(inst.etcDir);
    make(inst.etcDir, inst);
  }
  for (const d of extraDirs) {
    if (done.has(d)) continue;
    done.add(d);
    make(d, null);
  }
  return out;
}

/**
 * Must the firewall phase run for the access rules? Only when some listener beyond loopback serves
 * someone who can log in (AMI users; ARI users with a password or AMI over HTTP) and, when it is
 * socket-activated, its socket unit does not already keep every other host out.
 */
export function accessNeedsFirewalls(sets: AsteriskAccessSet[], exposures: Exposure[]): boolean {
  return sets.some((s) =>
    s.listeners.some((l) => {
      if (!l.enabled || l.address?.kind !== "inet" || isLoopback(l.address)) return false;
      const logins = l.kind.startsWith("ami")
        ? s.amiEnabled && s.ami.users.length > 0
        : (s.ari.enabled && s.ari.users.some((u) => u.password)) || (s.amiEnabled && s.ami.webenabled !== null && s.ami.users.length > 0);
      if (!logins) return false;
      const activated = exposures.find((x) => x.entry.outcome.kind === "match" && x.entry.outcome.listener === l);
      return !activated || activated.families.some((f) => f.unit.verdict === "unrestricted");
    }),
  );
}

export interface FamilyReach {
  family: 4 | 6;
  firewall: CombinedVerdict | null;
  /** Other hosts can connect (no firewall astlint can read blocks or restricts the port). */
  open: boolean;
  /** Set when a socket unit's IPAddressAllow=/IPAddressDeny= restricts the family. */
  unitRestricts?: string;
  /** How the file of `firewall.because` prints. */
  becauseFile?: string;
}

export interface ListenerReach {
  listener: AsteriskListener;
  address: InetAddress;
  families: FamilyReach[];
}

/**
 * Judges every listener of the sets (the model builder's firewall phase): per family the listener
 * accepts (`[::]` is dual-stack: IPv6 and IPv4), the host's firewalls decide (blocked or
 * restricted = closed; unknown = open, said in the message). A listener systemd holds for
 * Asterisk (socket activation) takes the activation exposure's verdicts, which include the socket
 * unit's IPAddressAllow=/IPAddressDeny=. Off, loopback or unknown addresses get null.
 */
export function finishAccessReach(sets: AsteriskAccessSet[], exposures: Exposure[], firewalls: Firewalls, displayFile: (file: string) => string): void {
  for (const set of sets) {
    for (const l of set.listeners) {
      const a = l.address;
      if (!l.enabled || !a || a.kind !== "inet" || isLoopback(a)) {
        set.reach.set(l, null);
        continue;
      }
      const activated = exposures.find((x) => x.entry.outcome.kind === "match" && x.entry.outcome.listener === l);
      const families: FamilyReach[] = activated
        ? activated.families.map((f) => ({
            family: f.family,
            firewall: f.firewall,
            becauseFile: f.becauseFile,
            open: f.open,
            unitRestricts: f.unit.verdict !== "unrestricted" ? `${activated.entry.socket.unit.name} IPAddressAllow=/IPAddressDeny=` : undefined,
          }))
        : listenFamilies(a, false).map((family) => {
            const firewall = firewalls.evaluate({ port: a.port, family, listenAddress: a });
            return { family, firewall, becauseFile: firewall.because ? displayFile(firewall.because.file) : undefined, open: firewall.verdict !== "blocked" && firewall.verdict !== "restricted" };
          });
      set.reach.set(l, { listener: l, address: a, families });
    }
  }
}

/** Can other hosts connect to this listener? null when it is off, on loopback or its address is unknown. */
export function listenerReach(model: SystemModel, l: AsteriskListener): ListenerReach | null {
  for (const set of model.asteriskAccess) if (set.reach.has(l)) return set.reach.get(l)!;
  return null;
}

/** Why a family is open, for notes: the firewall that lets it through, or that there is none. */
export function firewallNote(model: SystemModel, f: FamilyReach, port: number): string {
  const fw = f.firewall;
  if (!fw || fw.perFirewall.length === 0) {
    const off = model.firewalls().loaded.filter((l) => !l.active).map((l) => `${l.kind} (${l.activity})`);
    return `no active firewall astlint can read filters port ${port} for IPv${f.family} (nftables, iptables, ufw, firewalld)${off.length ? `; not counted: ${off.join(", ")}` : ""}`;
  }
  if (fw.verdict === "unknown") return `${fw.firewall}: astlint could not evaluate the ruleset for IPv${f.family}${fw.reason ? ` (${fw.reason})` : ""}, so the port is treated as open; see firewall-unknown`;
  const b = fw.because;
  const file = f.becauseFile ?? b?.file ?? "";
  const place = b ? ("policy" in b ? `${file}:${b.line} (${b.policy})` : `${file}:${b.line} ${b.text}`) : "";
  return `IPv${f.family}: ${fw.firewall} lets any source through to port ${port}${place ? `: ${place}` : ""}${fw.assumedActive ? " (its service's state is unknown here; assumed active)" : ""}`;
}
