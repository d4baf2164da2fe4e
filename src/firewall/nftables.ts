/**
 * nftables: the `nft -f` file syntax of `/etc/nftables.conf` (with its `include`s, `define`s,
 * `flush ruleset`, `table { chain { ... } set { ... } }` blocks and `add`/`insert` commands) and
 * the output of `nft list ruleset`, which is the same syntax. Compiled to model.ts: base chains
 * on the input path (filter chains on the prerouting and input hooks, nat chains on prerouting,
 * netdev ingress chains) and the chains they jump to. Anything not understood becomes an
 * `unknown` condition or verdict (tried both ways by the evaluator) or, where a whole block
 * cannot be read, a fatal marker with its file and line.
 *
 * The stages live in nftables-tokens.ts (tokens, includes, defines), nftables-tables.ts (tables,
 * chains, sets) and nftables-rules.ts (one rule to conditions); this file runs them.
 */

import * as path from "node:path";
import type { Family } from "./addr-set.js";
import { type BaseChain, type Rule, type Ruleset, type UnknownMarker, emptyRuleset, srcRef } from "./model.js";
import type { RootFs } from "../io/fs.js";
import { globMatches } from "../io/glob.js";
import { RuleCompiler, type RuleCtx } from "./nftables-rules.js";
import { type NftTable, Parser } from "./nftables-tables.js";
import { Fatal, type IncludeResolver, type NftSource, type Tok, expandDefines, expandIncludes } from "./nftables-tokens.js";

export type { IncludeResolver } from "./nftables-tokens.js";

/** Parses nft syntax from `main` (following includes) and compiles the input path. */
export function parseNftables(main: NftSource, resolve: IncludeResolver): Ruleset {
  const rs = emptyRuleset("nftables");
  const texts = new Map<string, string[]>();
  const lineText = (t: Tok) => (texts.get(t.file)?.[t.line - 1] ?? t.t).trim();
  const marker = (t: Tok, reason: string): UnknownMarker => ({ file: t.file, line: t.line, text: lineText(t), reason });
  try {
    const toks = expandIncludes(main, resolve, texts, rs, marker, 0, []);
    const expanded = expandDefines(toks, marker);
    const tables = new Parser(expanded, marker).parse();
    compile(tables, rs, lineText, marker);
  } catch (e) {
    if (e instanceof Fatal) rs.fatal ??= e.marker;
    else throw e;
  }
  return rs;
}

const INPUT_HOOKS = new Set(["input", "prerouting", "ingress"]);

function compile(
  tables: NftTable[],
  rs: Ruleset,
  lineText: (t: Tok) => string,
  marker: (t: Tok, reason: string) => UnknownMarker,
): void {
  for (const tb of tables) {
    const fams: Family[] | null =
      tb.family === "ip" ? [4] : tb.family === "ip6" ? [6] : tb.family === "inet" || tb.family === "netdev" ? [4, 6] : null;
    if (!fams) {
      rs.markers.push(marker(tb.tok, `table family ${tb.family} does not filter IP input; skipped`));
      continue;
    }
    if (tb.dormant) {
      rs.markers.push(marker(tb.tok, `table ${tb.family} ${tb.name} is dormant; skipped`));
      continue;
    }
    const id = (name: string) => `${tb.family}:${tb.name}:${name}`;
    const ctx: RuleCtx = { table: tb, chainId: id };
    for (const c of tb.chains.values()) {
      const rules: Rule[] = [];
      for (const r of c.rules) {
        const first = r.toks[0];
        rules.push(...new RuleCompiler(r.toks, ctx, srcRef(first.file, first.line, lineText(first))).compile());
      }
      rs.chains.set(id(c.name), { id: id(c.name), rules });
      if (!c.hook || !INPUT_HOOKS.has(c.hook)) continue;
      if (c.type !== "filter" && !(c.type === "nat" && c.hook === "prerouting")) continue;
      if (c.hook === "ingress" && !c.devices?.length) {
        rs.markers.push(marker(c.tok, "ingress chain without devices; skipped"));
        continue;
      }
      const pol = (c.policy?.verdict ?? "accept").toLowerCase();
      if (pol !== "accept" && pol !== "drop") {
        throw new Fatal(marker(c.policy?.tok ?? c.tok, `policy '${pol}' not understood`));
      }
      const at = c.policy?.tok ?? c.tok;
      const base: BaseChain = {
        chain: id(c.name),
        families: fams,
        policy: pol,
        because: {
          policy: `policy ${pol} of chain ${tb.family} ${tb.name} ${c.name}${c.policy ? "" : " (no policy: accept)"}`,
          file: at.file,
          line: at.line,
        },
      };
      if (c.hook === "ingress") base.devices = c.devices;
      rs.bases.push(base);
    }
  }
  for (const f of [4, 6] as Family[]) {
    if (!rs.bases.some((b) => b.families.includes(f))) {
      rs.missingFamily[f] = {
        policy: `no nftables chain on the input hook filters IPv${f}`,
        file: rs.files[0] ?? "",
        line: 1,
      };
    }
  }
}

/** An include resolver over a RootFs (paths inside the root; globs sorted like nft does). */
export function rootIncludeResolver(fs: RootFs, display: (p: string) => string = (p) => p): IncludeResolver {
  // nft's include_glob() (src/scanner.l) calls glob(pattern, GLOB_MARK): plain glob(3), no
  // braces; a leading "." is matched only explicitly; directories are skipped.
  const GLOB = /[*?[]/;
  const expand = (pattern: string): string[] => globMatches(fs, pattern).paths;
  return (pattern, from) => {
    const fromDir = path.posix.dirname(from.real ?? from.file);
    const candidates = pattern.startsWith("/")
      ? [pattern]
      : [...(fromDir.startsWith("/") ? [path.posix.join(fromDir, pattern)] : []), path.posix.join("/etc", pattern), path.posix.join("/etc/nftables", pattern)];
    const isGlob = GLOB.test(pattern);
    for (const cand of candidates) {
      const files = (isGlob ? expand(cand) : [cand]).filter((p) => fs.resolve(p).ok && !fs.isDir(p));
      if (files.length === 0 && !isGlob) continue;
      const out: NftSource[] = [];
      for (const f of files) {
        const text = fs.readText(f);
        if (text === null) return { files: [], error: `include "${pattern}": ${f} cannot be read` };
        out.push({ file: display(f), real: f, text });
      }
      if (isGlob && out.length === 0 && cand !== candidates[candidates.length - 1]) continue;
      return { files: out };
    }
    return { files: [], error: `include "${pattern}": no such file` };
  };
}
