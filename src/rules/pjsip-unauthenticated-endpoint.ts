/**
 * pjsip-unauthenticated-endpoint: an endpoint without `auth` that a stranger's SIP request is
 * matched to, so calls enter the dialplan with no challenge
 * (res/res_pjsip_authenticator_digest.c: authentication is required only with an inbound auth):
 * by name (the endpoint's `identify_by` has `username`/`auth_username`, default `username,ip`,
 * and `username` is in `[global] endpoint_identifier_order`), as `anonymous` (when that
 * identifier is in the order, res_pjsip_endpoint_identifier_anonymous.c), or through an
 * `identify` whose `match` covers (nearly) every address (res_pjsip_endpoint_identifier_ip.c).
 * Error for the last two. A trunk with identify_by = ip and an identify of its provider's
 * addresses is not reported.
 */
import { isLarge, ivIsEmpty } from "../firewall/addr-set.js";
import { contextDial, type PjsipTransport } from "../asterisk/access.js";
import type { Rule } from "./rule.js";
import { locRelated } from "./helpers.js";
import { parseAsteriskAddress } from "../model/asterisk.js";
import type { RelatedLocation } from "../core/types.js";

/** A transport bound to loopback only is not reachable from other hosts. */
function loopbackOnly(t: PjsipTransport): boolean {
  const b = t.bind?.value.trim() ?? "";
  if (b === "") return false;
  const a = parseAsteriskAddress(b) ?? parseAsteriskAddress(b.replace(/:\d+$/, ""));
  if (!a) return false;
  return a.family === 4 ? a.address.startsWith("127.") : a.address === "::1";
}

const rule: Rule = {
  meta: {
    id: "pjsip-unauthenticated-endpoint",
    severity: "warning",
    description: "A PJSIP endpoint without auth is reachable by strangers (by name, as anonymous, or through an identify matching every address)",
    security: true,
    references: ["Asterisk res/res_pjsip/config_global.c (endpoint_identifier_order) at 22.x", "Asterisk res/res_pjsip_endpoint_identifier_user.c, _anonymous.c, _ip.c at 22.x", "Asterisk res/res_pjsip_authenticator_digest.c `digest_requires_authentication()` at 22.x"],
  },
  check(ctx) {
    for (const set of ctx.model.asteriskAccess) {
      const pj = set.pjsipAccess;
      const reachable = pj.transports.filter((t) => !loopbackOnly(t));
      if (reachable.length === 0) continue; // no transport, or loopback only: no stranger sends SIP here
      const order = pj.identifierOrder;
      for (const e of pj.endpoints) {
        if (e.auth) continue;
        const ways: string[] = [];
        const related: RelatedLocation[] = [];
        let error = false;
        if (/^anonymous(@|$)/i.test(e.name) && order.includes("anonymous")) {
          ways.push("as 'anonymous': every request no other identifier claims lands on it");
          error = true;
        }
        if (order.includes("ip")) {
          for (const id of e.identifies) {
            const wide = ([4, 6] as const).filter((f) => !ivIsEmpty(id.sets[f]) && isLarge(id.sets[f], f));
            if (wide.length === 0) continue;
            ways.push(`through identify [${id.name ?? id.section.name}], whose match covers every ${wide.map((f) => `IPv${f}`).join(" and ")} address`);
            for (const m of id.matches.slice(0, 12)) related.push(locRelated(m.loc, `${m.key} = ${m.value}`));
            error = true;
          }
        }
        const byName = e.identifyBy.filter((x) => x === "username" || x === "auth_username");
        if (byName.length && order.includes("username")) {
          ways.push(`by name: any request with From: <sip:${e.name}@...> is identified as it (identify_by ${e.identifyByVar ? `= ${e.identifyByVar.value}` : "defaults to username,ip"})`);
          if (e.identifyByVar) related.push(locRelated(e.identifyByVar.loc, `${e.identifyByVar.key} = ${e.identifyByVar.value}`));
        }
        if (ways.length === 0) continue;
        if (e.contextVar) related.push(locRelated(e.contextVar.loc, `${e.contextVar.key} = ${e.context}`));
        if (pj.identifierOrderVar) related.push(locRelated(pj.identifierOrderVar.loc, `endpoint_identifier_order = ${pj.identifierOrderVar.value}`));
        const ctxText = e.contextVar ? `context '${e.context}'` : `context '${e.context}' (the default: the endpoint sets none)`;
        const dialplan = contextDial(set.extensions, e.context);
        const planNotes: string[] = [];
        if (dialplan && !dialplan.section) planNotes.push(`${set.extensions!.display} defines no [${e.context}] (it may come from extensions.ael, extensions.lua or realtime); once it exists, these calls run it`);
        else if (dialplan?.dial) {
          const d = dialplan.dial;
          planNotes.push(`[${e.context}]${d.context.toLowerCase() === e.context.toLowerCase() ? "" : ` includes [${d.context}], which`} dials out: ${d.line.loc.file}:${d.line.loc.line} ${d.line.key} => ${d.line.value}`);
          related.push(locRelated(d.line.loc, "Dial() reachable without a password"));
        } else if (dialplan?.section) planNotes.push(`[${e.context}] in ${set.extensions!.display} has no Dial() to PJSIP, SIP, IAX2 or DAHDI (includes followed); strangers still reach everything it does`);
        ctx.report({
          at: e.section.loc,
          severity: error ? "error" : undefined,
          message: `PJSIP endpoint [${e.name}]${e.wizard ? " (made by its pjsip_wizard.conf section)" : ""} has no auth and strangers reach it ${ways.join("; and ")}: their calls enter ${ctxText} without a password, and ${
            dialplan?.dial ? `that context dials out (${dialplan.dial.line.loc.file}:${dialplan.dial.line.loc.line}), so they call at your expense (toll fraud)` : "if that context can dial out they call at your expense (toll fraud)"
          }`,
          notes: [
            `SIP transports that accept other hosts: ${reachable.map((t) => `${t.name} (${t.protocol}, bind = ${t.bind?.value ?? "(default 0.0.0.0)"})`).join(", ")}`,
            `endpoint_identifier_order = ${order.join(",")}${pj.identifierOrderVar ? "" : " (default)"}`,
            ...planNotes,
          ],
          help: /^anonymous(@|$)/i.test(e.name)
            ? `remove [${e.name}] (or give it a context that only answers, never dials out), or take anonymous out of endpoint_identifier_order`
            : e.wizard
              ? error
                ? `narrow remote_hosts (or identify/match) in the wizard [${e.name}] to the peer's addresses, or set accepts_auth = yes with inbound_auth/username and inbound_auth/password`
                : `set accepts_auth = yes with inbound_auth/username and inbound_auth/password in the wizard [${e.name}], or, for a provider trunk, endpoint/identify_by = ip with remote_hosts listing the provider's addresses`
              : error
                ? `narrow the identify match to the peer's addresses (e.g. match = 203.0.113.10), or add auth = <an auth section> to [${e.name}]`
                : `add auth = <an auth section> to [${e.name}], or, for a provider trunk, identify_by = ip with an identify whose match lists the provider's addresses`,
          related,
        });
      }
    }
  },
};
export default rule;
