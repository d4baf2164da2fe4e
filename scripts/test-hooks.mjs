#!/usr/bin/env node
// npm run test:hooks: the pre-commit hooks as a user gets them.
//   1. a local clone of this project at HEAD (what pre-commit clones from the `repo:` URL);
//   2. a fresh git repository whose .pre-commit-config.yaml points at that clone and rev, with
//      the `astlint` hook installed (`pre-commit install`; pre-commit builds its node
//      environment from the clone: npm install, npm pack, npm install -g of the tarball);
//   3. a commit of a unit with an ExecStop CLI loop (asterisk.service running `asterisk -rx`
//      while asterisk-cli.socket activates it) is blocked, the rule id in the output;
//   4. committing the socket on its own, its service already in the repository, passes: the
//      hook reads the repository for context (--context .), so no socket-service-missing;
//   5. the fixed service commits;
//   6. pre-commit 4's npm command (npm install --allow-git=root --install-links -g
//      git+file://CLONE) installs a working astlint, which blocks the same loop.
// Skips (exit 0, saying so) when `pre-commit` is not installed. Needs git and npm; the first
// run downloads the project's devDependencies into pre-commit's environment (a minute).
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { checker } from "./lib/checks.mjs";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { check, fail, finish } = checker();
const has = (cmd) => spawnSync(cmd, ["--version"], { encoding: "utf8" }).status === 0;
if (!has("pre-commit")) {
  console.log("test:hooks skipped: pre-commit is not installed (Debian: apt-get install pre-commit)");
  process.exit(0);
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "astlint-hooks-"));
const env = { ...process.env, PRE_COMMIT_HOME: path.join(tmp, "pre-commit-home"), GIT_CONFIG_NOSYSTEM: "1", HOME: tmp };

function run(cmd, args, cwd, allowFail = false) {
  const r = spawnSync(cmd, args, { cwd, env, encoding: "utf8", maxBuffer: 1 << 26 });
  const out = `${r.stdout ?? ""}${r.stderr ?? ""}`;
  if (r.status !== 0 && !allowFail) {
    console.error(`$ ${cmd} ${args.join(" ")}  (in ${cwd})\n${out}`);
    throw new Error(`${cmd} exited ${r.status}`);
  }
  return { status: r.status, out };
}

const SERVICE_LOOP =
  "[Unit]\nDescription=Asterisk PBX\n\n[Service]\nType=notify\nExecStart=/usr/sbin/asterisk -mqf\nExecStop=/usr/sbin/asterisk -rx 'core stop now'\nRestart=always\n\n[Install]\nWantedBy=multi-user.target\n";
const SERVICE_GOOD = "[Unit]\nDescription=Asterisk PBX\n\n[Service]\nType=notify\nExecStart=/usr/sbin/asterisk -mqf\nRestart=always\n\n[Install]\nWantedBy=multi-user.target\n";
const CLI_SOCKET = "[Unit]\nDescription=Asterisk CLI socket\n\n[Socket]\nService=asterisk.service\nListenStream=/run/asterisk/asterisk.ctl\nSocketMode=0660\n\n[Install]\nWantedBy=sockets.target\n";

try {
  // 1. The project at HEAD.
  const clone = path.join(tmp, "astlint");
  run("git", ["clone", "--quiet", "--no-hardlinks", REPO, clone], tmp);
  const rev = run("git", ["rev-parse", "HEAD"], clone).out.trim();
  console.log(`project clone at ${rev.slice(0, 12)}; ${run("pre-commit", ["--version"], tmp).out.trim()}; npm ${run("npm", ["--version"], tmp).out.trim()}`);

  // 2. A repository using the hook.
  const work = path.join(tmp, "units-repo");
  fs.mkdirSync(path.join(work, "systemd"), { recursive: true });
  run("git", ["init", "--quiet", "-b", "main"], work);
  run("git", ["config", "user.email", "test@example.org"], work);
  run("git", ["config", "user.name", "astlint test"], work);
  // Asterisk's configuration, with the CLI socket under /run (as the socket below).
  fs.mkdirSync(path.join(work, "asterisk"));
  fs.writeFileSync(path.join(work, "asterisk/asterisk.conf"), "[directories]\nastrundir => /run/asterisk\n");
  fs.writeFileSync(
    path.join(work, ".pre-commit-config.yaml"),
    `repos:\n  - repo: ${clone}\n    rev: ${rev}\n    hooks:\n      - id: astlint\n`,
  );
  run("git", ["add", ".pre-commit-config.yaml", "asterisk/asterisk.conf"], work);
  run("git", ["commit", "--quiet", "-m", "pre-commit config"], work);
  run("pre-commit", ["install"], work);
  // (asterisk.conf went in before the hook was installed.)
  const install = run("pre-commit", ["install-hooks"], work, true);
  check("pre-commit installs the astlint hook from the clone", install.status === 0, install.out);

  // 3. The loop is blocked.
  const write = (rel, text) => fs.writeFileSync(path.join(work, rel), text);
  write("systemd/asterisk.service", SERVICE_LOOP);
  write("systemd/asterisk-cli.socket", CLI_SOCKET);
  run("git", ["add", "systemd/asterisk.service", "systemd/asterisk-cli.socket"], work);
  let c = run("git", ["commit", "-m", "asterisk with a CLI socket"], work, true);
  check("a commit with an ExecStop CLI loop is blocked", c.status !== 0, c.out);
  check("the hook output names the rule (execstop-cli-loop)", c.out.includes("execstop-cli-loop"), c.out);
  console.log(c.out.split("\n").filter((l) => l.includes("execstop-cli-loop")).slice(0, 1).map((l) => `     > ${l.trim()}`).join("\n"));

  // 4. The socket alone, with the (good) service already committed.
  run("git", ["reset", "--quiet"], work);
  write("systemd/asterisk.service", SERVICE_GOOD);
  run("git", ["add", "systemd/asterisk.service"], work);
  c = run("git", ["commit", "-m", "asterisk service"], work, true);
  check("a good service commits", c.status === 0, c.out);
  run("git", ["add", "systemd/asterisk-cli.socket"], work);
  c = run("git", ["commit", "-m", "the CLI socket on its own"], work, true);
  check("the socket committed on its own passes (its service is in the repository: no socket-service-missing)", c.status === 0 && !c.out.includes("socket-service-missing"), c.out);

  // 5. Now that the socket is in, re-adding the loop is blocked again.
  write("systemd/asterisk.service", SERVICE_LOOP);
  run("git", ["add", "systemd/asterisk.service"], work);
  c = run("git", ["commit", "-m", "ExecStop via the CLI"], work, true);
  check("ExecStop via the CLI, with the socket already committed, is blocked", c.status !== 0 && c.out.includes("execstop-cli-loop"), c.out);
  run("git", ["checkout", "--quiet", "HEAD", "--", "systemd/asterisk.service"], work);

  // 6. pre-commit 4's install command.
  const prefix = path.join(tmp, "pc4-env");
  const npm4 = run("npm", ["install", "--allow-git=root", "--install-links", "-g", "--prefix", prefix, "--no-audit", "--no-fund", `git+file://${clone}`], tmp, true);
  const bin = path.join(prefix, "bin", "astlint");
  check("pre-commit 4's `npm install --allow-git=root --install-links -g git+file://…` installs astlint", npm4.status === 0 && fs.existsSync(bin), npm4.out);
  write("systemd/asterisk.service", SERVICE_LOOP);
  const lint = spawnSync(bin, ["--context", ".", "--no-error-on-unmatched-pattern", "systemd/asterisk.service"], { cwd: work, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  check("that astlint blocks the loop the same way (exit 1, execstop-cli-loop)", lint.status === 1 && lint.stdout.includes("execstop-cli-loop"), `${lint.stdout}${lint.stderr}`);
} catch (e) {
  console.error(e.message);
  fail();
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
finish("test:hooks");
