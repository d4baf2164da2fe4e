// `npm run example`: lints the bundled example root and shows its findings. Exits 0 when
// astlint exits 0 or 1 (findings are the point of the example), else with astlint's code.
import { spawnSync } from "node:child_process";

const r = spawnSync(process.execPath, ["dist/cli.js", "--root", "examples", ...process.argv.slice(2)], { stdio: "inherit" });
const code = r.status ?? 2;
process.exit(code <= 1 ? 0 : code);
