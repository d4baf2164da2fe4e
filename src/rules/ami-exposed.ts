/**
 * ami-exposed: AMI is on, listens beyond loopback, a user who can log in is admitted from other
 * hosts by its ACL, and no firewall astlint can read filters the port. AMI over HTTP
 * (`webenabled`) counts too, where even a user without `secret` logs in. Error when the user's
 * `write` grants system, command, config, originate or all (main/manager.c perms[]).
 */
import type { Rule } from "./rule.js";
import { AMI_HTTP_URIS, aclNote, bindText, channel, fams, firewallNotes, listenerLines, strangerFamilies, type Channel } from "./_asterisk-access.js";
import { locRelated } from "./helpers.js";
import { lookupTable } from "../core/lookup-table.js";

const POWER: Record<string, string> = lookupTable({
  system: "restart or shut down Asterisk and load modules",
  command: "run any CLI command (the Command action)",
  config: "read every config file with its secrets and rewrite any of them (GetConfig/UpdateConfig)",
  originate: "place calls anywhere at your expense (Originate)",
  all: "do everything AMI can: CLI commands, config rewrites, calls",
});

const rule: Rule = {
  meta: {
    id: "ami-exposed",
    severity: "warning",
    description: "An AMI user can log in from other hosts: AMI listens beyond loopback, the user's ACL admits strangers and no firewall filters the port",
    security: true,
    references: ["Asterisk main/manager.c `__init_manager()`, `authenticate()`, `perms[]` at 22.x", "Asterisk main/acl.c `ast_append_acl()`, `ast_apply_acl()`, `ast_apply_ha()` at 22.x", "Asterisk main/http.c `__ast_http_load()` (type = restriction) at 22.x"],
  },
  check(ctx) {
    for (const set of ctx.model.asteriskAccess) {
      if (!set.amiEnabled) continue;
      const tcp: Channel[] = [];
      for (const l of set.listeners) {
        if (l.kind !== "ami" && l.kind !== "ami-tls") continue;
        const ch = channel(ctx.model, l);
        if (ch) tcp.push(ch);
      }
      const web: Channel[] = [];
      if (set.ami.webenabled) {
        for (const l of set.listeners) {
          if (l.kind !== "http" && l.kind !== "https") continue;
          const ch = channel(ctx.model, l, { set, uris: AMI_HTTP_URIS });
          if (ch) web.push(ch);
        }
      }
      if (tcp.length === 0 && web.length === 0) continue;
      for (const u of set.ami.users) {
        if (u.acl.invalid) continue; // Asterisk deletes a user with an invalid ACL line
        const via: { ch: Channel; families: (4 | 6)[] }[] = [];
        if (u.secretValue !== null) for (const ch of tcp) {
          const f = strangerFamilies(u.acl, ch);
          if (f.length) via.push({ ch, families: f });
        }
        for (const ch of web) {
          const f = strangerFamilies(u.acl, ch);
          if (f.length) via.push({ ch, families: f });
        }
        if (via.length === 0) continue;
        const families = [...new Set(via.flatMap((v) => v.families))];
        const who = `AMI user [${u.name}]${u.source === "users.conf" ? " (users.conf, hasmanager)" : ""}`;
        const power = u.dangerous.map((c) => POWER[c]).filter(Boolean);
        const notes: string[] = [];
        for (const v of via) {
          const b = bindText(v.ch.listener);
          notes.push(`${v.ch.label} accepts ${fams(v.families)} clients from other hosts${b ? ` (${b})` : ""}`);
          if (v.ch.restrictedBy.length) notes.push(`http.conf restrictions applied: ${v.ch.restrictedBy.join("; ")}`);
        }
        for (const f of families) notes.push(aclNote(u.acl, f, who));
        if (u.source === "users.conf") notes.push(`users.conf users have no ACL: Asterisk up to 22 admits them from every address${set.targetKnown ? "" : ` (astlint does not know this Asterisk's version; ${set.target} and later no longer read users.conf)`}`);
        if (u.secretValue === null) notes.push(`${who} has no usable secret, so it cannot log in on the AMI port; over HTTP (webenabled) the digest login still works with the password '(null)'`);
        notes.push(...firewallNotes(ctx.model, via));
        if (power.length) notes.push(`with write = ${u.write?.value}, a logged-in attacker can ${power.join("; ")}`);
        const related = [
          ...via.flatMap((v) => listenerLines(v.ch.listener)),
          ...(u.write ? [locRelated(u.write.loc, `write = ${u.write.value}`)] : []),
          ...u.acl.lists.flatMap((l) => l.rules.map((r) => locRelated(r.loc, `${r.sense} = ${r.text}`))).slice(0, 12),
        ];
        ctx.report({
          at: u.section.loc,
          notes: [...new Set(notes)],
          severity: power.length ? "error" : undefined,
          message: `${who} can log in from any ${fams(families)} address on ${[...new Set(via.map((v) => v.ch.label))].join(", ")}: an attacker who reaches the port can guess the secret${power.length ? ` and then ${u.dangerous.includes("all") ? "control the whole PBX" : `use ${u.dangerous.join(", ")}`}` : " and read call events"}`,
          help: [
            u.source === "users.conf"
              ? `move ${u.name} to manager.conf with deny = 0.0.0.0/0.0.0.0, deny = ::/0 and permit lines for your management network, and set hasmanager = no in users.conf`
              : `restrict ${who}: deny = 0.0.0.0/0.0.0.0 and deny = ::/0, then permit = 127.0.0.1/255.255.255.255 and your management network`,
            ...(via.some((v) => v.ch.listener.kind.startsWith("ami")) ? ["set bindaddr = 127.0.0.1 in manager.conf [general]"] : []),
            ...(via.some((v) => v.ch.listener.kind.startsWith("http")) ? ["set webenabled = no"] : []),
            `firewall port ${[...new Set(via.map((v) => v.ch.reach.address.port))].join(" and ")}`,
          ].join("; or "),
          related,
        });
      }
    }
  },
};
export default rule;
