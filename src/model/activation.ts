/**
 * Cross-checks each activation socket's ListenStream= against the listeners Asterisk will
 * open (Asterisk main/io.c `ast_sd_get_fd()`, `ast_sd_get_fd_un()`): exact match, /run vs /var/run mismatch, an
 * overlapping address Asterisk will fail to bind, a listener whose address cannot be known,
 * or a socket nothing uses. Computed once by the model builder (model.activation).
 */
import type { AsteriskInstance, AsteriskListener, ListenEntry, SocketInfo, SystemModel } from "./model.js";
import { formatAddress, overlaps, sameAddress, type SocketAddress } from "../net/socket-address.js";

export type Outcome =
  | { kind: "match"; listener: AsteriskListener }
  | { kind: "run-path"; listener: AsteriskListener }
  | { kind: "overlap"; listeners: AsteriskListener[] }
  | { kind: "unknown"; listeners: AsteriskListener[] }
  | { kind: "unused"; reason: string; listener?: AsteriskListener }
  | { kind: "ignored" };

export interface ActivationEntry {
  instance: AsteriskInstance;
  socket: SocketInfo;
  entry: ListenEntry;
  outcome: Outcome;
}

/** Well-known ports, to name the listener a socket was probably meant for. */
const USUAL: Record<number, AsteriskListener["kind"]> = { 5038: "ami", 5039: "ami-tls", 8088: "http", 8089: "https" };

/** `/var/run/x` and `/run/x` are the same path but for the /var/run symlink. */
function normalizeRun(p: string): string {
  return p.startsWith("/var/run/") ? "/run/" + p.slice("/var/run/".length) : p;
}

export function ipv6Only(socket: SocketInfo): boolean {
  const v = socket.unit.get("Socket", "BindIPv6Only")?.value;
  return v === "ipv6-only" || (v !== undefined && ["1", "yes", "true", "on", "y", "t"].includes(v.toLowerCase()));
}

function describeListener(l: AsteriskListener): string {
  if (l.address) return `${l.label} (${formatAddress(l.address)})`;
  return l.label;
}

function classify(inst: AsteriskInstance, socket: SocketInfo, entry: ListenEntry): Outcome {
  const a: SocketAddress = entry.address;
  if (entry.directive !== "ListenStream" || socket.accept) return { kind: "ignored" };
  if (a.kind === "invalid" || a.kind === "vsock") return { kind: "ignored" };
  const cli = inst.listeners.find((l) => l.kind === "cli")!;
  if (a.kind === "unix" || a.kind === "abstract") {
    if (a.kind === "abstract") return { kind: "unused", reason: "Asterisk never adopts an abstract socket (its CLI socket is a file path)", listener: cli };
    if (!cli.address) return { kind: "unknown", listeners: [cli] };
    if (sameAddress(a, cli.address)) return { kind: "match", listener: cli };
    if (cli.address.kind === "unix" && normalizeRun(a.path) === normalizeRun(cli.address.path)) return { kind: "run-path", listener: cli };
    return {
      kind: "unused",
      reason: `Asterisk's CLI socket is ${formatAddress(cli.address)}, and AF_UNIX paths are compared literally`,
      listener: cli,
    };
  }
  const inetListeners = inst.listeners.filter((l) => l.kind !== "cli");
  const exact = inetListeners.find((l) => l.enabled && l.address && sameAddress(a, l.address));
  if (exact) return { kind: "match", listener: exact };
  const v6only = ipv6Only(socket);
  const over = inetListeners.filter((l) => l.enabled && l.address && overlaps(a, l.address, v6only, false));
  if (over.length > 0) return { kind: "overlap", listeners: over };
  const unknown = inetListeners.filter((l) => l.unknownReason && (l.portHint === undefined || l.portHint === a.port));
  if (unknown.length > 0) return { kind: "unknown", listeners: unknown };
  // Unused: explain with the listener on the same port, else the usual one for the port.
  const samePort = inetListeners.find((l) => l.address && l.address.kind === "inet" && l.address.port === a.port);
  const usual = inetListeners.find((l) => l.kind === USUAL[a.port]);
  const l = samePort ?? usual;
  let reason: string;
  if (!l) reason = `no Asterisk listener uses port ${a.port}`;
  else if (!l.enabled) reason = `the ${l.label} is disabled: ${l.disabledReason ?? "not configured"}`;
  else if (l.address) reason = `the ${describeListener(l)} binds a different address that does not overlap this one`;
  else reason = `no Asterisk listener uses port ${a.port}`;
  return { kind: "unused", reason, listener: l };
}

/** Every ListenStream= of every socket that activates an Asterisk instance, classified (built once, in the model builder). */
export function classifyActivation(instances: AsteriskInstance[]): ActivationEntry[] {
  const out: ActivationEntry[] = [];
  for (const inst of instances) {
    for (const socket of inst.sockets) {
      for (const entry of socket.listens) {
        out.push({ instance: inst, socket, entry, outcome: classify(inst, socket, entry) });
      }
    }
  }
  return out;
}

/** The model's activation entries (model.activation). */
export function activationEntries(model: SystemModel): ActivationEntry[] {
  return model.activation;
}

/** CLI sockets: filesystem AF_UNIX ListenStream= entries of sockets that activate Asterisk. */
export function cliSocketEntries(model: SystemModel): ActivationEntry[] {
  return activationEntries(model).filter((e) => e.entry.directive === "ListenStream" && e.entry.address.kind === "unix");
}
