/** unknown-section: the documented trees, with the exact findings (line, column, message). */
import unknownSection from "../../src/rules/unknown-section.js";
import { docCases, testRule } from "../rule-tester.js";

const { valid, incorrect } = docCases("unknown-section");

testRule(unknownSection, {
  valid,
  invalid: [
    {
      ...incorrect[0]!,
      errors: [
        { file: "etc/systemd/system/metrics.service", line: 4, column: 2, severity: "error", message: "unknown section \"[Servcie]\" in a .service unit; did you mean \"[Service]\"?" },
      ],
    },
    {
      ...incorrect[1]!,
      errors: [
        { file: "etc/systemd/system/metrics.service", line: 7, column: 2, severity: "error", message: "section \"[Socket]\" belongs in a .socket unit, not in this .service unit" },
      ],
    },
  ],
});
