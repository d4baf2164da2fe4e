/**
 * pjsip-duplicate-object: two sections of a sorcery file with the same name and the same type,
 * or more than one section of a single-object kind (pjsip.conf global/system, ari.conf general,
 * stir_shaken.conf attestation/verification): the whole file fails to load
 * (res/res_sorcery_config.c sorcery_config_internal_load(): "configuration contains a duplicate
 * object", or more than one object of a single_object mapping). Same name with different types
 * is legal (endpoint, aor and auth all named 6001).
 */
import type { AsteriskObject } from "../asterisk/schema.js";
import type { Rule } from "./rule.js";

const rule: Rule = {
  meta: {
    id: "pjsip-duplicate-object",
    severity: "error",
    description: "Two pjsip.conf (or other sorcery config) sections with the same name and type, or a second global/system: the whole file fails",
  },
  check(ctx) {
    const seen = new Map<string, AsteriskObject>();
    const singles = new Map<string, AsteriskObject>();
    const reported = new Set<string>();
    // One config may be loaded for two configuration directories: compare within one load only.
    const configIds = new Map<unknown, number>();
    for (const o of ctx.model.asteriskObjects) {
      if (o.family !== "sorcery" || !o.kind) continue;
      const file = o.config.name;
      const at = o.section.loc;
      const locKey = `${at.file}\0${at.line}`;
      if (reported.has(locKey)) continue;
      let id = configIds.get(o.config);
      if (id === undefined) configIds.set(o.config, (id = configIds.size));
      const cfgKey = String(id);
      if (o.kind.single) {
        const k = `${cfgKey}\0${o.kind.object}`;
        const first = singles.get(k);
        if (first && first.section !== o.section) {
          reported.add(locKey);
          ctx.report({
            at,
            message: `a second ${o.kind.object} section ([${o.name}]) in ${file}: Asterisk allows one ${o.kind.object} object; it refuses the whole file and keeps none of them`,
            related: [{ file: first.section.loc.file, line: first.section.loc.line, column: first.section.loc.column, message: `the first ${o.kind.object} section` }],
            help: `merge the two into one [${first.name}] section (or extend it with [${first.name}](+))`,
          });
          continue;
        }
        if (!first) singles.set(k, o);
        continue;
      }
      const k = `${cfgKey}\0${o.kind.object}\0${o.name}`;
      const first = seen.get(k);
      if (first && first.section !== o.section) {
        reported.add(locKey);
        ctx.report({
          at,
          message: `a second type=${o.typeVar?.value ?? o.kind.object} section named [${o.name}] in ${file}: Asterisk refuses the whole file ("configuration contains a duplicate object"), so no object of it loads`,
          related: [{ file: first.section.loc.file, line: first.section.loc.line, column: first.section.loc.column, message: `the first [${o.name}]` }],
          help: `rename one of them, or merge them (add to the first with [${o.name}](+))`,
        });
        continue;
      }
      if (!first) seen.set(k, o);
    }
  },
};
export default rule;
