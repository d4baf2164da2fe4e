/**
 * pjsip-missing-type: a non-template section of a sorcery file (pjsip.conf, ari.conf,
 * stir_shaken.conf...) without `type=`, or with a `type=` no object kind has: sorcery matches
 * sections by `type` (case-sensitive, res/res_sorcery_config.c sorcery_is_criteria_met()) and
 * skips the rest without a message. A type inherited from a template is fine. In aco files with a
 * `type` match field (confbridge.conf, ari.conf 18) the same mistake refuses the whole file
 * (main/config_options.c "Required match field 'type' not found"): error there.
 */
import { closestName, fileSchema, typeValues } from "../asterisk/schema.js";
import type { Rule } from "./rule.js";
import { OncePerLine } from "./_asterisk-options.js";

/** chan_sip's and chan_iax2's section types, often carried over into pjsip.conf. */
const CHAN_SIP_TYPES = new Set(["friend", "peer", "user"]);

const rule: Rule = {
  meta: {
    id: "pjsip-missing-type",
    severity: "warning",
    description: "A pjsip.conf (or other sorcery config) section without type= or with an unknown type: Asterisk ignores it silently",
  },
  check(ctx) {
    const once = new OncePerLine(ctx);
    for (const o of ctx.model.asteriskObjects) {
      if (o.how !== "no-type" && o.how !== "unknown-type" && o.how !== "not-from-file") continue;
      const schema = fileSchema(o.config.name);
      if (!schema) continue;
      const file = o.config.name;
      const aco = o.family === "aco";
      const severity = aco ? "error" : "warning";
      const fate = aco
        ? `Asterisk refuses the whole ${file} and the module declines to load`
        : `Asterisk ignores the section without a word: no object is created`;
      const kinds = typeValues(schema).filter((t) => t !== "contact" && t !== "subscription_persistence");
      if (o.how === "no-type") {
        const at = o.section.loc;
        const foreign = o.foreignKeys ?? [];
        once.add("no-type", at, () => ({
          at,
          severity,
          message:
            foreign.length > 0
              ? `[${o.name}] in ${file} has no type=; Asterisk would take it as the ${o.name} object only if every key were a ${o.name} option, but ${foreign
                  .slice(0, 3)
                  .map((v) => `"${v.key}"`)
                  .join(", ")} ${foreign.length === 1 ? "is" : "are"} not: ${fate}`
              : `[${o.name}] in ${file} has no type=: ${fate}`,
          help: `add type=${guessType(o.name, kinds)} (one of ${kinds.join(", ")}), or make it a template with [${o.name}](!) if other sections inherit it`,
        }), undefined, o.name);
        continue;
      }
      const tv = o.typeVar!;
      const at = tv.valueLoc;
      once.add(`type\0${tv.value}`, at, () => {
        if (o.how === "not-from-file") {
          return {
            at,
            severity,
            message: `type=${tv.value} in [${o.name}] of ${file}: Asterisk does not read ${tv.value} objects from ${file} (they are stored in its internal database): ${fate}`,
            help: tv.value === "contact" ? `put static contacts in an aor: contact=sip:...` : `remove the section`,
          };
        }
        const near = closestName(tv.value, kinds);
        const sip = CHAN_SIP_TYPES.has(tv.value.toLowerCase()) && file === "pjsip.conf";
        return {
          at,
          severity,
          message: `type=${tv.value} in [${o.name}] of ${file} is not an object type${file === "pjsip.conf" ? " of res_pjsip" : ""} (the type is compared case-sensitively): ${fate}`,
          help: sip
            ? `type=${tv.value} is chan_sip's; in PJSIP a phone or trunk is an endpoint (type=endpoint) with an aor (type=aor) and an auth (type=auth)`
            : near
              ? `did you mean type=${near}?`
              : `use one of: ${kinds.join(", ")}`,
        };
      }, tv.inheritedFrom, o.name);
    }
    once.flush();
  },
};

/** A likely type for a section name ([transport-udp] -> transport), else the first kind. */
function guessType(name: string, kinds: string[]): string {
  const lower = name.toLowerCase();
  return kinds.find((k) => lower.includes(k.toLowerCase())) ?? (kinds.includes("endpoint") ? "endpoint" : (kinds[0] ?? "..."));
}

export default rule;
