/**
 * The command line run by this process: its arguments, streams, environment and exit code.
 * src/cli.ts calls it when run from the sources; the bundle's loader (dist/cli.js, written by
 * scripts/build.mjs) calls it in the bundle. `main` is exported too, so that the build can run
 * the bundle on a sample tree in-process to record V8's code cache.
 */
import { main } from "./main.js";

export { main };

export async function runProcess(): Promise<void> {
  const code = await main(process.argv.slice(2), {
    stdout: (s) => process.stdout.write(s),
    stdoutBytes: (b) => process.stdout.write(b),
    stderr: (s) => process.stderr.write(s),
    isTTY: Boolean(process.stdout.isTTY),
    env: process.env,
    cwd: process.cwd(),
  });
  process.exitCode = code;
}
