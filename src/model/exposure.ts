/**
 * Can a new TCP connection from another host reach an Asterisk activation port
 * (Asterisk contrib/systemd/README.txt "Security")? Per address family the socket listens on: the socket unit's own
 * IPAddressAllow=/IPAddressDeny= (systemd's per-unit eBPF firewall), then the host's firewalls
 * (nftables, iptables, ufw, firewalld). Computed once per model and shared by
 * unfirewalled-activation-port and firewall-unknown.
 */
import { activationEntries, ipv6Only, type ActivationEntry } from "./activation.js";
import type { CombinedVerdict } from "../firewall/reachability.js";
import { evaluateIpAddressAccess, type IpAccessResult } from "../firewall/ip-address-access.js";
import type { SystemModel } from "./model.js";
import { isLoopback, isWildcard, mappedIPv4, type InetAddress } from "../net/socket-address.js";

export interface FamilyExposure {
  family: 4 | 6;
  unit: IpAccessResult;
  firewall: CombinedVerdict | null;
  /** Any source can connect. */
  open: boolean;
}

export interface Exposure {
  entry: ActivationEntry;
  address: InetAddress;
  families: FamilyExposure[];
}

const cache = new WeakMap<SystemModel, Exposure[]>();

export function listenFamilies(a: InetAddress, v6only: boolean): (4 | 6)[] {
  if (a.family === 4) return [4];
  if (mappedIPv4(a)) return [4];
  if (isWildcard(a)) return v6only ? [6] : [6, 4];
  return [6];
}

/** Every activation ListenStream= reachable beyond loopback, with its per-family verdicts. */
export function exposures(model: SystemModel): Exposure[] {
  const hit = cache.get(model);
  if (hit) return hit;
  const out: Exposure[] = [];
  for (const e of activationEntries(model)) {
    const a = e.entry.address;
    if (a.kind !== "inet" || e.entry.directive !== "ListenStream" || e.socket.accept) continue;
    if (isLoopback(a) || e.socket.unit.get("Socket", "BindToDevice")?.value === "lo") continue;
    const u = e.socket.unit;
    const allow = u.getList("Socket", "IPAddressAllow").map((s) => u.expand(s.value));
    const deny = u.getList("Socket", "IPAddressDeny").map((s) => u.expand(s.value));
    const families: FamilyExposure[] = [];
    for (const family of listenFamilies(a, ipv6Only(e.socket))) {
      const unit = evaluateIpAddressAccess(allow, deny, family);
      let firewall: CombinedVerdict | null = null;
      let open = unit.verdict === "unrestricted";
      if (open) {
        firewall = model.firewalls().evaluate({ port: a.port, family, listenAddress: a });
        if (firewall.verdict === "blocked" || firewall.verdict === "restricted") open = false;
      }
      families.push({ family, unit, firewall, open });
    }
    out.push({ entry: e, address: a, families });
  }
  cache.set(model, out);
  return out;
}
