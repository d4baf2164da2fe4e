// Builds the CLI as one ESM bundle (dist/cli.js): one file loads much faster than ~700
// unbundled modules (see ../shared/spec/toolchain.md), and the published package then
// needs nothing at runtime. fast-glob is CommonJS, hence the createRequire banner.
import { build } from "esbuild";
import { chmodSync } from "node:fs";

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
  logLevel: "warning",
});
chmodSync("dist/cli.js", 0o755);
