/**
 * ari-any-origin: ari.conf `allowed_origins` holds an element that is exactly `*`, so any web
 * page a logged-in browser opens may drive ARI (CORS). res/res_ari.c origin_allowed() splits the
 * value at commas (strsep) and compares each element with strcmp, without trimming: an element
 * with a blank (`a, b` gives ` b`) never matches an Origin and is reported as info.
 */
import type { Location } from "../core/types.js";
import type { Rule } from "./rule.js";

const rule: Rule = {
  meta: {
    id: "ari-any-origin",
    severity: "warning",
    description: "ARI allowed_origins contains '*' (any web site may call ARI), or an element that can never match",
    security: true,
    references: ["Asterisk res/res_ari.c `origin_allowed()` at 22.x"],
  },
  check(ctx) {
    for (const set of ctx.model.asteriskAccess) {
      if (!set.ari.enabled) continue;
      const v = set.ari.allowedOrigins;
      if (!v) continue;
      const oneLine = v.valueLoc.line === v.valueLoc.endLine;
      let offset = 0;
      for (const element of v.value.split(",")) {
        const at: Location = oneLine ? { ...v.valueLoc, column: v.valueLoc.column + offset, endColumn: v.valueLoc.column + offset + Math.max(element.length, 1) } : v.loc;
        offset += element.length + 1;
        if (element === "*") {
          ctx.report({
            at,
            message: "allowed_origins contains '*': any web page a user with ARI credentials opens may send ARI requests and open ARI WebSockets from the browser",
            help: "list the exact origins of your ARI web applications, e.g. allowed_origins = https://pbx-admin.example.com",
          });
        } else if (element !== "" && element !== element.trim()) {
          ctx.report({
            at,
            severity: "info",
            message: `allowed_origins element '${element}' never matches: Asterisk splits at commas without trimming blanks, and an Origin header has none${element.trim() === "*" ? " (so this '*' allows nothing)" : ""}`,
            help: `write the list without blanks after commas: allowed_origins = ${v.value.split(",").map((e) => e.trim()).filter((e) => e !== "").join(",")}`,
          });
        }
      }
    }
  },
};
export default rule;
