/**
 * Hardening for an Asterisk service that cannot break Asterisk, and what is withheld and why.
 * Asterisk starts as root and drops to its runuser itself (-U / runuser), drives DAHDI cards
 * through /dev/dahdi, raises its own priority with -p, runs arbitrary programs through System(),
 * AGI and voicemail's mailcmd (sendmail), and writes recordings, voicemail and logs under its
 * spool, lib and log directories; upstream's contrib/systemd/asterisk.service itself sets
 * PrivateTmp=.
 */
import type { AsteriskInstance } from "../model/model.js";
import { genericCandidates, RARELY_NEEDED_CAPS, RARELY_NEEDED_SYSCALL_GROUPS, type Candidate } from "./recommend.js";
import { capBit, capNumber } from "./capabilities.js";
import type { SecurityInfo } from "./security-info.js";
import { SECURITY_CHECKS } from "../data/security-checks.js";

export interface Withheld {
  what: string;
  reason: string;
  /** Check ids whose usual fix this entry withholds. */
  checks: (id: string) => boolean;
}

const RARE_CAP_BITS = new Set(RARELY_NEEDED_CAPS.map((c) => capNumber(c)!));
const RARE_GROUPS = new Set(RARELY_NEEDED_SYSCALL_GROUPS.map((g) => g.slice(1).replace(/-/g, "_")));
const among = (...ids: string[]) => (id: string) => ids.includes(id);

function truthy(v: string | undefined): boolean {
  return v !== undefined && /^(yes|true|y|t|1|on)$/i.test(v.trim());
}

/** Does this Asterisk ask for real-time priority (-p, or highpriority = yes)? */
function wantsRealtime(inst: AsteriskInstance): boolean {
  return inst.flags.has("p") || truthy(inst.options.get("highpriority")?.value);
}

function dir(inst: AsteriskInstance, key: string, fallback: string): string {
  const v = inst.asteriskConf?.get("directories", key)?.value;
  return v && v.startsWith("/") ? v : fallback;
}

/** Asterisk's safe candidates (in place of the generic ones) and what is left out. */
export function asteriskCandidates(info: SecurityInfo, inst: AsteriskInstance): { candidates: Candidate[]; withheld: Withheld[] } {
  const etc = inst.etcDir ?? "/etc/asterisk";
  const spool = dir(inst, "astspooldir", "/var/spool/asterisk");
  const realtime = wantsRealtime(inst);
  const safeKeys = new Set([
    "PrivateTmp", "ProtectKernelTunables", "ProtectKernelModules", "ProtectKernelLogs", "ProtectControlGroups",
    "ProtectHostname", "LockPersonality", "RestrictSUIDSGID", "PrivateMounts", "RestrictNamespaces", "ProtectProc", "RemoveIPC",
  ]);
  if (!realtime) safeKeys.add("RestrictRealtime");
  // For Asterisk these are judged safe whatever the generic caution says (see the module comment).
  const generic = genericCandidates(info)
    .filter((c) => safeKeys.has(c.keys[0]))
    .map((c) => ({ ...c, caution: undefined }));
  const candidates: Candidate[] = [
    ...generic,
    {
      keys: ["ProtectSystem", "ReadWritePaths"],
      lines: ["ProtectSystem=full", `ReadWritePaths=-${etc}`],
      apply: (i) => {
        if (i.protectSystem === "no" || i.protectSystem === "yes") i.protectSystem = "full";
      },
    },
    {
      keys: ["CapabilityBoundingSet"],
      lines: [`CapabilityBoundingSet=~${RARELY_NEEDED_CAPS.join(" ")}`],
      apply: (i) => {
        for (const c of RARELY_NEEDED_CAPS) i.capabilityBoundingSet &= ~capBit(capNumber(c)!);
      },
    },
    ...genericCandidates(info).filter((c) => c.keys[0] === "SystemCallFilter" && c.lines[0] === `SystemCallFilter=~${RARELY_NEEDED_SYSCALL_GROUPS.join(" ")}`),
    {
      keys: ["RestrictAddressFamilies"],
      lines: ["RestrictAddressFamilies=~AF_PACKET"],
      // A deny line removes AF_PACKET from an allow list too.
      apply: (i) => void (i.flags.restrict_address_family_packet = true),
    },
  ];
  const withheld: Withheld[] = [
    {
      what: "PrivateDevices=, DevicePolicy=, DeviceAllow=, ProtectClock=",
      reason:
        "DAHDI telephony cards are driven through /dev/dahdi/*, which a private /dev or a device allow list hides (chan_dahdi cannot open its channels); ProtectClock= implies DeviceAllow=char-rtc, which on some systemd versions turns that allow list on",
      checks: among("PrivateDevices", "DeviceAllow", "ProtectClock"),
    },
    {
      what: "User=, DynamicUser=, PrivateUsers=, RootDirectory=",
      reason: "Asterisk starts as root and drops to its runuser (-U / runuser in asterisk.conf) itself; another identity does not own its lib, spool and log directories, and it needs the host's modules, sounds and configs",
      checks: among("UserOrDynamicUser", "PrivateUsers", "RootDirectoryOrRootImage", "SupplementaryGroups"),
    },
    {
      what: "ProtectSystem=strict, ProtectHome=",
      reason: `recordings and voicemail are written under ${spool}, and System(), AGI scripts and voicemail's mailcmd (sendmail writes its own spool) write where they like; ProtectSystem=full with ${etc} writable keeps AMI UpdateConfig and "dialplan save" working`,
      checks: among("ProtectSystem", "ProtectHome"),
    },
    {
      what: "NoNewPrivileges=, MemoryDenyWriteExecute=, SystemCallArchitectures=, ProcSubset=, UMask=",
      reason: "System() and AGI run arbitrary programs: set-user-ID mailers (voicemail e-mail), JIT interpreters, 32-bit binaries and tools reading /proc would break; recordings are often read by a web UI under another user",
      checks: among("NoNewPrivileges", "MemoryDenyWriteExecute", "SystemCallArchitectures", "ProcSubset", "UMask"),
    },
    {
      what: "PrivateNetwork=, IPAddressDeny=, RestrictAddressFamilies= allow lists",
      reason: "Asterisk talks SIP, IAX2 and RTP with other hosts, and chan_mobile uses Bluetooth sockets",
      checks: (id) => id === "PrivateNetwork" || id === "IPAddressDeny" || (id.startsWith("RestrictAddressFamilies_") && id !== "RestrictAddressFamilies_AF_PACKET"),
    },
    {
      what: "CapabilityBoundingSet=~CAP_SYS_NICE CAP_SYS_RESOURCE, SystemCallFilter=~@resources @privileged" + (realtime ? ", RestrictRealtime=" : ""),
      reason: `${realtime ? "-p (real-time priority) needs CAP_SYS_NICE and sched_setscheduler(); " : "-p (real-time priority) needs CAP_SYS_NICE; "}maxfiles needs CAP_SYS_RESOURCE, and dropping to the runuser needs setuid()/setgid() and CAP_SETUID/CAP_SETGID`,
      checks: (id) =>
        id === "CapabilityBoundingSet_CAP_SYS_NICE_RESOURCE" ||
        (id.startsWith("SystemCallFilter_") && !RARE_GROUPS.has(id.slice("SystemCallFilter_".length))) ||
        (realtime && id === "RestrictRealtime"),
    },
    {
      what: "other capabilities (CAP_SETUID, CAP_SETGID, CAP_NET_ADMIN, CAP_NET_RAW, CAP_NET_BIND_SERVICE, CAP_DAC_*, CAP_CHOWN, CAP_KILL, CAP_SYS_ADMIN)",
      reason: "dropping to the runuser, QoS marking, SIP on low ports, reading configs of another owner, chown of the control socket (astctlowner) and signalling its children need them",
      checks: (id) => {
        const row = SECURITY_CHECKS.find((c) => c.id === id);
        return row?.kind === "capability" && id !== "CapabilityBoundingSet_CAP_SYS_NICE_RESOURCE" && !(row.parameter as number[]).every((b) => RARE_CAP_BITS.has(b));
      },
    },
  ];
  return { candidates, withheld };
}

/** Why a check's usual fix is left out for this Asterisk, or undefined when it is safe. */
export function withheldReason(id: string, withheld: Withheld[]): string | undefined {
  const w = withheld.find((x) => x.checks(id));
  return w ? `left out for Asterisk: ${w.reason}` : undefined;
}
