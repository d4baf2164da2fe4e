/** ami-weak-secret: the documented trees and each weakness, with exact findings. */
import rule from "../../src/rules/ami-weak-secret.js";
import { docCases, testRule } from "../rule-tester.js";

const { valid, incorrect } = docCases("ami-weak-secret");
const M = "etc/asterisk/manager.conf";
const conf = (user: string, secret: string) => ({ [M]: `[general]\nenabled = yes\nbindaddr = 127.0.0.1\n\n[${user}]\nsecret = ${secret}\n` });

testRule(rule, {
  valid: [
    ...valid,
    { name: "AMI off: nothing to guess", tree: { [M]: "[general]\nenabled = no\n\n[admin]\nsecret = admin\n" } },
    { name: "a Jinja placeholder is not judged", tree: conf("admin", "{{ ami_secret }}") },
    { name: "8 characters, not a default", tree: conf("admin", "k3v9q2x7") },
  ],
  invalid: [
    { ...incorrect[0]!, errors: [{ file: M, line: 6, column: 1, message: "'amp111' is a well-known default" }] },
    { name: "empty", tree: conf("admin", ""), errors: [{ file: M, line: 6, message: "it is empty" }] },
    { name: "the user name, any case", tree: conf("Monitor", "monitor"), errors: [{ file: M, line: 6, message: "equals the user name" }] },
    { name: "short", tree: conf("admin", "s3cr3t"), errors: [{ file: M, line: 6, message: "6 characters long" }] },
    { name: "the manager.conf sample's secret", tree: conf("mark", "mysecret"), errors: [{ file: M, line: 6, message: "manager.conf.sample" }] },
  ],
});
