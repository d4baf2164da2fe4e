/**
 * ari-weak-password: an ARI user with `password_format = plain` (the default) whose password is
 * empty, equal to the user name, shorter than 8 characters or a well-known default. ARI compares
 * plain passwords with strcmp (res/ari/config.c); crypt hashes are not judged.
 */
import { weakSecret } from "../asterisk/access.js";
import type { Rule } from "./rule.js";

const rule: Rule = {
  meta: {
    id: "ari-weak-password",
    severity: "error",
    description: "A plain-text ARI password is equal to the user name, shorter than 8 characters or a well-known default",
    security: true,
    references: ["Asterisk res/ari/config.c (password, password_format) at 22.x"],
  },
  check(ctx) {
    for (const set of ctx.model.asteriskAccess) {
      if (!set.ari.enabled) continue;
      for (const u of set.ari.users) {
        if (u.format !== "plain" || !u.password || u.password.value === "") continue; // an empty password makes ARI reject the user
        const why = weakSecret(u.name, u.password.value);
        if (!why) continue;
        ctx.report({
          at: u.password.loc,
          message: `ARI user [${u.name}] has a weak password: ${why}; whoever reaches /ari guesses it and controls calls, channels and bridges through ARI${u.acl.lists.length ? "" : ", from any address"}`,
          help: "set a long random password, preferably stored as a crypt hash (password_format = crypt; `mkpasswd -m sha-512`), and restrict the user with permit/deny (20+)",
        });
      }
    }
  },
};
export default rule;
