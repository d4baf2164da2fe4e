/**
 * Asterisk ACLs (src/asterisk/acl.ts) against Asterisk's own evaluation (main/acl.c at 22.x):
 * last match wins from allow, any list denying rejects, IPv4 rules skip native IPv6 clients,
 * `!` inverts, named lists from acl.conf, unparsable values. The set computation is also checked
 * against a direct per-address replay of ast_apply_ha() on random rule lists.
 */
import { describe, expect, test } from "@jest/globals";
import type { AstVar } from "../../src/asterisk/config-loader.js";
import type { Location } from "../../src/core/types.js";
import { aclReach, aclAdmits, parseHaValue, sectionAcl, type NamedAclSource } from "../../src/asterisk/acl.js";
import { addrValue, type IvSet } from "../../src/firewall/addr-set.js";

/** Is `x` in the interval set? (test helper: src/ never asks) */
const ivContains = (a: IvSet, x: bigint): boolean => a.some(([lo, hi]) => lo <= x && x <= hi);

const loc: Location = { file: "manager.conf", line: 1, column: 1, endLine: 1, endColumn: 2 };
const v = (key: string, value: string): AstVar => ({ key, value, loc, keyLoc: loc, valueLoc: loc });
const NONE: NamedAclSource = { conf: null, unknown: "no acl.conf" };

function admits(vars: AstVar[], addr: string, named: NamedAclSource = NONE): boolean {
  const family = addrValue(addr, 4) !== null ? 4 : 6;
  return ivContains(aclAdmits(sectionAcl(vars, named), family), addrValue(addr, family)!);
}

describe("ast_apply_ha semantics", () => {
  test("no lines: everyone, both families", () => {
    const acl = sectionAcl([], NONE);
    expect(aclReach(acl, 4).verdict).toBe("everyone");
    expect(aclReach(acl, 6).verdict).toBe("everyone");
  });

  test("IPv4 deny-all + loopback permit: IPv4 loopback only, native IPv6 clients untouched", () => {
    const vars = [v("deny", "0.0.0.0/0.0.0.0"), v("permit", "127.0.0.1/255.255.255.0")];
    const acl = sectionAcl(vars, NONE);
    expect(aclReach(acl, 4).verdict).toBe("loopback-only");
    expect(aclReach(acl, 6).verdict).toBe("everyone");
    expect(admits(vars, "127.0.0.200")).toBe(true);
    expect(admits(vars, "192.0.2.1")).toBe(false);
    expect(admits(vars, "2001:db8::1")).toBe(true);
  });

  test("last matching line wins, in file order", () => {
    const vars = [v("deny", "0.0.0.0/0"), v("permit", "10.0.0.0/8"), v("deny", "10.1.0.0/16")];
    expect(admits(vars, "10.1.2.3")).toBe(false);
    expect(admits(vars, "10.2.3.4")).toBe(true);
    expect(admits(vars, "192.0.2.1")).toBe(false);
    const reversed = [v("deny", "0.0.0.0/0"), v("deny", "10.1.0.0/16"), v("permit", "10.0.0.0/8")];
    expect(admits(reversed, "10.1.2.3")).toBe(true);
    expect(aclReach(sectionAcl(vars, NONE), 4).verdict).toBe("restricted");
  });

  test("comma lists and ! invert an element; elements are not trimmed, so a blank after a comma is an invalid address", () => {
    const vars = [v("deny", "0.0.0.0/0"), v("permit", "192.0.2.0/24,!192.0.2.7")];
    expect(admits(vars, "192.0.2.8")).toBe(true);
    expect(admits(vars, "192.0.2.7")).toBe(false);
    expect(sectionAcl([v("permit", "192.0.2.0/24, 10.0.0.0/8")], NONE).invalid).not.toBeNull();
  });

  test("permit/deny lines after an acl = line still join the one baseline list", () => {
    const named: NamedAclSource = {
      unknown: null,
      conf: { section: (name: string) => (name === "all" ? { name, template: false, loc, vars: [], get: () => undefined } : undefined) } as unknown as NamedAclSource["conf"],
    };
    // One baseline list: deny all, then permit 10/8 -> 10.1.2.3 admitted.
    const vars = [v("deny", "0.0.0.0/0"), v("acl", "all"), v("permit", "10.0.0.0/8")];
    expect(admits(vars, "10.1.2.3", named)).toBe(true);
    expect(sectionAcl(vars, named).lists.map((l) => l.name)).toEqual([null, "all"]);
  });

  test("an IPv4-mapped IPv6 rule is an IPv4 rule (and its CIDR mask is then an IPv4 one)", () => {
    const vars = [v("deny", "::ffff:192.0.2.7")];
    expect(sectionAcl(vars, NONE).lists[0].rules[0].family).toBe(4);
    expect(admits(vars, "192.0.2.7")).toBe(false);
    expect(admits(vars, "2001:db8::7")).toBe(true);
    expect(sectionAcl([v("deny", "::ffff:0.0.0.0/96")], NONE).invalid).not.toBeNull();
  });

  test("an IPv6 deny restricts IPv6 clients only", () => {
    const vars = [v("deny", "::/0"), v("permit", "2001:db8::/32")];
    const acl = sectionAcl(vars, NONE);
    expect(aclReach(acl, 6).verdict).toBe("restricted");
    expect(aclReach(acl, 4).verdict).toBe("everyone");
  });

  test("any list denying rejects: a permissive baseline does not override a named list", () => {
    const named: NamedAclSource = {
      unknown: null,
      conf: {
        section: (name: string) =>
          name === "office" ? { name, template: false, loc, vars: [v("deny", "0.0.0.0/0"), v("permit", "192.0.2.0/24")], get: () => undefined } : undefined,
      } as unknown as NamedAclSource["conf"],
    };
    const vars = [v("permit", "0.0.0.0/0"), v("acl", "office")];
    expect(admits(vars, "198.51.100.1", named)).toBe(false);
    expect(admits(vars, "192.0.2.9", named)).toBe(true);
  });

  test("an unresolved name is kept and said, and does not restrict", () => {
    const acl = sectionAcl([v("acl", "nosuch")], NONE);
    expect(acl.lists[0].unresolved).toContain("no acl.conf");
    expect(aclReach(acl, 4).verdict).toBe("everyone");
  });

  test("values Asterisk rejects make the ACL invalid", () => {
    expect(sectionAcl([v("permit", "not-an-address")], NONE).invalid).not.toBeNull();
    expect(sectionAcl([v("permit", "10.0.0.0/ffff::")], NONE).invalid).not.toBeNull();
    expect(parseHaValue("deny", "10.0.0.0/33", loc)).toBeNull();
    expect(parseHaValue("permit", "[2001:db8::1]", loc)).not.toBeNull();
  });

  test("a non-contiguous mask matches what (addr & mask) == net matches", () => {
    const vars = [v("deny", "0.0.0.0/0"), v("permit", "10.0.0.1/255.255.0.255")];
    expect(admits(vars, "10.0.77.1")).toBe(true);
    expect(admits(vars, "10.0.77.2")).toBe(false);
  });
});

describe("set evaluation equals a per-address replay of ast_apply_ha", () => {
  // A small deterministic PRNG (no Math.random: reproducible failures).
  let seed = 12345;
  const rnd = (n: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  const ip = () => `${[10, 192, 172, 127][rnd(4)]}.${rnd(4)}.${rnd(4)}.${rnd(4)}`;
  test("200 random rule lists x 50 addresses", () => {
    for (let i = 0; i < 200; i++) {
      const lines = Array.from({ length: 1 + rnd(5) }, () => v(rnd(2) ? "permit" : "deny", `${ip()}/${[0, 8, 16, 24, 30, 32][rnd(6)]}`));
      for (let j = 0; j < 50; j++) {
        const a = ip();
        // Replay: start from allow; every matching rule sets the result.
        let res = true;
        for (const l of lines) {
          const [net, len] = l.value.split("/");
          const mask = Number(len) === 0 ? 0n : ((1n << BigInt(Number(len))) - 1n) << BigInt(32 - Number(len));
          if ((addrValue(a, 4)! & mask) === (addrValue(net, 4)! & mask)) res = l.key === "permit";
        }
        expect(admits(lines, a)).toBe(res);
      }
    }
  });
});

describe("cost", () => {
  test("a long rule list is evaluated in n log n: 10x the rules cost well under 100x the time", () => {
    const lines = (n: number) => Array.from({ length: n }, (_, i) => v(i % 3 ? "permit" : "deny", `${10 + (i % 200)}.${(i * 7) % 256}.${(i * 13) % 256}.0/24`));
    const time = (n: number) => {
      const vars = lines(n);
      const t0 = process.hrtime.bigint();
      aclReach(sectionAcl(vars, NONE), 4);
      return Number(process.hrtime.bigint() - t0);
    };
    time(500); // warm up
    const small = Math.min(time(2000), time(2000));
    const large = Math.min(time(20000), time(20000));
    expect(large / small).toBeLessThan(60);
  });
});
