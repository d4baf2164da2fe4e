/** duplicate-directive: the documented trees, with the exact findings (line, column, message). */
import duplicateDirective from "../../src/rules/duplicate-directive.js";
import { docCases, testRule } from "../rule-tester.js";

const { valid, incorrect } = docCases("duplicate-directive");

testRule(duplicateDirective, {
  valid,
  invalid: [
    {
      ...incorrect[0]!,
      errors: [
        { file: "etc/systemd/system/cache.service", line: 6, column: 1, severity: "warning", message: "Restart=always has no effect: Restart=on-failure on line 8 replaces it" },
      ],
    },
    {
      ...incorrect[1]!,
      errors: [
        { file: "etc/systemd/system/cache.service.d/memory.conf", line: 2, column: 1, severity: "error", message: "second ExecStart= for cache.service, a Type=simple service: ExecStart=/usr/bin/memcached -m 1024 adds to" },
      ],
    },
  ],
});
