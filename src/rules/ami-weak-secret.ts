/**
 * ami-weak-secret: an enabled AMI has a user whose secret is empty, equal to the user name,
 * shorter than 8 characters or a well-known default (Asterisk's samples, FreePBX's amp111).
 * AMI compares the secret with strcmp (main/manager.c authenticate()), so a guess is a login.
 */
import { weakSecret } from "../asterisk/access.js";
import type { Rule } from "./rule.js";

const rule: Rule = {
  meta: {
    id: "ami-weak-secret",
    severity: "error",
    description: "An AMI user's secret is empty, equal to the user name, shorter than 8 characters or a well-known default",
    security: true,
    references: ["Asterisk main/manager.c `authenticate()` at 22.x", "Asterisk configs/samples/manager.conf.sample, users.conf.sample", "FreePBX framework amportal.conf (AMPMGRPASS)"],
  },
  check(ctx) {
    for (const set of ctx.model.asteriskAccess) {
      if (!set.amiEnabled) continue;
      for (const u of set.ami.users) {
        if (!u.secret || u.secretValue === null || u.acl.invalid) continue; // an invalid ACL line deletes the user
        const why = weakSecret(u.name, u.secretValue);
        if (!why) continue;
        ctx.report({
          at: u.secret.loc,
          message: `AMI user [${u.name}] has a weak secret: ${why}; anyone who reaches AMI logs in on the first guesses${u.dangerous.length ? ` and gets write = ${u.write?.value}` : ""}`,
          notes: u.source === "users.conf" ? [`this user comes from users.conf (hasmanager = yes), which Asterisk up to 22 reads as an AMI user${set.targetKnown ? "" : " (the Asterisk version is not known here)"}`] : [],
          help: "set a long random secret (e.g. `openssl rand -hex 24`), and restrict the user with deny/permit",
        });
      }
    }
  },
};
export default rule;
