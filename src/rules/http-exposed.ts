/**
 * http-exposed: Asterisk's plain HTTP listener is on an address other hosts reach, no firewall
 * astlint can read filters it, and it serves something that takes credentials: ARI with users
 * (unless every ARI user's ACL, 20+, or a `type = restriction` for /ari keeps strangers out) or
 * AMI over HTTP (`webenabled`). Credentials cross the network in clear text (HTTP Basic, or
 * `api_key=user:password` in the query string, res/res_ari.c).
 */
import type { Rule } from "./rule.js";
import { AMI_HTTP_URIS, ARI_URIS, channel, fams, firewallNotes, listenerLines, strangerFamilies, bindText } from "./_asterisk-access.js";
import { locRelated } from "./helpers.js";

const rule: Rule = {
  meta: {
    id: "http-exposed",
    severity: "warning",
    description: "Asterisk's plain HTTP server serves ARI or AMI logins to other hosts, with credentials in clear text",
    security: true,
    references: ["Asterisk main/http.c `__ast_http_load()` at 22.x", "Asterisk res/res_ari.c `is_enabled()`, res/ari/config.c at 22.x", "Asterisk main/manager.c (webenabled) at 22.x"],
  },
  check(ctx) {
    for (const set of ctx.model.asteriskAccess) {
      const l = set.listeners.find((x) => x.kind === "http");
      if (!l) continue;
      const serves: string[] = [];
      const notes: string[] = [];
      const related = [...listenerLines(l)];
      const families = new Set<4 | 6>();
      let label = "";
      // ARI: users (with a password) that strangers get to.
      if (set.ari.enabled && set.ari.users.some((u) => u.password)) {
        const ch = channel(ctx.model, l, { set, uris: ARI_URIS });
        if (ch) {
          const open = set.ari.users.filter((u) => u.password && !u.acl.invalid).map((u) => ({ u, f: strangerFamilies(u.acl, ch) })).filter((x) => x.f.length > 0);
          if (open.length) {
            label = ch.label;
            serves.push(`ARI (user${open.length === 1 ? "" : "s"} ${open.map((x) => x.u.name).join(", ")})`);
            open.forEach((x) => x.f.forEach((f) => families.add(f)));
            notes.push(`ARI is on: ${set.ari.why}`);
            if (ch.restrictedBy.length) notes.push(`http.conf restrictions on /ari: ${ch.restrictedBy.join("; ")}`);
            for (const x of open) related.push(locRelated(x.u.section.loc, `ARI user ${x.u.name}`));
            notes.push(...firewallNotes(ctx.model, [{ ch, families: [...families] }]));
          }
        }
      }
      if (set.amiEnabled && set.ami.webenabled) {
        const ch = channel(ctx.model, l, { set, uris: AMI_HTTP_URIS });
        const open = ch ? set.ami.users.filter((u) => !u.acl.invalid && strangerFamilies(u.acl, ch).length > 0) : [];
        if (ch && open.length) {
          label = ch.label;
          serves.push(`AMI over HTTP (/manager, /rawman, /amanager...; user${open.length === 1 ? "" : "s"} ${open.map((u) => u.name).join(", ")})`);
          for (const u of open) strangerFamilies(u.acl, ch).forEach((f) => families.add(f));
          related.push(locRelated(set.ami.webenabled.loc, `webenabled = ${set.ami.webenabled.value}`));
          if (ch.restrictedBy.length) notes.push(`http.conf restrictions on the AMI URIs: ${ch.restrictedBy.join("; ")}`);
          for (const n of firewallNotes(ctx.model, [{ ch, families: [...families] }])) if (!notes.includes(n)) notes.push(n);
        }
      }
      if (serves.length === 0) continue;
      const bind = l.origins.find((o) => o.what === "bindaddr" && o.loc);
      const b = bindText(l);
      ctx.report({
        at: bind?.loc ?? l.origins.find((o) => o.loc)!.loc!,
        message: `${label} is plain HTTP reachable from other hosts over ${fams([...families])} and serves ${serves.join(" and ")}: passwords cross the network in clear text, and anyone who reaches the port can try them${b ? ` (${b})` : ""}`,
        notes: [...new Set(notes)],
        help: `bind http.conf [general] bindaddr to 127.0.0.1 and serve remote clients through tlsenable/tlsbindaddr (HTTPS) or a reverse proxy; or ${[
          ...(serves.some((x) => x.startsWith("ARI")) ? ["add [/ari] type = restriction with deny/permit (20+) or per-user permit/deny in ari.conf (20+)"] : []),
          ...(serves.some((x) => x.startsWith("AMI")) ? ["set webenabled = no in manager.conf, or restrict the AMI users with deny/permit"] : []),
          `firewall port ${l.address && "port" in l.address ? l.address.port : 8088}`,
        ].join("; or ")}`,
        related,
      });
    }
  },
};
export default rule;
