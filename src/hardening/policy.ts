/**
 * A `systemd-analyze security --security-policy=FILE` policy: a JSON object keyed by check id
 * (systemd's json_field), each entry optionally overriding "weight" and "range" (other members
 * such as "description_good" are accepted and not used). A weight of 0 skips the check.
 * systemd reads the same format from systemd-analyze-security.policy in its config dirs.
 */
import { SECURITY_CHECKS } from "../data/security-checks.js";

export interface PolicyEntry {
  weight?: number;
  range?: number;
}

export type SecurityPolicy = Map<string, PolicyEntry>;

/** Where systemd looks for a default policy (first found wins), as in-root paths. */
export const DEFAULT_POLICY_PATHS = [
  "/etc/systemd/systemd-analyze-security.policy",
  "/run/systemd/systemd-analyze-security.policy",
  "/usr/local/lib/systemd/systemd-analyze-security.policy",
  "/usr/lib/systemd/systemd-analyze-security.policy",
];

export class PolicyError extends Error {}

const IDS = new Set(SECURITY_CHECKS.map((c) => c.id));

/** Parses a policy; throws PolicyError naming the file and the bad member. Unknown ids are returned as warnings. */
export function parsePolicy(text: string, file: string): { policy: SecurityPolicy; warnings: string[] } {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new PolicyError(`${file}: not valid JSON (${(e as Error).message})`);
  }
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) throw new PolicyError(`${file}: expected a JSON object keyed by check id (e.g. "PrivateDevices")`);
  const policy: SecurityPolicy = new Map();
  const warnings: string[] = [];
  for (const [id, entry] of Object.entries(doc as Record<string, unknown>)) {
    if (!IDS.has(id)) {
      warnings.push(`${file}: "${id}" is not a check id; it is ignored (astlint --exposure --format json lists the ids)`);
      continue;
    }
    if (typeof entry !== "object" || entry === null || Array.isArray(entry)) throw new PolicyError(`${file}: "${id}" must be an object with "weight" and/or "range"`);
    const out: PolicyEntry = {};
    for (const k of ["weight", "range"] as const) {
      const v = (entry as Record<string, unknown>)[k];
      if (v === undefined) continue;
      if (typeof v !== "number" || !Number.isInteger(v) || v < 0 || v > 1e9 || (k === "range" && v === 0)) {
        throw new PolicyError(`${file}: "${id}".${k} must be a whole number${k === "range" ? " from 1" : " from 0"}, got ${JSON.stringify(v)}`);
      }
      out[k] = v;
    }
    policy.set(id, out);
  }
  return { policy, warnings };
}
