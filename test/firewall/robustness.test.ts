import { describe, expect, test } from "@jest/globals";
import { parseNftables } from "../../src/firewall/nftables.js";
import { iptablesRuleset, parseIptablesSave } from "../../src/firewall/iptables.js";
import { firewalldZoneRuleset, parseXml } from "../../src/firewall/firewalld.js";
import { evaluateRuleset } from "../../src/firewall/evaluate.js";
import { detectFormat } from "../../src/firewall/reachability.js";
import { listen } from "./helpers.js";
import { cpuNow } from "../cost.js";

const q = { port: 5038, family: 4 as const, listenAddress: listen("0.0.0.0:5038") };
const noInclude = () => ({ files: [], error: "no includes" });

/** A deterministic pseudo-random generator (no dependency on Math.random). */
function rng(seed: number) {
  let x = seed >>> 0;
  return () => {
    x = (x * 1664525 + 1013904223) >>> 0;
    return x / 2 ** 32;
  };
}

const PIECES = ["table", "inet", "chain", "{", "}", ";", "\n", "type", "filter", "hook", "input", "policy", "drop", "accept", "tcp", "dport", "5038", "ip", "saddr", "10.0.0.0/8", "@s", "$V", "define", "=", "jump", "x", '"', "#", "\\", "vmap", ":", ",", "-A", "INPUT", "-j", "*filter", ":INPUT", "COMMIT", "<zone>", "</zone>", "<port", "port=\"5038\"", "/>", "!="];

describe("robustness", () => {
  test("random token soup never throws, whatever the reader", () => {
    const r = rng(42);
    for (let n = 0; n < 400; n++) {
      const len = Math.floor(r() * 60);
      let text = "";
      for (let i = 0; i < len; i++) text += PIECES[Math.floor(r() * PIECES.length)] + (r() < 0.3 ? "\n" : " ");
      expect(() => evaluateRuleset(parseNftables({ file: "f", text }, noInclude), q)).not.toThrow();
      expect(() => evaluateRuleset(iptablesRuleset([parseIptablesSave(text, "f", 4)]), q)).not.toThrow();
      expect(() => evaluateRuleset(firewalldZoneRuleset({ file: "z.xml", text }), q)).not.toThrow();
      expect(() => parseXml(text)).not.toThrow();
      expect(() => detectFormat(text)).not.toThrow();
    }
  });

  test("long blank runs and long words stay fast", () => {
    const blanks = " ".repeat(200_000) + "\n".repeat(200_000);
    const word = "a".repeat(200_000);
    const start = cpuNow();
    detectFormat(blanks + word);
    parseXml(`<zone ${word}>`);
    parseXml(`<zone a${" ".repeat(100_000)}`);
    parseNftables({ file: "f", text: blanks + word }, noInclude);
    parseIptablesSave(blanks + word, "f", 4);
    expect(cpuNow() - start).toBeLessThan(3000);
  });

  test("a large rule set evaluates quickly", () => {
    let nft = "table inet filter {\n  set bad { type ipv4_addr; flags interval; elements = {";
    for (let i = 0; i < 20000; i++) nft += ` 100.${(i >> 8) & 255}.${i & 255}.0/24,`;
    nft += " 1.1.1.1 }\n  }\n  chain input {\n    type filter hook input priority 0; policy drop;\n    ip saddr @bad drop\n";
    for (let i = 0; i < 3000; i++) nft += `    tcp dport ${10000 + i} ip saddr 192.0.2.${i % 250} accept\n`;
    nft += "    tcp dport 5038 accept\n  }\n}\n";
    const start = cpuNow();
    const v = evaluateRuleset(parseNftables({ file: "f", text: nft }, noInclude), q);
    expect(v.verdict).toBe("unrestricted");
    expect(cpuNow() - start).toBeLessThan(5000);
  });
});
