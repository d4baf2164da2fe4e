/**
 * asterisk-invalid-option-value: a value the option's handler rejects or misreads, by the
 * option's type (src/asterisk/option-types.ts): numbers with strtol base-0 rules (aco/sorcery
 * ast_parse_arg(), main/config.c) or atoi() (hand-written loops), addresses, ACL lines,
 * documented enumerations (an undocumented value is a warning: handlers accept undocumented
 * aliases), booleans (never rejected: a word that is neither true nor false reads as "no").
 * `custom` types are not checked.
 */
import { checkOptionValue } from "../asterisk/option-types.js";
import { closestName } from "../asterisk/schema.js";
import type { Rule } from "./rule.js";
import { asteriskReplaceFix, certainName } from "../fix/asterisk-fix.js";
import { badValueEffect, effectSeverity, effectText, keyUses, OncePerLine, whereText } from "./_asterisk-options.js";

/** ACL-typed keys that name an acl.conf ACL instead of listing addresses. */
const NAMED_ACL_KEYS = new Set(["acl", "contact_acl"]);

const rule: Rule = {
  meta: {
    id: "asterisk-invalid-option-value",
    severity: "error",
    description: "An Asterisk config value the option's handler rejects (number, address, ACL) or misreads (boolean, undocumented enumeration value)",
    fixable: "unsafe",
  },
  check(ctx) {
    const once = new OncePerLine(ctx);
    for (const u of keyUses(ctx)) {
      if (!u.spec || !u.inVersion) continue;
      const value = u.variable.value;
      if (value === "") continue; // an empty value is "not set" for most handlers
      if (u.spec.type.kind === "acl" && NAMED_ACL_KEYS.has(u.key.toLowerCase())) continue;
      const loose = u.object.family === "hand" && !u.wizardPrefix;
      const p = checkOptionValue(u.spec.type, value, loose);
      if (!p) continue;
      const at = u.variable.valueLoc;
      const shown = `${u.wizardPrefix ?? ""}${u.key}`;
      const where = whereText(u);
      once.add(`${shown}\0${value}`, at, () => {
        if (p.kind === "bool-neither") {
          return {
            at,
            severity: "warning",
            message: `${shown} = ${value} in ${where}: ${p.message}; Asterisk never rejects a boolean and reads this as "no"`,
            help: `write ${shown} = yes or ${shown} = no`,
          };
        }
        if (p.kind === "undocumented") {
          const near = closestName(value, p.expected ?? []);
          return {
            at,
            severity: "warning",
            message: `${shown} = ${value} in ${where}: ${p.message} (${(p.expected ?? []).join(", ")}); Asterisk may reject the ${u.object.family === "aco" ? "file" : "object"}`,
            help: near ? `did you mean "${near}"?` : `use one of: ${(p.expected ?? []).join(", ")}`,
            // The one documented value close to it; the value changes meaning: unsafe.
            fix: certainName(value, near, p.expected ?? [])
              ? asteriskReplaceFix(ctx.model, at, near!, { safe: false, description: `${shown} = ${near}` })
              : undefined,
          };
        }
        const effect = badValueEffect(u);
        const severity = effectSeverity(effect) ?? "warning";
        const fate =
          loose && p.readAs !== undefined
            ? `Asterisk reads numbers here with atoi()/sscanf() and takes ${p.readAs}${p.readAs === 0 ? " (then usually logs a warning and keeps the default)" : ""}`
            : effectText(effect, u, "value");
        return {
          at,
          severity,
          message: `${shown} = ${value} in ${where}: ${p.message}; ${fate}`,
          notes: [`${shown} is ${u.spec!.typeText}${u.spec!.default ? ` (default ${u.spec!.default})` : ""}`],
          help:
            p.kind === "bad-address"
              ? "write a numeric address, e.g. 0.0.0.0:5060 or [::]:5060"
              : p.kind === "bad-acl"
                ? "write address/mask pairs, e.g. permit = 192.0.2.0/24"
                : loose
                  ? `write a decimal whole number (this file is read with atoi()/sscanf(): no unit, no 0x hex)`
                  : `write a whole number (decimal, 0x hex or 0 octal)`,
        };
      }, u.variable.inheritedFrom, u.object.name);
    }
    once.flush();
  },
};
export default rule;
