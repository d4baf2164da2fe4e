/**
 * Reading who may log in (src/asterisk/access.ts): ARI on/off by target and [general]
 * (res/res_ari.c, res/ari/config.c), users.conf AMI users up to 22 (main/manager.c), weak secrets.
 */
import { describe, expect, test } from "@jest/globals";
import { loadAsteriskConfig } from "../../src/asterisk/config-loader.js";
import { readAmi, readAri, readPjsip, weakSecret } from "../../src/asterisk/access.js";
import type { NamedAclSource } from "../../src/asterisk/acl.js";
import { RootFs } from "../../src/io/fs.js";
import { makeTree } from "../helpers.js";

const NONE: NamedAclSource = { conf: null, unknown: "no acl.conf" };
function conf(name: string, text: string) {
  const root = makeTree({ [`etc/asterisk/${name}`]: text });
  return loadAsteriskConfig(new RootFs(root), `/etc/asterisk/${name}`, { etcDir: "/etc/asterisk", mode: "root", display: (p) => p });
}

describe("ARI on or off", () => {
  test("no [general]: on at 18, off from 20", () => {
    const c = conf("ari.conf", "[u]\ntype = user\npassword = x\n");
    expect(readAri(c, NONE, 18).enabled).toBe(true);
    expect(readAri(c, NONE, 20).enabled).toBe(false);
  });
  test("[general] with an unknown key and no type = general does not load (20+); with type = general it does", () => {
    expect(readAri(conf("ari.conf", "[general]\nbogus = 1\n"), NONE, 22).enabled).toBe(false);
    expect(readAri(conf("ari.conf", "[general]\ntype = general\nbogus = 1\n"), NONE, 22).enabled).toBe(true);
    expect(readAri(conf("ari.conf", "[general]\npretty = yes\n"), NONE, 22).enabled).toBe(true);
  });
  test("enabled = no turns it off; users keep their format", () => {
    expect(readAri(conf("ari.conf", "[general]\nenabled = no\n"), NONE, 22).enabled).toBe(false);
    const a = readAri(conf("ari.conf", "[general]\n[a]\ntype = user\npassword = p\npassword_format = crypt\n[b]\ntype = user\npassword = q\n"), NONE, 22);
    expect(a.users.map((u) => [u.name, u.format])).toEqual([["a", "crypt"], ["b", "plain"]]);
  });
});

describe("AMI users", () => {
  const users = "[general]\nhasmanager = yes\nsecret = fromgeneral\n[6000]\n[6001]\nhasmanager = no\n[6002]\nsecret =\n";
  test("users.conf users up to 22 with [general] defaults; none at 23; an empty secret is not set", () => {
    const m = conf("manager.conf", "[general]\nenabled = yes\n[admin]\nsecret = s\n");
    const u = conf("users.conf", users);
    const at22 = readAmi(m, u, NONE, 22);
    expect(at22.users.map((x) => [x.name, x.source, x.secretValue])).toEqual([
      ["admin", "manager.conf", "s"],
      ["6000", "users.conf", "fromgeneral"],
      ["6002", "users.conf", null],
    ]);
    expect(readAmi(m, u, NONE, 23).users.map((x) => x.name)).toEqual(["admin"]);
  });
  test("write classes: dangerous ones, unknown names ignored", () => {
    const m = conf("manager.conf", "[general]\nenabled = yes\n[a]\nsecret = s\nwrite = call.log, Originate ,config\n");
    expect(readAmi(m, null, NONE, 22).users[0].dangerous).toEqual(["config", "originate"]);
  });
});

describe("PJSIP", () => {
  test("defaults: identify_by username,ip, context default, order ip,username,anonymous", () => {
    const p = readPjsip(conf("pjsip.conf", "[t]\ntype = transport\n[e]\ntype = endpoint\n"), 22);
    expect(p.endpoints[0].identifyBy).toEqual(["username", "ip"]);
    expect(p.endpoints[0].context).toBe("default");
    expect(p.identifierOrder).toEqual(["ip", "username", "anonymous"]);
  });
});

describe("weak secrets", () => {
  test.each([
    ["admin", "", "empty"],
    ["admin", "amp111", "well-known"],
    ["admin", "Admin", "user name"],
    ["admin", "short12", "fewer than 8"],
  ])("%s / '%s' is weak (%s)", (user, secret, why) => {
    expect(weakSecret(user, secret)).toContain(why);
  });
  test("long random secrets and placeholders are not judged weak", () => {
    expect(weakSecret("admin", "3f0c9b7e2a6d")).toBeNull();
    expect(weakSecret("admin", "{{ ami_secret }}")).toBeNull();
    expect(weakSecret("admin", "${AMI_SECRET}")).toBeNull();
  });
});
