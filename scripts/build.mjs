// Builds the CLI as one ESM bundle (dist/cli.js): one file loads much faster than ~700
// unbundled modules (see ../shared/spec/toolchain.md), and the published package then
// needs nothing at runtime. fast-glob is CommonJS, hence the createRequire banner.
import { build } from "esbuild";
import { readFileSync } from "node:fs";
import { chmodSync } from "node:fs";
import { execFileSync } from "node:child_process";

// The rule registry is generated from the files in src/rules.
execFileSync(process.execPath, ["scripts/generate-rule-index.mjs"], { stdio: "inherit" });

await build({
  entryPoints: ["src/cli.ts"],
  outfile: "dist/cli.js",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  minify: false,
  sourcemap: false,
  legalComments: "none",
  banner: {
    js: "#!/usr/bin/env node\nimport { createRequire as __astlintCreateRequire } from 'node:module';\nconst require = __astlintCreateRequire(import.meta.url);",
  },
  define: {
    __ASTLINT_VERSION__: JSON.stringify(JSON.parse(readFileSync("package.json", "utf8")).version),
    // Production-only shortcuts (src/parser/chevrotain-options.ts); the tests run without them.
    __ASTLINT_BUNDLE__: "true",
  },
  logLevel: "warning",
});
chmodSync("dist/cli.js", 0o755);
