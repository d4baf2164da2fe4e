/**
 * Which sockets activate a service on an address other hosts can reach. For Asterisk the model
 * has judged each activation port against the socket's IPAddressAllow=/IPAddressDeny= and the
 * host's firewalls (model.exposures); for other services the socket's own lists decide, and
 * the firewalls when the model read them. systemd-analyze rates the socket itself instead;
 * astlint rates the service and names this.
 */
import type { SystemModel, Unit } from "../model/model.js";
import { facesNetwork, unitLevelExposure } from "../model/exposure.js";
import { formatAddress } from "../net/socket-address.js";

export interface ReachableActivation {
  socket: string;
  directive: string;
  address: string;
  /** Display path and line of the Listen*= assignment. */
  file: string;
  line: number;
  /** False when no firewall was read for it (only the socket's own lists were checked). */
  firewallsChecked: boolean;
}

export function reachableActivations(model: SystemModel, unit: Unit): ReachableActivation[] {
  const out: ReachableActivation[] = [];
  const judged = new Set<unknown>();
  for (const x of model.exposures) {
    judged.add(x.entry.entry);
    if (x.entry.instance.service !== unit || !x.families.some((f) => f.open)) continue;
    const l = x.entry.entry;
    out.push({ socket: x.entry.socket.unit.name, directive: l.directive, address: formatAddress(l.address), file: l.setting.loc.file, line: l.setting.loc.line, firewallsChecked: true });
  }
  const firewalls = model.firewalls();
  for (const s of model.sockets) {
    if (s.service !== unit && s.serviceName !== unit.name) continue;
    for (const l of s.listens) {
      if (judged.has(l) || !["ListenStream", "ListenDatagram", "ListenSequentialPacket"].includes(l.directive)) continue;
      const a = l.address;
      if (!facesNetwork(s, a)) continue;
      const open = unitLevelExposure(s, a).some((f) => {
        if (!f.open || firewalls.active.length === 0) return f.open;
        const v = firewalls.evaluate({ port: a.port, family: f.family, listenAddress: a }).verdict;
        return v !== "blocked" && v !== "restricted";
      });
      if (!open) continue;
      out.push({ socket: s.unit.name, directive: l.directive, address: formatAddress(a), file: l.setting.loc.file, line: l.setting.loc.line, firewallsChecked: firewalls.active.length > 0 });
    }
  }
  return out;
}

/** "activated by asterisk-ami.socket on 0.0.0.0:5038 (ListenStream=, FILE:3), which other hosts can reach: ..." */
export function describeActivation(r: ReachableActivation): string {
  const how = r.firewallsChecked ? "which other hosts can reach" : "which the socket's IPAddressDeny= does not restrict (no firewall was read for it)";
  return `activated by ${r.socket} on ${r.address} (${r.directive}=, ${r.file}:${r.line}), ${how}: a flaw in the service is remotely exploitable`;
}
