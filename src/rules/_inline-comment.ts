/**
 * Where a value holds what its author meant as a trailing comment: a `#` after a blank
 * (`Type=simple # the default`). systemd has no inline comments (src/shared/conf-parser.c `parse_line()`): the
 * text is part of the value. Shared by inline-comment and invalid-value (which says so in its
 * notes). Not a rule.
 */

/** Parsers that unquote their value: a `#` inside quotes is data there. */
const UNQUOTING = new Set([
  "config_parse_exec",
  "config_parse_environ",
  "config_parse_pass_environ",
  "config_parse_unset_environ",
  "config_parse_unit_path_strv_printf",
  "config_parse_set_credential",
  "config_parse_log_extra_fields",
]);

const isBlank = (c: string | undefined) => c === " " || c === "\t";

/**
 * Offset of the `#` that starts a would-be comment, or null. A `#` counts when a blank
 * precedes it and no digit follows it (`#2` reads as a number: "worker #2").
 */
export function inlineCommentAt(value: string, parser: string): number | null {
  const quotes = UNQUOTING.has(parser);
  let q: string | null = null;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (quotes) {
      if (c === "\\") {
        i++;
        continue;
      }
      if (q !== null) {
        if (c === q) q = null;
        continue;
      }
      if (c === '"' || c === "'") {
        q = c;
        continue;
      }
    }
    if (c !== "#" || i === 0 || !isBlank(value[i - 1])) continue;
    const next = value[i + 1];
    if (next !== undefined && next >= "0" && next <= "9") continue;
    return i;
  }
  return null;
}
