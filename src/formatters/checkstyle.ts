/**
 * Checkstyle XML for reviewdog (`-f=checkstyle`) and Jenkins warnings-ng
 * (Checkstyle's XML report, as read by Jenkins warnings-ng and reviewdog): one `<file>` per linted file (clean files
 * included, empty), one `<error>` per finding with severity error|warning|info and
 * source `astlint.<rule>`. Paths are relative to the working directory when inside it.
 */
import { detailLines, groupByFile, machinePath, xmlEscape, type Formatter } from "./types.js";

export const checkstyle: Formatter = (findings, ctx) => {
  const byFile = groupByFile(findings);
  const files = [...byFile.keys()];
  for (const file of ctx.files) if (!byFile.has(file)) files.push(file);

  let out = '<?xml version="1.0" encoding="utf-8"?>\n<checkstyle version="4.3">\n';
  for (const file of files) {
    const name = xmlEscape(machinePath(file, ctx.cwd), true);
    const list = byFile.get(file);
    if (!list) {
      out += `  <file name="${name}"/>\n`;
      continue;
    }
    out += `  <file name="${name}">\n`;
    for (const f of list) {
      const message = xmlEscape(detailLines(f).join("\n"), true);
      out +=
        `    <error line="${f.line}" column="${f.column}" severity="${f.severity}"` +
        ` message="${message}" source="${xmlEscape(`astlint.${f.ruleId}`, true)}"/>\n`;
    }
    out += "  </file>\n";
  }
  out += "</checkstyle>\n";
  return out;
};

export default checkstyle;
