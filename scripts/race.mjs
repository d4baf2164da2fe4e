/**
 * The probabilistic half of the confinement test (the deterministic half, with a hook between
 * "checked" and "opened", is test/io/confinement.test.ts). A writer process swaps a unit inside
 * a root between a regular file and a symbolic link to a host file outside the root, as fast as
 * it can, while the built CLI lints the root again and again. Every run is classified:
 *
 *   read-inside   the unit was read as the regular file it was when checked;
 *   window-hit    the swap landed between check and open: reported as changed, not read;
 *   link-seen     the check saw the link (re-rooted inside the root: missing there);
 *   LEAK          a line of the host file appeared in the report (the bug this guards against).
 *
 * Used by scripts/fuzz.mjs (`npm run fuzz -- --race-runs N`); `node scripts/race.mjs [N]` alone
 * (ASTLINT_CLI=path/to/cli.js races another build, e.g. one without the confinement: it leaks).
 * Returns the counts; a leak makes fuzz exit 1.
 */
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const CLI = process.env.ASTLINT_CLI ?? path.join(REPO, "dist", "cli.js");
const MARKER = "RaceMarkerFromOutsideTheRoot";

const SWAPPER = `
const fs = require("node:fs");
const [unit, outside] = process.argv.slice(1);
const inside = "[Service]\\nType=notify\\nExecStart=/usr/sbin/asterisk -f\\n";
let i = 0;
for (;;) {
  const tmp = unit + ".swap";
  try { fs.rmSync(tmp, { force: true }); } catch {}
  if (i++ % 2 === 0) fs.symlinkSync(outside, tmp);
  else fs.writeFileSync(tmp, inside);
  fs.renameSync(tmp, unit);
}
`;

export async function runRace(runs, log = (s) => process.stdout.write(s)) {
  if (!fs.existsSync(CLI)) spawnSync(process.execPath, [path.join(REPO, "scripts/build.mjs")], { stdio: "inherit" });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "astlint-race-"));
  const root = path.join(tmp, "root");
  const unitDir = path.join(root, "etc/systemd/system");
  fs.mkdirSync(unitDir, { recursive: true });
  const unit = path.join(unitDir, "asterisk.service");
  const outside = path.join(tmp, "outside.service");
  fs.writeFileSync(outside, `[Service]\nExecStart=/usr/sbin/asterisk -f\n${MARKER}=1\n`);
  fs.writeFileSync(unit, "[Service]\nType=notify\nExecStart=/usr/sbin/asterisk -f\n");
  const swapper = spawn(process.execPath, ["-e", SWAPPER, unit, outside], { stdio: "ignore" });
  const counts = { "read-inside": 0, "window-hit": 0, "link-seen": 0, other: 0, LEAK: 0 };
  try {
    for (let i = 0; i < runs; i++) {
      const r = spawnSync(process.execPath, [CLI, "--root", root, "-f", "json"], { encoding: "utf8" });
      const out = r.stdout ?? "";
      let files = -1;
      try {
        files = JSON.parse(out).summary.files;
      } catch {
        // not a report: counted as other
      }
      if (out.includes(MARKER)) counts.LEAK++;
      else if (out.includes("changed while astlint was reading it")) counts["window-hit"]++;
      else if (out.includes("dangling symbolic link")) counts["link-seen"]++;
      else if (files === 1 && r.status === 0) counts["read-inside"]++;
      else {
        counts.other++;
        if (counts.other === 1) log(`race: an unexpected report (exit ${r.status}):\n${out.slice(0, 2000)}${r.stderr ?? ""}\n`);
      }
    }
  } finally {
    swapper.kill("SIGKILL");
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  log(
    `race: ${runs} runs against a file/symlink swapper: ${counts["read-inside"]} read inside, ${counts["window-hit"]} hit the window (reported as changed), ` +
      `${counts["link-seen"]} saw the link, ${counts.other} other, ${counts.LEAK} leaked a host line\n`,
  );
  return counts;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const counts = await runRace(Number(process.argv[2] ?? 200));
  process.exit(counts.LEAK === 0 ? 0 : 1);
}
