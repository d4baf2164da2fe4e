/** ami-exposed: the documented trees and the ACL/listener cases that decide it, with exact findings. */
import rule from "../../src/rules/ami-exposed.js";
import { docCases, testRule } from "../rule-tester.js";

const { valid, incorrect } = docCases("ami-exposed");
const M = "etc/asterisk/manager.conf";

testRule(rule, {
  valid: [
    ...valid,
    { name: "AMI off", tree: { [M]: "[general]\nenabled = no\n\n[admin]\nsecret = x\n" } },
    { name: "loopback bindaddr", tree: { [M]: "[general]\nenabled = yes\nbindaddr = 127.0.0.1\n\n[admin]\nsecret = 0123456789ab\n" } },
    { name: "IPv4 listener and an IPv4 loopback-only ACL", tree: { [M]: "[general]\nenabled = yes\nbindaddr = 0.0.0.0\n\n[a]\nsecret = 0123456789ab\ndeny = 0.0.0.0/0.0.0.0\npermit = 127.0.0.1/255.255.255.255\n" } },
    { name: "a user limited to one network is deliberate", tree: { [M]: "[general]\nenabled = yes\nbindaddr = 0.0.0.0\n\n[a]\nsecret = 0123456789ab\ndeny = 0.0.0.0/0\npermit = 192.0.2.0/24\n" } },
    { name: "no secret line: cannot log in on the AMI port", tree: { [M]: "[general]\nenabled = yes\n\n[events]\nread = call\n" } },
    { name: "a template is not a user", tree: { [M]: "[general]\nenabled = yes\n\n[tpl](!)\nsecret = 0123456789ab\n" } },
    { name: "an invalid ACL line deletes the user", tree: { [M]: "[general]\nenabled = yes\n\n[a]\nsecret = 0123456789ab\npermit = 10.0.0.0/8, 192.0.2.0/24\n" } },
  ],
  invalid: [
    { ...incorrect[0]!, errors: [{ file: M, line: 4, column: 1, severity: "error", message: "can log in from any IPv6 address on AMI server [::]:5038" }] },
    {
      name: "a user without ACL on 0.0.0.0: warning without dangerous write classes",
      tree: { [M]: "[general]\nenabled = yes\nbindaddr = 0.0.0.0\n\n[mon]\nsecret = 0123456789ab\nread = call\nwrite = call\n" },
      errors: [{ file: M, line: 5, severity: "warning", message: "from any IPv4 address on AMI server 0.0.0.0:5038" }],
    },
    {
      name: "permit after deny and an acl line still join one list; a permissive list admits strangers",
      tree: { [M]: "[general]\nenabled = yes\nbindaddr = 0.0.0.0\n\n[a]\nsecret = 0123456789ab\ndeny = 0.0.0.0/0\npermit = 0.0.0.0/1\npermit = 128.0.0.0/1\nwrite = config\n" },
      errors: [{ file: M, line: 5, severity: "error", message: "use config" }],
    },
    {
      name: "AMI over HTTP: a user without a secret is reachable through webenabled",
      tree: {
        [M]: "[general]\nenabled = yes\nbindaddr = 127.0.0.1\nwebenabled = yes\n\n[web]\nread = call\n",
        "etc/asterisk/http.conf": "[general]\nenabled = yes\nbindaddr = 0.0.0.0\n",
      },
      errors: [{ file: M, line: 6, severity: "warning", message: "http server 0.0.0.0:8088" }],
    },
    {
      name: "a [/manager] restriction only narrows /manager: /rawman and /amanager stay open",
      tree: {
        [M]: "[general]\nenabled = yes\nbindaddr = 127.0.0.1\nwebenabled = yes\n\n[web]\nsecret = 0123456789ab\n",
        "etc/asterisk/http.conf": "[general]\nenabled = yes\nbindaddr = 0.0.0.0\n\n[/manager]\ntype = restriction\ndeny = 0.0.0.0/0\npermit = 127.0.0.1\n",
      },
      errors: [{ file: M, line: 6, message: "http server 0.0.0.0:8088" }],
    },
  ],
});
