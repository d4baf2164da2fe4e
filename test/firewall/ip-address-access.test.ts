import { describe, expect, test } from "@jest/globals";
import { evaluateIpAddressAccess, ipAccessEntrySet } from "../../src/firewall/ip-address-access.js";
import { isLarge, ivSize, nonLocalSources, parseAddrSpec } from "../../src/firewall/addr-set.js";

describe("IPAddressAllow= / IPAddressDeny=", () => {
  test("no lists: unrestricted", () => {
    expect(evaluateIpAddressAccess([], [], 4)).toEqual({ verdict: "unrestricted", decisive: null, invalid: [], allowWithoutDeny: false });
  });

  test("Deny=any: blocked, decided by the deny entry", () => {
    const r = evaluateIpAddressAccess([], ["any"], 6);
    expect(r.verdict).toBe("blocked");
    expect(r.decisive).toEqual({ list: "deny", entry: "any" });
  });

  test("Deny=any with Allow=localhost: blocked for other hosts", () => {
    expect(evaluateIpAddressAccess(["localhost"], ["any"], 4).verdict).toBe("blocked");
    expect(evaluateIpAddressAccess(["localhost"], ["any"], 6).verdict).toBe("blocked");
  });

  test("Deny=any with Allow=a subnet: restricted, decided by the allow entry (allow wins over deny)", () => {
    const r = evaluateIpAddressAccess(["localhost 10.0.0.0/8"], ["any"], 4);
    expect(r.verdict).toBe("restricted");
    expect(r.decisive).toEqual({ list: "allow", entry: "10.0.0.0/8" });
    // The IPv4 subnet does not open IPv6.
    expect(evaluateIpAddressAccess(["localhost 10.0.0.0/8"], ["any"], 6).verdict).toBe("blocked");
  });

  test("an Allow list without a Deny list has no effect", () => {
    const r = evaluateIpAddressAccess(["10.0.0.0/8"], [], 4);
    expect(r.verdict).toBe("unrestricted");
    expect(r.allowWithoutDeny).toBe(true);
  });

  test("denying a few addresses leaves the port open (a blacklist)", () => {
    expect(evaluateIpAddressAccess([], ["203.0.113.0/24 198.51.100.7"], 4).verdict).toBe("unrestricted");
  });

  test("Allow=any re-opens everything", () => {
    const r = evaluateIpAddressAccess(["any"], ["any"], 4);
    expect(r.verdict).toBe("unrestricted");
    expect(r.decisive).toEqual({ list: "allow", entry: "any" });
  });

  test("link-local and multicast", () => {
    expect(evaluateIpAddressAccess(["link-local"], ["any"], 6).verdict).toBe("restricted");
    expect(evaluateIpAddressAccess(["multicast"], ["any"], 4).decisive).toEqual({ list: "allow", entry: "multicast" });
  });

  test("invalid entries are ignored, as systemd does", () => {
    const r = evaluateIpAddressAccess(["notanip", "10.0.0.0/33"], ["any", "1.2.3.4-1.2.3.5"], 4);
    expect(r.invalid).toEqual(["notanip", "10.0.0.0/33", "1.2.3.4-1.2.3.5"]);
    expect(r.verdict).toBe("blocked");
  });

  test("entry sets", () => {
    expect(ipAccessEntrySet("any", 4)).toEqual([[0n, 0xffffffffn]]);
    expect(ipAccessEntrySet("::1", 4)).toEqual([]);
    expect(ipAccessEntrySet("192.168.1.0/24", 4)).toEqual([[0xc0a80100n, 0xc0a801ffn]]);
    expect(ipAccessEntrySet("bogus", 4)).toBeNull();
  });
});

describe("address sets", () => {
  test("prefixes, masks, ranges", () => {
    expect(parseAddrSpec("10.0.0.0/255.0.0.0", 4)).toEqual(parseAddrSpec("10.0.0.0/8", 4));
    expect(parseAddrSpec("10.0.0.1-10.0.0.9", 4)).toEqual([0x0a000001n, 0x0a000009n]);
    expect(parseAddrSpec("10.0.0.5/8", 4)).toEqual([0x0a000000n, 0x0affffffn]);
    expect(parseAddrSpec("fe80::/10", 6)![0]).toBe(0xfe80n << 112n);
    expect(parseAddrSpec("10.0.0.0/255.0.255.0", 4)).toBeNull();
    expect(parseAddrSpec("10.0.0.0", 6)).toBeNull();
  });

  test("large means at least half of the non-local sources", () => {
    expect(ivSize(nonLocalSources(4))).toBe((1n << 32n) - (1n << 24n));
    expect(isLarge(nonLocalSources(4), 4)).toBe(true);
    expect(isLarge([parseAddrSpec("10.0.0.0/8", 4)!], 4)).toBe(false);
  });
});
