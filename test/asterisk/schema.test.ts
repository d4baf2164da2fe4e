/**
 * The Asterisk schema: option value checks (strtol base 0, ast_true), section classification,
 * the effective-value API, version detection from a root, and linear growth on large pjsip.conf.
 */
import { describe, expect, it } from "@jest/globals";
import { checkOptionValue, isAclElement, parseCInteger, parseOptionType } from "../../src/asterisk/option-types.js";
import { DATA_REGEXES, NEWEST_RELEASED_MAJOR, parseAsteriskVersionArg, schemaWork } from "../../src/asterisk/schema.js";
import { ASTERISK_OPTION_ROWS } from "../../src/data/asterisk-options.js";
import { ASTERISK_SECTION_ROWS } from "../../src/data/asterisk-sections.js";
import { asteriskFromBinaryBytes, asteriskFromDpkgStatus, asteriskFromRpmDatabase, majorOf } from "../../src/model/asterisk-version.js";
import { lint } from "../../src/lint.js";
import { nodeBackend, type FsBackend } from "../../src/io/fs.js";
import * as path from "node:path";
import { makeTree } from "../helpers.js";

describe("option value checks", () => {
  it("numbers follow strtol base 0", () => {
    expect(parseCInteger("0x10")).toBe(16);
    expect(parseCInteger("010")).toBe(8);
    expect(parseCInteger("0")).toBe(0);
    expect(parseCInteger("-3")).toBe(-3);
    expect(parseCInteger("08")).toBeNull(); // not octal
    expect(parseCInteger("10s")).toBeNull();
    expect(parseCInteger("")).toBeNull();
    const uint = parseOptionType("uint");
    expect(checkOptionValue(uint, "0x10")).toBeNull();
    expect(checkOptionValue(uint, "-1")?.kind).toBe("negative");
    expect(checkOptionValue(uint, "4294967296")?.kind).toBe("out-of-range");
    expect(checkOptionValue(parseOptionType("int"), "60s")?.kind).toBe("not-a-number");
    // hand-written loops read with atoi(): leading digits only
    expect(checkOptionValue(uint, "0x10", true)?.kind).toBe("not-a-number");
    expect(checkOptionValue(uint, "5038", true)).toBeNull();
  });

  it("booleans are never rejected, only misread", () => {
    const b = parseOptionType("bool");
    for (const v of ["yes", "No", "1", "off", "T", "n"]) expect(checkOptionValue(b, v)).toBeNull();
    expect(checkOptionValue(b, "enable")?.kind).toBe("bool-neither");
    expect(checkOptionValue(b, '"yes"')?.kind).toBe("bool-neither");
  });

  it("enumerations and lists of them", () => {
    expect(checkOptionValue(parseOptionType("enum:udp|tcp|tls"), "TLS")).toBeNull();
    expect(checkOptionValue(parseOptionType("enum:udp|tcp|tls"), "sctp")?.kind).toBe("undocumented");
    expect(checkOptionValue(parseOptionType("enumlist:username|ip"), "ip, username")).toBeNull();
    expect(checkOptionValue(parseOptionType("enumlist:username|ip"), "ip,usernme")?.message).toContain("usernme");
  });

  it("addresses and ACL elements", () => {
    const sa = parseOptionType("sockaddr");
    for (const v of ["0.0.0.0", "127.0.0.1:5038", "[::]:8088", "::1"]) expect(checkOptionValue(sa, v)).toBeNull();
    for (const v of ["pbx.example.com", "1.2.3.4:99999", "[::1"]) expect(checkOptionValue(sa, v)?.kind).toBe("bad-address");
    // main/acl.c ast_append_ha(): any address-form mask of the same family, CIDR read by sscanf("%d")
    for (const v of ["10.0.0.0/8", "10.0.0.0/255.0.0.0", "10.0.0.0/255.0.255.0", "!192.168.1.1", "2001:db8::/32", "[2001:db8::1]", "0.0.0.0/0.0.0.0", "10.0.0.0/ 8", "10.0.0.0/24x", "::ffff:10.0.0.1/255.255.255.0"]) {
      expect([v, isAclElement(v)]).toEqual([v, true]);
    }
    for (const v of ["10.0.0.0/33", "10.0.0.0/-1", "10.0.0.0/ffff::", "host", "", " 10.0.0.1", "10.0.0.0/x", "! 10.0.0.1"]) expect([v, isAclElement(v)]).toEqual([v, false]);
    expect(checkOptionValue(parseOptionType("acl"), "10.0.0.0/8,192.168.0.0/16")).toBeNull();
    // split at commas without trimming: the blank makes " 192.168.0.0/16" an invalid address
    expect(checkOptionValue(parseOptionType("acl"), "10.0.0.0/8, 192.168.0.0/16")?.message).toContain("without trimming");
  });
});

describe("data regexes", () => {
  it("every regex of the data has a reviewed literal", () => {
    const used = [
      ...ASTERISK_SECTION_ROWS.map((r) => /(?:^|:)(?:not-)?regex:(.*)$/.exec(r[2])?.[1]),
      ...ASTERISK_OPTION_ROWS.map((r) => (r[2].startsWith("^") ? r[2] : undefined)),
    ].filter((s): s is string => s !== undefined);
    expect(used.length).toBeGreaterThan(0);
    expect(used.filter((s) => !(s in DATA_REGEXES))).toEqual([]);
    expect(DATA_REGEXES["^parkinglot_.*$"]!.test("ParkingLot_sales")).toBe(true);
    expect(DATA_REGEXES["^[0-9A-D*#]+$"]!.test("*1")).toBe(true);
  });
});

describe("version", () => {
  it("--asterisk-version values", () => {
    expect(parseAsteriskVersionArg("20")).toBe(20);
    expect(parseAsteriskVersionArg("22.10.1")).toBe(22);
    expect(parseAsteriskVersionArg("23.5.0-rc1")).toBe(23);
    expect(parseAsteriskVersionArg(21)).toBe(21);
    for (const bad of ["19", "16.30.0", "22.x", "latest", "", "2 2"]) expect(parseAsteriskVersionArg(bad)).toBeNull();
    expect(NEWEST_RELEASED_MAJOR).toBe(22);
  });

  it("reads dpkg status, rpm bytes and the binary's version strings", () => {
    expect(majorOf("1:20.6.0~dfsg+~cs6.13.40431414-2")).toBe(20);
    const status = "Package: asterisk-modules\nStatus: install ok installed\nVersion: 1:18.0.0\n\nPackage: asterisk\nStatus: install ok installed\nVersion: 1:22.5.2~dfsg-1\n";
    expect(asteriskFromDpkgStatus(status)).toEqual({ pkg: "asterisk", version: "1:22.5.2~dfsg-1" });
    expect(asteriskFromDpkgStatus("Package: asterisk\nStatus: deinstall ok config-files\nVersion: 1:22.5.2\n")).toBeNull();
    const enc = (s: string) => new TextEncoder().encode(s);
    // a file that is neither SQLite nor Berkeley DB (ndb): the header's NAME\0VERSION\0RELEASE as bytes
    expect(asteriskFromRpmDatabase(enc("xx\0asterisk20-core\x0020.11.1\x001.el9\0yy"))).toEqual({ pkg: "asterisk20-core", version: "20.11.1", release: "1.el9" });
    expect(asteriskFromRpmDatabase(enc("\0asterisk\x0020.11.1\x001\0\0asterisk\x0022.5.2\x001\0"))).toBeNull();
    expect(asteriskFromBinaryBytes(enc("\0Asterisk %s built\0" + "21.5.0\0" + "210500\0"))).toBe("21.5.0");
    // a version-like string without its ASTERISK_VERSION_NUM twin is not taken
    expect(asteriskFromBinaryBytes(enc("\x0018.1.2\0other\0"))).toBeNull();
  });

  it("detects the version from the binary under a root and says where it came from", async () => {
    const root = makeTree({
      "etc/asterisk/features.conf": "[featuremap]\nautomon = *1\n",
      "usr/sbin/asterisk": "\x7fELF....\0Asterisk %s\0" + "20.15.2\0" + "201502\0",
    });
    const r = await lint({ paths: [], root });
    expect(r.asteriskVersion).toBe(20);
    expect(r.asteriskVersionSource).toBe("version string of /usr/sbin/asterisk (20.15.2)");
    expect(r.findings.filter((f) => f.ruleId === "asterisk-unknown-option")).toEqual([]);
  });
});

describe("modes", () => {
  const PJSIP = "[6001]\ntype = endpoint\nsecret = x\n";
  it("host mode (no PATH, no --root) reads /etc/asterisk and the dpkg database of the host", async () => {
    const host = makeTree({
      "etc/asterisk/pjsip.conf": PJSIP,
      "var/lib/dpkg/status": "Package: asterisk\nStatus: install ok installed\nVersion: 1:20.6.0~dfsg-1\n",
    });
    // The host's / seen through a directory: every host path is looked up under `host`.
    const mapped: FsBackend = {
      lstat: (p) => nodeBackend.lstat(path.join(host, p)),
      readlink: (p) => nodeBackend.readlink(path.join(host, p)),
      readdir: (p) => nodeBackend.readdir(path.join(host, p)),
      readFile: (p, n) => nodeBackend.readFile(path.join(host, p), n),
    };
    const r = await lint({ paths: [], fsBackend: mapped });
    expect(r.asteriskVersion).toBe(20);
    expect(r.asteriskVersionSource).toContain("dpkg status database");
    expect(r.findings.filter((f) => f.ruleId === "asterisk-unknown-option").map((f) => [f.file, f.line])).toEqual([["/etc/asterisk/pjsip.conf", 3]]);
  });

  it("repository mode: a pjsip.conf given as a PATH, and a directory named asterisk", async () => {
    const repo = makeTree({ "roles/pbx/files/asterisk/pjsip.conf": PJSIP, "roles/pbx/files/asterisk/features.conf": "[general]\nparkext = 700\n" });
    const r = await lint({ paths: [repo] });
    const hits = r.findings.filter((f) => f.ruleId === "asterisk-unknown-option").map((f) => path.basename(f.file));
    expect(hits.sort()).toEqual(["features.conf", "pjsip.conf"]);
    expect(r.asteriskVersionSource).toContain("no version stated or found");
  });
});

describe("effective values (AsteriskObject.option)", () => {
  it("gives the set value with its line and template, or the default", async () => {
    const root = makeTree({
      "etc/asterisk/pjsip.conf": "[tpl](!)\ntype = endpoint\ncontext = internal\n\n[6001](tpl)\nallow = ulaw\n\n[6001]\ntype = aor\n\n[global]\nuser_agent = X\n",
    });
    const r = await lint({ paths: [], root, asteriskVersion: 22 });
    const objs = r.model.asteriskObjects;
    const ep = objs.find((o) => o.kind?.object === "endpoint" && o.name === "6001")!;
    expect(ep.how).toBe("type");
    const ctx = ep.option("context")!;
    expect(ctx).toMatchObject({ value: "internal", isDefault: false, inheritedFrom: "tpl" });
    expect(ctx.loc?.line).toBe(3);
    expect(ep.option("direct_media")).toMatchObject({ value: "yes", isDefault: true });
    expect(ep.option("no_such_key")).toBeNull();
    expect(objs.find((o) => o.kind?.object === "aor")?.name).toBe("6001");
    // [global] without type: an explicit-name object because every key is a global option
    expect(objs.find((o) => o.name === "global")?.how).toBe("explicit-name");
  });
});

describe("growth", () => {
  const tree = (n: number): string => {
    const parts = ["[global]\ntype = global\n", "[phone](!)\ntype = endpoint\ncontext = internal\ndtmfmode = rfc4733\n"];
    for (let i = 0; i < n; i++) {
      parts.push(`[${1000 + i}](phone)\naors = ${1000 + i}\nauth = ${1000 + i}\nsecret = s${i}\nqualify_frequency = 60s\n`);
      parts.push(`[${1000 + i}]\ntype = aor\nmax_contacts = 1\n`);
      parts.push(`[${1000 + i}]\ntype = auth\nusername = ${1000 + i}\npassword = p${i}\n`);
    }
    return parts.join("\n");
  };
  it("work grows linearly with the number of endpoints (10x endpoints <= 12x work)", async () => {
    const measure = async (n: number) => {
      const root = makeTree({ "etc/asterisk/pjsip.conf": tree(n) });
      const before = schemaWork.steps;
      const r = await lint({ paths: [], root, asteriskVersion: 22 });
      const unknown = r.findings.filter((f) => f.ruleId === "asterisk-unknown-option");
      // the template line, and each endpoint's "secret" and (aor) "qualify_frequency"; the engine
      // shows at most 1,000 findings of a rule per file, then one saying how many more
      expect(unknown.length).toBe(Math.min(2 * n + 1, 1001));
      return schemaWork.steps - before;
    };
    const small = await measure(200);
    const large = await measure(2000);
    expect(small).toBeGreaterThan(0);
    expect(large / small).toBeLessThanOrEqual(12);
  });
});
