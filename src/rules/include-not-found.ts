/**
 * include-not-found: `#include` of a missing file, an empty glob, or past depth 10: Asterisk
 * discards the whole including file (Asterisk main/config.c `process_text_line()` (#include), `ast_config_internal_load()` at 22.x; Asterisk main/config.c `process_text_line()` (CONFIG_STATUS_FILEINVALID) at 22.x). Not for #tryinclude; not when a
 * repository lacks the file (asterisk-listener-unknown's case).
 */
import type { Rule } from "./rule.js";

const rule: Rule = {
  meta: {
    id: "include-not-found",
    severity: "error",
    description: "#include of a missing file, an empty glob, or past depth 10",
    references: ["Asterisk main/config.c `process_text_line()` (#include), `ast_config_internal_load()` at 22.x", "Asterisk main/config.c `process_text_line()` (CONFIG_STATUS_FILEINVALID) at 22.x"],
  },
  check(ctx) {
    for (const c of ctx.model.asteriskConfigs) {
      for (const failure of c.includeFailures) {
        const f = { ...failure, shown: failure.shown ?? failure.target };
        const why =
          f.reason === "depth"
            ? `nesting passes Asterisk's limit of 10 (an include cycle?)`
            : f.reason === "empty-glob"
              ? `the pattern matches no file`
              : f.reason === "unreadable"
                ? `the file cannot be read${f.detail ? ` (${f.detail})` : ""}`
                : "the file does not exist";
        // Only a failure in the main file leaves the module without configuration; a failing
        // include inside an included file stops that file only, and the includer keeps what it
        // contributed before this line (Asterisk main/config.c `process_text_line()`).
        // (A depth failure is always 10 levels down, even when the main file includes itself.)
        const inMain = f.reason !== "depth" && f.loc.file === c.display;
        const loses = c.name === "manager.conf" ? "AMI stays off" : c.name === "http.conf" ? "the HTTP server stays off" : "the module sees no configuration";
        const logged =
          f.reason === "depth"
            ? `Asterisk logs "Maximum Include level (10) exceeded"`
            : `Asterisk logs "The file '${f.shown}' was listed as a #include but it does not exist."`;
        ctx.report({
          at: f.loc,
          message: inMain
            ? `#include ${f.shown}: ${why}; Asterisk discards the whole file ${f.loc.file}`
            : `#include ${f.shown}: ${why}; Asterisk stops reading ${f.loc.file} here`,
          notes: [
            inMain
              ? `${logged} and treats the including file as invalid: ${loses}`
              : f.loc.file === c.display
                ? `${logged} and treats the innermost copy of ${f.loc.file} as invalid; the outer levels keep what they read`
                : `${logged} and treats ${f.loc.file} as invalid: the lines after this one are lost, while ${c.display} keeps what ${f.loc.file} contributed before it`,
            "relative #include paths are resolved against astetcdir, not the including file's directory",
          ],
          help: f.reason === "depth" ? "break the include cycle" : `create the file, fix the path, or use #tryinclude ${f.shown} if it is optional`,
        });
      }
    }
  },
};
export default rule;
