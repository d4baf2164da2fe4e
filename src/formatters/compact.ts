/**
 * One line per finding, gcc/clang order, for editors' error formats and reviewdog -efm
 * (`%f:%l:%c: %t%*[^:]: %m`): `file:line:col: severity: message [rule]`.
 * The file is the display path as given; line breaks inside a message become spaces and
 * control characters are shown as `\xNN`.
 */
import { escapeControl, type Formatter } from "./types.js";

export const compact: Formatter = (findings) => {
  let out = "";
  for (const f of findings) {
    // Each run of blanks that holds a line break becomes one space (one pass: no backtracking over long runs).
    const message = escapeControl(f.message.replace(/\s+/g, (ws) => (/[\r\n]/.test(ws) ? " " : ws)));
    out += `${escapeControl(f.file)}:${f.line}:${f.column}: ${f.severity}: ${message} [${f.ruleId}]\n`;
  }
  return out;
};

export default compact;
