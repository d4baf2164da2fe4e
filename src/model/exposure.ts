/**
 * Can a new TCP connection from another host reach an Asterisk activation port? Per address
 * family the socket listens on: the socket unit's own IPAddressAllow=/IPAddressDeny=
 * (systemd's per-unit eBPF firewall, src/core/bpf-firewall.c), then the host's firewalls
 * (nftables, iptables, ufw, firewalld). Computed by the model builder in two steps: the
 * candidates (no I/O), then, only when a candidate is open at the unit level, the firewall
 * phase reads the rulesets and finishExposures() judges the ports (model.exposures).
 */
import { ipv6Only, type ActivationEntry } from "./activation.js";
import type { CombinedVerdict, Firewalls } from "../firewall/reachability.js";
import { evaluateIpAddressAccess, type IpAccessResult } from "../firewall/ip-address-access.js";
import type { SocketInfo, SystemModel } from "./model.js";
import { isLoopback, isWildcard, mappedIPv4, type InetAddress, type SocketAddress } from "../net/socket-address.js";

export interface FamilyExposure {
  family: 4 | 6;
  unit: IpAccessResult;
  firewall: CombinedVerdict | null;
  /** How the file of `firewall.because` prints (in-root files with the root's display prefix). */
  becauseFile?: string;
  /** Any source can connect. */
  open: boolean;
}

export interface Exposure {
  entry: ActivationEntry;
  address: InetAddress;
  families: FamilyExposure[];
}

export function listenFamilies(a: InetAddress, v6only: boolean): (4 | 6)[] {
  if (a.family === 4) return [4];
  if (mappedIPv4(a)) return [4];
  if (isWildcard(a)) return v6only ? [6] : [6, 4];
  return [6];
}

/** Is a listen address one that can face other hosts at all (inet, not loopback, not bound to lo)? */
export function facesNetwork(socket: SocketInfo, a: SocketAddress): a is InetAddress {
  return a.kind === "inet" && !isLoopback(a) && socket.unit.get("Socket", "BindToDevice")?.value !== "lo";
}

/** Per family the socket listens on, the socket unit's own IPAddressAllow=/IPAddressDeny= verdict (firewalls not yet judged). */
export function unitLevelExposure(socket: SocketInfo, a: InetAddress): FamilyExposure[] {
  const u = socket.unit;
  const allow = u.getList("Socket", "IPAddressAllow").map((s) => u.expand(s.value));
  const deny = u.getList("Socket", "IPAddressDeny").map((s) => u.expand(s.value));
  return listenFamilies(a, ipv6Only(socket)).map((family) => {
    const unit = evaluateIpAddressAccess(allow, deny, family);
    return { family, unit, firewall: null, open: unit.verdict === "unrestricted" };
  });
}

/** Activation ListenStream= entries reachable beyond loopback, judged by the unit's own IP access lists only. */
export function exposureCandidates(activation: ActivationEntry[]): Exposure[] {
  const out: Exposure[] = [];
  for (const e of activation) {
    const a = e.entry.address;
    if (e.entry.directive !== "ListenStream" || e.socket.accept || !facesNetwork(e.socket, a)) continue;
    out.push({ entry: e, address: a, families: unitLevelExposure(e.socket, a) });
  }
  return out;
}

/** Does any candidate need the host's firewalls to be judged (open at the unit level)? */
export function needsFirewalls(candidates: Exposure[]): boolean {
  return candidates.some((x) => x.families.some((f) => f.open));
}

/** Does any network socket (Asterisk's or not) listen beyond loopback, unrestricted by its own unit? */
export function anySocketOpenAtUnitLevel(sockets: SocketInfo[]): boolean {
  return sockets.some((s) => s.listens.some((l) => facesNetwork(s, l.address) && unitLevelExposure(s, l.address).some((f) => f.open)));
}

/** Judges the unit-level open families against the firewalls (read by the firewall phase). */
export function finishExposures(candidates: Exposure[], firewalls: Firewalls, displayFile: (file: string) => string): Exposure[] {
  for (const x of candidates) {
    for (const f of x.families) {
      if (!f.open) continue;
      f.firewall = firewalls.evaluate({ port: x.address.port, family: f.family, listenAddress: x.address });
      if (f.firewall.because) f.becauseFile = displayFile(f.firewall.because.file);
      if (f.firewall.verdict === "blocked" || f.firewall.verdict === "restricted") f.open = false;
    }
  }
  return candidates;
}

/** The model's exposures (model.exposures). */
export function exposures(model: SystemModel): Exposure[] {
  return model.exposures;
}
