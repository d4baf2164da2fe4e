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
    {
      // systemd 252 logs "Failed to parse boolean value, ignoring" for an empty RemainAfterExit=:
      // RemainAfterExit=yes stays. An empty Nice= is accepted and resets it.
      name: "an empty assignment systemd ignores is not a reset; one it accepts is",
      tree: { "etc/systemd/system/job.service": "[Service]\nType=oneshot\nExecStart=/bin/true\nRemainAfterExit=yes\nRemainAfterExit=\nNice=1\nNice=\n" },
      errors: [{ file: "etc/systemd/system/job.service", line: 6, column: 1, severity: "warning", message: "Nice=1 is reset by the empty Nice= on line 7" }],
    },
  ],
});
