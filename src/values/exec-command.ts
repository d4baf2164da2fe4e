/**
 * systemd command lines (`ExecStart=` and friends): prefixes, quoting, C escapes and the
 * lone `;` that separates commands (systemd.service(5) "Command lines"; src/core/load-fragment.c `config_parse_exec()` at v252). Data only:
 * nothing here (or anywhere in astlint) runs a command.
 */
import { lookupTable } from "../core/lookup-table.js";

export interface ExecWord {
  /** Unquoted, unescaped text. */
  text: string;
  /** Offsets [start, end) in the value as written. */
  start: number;
  end: number;
}

export interface ExecCommand {
  /** Prefix characters on the first word (`-`, `@`, `:`, `+`, `!`, `!!`). */
  prefixes: string;
  /** The executable as written (after prefixes; `@` form: the first word). */
  path: string;
  /** Arguments passed (argv[0] first; with `@` the second word is argv[0]). */
  argv: string[];
  /** Every word after the executable, unquoted (argv without argv[0] for normal lines). */
  args: string[];
  words: ExecWord[];
  /** Offset range of this command in the value. */
  start: number;
  end: number;
}

export interface ExecParse {
  commands: ExecCommand[];
  /** Unbalanced quotes or a bad escape: systemd refuses the line (fatal unless prefixed with `-`). */
  error?: { message: string; offset: number };
  /** Unknown escape sequences kept literally (systemd warns). */
  unknownEscapes: { text: string; offset: number }[];
}

const SIMPLE_ESCAPES: Record<string, string> = lookupTable({
  a: "\x07",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
  v: "\v",
  "\\": "\\",
  '"': '"',
  "'": "'",
  s: " ",
});

interface RawWord extends ExecWord {
  /** Written as exactly `;` with no quoting or escaping: a command separator. */
  separator: boolean;
  /** Written as `\;`. */
  escapedSemicolon: boolean;
}

/** Splits a value into words like extract_first_word(EXTRACT_UNQUOTE|EXTRACT_CUNESCAPE). */
export function splitWords(value: string): { words: RawWord[]; error?: { message: string; offset: number }; unknownEscapes: { text: string; offset: number }[] } {
  const words: RawWord[] = [];
  const unknownEscapes: { text: string; offset: number }[] = [];
  let i = 0;
  const n = value.length;
  const isWs = (c: string) => c === " " || c === "\t" || c === "\n" || c === "\r";
  while (i < n) {
    while (i < n && isWs(value[i])) i++;
    if (i >= n) break;
    const start = i;
    let text = "";
    let quote: string | null = null;
    let plain = true;
    while (i < n) {
      const c = value[i];
      if (quote) {
        if (c === quote) {
          quote = null;
          i++;
          continue;
        }
      } else {
        if (isWs(c)) break;
        if (c === '"' || c === "'") {
          quote = c;
          plain = false;
          i++;
          continue;
        }
      }
      if (c === "\\") {
        plain = false;
        if (i + 1 >= n) {
          // A trailing backslash is kept (line continuation was already handled).
          text += "\\";
          i++;
          continue;
        }
        const e = value[i + 1];
        // cunescape_one(); an escape it rejects (unknown letter, NUL, a code point out of
        // range) is kept literally with a warning, as extract_first_word_and_warn() does.
        let decoded: { text: string; len: number } | null = null;
        if (e in SIMPLE_ESCAPES) decoded = { text: SIMPLE_ESCAPES[e], len: 2 };
        else if (e === "x" && /^[0-9a-fA-F]{2}$/.test(value.slice(i + 2, i + 4))) {
          const cp = parseInt(value.slice(i + 2, i + 4), 16);
          if (cp !== 0) decoded = { text: String.fromCharCode(cp), len: 4 };
        } else if (/^[0-7]{3}$/.test(value.slice(i + 1, i + 4))) {
          const cp = parseInt(value.slice(i + 1, i + 4), 8);
          if (cp !== 0 && cp <= 255) decoded = { text: String.fromCharCode(cp), len: 4 };
        } else if (e === "u" && /^[0-9a-fA-F]{4}$/.test(value.slice(i + 2, i + 6))) {
          const cp = parseInt(value.slice(i + 2, i + 6), 16);
          if (cp !== 0 && !(cp >= 0xd800 && cp <= 0xdfff)) decoded = { text: String.fromCodePoint(cp), len: 6 };
        } else if (e === "U" && /^[0-9a-fA-F]{8}$/.test(value.slice(i + 2, i + 10))) {
          const cp = parseInt(value.slice(i + 2, i + 10), 16);
          if (cp !== 0 && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff)) decoded = { text: String.fromCodePoint(cp), len: 10 };
        } else if (e === ";" && !quote) decoded = { text: ";", len: 2 };
        if (decoded) {
          text += decoded.text;
          i += decoded.len;
        } else {
          unknownEscapes.push({ text: "\\" + e, offset: i });
          text += "\\" + e;
          i += 2;
        }
        continue;
      }
      text += c;
      i++;
    }
    if (quote) {
      return { words, error: { message: `unbalanced quoting (${quote} opened and never closed)`, offset: start }, unknownEscapes };
    }
    const raw = value.slice(start, i);
    words.push({ text, start, end: i, separator: plain && raw === ";", escapedSemicolon: raw === "\\;" });
  }
  return { words, unknownEscapes };
}

/**
 * Splits the prefix characters off the first word the way config_parse_exec() does: each of
 * `-`, `@`, `:` at most once; one of `+`, `!` or `!!` (mutually exclusive). The first
 * character that cannot be taken ends the prefix and stays in the path, so `@@/bin/true`
 * has the path `@/bin/true` and `+!/bin/true` the path `!/bin/true` (both refused by
 * systemd). `viaShell` also accepts the `|` prefix of newer systemd (v258 era).
 */
function splitExecPrefixes(word: string, options: { viaShell?: boolean } = {}): { prefixes: string; path: string } {
  let ignore = false;
  let argv0 = false;
  let noEnv = false;
  let shell = false;
  let privilege: "" | "+" | "!" | "!!" = "";
  let p = 0;
  for (; p < word.length; p++) {
    const c = word[p];
    if (c === "-" && !ignore) ignore = true;
    else if (c === "@" && !argv0) argv0 = true;
    else if (c === ":" && !noEnv) noEnv = true;
    else if (c === "+" && privilege === "") privilege = "+";
    else if (c === "!" && privilege === "") privilege = "!";
    else if (c === "!" && privilege === "!") privilege = "!!";
    else if (c === "|" && options.viaShell && !shell) shell = true;
    else break;
  }
  return { prefixes: word.slice(0, p), path: word.slice(p) };
}

/**
 * Parses an Exec*= value into its commands (several when a lone `;` separates them).
 * As in systemd, `;` only separates commands after the first word of a command.
 */
export function parseExecLine(value: string, options: { viaShell?: boolean } = {}): ExecParse {
  const split = splitWords(value);
  const commands: ExecCommand[] = [];
  let current: RawWord[] = [];
  const flush = () => {
    if (current.length === 0) return;
    const first = current[0];
    const { prefixes, path: exe } = splitExecPrefixes(first.text, options);
    const rest = current.slice(1).map((w) => w.text);
    let argv: string[];
    let path = exe;
    if (prefixes.includes("@")) {
      // `@/bin/foo name args`: the second word becomes argv[0].
      argv = rest.length > 0 ? [rest[0], ...rest.slice(1)] : [];
      path = exe;
    } else {
      argv = [exe, ...rest];
    }
    commands.push({
      prefixes,
      path,
      argv,
      args: prefixes.includes("@") ? rest.slice(1) : rest,
      words: current.map(({ text, start, end }) => ({ text, start, end })),
      start: first.start,
      end: current[current.length - 1].end,
    });
    current = [];
  };
  for (const w of split.words) {
    if (w.separator && current.length > 0) {
      flush();
      continue;
    }
    current.push(w);
  }
  flush();
  return { commands, error: split.error, unknownEscapes: split.unknownEscapes };
}

/** Basename of a path. */
export function basename(p: string): string {
  const i = p.lastIndexOf("/");
  return i >= 0 ? p.slice(i + 1) : p;
}

/**
 * Splits Asterisk-style short options, including bundles (`-mqf`, `-rx cmd`, `-C file`).
 * Returns the flags seen and the values of options that take one.
 */
export function parseAsteriskArgs(args: string[]): { flags: Set<string>; values: Map<string, string>; positional: string[] } {
  // getopt string of main/asterisk.c: BC:cde:FfG:ghIiL:M:mnpqRrs:TtU:VvWXx:
  const takesValue = new Set(["C", "e", "G", "L", "M", "s", "U", "x"]);
  const flags = new Set<string>();
  const values = new Map<string, string>();
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "--") {
      positional.push(...args.slice(i + 1));
      break;
    }
    if (!a.startsWith("-") || a === "-") {
      positional.push(a);
      continue;
    }
    for (let j = 1; j < a.length; j++) {
      const f = a[j];
      flags.add(f);
      if (takesValue.has(f)) {
        const inline = a.slice(j + 1);
        if (inline.length > 0) values.set(f, inline);
        else if (i + 1 < args.length) values.set(f, args[++i]);
        break;
      }
    }
  }
  return { flags, values, positional };
}
