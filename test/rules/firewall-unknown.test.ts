/** firewall-unknown: the documented trees, with the exact findings (line, column, message). */
import firewallUnknown from "../../src/rules/firewall-unknown.js";
import { docCases, testRule } from "../rule-tester.js";

const { valid, incorrect } = docCases("firewall-unknown");

testRule(firewallUnknown, {
  valid,
  invalid: [
    {
      ...incorrect[0]!,
      errors: [
        { file: "etc/systemd/system/asterisk-ami.socket", line: 3, column: 14, severity: "info", message: "astlint cannot tell whether nftables lets other hosts reach port 5038 (IPv4): 'meta mark' is not modelled at" },
      ],
    },
  ],
});
