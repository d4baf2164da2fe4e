/**
 * The third-party corpus of real-world unit files and Asterisk configs (mixed licences, never
 * copied into this repository). Tests that need it read the directory named by ASTLINT_CORPUS
 * (`.ci/run` sets it when a corpus is checked out beside the clone) and are skipped otherwise,
 * saying so once on standard error.
 */
import { describe } from "@jest/globals";
import * as fs from "node:fs";
import * as path from "node:path";

const dir = process.env.ASTLINT_CORPUS;

/** The corpus directory, or undefined when ASTLINT_CORPUS is unset or not a directory. */
export const CORPUS: string | undefined = dir && fs.existsSync(dir) && fs.statSync(dir).isDirectory() ? path.resolve(dir) : undefined;

/** A path inside the corpus (only meaningful when CORPUS is set). */
export function corpusPath(...parts: string[]): string {
  return path.join(CORPUS ?? "/nonexistent-astlint-corpus", ...parts);
}

/** `describe` when the corpus is there, else `describe.skip` after saying why on stderr. */
export function describeCorpus(name: string, fn: () => void): void {
  if (CORPUS) {
    describe(name, fn);
    return;
  }
  process.stderr.write(`skipped: "${name}" needs the real-world corpus; set ASTLINT_CORPUS=DIR to run it\n`);
  describe.skip(name, fn);
}

/** Every regular file under a corpus folder (recursively; SOURCES.tsv and README.md left out), relative to the corpus, sorted. */
export function corpusFiles(folder: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const e of fs.readdirSync(corpusPath(rel), { withFileTypes: true })) {
      const r = `${rel}/${e.name}`;
      if (e.isDirectory()) walk(r);
      else if (e.isFile() && e.name !== "SOURCES.tsv" && e.name !== "README.md") out.push(r);
    }
  };
  if (CORPUS) walk(folder);
  return out.sort();
}
