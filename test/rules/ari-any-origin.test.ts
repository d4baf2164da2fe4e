/** ari-any-origin: the documented trees and Asterisk's comma split without trimming, with exact columns. */
import rule from "../../src/rules/ari-any-origin.js";
import { docCases, testRule } from "../rule-tester.js";

const { valid, incorrect } = docCases("ari-any-origin");
const A = "etc/asterisk/ari.conf";

testRule(rule, {
  valid: [...valid, { name: "ARI off", tree: { [A]: "[general]\nenabled = no\nallowed_origins = *\n" } }],
  invalid: [
    { ...incorrect[0]!, errors: [{ file: A, line: 3, column: 19, severity: "warning", message: "contains '*'" }] },
    {
      name: "'a,*' allows any origin; 'a, b' leaves ' b' dead",
      tree: { [A]: "[general]\nallowed_origins = https://a.example,*, https://b.example\n" },
      errors: [
        { file: A, line: 2, column: 37, severity: "warning", message: "contains '*'" },
        { file: A, line: 2, column: 39, severity: "info", message: "' https://b.example' never matches" },
      ],
    },
    {
      name: "' *' after a blank allows nothing",
      tree: { [A]: "[general]\nallowed_origins = https://a.example, *\n" },
      errors: [{ file: A, line: 2, column: 37, severity: "info", message: "this '*' allows nothing" }],
    },
  ],
});
