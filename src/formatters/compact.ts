/**
 * One line per finding, gcc/clang order, for editors' error formats and reviewdog -efm
 * (`%f:%l:%c: %t%*[^:]: %m`): `file:line:col: severity: message [rule]`.
 * The file is the display path as given; line breaks inside a message become spaces and
 * control characters are shown as `\xNN`.
 */
import { escapeInline, type Formatter } from "./types.js";

export const compact: Formatter = (findings) => {
  let out = "";
  for (const f of findings) {
    // Each run of blanks that holds a line break becomes one space (one pass: no backtracking over long runs).
    const message = escapeInline(f.message.replace(/\s+/g, (ws) => (/[\r\n]/.test(ws) ? " " : ws)));
    // A file name with a line break stays on its line (`\x0A`): it cannot start a finding of its own.
    out += `${escapeInline(f.file)}:${f.line}:${f.column}: ${f.severity}: ${message} [${f.ruleId}]\n`;
  }
  return out;
};

export default compact;
