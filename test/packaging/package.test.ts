/**
 * The package stands alone and installs like a linter: no reference outside the repository,
 * package.json links derived from the one project URL, nothing to build or install at install
 * time (the committed bundle is what runs and equals a fresh build of HEAD).
 */
import { describe, expect, test } from "@jest/globals";
import { execFileSync, spawnSync } from "node:child_process";
import { builtinModules } from "node:module";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PROJECT_URL } from "../../src/core/project.js";
import { REPO } from "../helpers.js";

const pkg = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8"));

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(path.join(REPO, dir), { withFileTypes: true })) {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) out.push(...filesUnder(rel));
    else if (e.isFile() && !rel.endsWith(".json") && !/golden\//.test(rel)) out.push(rel);
  }
  return out;
}

describe("a clone that stands alone", () => {
  test("nothing in src, test, scripts, docs, README or package.json names a folder outside the repository or a spec fact id", () => {
    const files = [...filesUnder("src"), ...filesUnder("test"), ...filesUnder("scripts"), ...filesUnder("docs"), "README.md", "package.json"];
    // Written in pieces so that this test does not match itself.
    const outside = new RegExp(["\\.\\./", "shared", "|", "/work/", "shared"].join(""));
    const factId = /\bF-(SA|SD|CLI|AMI|HTTP|CFG|SEC|LOG|SCH)-\d\d\b/;
    const offenders = files.filter((f) => {
      const text = fs.readFileSync(path.join(REPO, f), "utf8");
      return outside.test(text) || factId.test(text);
    });
    expect(offenders).toEqual([]);
  });

  test("the data the build needs is in data/, each file saying where its facts come from", () => {
    for (const f of ["directives.tsv", "directives-removed.tsv", "empty-assignment-v252.tsv"]) {
      const head = fs.readFileSync(path.join(REPO, "data", f), "utf8").split("\n").slice(0, 4).join("\n");
      expect(head).toMatch(/^# /);
      expect(head).toMatch(/systemd/);
    }
  });
});

describe("package.json", () => {
  test("homepage, repository and bugs derive from the project URL; MIT with a LICENSE file", () => {
    expect(pkg.homepage).toBe(`${PROJECT_URL}#readme`);
    expect(pkg.repository).toEqual({ type: "git", url: `git+${PROJECT_URL}.git` });
    expect(pkg.bugs).toEqual({ url: `${PROJECT_URL}/issues` });
    expect(pkg.license).toBe("MIT");
    expect(fs.readFileSync(path.join(REPO, "LICENSE"), "utf8")).toMatch(/^MIT License\n/);
    expect(pkg.files).toEqual(expect.arrayContaining(["LICENSE", "dist/astlint.cjs", "dist/cli.js", "dist/package.json"]));
  });

  test("nothing is built or installed at install time: no prepare/install scripts, no runtime dependencies", () => {
    // No "build" either: npm's git fetcher treats a package with scripts.build as one to prepare,
    // and a global install then links to a temporary clone that npm deletes (npm/cli#9406).
    for (const s of ["prepare", "preinstall", "install", "postinstall", "prepack", "build"]) expect(pkg.scripts[s]).toBeUndefined();
    expect(pkg.dependencies ?? {}).toEqual({});
    expect(Object.keys(pkg.devDependencies)).toEqual(expect.arrayContaining(["chalk", "chevrotain", "picomatch", "esbuild"]));
  });

  test("the committed bundle requires only Node's built-in modules", () => {
    const bundle = fs.readFileSync(path.join(REPO, "dist/astlint.cjs"), "utf8");
    const required = new Set([...bundle.matchAll(/\brequire\("([^"]+)"\)/g)].map((m) => m[1]!));
    expect(required.size).toBeGreaterThan(0);
    const builtins = new Set(builtinModules);
    expect([...required].filter((r) => !builtins.has(r.replace(/^node:/, "")))).toEqual([]);
  });
});

describe("the committed bundle", () => {
  const git = (...args: string[]) => spawnSync("git", args, { cwd: REPO, encoding: "utf8" });
  const isGit = git("rev-parse", "--verify", "HEAD").status === 0;

  (isGit ? test : test.skip)(
    "equals a fresh build of HEAD (on a difference: npm run build:dist && git add dist)",
    () => {
      const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "astlint-head-"));
      try {
        // HEAD's sources, not the working tree (npm test has just rebuilt dist/ from the latter).
        const archive = execFileSync("git", ["archive", "--format=tar", "HEAD", "src", "scripts", "package.json", "tsconfig.json"], { cwd: REPO, maxBuffer: 1 << 28 });
        execFileSync("tar", ["-x", "-C", tmp], { input: archive });
        fs.symlinkSync(path.join(REPO, "node_modules"), path.join(tmp, "node_modules"));
        execFileSync(process.execPath, ["scripts/build.mjs", "--no-cache"], { cwd: tmp, stdio: "pipe" });
        for (const f of ["dist/astlint.cjs", "dist/cli.js", "dist/package.json"]) {
          const committed = execFileSync("git", ["show", `HEAD:${f}`], { cwd: REPO, maxBuffer: 1 << 28 }).toString("utf8");
          const fresh = fs.readFileSync(path.join(tmp, f), "utf8");
          expect({ file: f, same: committed === fresh }).toEqual({ file: f, same: true });
        }
      } finally {
        fs.rmSync(tmp, { recursive: true, force: true });
      }
    },
    120_000,
  );
  if (!isGit) process.stderr.write("skipped: the committed-bundle check needs a git checkout\n");
});
