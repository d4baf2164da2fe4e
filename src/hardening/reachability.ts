/**
 * Which sockets activate a service on an address other hosts can reach: the socket's own
 * IPAddressAllow=/IPAddressDeny= and the host's firewalls decide (src/model/exposure.ts).
 * systemd-analyze rates the socket itself instead; astlint rates the service and names this.
 */
import type { SystemModel, Unit } from "../model/model.js";
import { facesNetwork, socketAddressExposure } from "../model/exposure.js";
import { formatAddress } from "../net/socket-address.js";

export interface ReachableActivation {
  socket: string;
  directive: string;
  address: string;
  /** Display path and line of the Listen*= assignment. */
  file: string;
  line: number;
}

export function reachableActivations(model: SystemModel, unit: Unit): ReachableActivation[] {
  const out: ReachableActivation[] = [];
  for (const s of model.sockets) {
    if (s.service !== unit && s.serviceName !== unit.name) continue;
    for (const l of s.listens) {
      if (l.directive !== "ListenStream" && l.directive !== "ListenDatagram" && l.directive !== "ListenSequentialPacket") continue;
      if (!facesNetwork(s, l.address)) continue;
      if (!socketAddressExposure(model, s, l.address).some((f) => f.open)) continue;
      out.push({ socket: s.unit.name, directive: l.directive, address: formatAddress(l.address), file: l.setting.loc.file, line: l.setting.loc.line });
    }
  }
  return out;
}

/** "activated by asterisk-ami.socket on 0.0.0.0:5038 (ListenStream=), reachable from other hosts" */
export function describeActivation(r: ReachableActivation): string {
  return `activated by ${r.socket} on ${r.address} (${r.directive}=, ${r.file}:${r.line}), which other hosts can reach: a flaw in the service is remotely exploitable`;
}
