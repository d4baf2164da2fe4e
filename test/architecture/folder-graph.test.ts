/**
 * The rooms of src/ and the doors between them: the folder import graph has no circle, rules
 * never reach into the parser or the formatters, the parser imports only its own helpers, the
 * generated data and core types, and no hand-written source file grows past ~800 lines.
 */
import { describe, expect, test } from "@jest/globals";
import { readFileSync } from "node:fs";
import path from "node:path";
import { sourceFiles, SRC } from "./sources.js";


/** Relative module specifiers of static imports, re-exports and dynamic import() calls. */
function importSpecifiers(text: string): string[] {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
  const out: string[] = [];
  for (const m of code.matchAll(/\b(?:import|export)\b[^;"'`]*?\bfrom\s*["']([^"']+)["']|\bimport\s*\(\s*["']([^"']+)["']\s*\)|^\s*import\s*["']([^"']+)["']/gm)) {
    const spec = m[1] ?? m[2] ?? m[3];
    if (spec?.startsWith(".")) out.push(spec);
  }
  return out;
}

/** The room of a file: its top folder under src/, or the file itself for files directly in src/. */
function roomOf(file: string): string {
  const rel = path.relative(SRC, file).split(path.sep);
  return rel.length > 1 ? rel[0]! : rel[0]!.replace(/\.ts$/, ".ts");
}

type Graph = Map<string, Map<string, string[]>>;

function folderGraph(): Graph {
  const g: Graph = new Map();
  for (const file of sourceFiles(SRC)) {
    const from = roomOf(file);
    if (!g.has(from)) g.set(from, new Map());
    for (const spec of importSpecifiers(readFileSync(file, "utf8"))) {
      const target = path.resolve(path.dirname(file), spec).replace(/\.js$/, ".ts");
      if (!target.startsWith(SRC + path.sep)) continue;
      const to = roomOf(target);
      if (to === from) continue;
      const edges = g.get(from)!;
      const why = `${path.relative(SRC, file)} -> ${spec}`;
      edges.set(to, [...(edges.get(to) ?? []), why]);
    }
  }
  return g;
}

/** Strongly connected components with more than one room (Tarjan). */
function circles(g: Graph): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of g.get(v)?.keys() ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const comp: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        comp.push(w);
      } while (w !== v);
      if (comp.length > 1) out.push(comp.sort());
    }
  };
  for (const v of [...g.keys()].sort()) if (!idx.has(v)) visit(v);
  return out;
}

function edgesFrom(g: Graph, from: string, allowed: (to: string) => boolean): string[] {
  const out: string[] = [];
  for (const [to, why] of g.get(from) ?? []) if (!allowed(to)) out.push(...why);
  return out;
}

describe("folder import graph of src/", () => {
  const g = folderGraph();

  test("sees the rooms and the doors it must judge", () => {
    expect([...g.keys()]).toEqual(expect.arrayContaining(["core", "parser", "model", "rules", "formatters", "astlintrc", "cli", "io", "values"]));
    expect(g.get("rules")?.has("model")).toBe(true);
    expect(g.get("model")?.has("parser")).toBe(true);
  });

  test("has no circle", () => {
    const found = circles(g).map((c) => {
      const lines = c.flatMap((a) => c.filter((b) => g.get(a)?.has(b)).map((b) => `${a} -> ${b} (${g.get(a)!.get(b)![0]})`));
      return `${c.join(" <-> ")}: ${lines.join("; ")}`;
    });
    expect(found).toEqual([]);
  });

  test("rules never import the parser or the formatters", () => {
    expect(edgesFrom(g, "rules", (to) => to !== "parser" && to !== "formatters")).toEqual([]);
  });

  test("the parser imports only its own helpers, generated data and core types", () => {
    expect(edgesFrom(g, "parser", (to) => to === "core" || to === "data")).toEqual([]);
  });

  test("formatters and astlint's own configuration read rule metadata from core, not from rules/", () => {
    expect(edgesFrom(g, "formatters", (to) => to !== "rules")).toEqual([]);
    expect(edgesFrom(g, "astlintrc", (to) => to !== "rules")).toEqual([]);
  });

  test("hardening (the exposure score) never imports the rules or the parser", () => {
    expect(edgesFrom(g, "hardening", (to) => to !== "rules" && to !== "parser")).toEqual([]);
  });

  test("core imports nothing outside core", () => {
    expect(edgesFrom(g, "core", () => false)).toEqual([]);
  });
});

describe("the graph checks themselves", () => {
  test("a circle of three rooms is found; a chain is not", () => {
    const mk = (edges: [string, string][]): Graph => {
      const g: Graph = new Map();
      for (const [a, b] of edges) {
        if (!g.has(a)) g.set(a, new Map());
        if (!g.has(b)) g.set(b, new Map());
        g.get(a)!.set(b, [`${a}->${b}`]);
      }
      return g;
    };
    expect(circles(mk([["a", "b"], ["b", "c"], ["c", "a"], ["c", "d"]]))).toEqual([["a", "b", "c"]]);
    expect(circles(mk([["a", "b"], ["b", "c"], ["a", "c"]]))).toEqual([]);
  });

  test("import forms are all seen: import, import type, export from, dynamic import, side-effect import", () => {
    const text = [
      `import { a } from "./a.js";`,
      `import type {\n  B,\n} from "../b/b.js";`,
      `export { c } from "./c.js";`,
      `export * from "./d.js";`,
      `const e = await import("./e.js");`,
      `import "./f.js";`,
      `import x from "node:fs";`,
      `// import { z } from "./commented.js";`,
    ].join("\n");
    expect(importSpecifiers(text)).toEqual(["./a.js", "../b/b.js", "./c.js", "./d.js", "./e.js", "./f.js"]);
  });
});

describe("file size", () => {
  test("no hand-written source file over ~800 lines (src/data is generated)", () => {
    const big = sourceFiles(SRC)
      .filter((f) => !path.relative(SRC, f).startsWith("data" + path.sep))
      .map((f) => ({ f: path.relative(SRC, f), n: readFileSync(f, "utf8").split("\n").length }))
      .filter((x) => x.n > 820)
      .map((x) => `${x.f}: ${x.n} lines`);
    expect(big).toEqual([]);
  });
});
