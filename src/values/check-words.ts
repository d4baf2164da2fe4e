/**
 * Word-list value grammars: paths, environment assignments, unit and user names
 * (extract_first_word() splitting, specifier checks) and Exec command lines.
 */
import { parseExecLine, splitWords } from "./exec-command.js";
import { hasSpecifiers, specifierStandIn, unescapePercent, validateSpecifiers, type SpecifierContext } from "./specifiers.js";
import { type Check, IGNORED, REFUSED, type ValueContext, type ValueProblem, closest, extractWords, problem, q, wordsOf } from "./check-core.js";

/**
 * Resolves what can be known statically about a path with specifiers: the value expanded with
 * stand-ins of the right shape (specifierStandIn()), or null when a specifier of unknown shape
 * at the start makes absoluteness unknowable.
 */
export function pathStandIn(value: string, instance?: string): string | null {
  if (!hasSpecifiers(value)) return unescapePercent(value);
  return specifierStandIn(value, instance)?.text ?? null;
}

/** " (%l expands to the short host name)" for the specifiers that made a path relative, else "". */
function expansionNote(value: string, instance?: string): string {
  if (!hasSpecifiers(value)) return "";
  const s = specifierStandIn(value, instance);
  if (!s || s.used.length === 0) return "";
  const first = s.used[0]!;
  if (first.offset !== 0) return " after specifier expansion";
  const shown = s.text.length > 60 ? s.text.slice(0, 57) + "…" : s.text;
  return ` after specifier expansion (${first.text} expands to ${first.what}, so systemd sees something like ${JSON.stringify(shown)}, which does not start with "/"; write %% for a literal %)`;
}

/** path_is_normalized() after path_simplify(): no `.` or `..` components (`.` is simplified away). */
export function hasDotDot(p: string): boolean {
  return p.split("/").includes("..");
}

export function specifierProblem(value: string, context: SpecifierContext, ctx: ValueContext, fatal: boolean, base = 0): ValueProblem | null {
  const bad = validateSpecifiers(value, context, ctx.version);
  if (bad.length === 0) return null;
  const b = bad[0];
  const why =
    b.reason === "newer"
      ? `${b.text} was added in systemd v${b.since}`
      : b.validElsewhere
        ? `${b.text} is not available in ${context === "name" ? "unit names" : "[Install] values"}`
        : `${b.text} is not a specifier`;
  return problem(`${ctx.key}=${value}: ${why} (write %% for a literal %): ${fatal ? REFUSED : IGNORED}`, {
    offset: base + b.offset,
    length: 2,
    fatal,
  });
}

/**
 * config_parse_unit_path_printf and friends: specifiers, then an absolute, normalized path.
 * `fatal`: RootDirectory=/RootImage=/RootVerity= (ltype true) stop loading the unit.
 */
export function absolutePathCheck(opts: { fatal?: boolean; normalized?: boolean; allowDash?: boolean } = {}): Check {
  return (value, ctx) => checkAbsolutePath(value, ctx, opts);
}

export function checkAbsolutePath(value: string, ctx: ValueContext, opts: { fatal?: boolean; normalized?: boolean; base?: number; what?: string }): ValueProblem | null {
  const fatal = opts.fatal ?? false;
  const sp = specifierProblem(value, "unit", ctx, fatal, opts.base ?? 0);
  if (sp) return sp;
  const path = pathStandIn(value, ctx.instance);
  const extra = { fatal, ...(opts.base ? { offset: opts.base, length: value.length } : {}) };
  if (path === null) return null;
  if (!path.startsWith("/")) {
    return problem(`${ctx.key}= ${opts.what ?? "path"} ${q(value)} is not absolute${expansionNote(value, ctx.instance)}: ${fatal ? REFUSED : IGNORED}`, extra);
  }
  if (opts.normalized !== false && hasDotDot(path)) {
    return problem(`${ctx.key}= path ${q(value)} contains a ".." component, which systemd rejects: ${fatal ? REFUSED : IGNORED}`, extra);
  }
  return null;
}

const FATAL_PATH_KEYS = new Set(["RootDirectory", "RootImage", "RootVerity"]);

export const checkUnitPathPrintf: Check = (value, ctx) => checkAbsolutePath(value, ctx, { fatal: FATAL_PATH_KEYS.has(ctx.key) });

export const checkWorkingDirectory: Check = (value, ctx) => {
  const dash = value.startsWith("-");
  const v = dash ? value.slice(1) : value;
  if (v === "~") return null;
  return checkAbsolutePath(v, ctx, { fatal: !dash, base: dash ? 1 : 0, what: "directory" });
};

export const checkPidFile: Check = (value, ctx) => {
  const sp = specifierProblem(value, "unit", ctx, false);
  if (sp) return sp;
  const path = pathStandIn(value, ctx.instance);
  if (path !== null && hasDotDot(path)) return problem(`${ctx.key}= path ${q(value)} contains a ".." component, which systemd rejects: ${IGNORED}`);
  return null;
};

export const checkEnvFile: Check = (value, ctx) => {
  const dash = value.startsWith("-");
  const v = dash ? value.slice(1) : value;
  const sp = specifierProblem(v, "unit", ctx, false, dash ? 1 : 0);
  if (sp) return sp;
  const path = pathStandIn(v, ctx.instance);
  if (path !== null && !path.startsWith("/")) return problem(`${ctx.key}= path ${q(v)} is not absolute: ${IGNORED}`);
  if (path !== null && hasDotDot(path)) return problem(`${ctx.key}= path ${q(v)} contains a ".." component, which systemd rejects: ${IGNORED}`);
  return null;
};

export function pathListCheck(opts: { prefixes?: boolean }): Check {
  return (value, ctx) => {
    const words = extractWords(value, { unquote: true });
    if (!words) return problem(`${ctx.key}=${value}: unbalanced quoting: ${IGNORED}`);
    for (const w of words) {
      let t = w.text;
      let base = w.start;
      if (opts.prefixes) {
        if (t.startsWith("-")) {
          t = t.slice(1);
          base++;
        }
        if (t.startsWith("+")) {
          t = t.slice(1);
          base++;
        }
      }
      const p = checkAbsolutePath(t, ctx, { base: w.text === value.slice(w.start, w.end) ? base : w.start });
      if (p) {
        if (opts.prefixes && /^\+-/.test(w.text)) p.message += ' (write the prefixes as "-+", not "+-")';
        p.message = p.message.replace(`: ${IGNORED}`, ": systemd ignores this path");
        return p;
      }
    }
    return null;
  };
}

export const checkConditionPath: Check = (value, ctx) => {
  let v = value;
  let base = 0;
  if (v.startsWith("|")) {
    v = v.slice(1);
    base++;
  }
  if (v.startsWith("!")) {
    v = v.slice(1);
    base++;
  }
  const p = checkAbsolutePath(v, ctx, { base });
  if (p && /^!\|/.test(value)) p.message += ' (write the prefixes as "|!", not "!|")';
  if (p && /^[|!]+\s/.test(value)) p.message += " (no space is allowed after | or !)";
  return p;
};

export const checkTemporaryFilesystems: Check = (value, ctx) => {
  const words = extractWords(value, { unquote: true });
  if (!words) return problem(`${ctx.key}=${value}: unbalanced quoting: ${IGNORED}`);
  for (const w of words) {
    const colon = w.text.indexOf(":");
    const path = colon >= 0 ? w.text.slice(0, colon) : w.text;
    const p = checkAbsolutePath(path, ctx, { base: w.start });
    if (p) return p;
  }
  return null;
};

export const checkExecDirectories: Check = (value, ctx) => {
  const words = extractWords(value, { unquote: true, cunescape: true });
  if (!words) return problem(`${ctx.key}=${value}: invalid syntax (an unbalanced quote, or a backslash escape systemd does not know): ${IGNORED}`);
  for (const w of words) {
    const sp = specifierProblem(w.text, "unit", ctx, false, w.start);
    if (sp) return sp;
    if (ctx.key === "ConfigurationDirectory" && ctx.version >= 250 && w.text.includes(":")) {
      return problem(`${ctx.key}= does not support a ":DESTINATION" part (${q(w.text)}): ${IGNORED}`, { offset: w.start, length: w.end - w.start });
    }
    const parts = ctx.version >= 250 ? w.text.split(":").slice(0, 2) : [w.text];
    for (const part of parts) {
      const p = pathStandIn(part);
      if (p === null) continue;
      const at = { offset: w.start, length: w.end - w.start };
      if (p.startsWith("/")) {
        const rel = p.replace(/^\/+(?:run|var\/lib|var\/cache|var\/log|etc)\/+/, "");
        return problem(`${ctx.key}= takes a path relative to the base directory, not ${q(part)}: ${IGNORED}`, rel !== p && rel ? { ...at, suggestion: rel } : at);
      }
      if (hasDotDot(p)) return problem(`${ctx.key}= path ${q(part)} contains a ".." component: ${IGNORED}`, at);
      if (p === "private" || p.startsWith("private/")) return problem(`${ctx.key}= path cannot be ${q(part)} (reserved): ${IGNORED}`, at);
    }
  }
  return null;
};

// Environment

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export const checkEnviron: Check = (value, ctx) => {
  const words = extractWords(value, { unquote: true, cunescape: true });
  if (!words) {
    return problem(`${ctx.key}=${value}: invalid syntax (an unbalanced quote, or a backslash escape systemd does not know): ${IGNORED}`);
  }
  for (const w of words) {
    const sp = specifierProblem(w.text, "unit", ctx, false);
    if (sp) return { ...sp, offset: w.start, length: w.end - w.start, message: sp.message.replace(IGNORED, "systemd ignores this variable") };
    const eq = w.text.indexOf("=");
    if (eq < 0 || !ENV_NAME.test(w.text.slice(0, eq))) {
      const why = eq < 0 ? "has no \"=\" (NAME=VALUE)" : `has an invalid variable name ${q(w.text.slice(0, eq))} (letters, digits and _, not starting with a digit)`;
      return problem(`${ctx.key}= item ${q(w.text)} ${why}: systemd ignores this item`, { offset: w.start, length: w.end - w.start });
    }
  }
  return null;
};

export const checkPassEnviron: Check = (value, ctx) => {
  // v252: PassEnvironment= only unquotes (a backslash just escapes the next character);
  // UnsetEnvironment= also decodes C escapes. Both say "Trailing garbage" on a syntax error.
  const words = extractWords(value, { unquote: true, cunescape: ctx.key === "UnsetEnvironment" });
  if (!words) return problem(`${ctx.key}=${value}: invalid syntax (an unbalanced quote${ctx.key === "UnsetEnvironment" ? ", or a backslash escape systemd does not know" : ""}): ${IGNORED}`);
  for (const w of words) {
    const sp = specifierProblem(w.text, "unit", ctx, false, w.start);
    if (sp) return sp;
    if (hasSpecifiers(w.text)) continue;
    const t = unescapePercent(w.text);
    const ok = ctx.key === "UnsetEnvironment" ? ENV_NAME.test(t.split("=")[0]) : ENV_NAME.test(t);
    if (!ok) return problem(`${q(w.text)} is not a valid environment variable name for ${ctx.key}=: systemd ignores this item`, { offset: w.start, length: w.end - w.start });
  }
  return null;
};

// Unit names

const UNIT_SUFFIXES = new Set(["service", "socket", "target", "device", "mount", "automount", "swap", "timer", "path", "slice", "scope"]);

/** unit_name_is_valid(name, PLAIN|INSTANCE|TEMPLATE) (systemd src/basic/unit-name.c). */
function unitNameKind(name: string): "plain" | "instance" | "template" | null {
  if (name.length === 0 || name.length >= 256) return null;
  const dot = name.lastIndexOf(".");
  if (dot <= 0) return null;
  if (!UNIT_SUFFIXES.has(name.slice(dot + 1))) return null;
  const prefix = name.slice(0, dot);
  if (!/^[A-Za-z0-9:_.\\@-]+$/.test(prefix)) return null;
  const at = prefix.indexOf("@");
  if (at === 0) return null;
  if (at < 0) return "plain";
  return at === prefix.length - 1 ? "template" : "instance";
}

export function isValidUnitName(name: string): boolean {
  return unitNameKind(name) !== null;
}

function unitNameProblem(name: string): string {
  const dot = name.lastIndexOf(".");
  if (dot <= 0 || !UNIT_SUFFIXES.has(name.slice(dot + 1))) return "it has no unit type suffix such as .service or .target";
  if (name.startsWith("@")) return "it starts with @";
  if (name.length >= 256) return "it is longer than 255 characters";
  const bad = /[^A-Za-z0-9:_.\\@-]/.exec(name.slice(0, dot));
  return bad ? `it contains ${q(bad[0])}` : "it is not a valid unit name";
}

function nameSuggestion(name: string): string | undefined {
  if (/^[A-Za-z0-9:_.\\@-]+$/.test(name) && !name.startsWith("@") && !name.includes(".")) return undefined;
  const unq = name.replace(/^["']|["']$/g, "");
  if (unq !== name && isValidUnitName(unq)) return unq;
  const dot = name.lastIndexOf(".");
  if (dot > 0) {
    const sfx = closest(name.slice(dot + 1), [...UNIT_SUFFIXES]);
    if (sfx && isValidUnitName(name.slice(0, dot + 1) + sfx)) return name.slice(0, dot + 1) + sfx;
  }
  return undefined;
}

export function unitNameListCheck(opts: { suffix?: string; single?: boolean } = {}): Check {
  return (value, ctx) => {
    const words = opts.single ? [{ text: value, start: 0, end: value.length }] : wordsOf(value);
    for (const w of words) {
      const sp = specifierProblem(w.text, "name", ctx, false, w.start);
      if (sp) return { ...sp, message: sp.message.replace(IGNORED, opts.single ? IGNORED : "systemd ignores this dependency") };
      if (hasSpecifiers(w.text)) continue;
      const name = unescapePercent(w.text);
      const at = { offset: w.start, length: w.end - w.start };
      if (opts.suffix && isValidUnitName(name) && !name.endsWith("." + opts.suffix)) {
        return problem(`${ctx.key}= needs a .${opts.suffix} unit, not ${q(name)}: ${IGNORED}`, at);
      }
      if (opts.single && unitNameKind(name) === "template") {
        return problem(`${ctx.key}= names the template ${q(name)}, which cannot be loaded without an instance name: ${IGNORED}`, at);
      }
      if (!isValidUnitName(name)) {
        const s = nameSuggestion(name);
        const what = opts.single ? IGNORED : "systemd ignores this dependency";
        return problem(`${q(name)} in ${ctx.key}= is not a valid unit name (${unitNameProblem(name)}): ${what}${s ? `; did you mean ${q(s)}?` : ""}`, {
          ...at,
          ...(s ? { suggestion: s } : {}),
        });
      }
    }
    return null;
  };
}

// Users and groups

/** valid_user_group_name(VALID_USER_RELAX | VALID_USER_ALLOW_NUMERIC) of systemd ≥ 246. */
export function isValidUserGroupName(name: string): boolean {
  if (name.length === 0) return false;
  if (/^\d+$/.test(name)) {
    // parse_uid(): decimal without leading zeros; 65535 and 4294967295 are reserved.
    if ((name.length > 1 && name[0] === "0") || name.length > 10) return false;
    const n = BigInt(name);
    return n < 4294967295n && n !== 65535n;
  }
  if (name.startsWith(" ") || name.endsWith(" ")) return false;
  if (/^-\d*$/.test(name)) return false; // "-" alone too (in_charset("", DIGITS) is true)
  if (name === "." || name === "..") return false;
  if (/[\x00-\x1f\x7f:/]/.test(name)) return false;
  return true;
}

function userGroupProblem(name: string): string {
  if (/^\d+$/.test(name)) return name.length > 1 && name[0] === "0" ? "a numeric ID cannot have leading zeros" : "numeric IDs 65535 and 4294967295 are reserved";
  if (/^-\d*$/.test(name)) return name === "-" ? '"-" alone is not a name' : "a negative number is not an ID";
  const bad = /[\x00-\x1f\x7f:/]/.exec(name);
  if (bad) return `it contains ${q(bad[0])}`;
  return "it is not a valid user or group name";
}

export const checkUserGroup: Check = (value, ctx) => {
  const sp = specifierProblem(value, "unit", ctx, true);
  if (sp) return sp;
  if (hasSpecifiers(value)) return null;
  const v = unescapePercent(value);
  if (isValidUserGroupName(v)) return null;
  return problem(`${q(value)} is not a valid user/group name or numeric ID for ${ctx.key}= (${userGroupProblem(v)}): ${REFUSED}`, { fatal: true });
};

export const checkUserGroupList: Check = (value, ctx) => {
  const words = extractWords(value, { unquote: true, relax: true }) ?? [];
  for (const w of words) {
    if (w.text === "") continue;
    const sp = specifierProblem(w.text, "unit", ctx, true, w.start);
    if (sp) return sp;
    if (hasSpecifiers(w.text)) continue;
    const v = unescapePercent(w.text);
    if (!isValidUserGroupName(v)) {
      return problem(`${q(w.text)} in ${ctx.key}= is not a valid user/group name or numeric ID (${userGroupProblem(v)}): ${REFUSED}`, {
        fatal: true,
        offset: w.start,
        length: w.end - w.start,
      });
    }
  }
  return null;
};

// ---------------------------------------------------------------------------------------
// Exec command lines (systemd.service(5) "Command lines"; load-fragment.c `config_parse_exec()`)

export const checkExec: Check = (value, ctx) => {
  const viaShell = ctx.version >= 257;
  const split = splitWords(value);
  const parsed = parseExecLine(value, { viaShell });
  // Prefix of the command whose words we are in decides "ignore" (`-`).
  const ignoreOf = (prefixes: string) => prefixes.includes("-");
  for (const cmd of parsed.commands) {
    const ignore = ignoreOf(cmd.prefixes);
    const consequence = ignore ? `${IGNORED} (the "-" prefix makes this non-fatal)` : REFUSED;
    const first = cmd.words[0];
    const raw = value.slice(first.start, first.end);
    const at = { offset: first.start, length: first.end - first.start, fatal: !ignore };
    // specifiers in the executable
    const sp = specifierProblem(cmd.path, "unit", ctx, !ignore);
    if (sp) return { ...sp, ...at, message: sp.message.replace(/: systemd .*$/, `: ${consequence}`) };
    const path = hasSpecifiers(cmd.path) ? null : unescapePercent(cmd.path);
    if (path !== null) {
      if (path === "") {
        return problem(`${ctx.key}=${value}: the prefix ${q(cmd.prefixes)} is not followed by a command: ${consequence}`, at);
      }
      if (/[\x00-\x1f\x7f"'\\]/.test(path)) {
        return problem(`${ctx.key}=: the executable ${q(path)} contains a quote, backslash or control character: ${consequence}`, at);
      }
      if (path.endsWith("/")) return problem(`${ctx.key}=: the executable ${q(path)} is a directory: ${consequence}`, at);
      if (!path.startsWith("/") && (path.includes("/") || path === "." || path === ".." || path.length > 255)) {
        const prefixHint = /^[-@:+!|~]/.test(path)
          ? ` (prefix characters may each appear once, and "+" cannot be combined with "!"; "${cmd.prefixes}" was taken as the prefix)`
          : path.startsWith("$") || path.startsWith("${")
            ? " (variables are not expanded in the executable)"
            : "";
        return problem(`${ctx.key}=: ${q(path)} is neither an absolute path nor a plain executable name${prefixHint}: ${consequence}`, at);
      }
      if (cmd.prefixes.includes("@") && cmd.words.length < 2) {
        return problem(`${ctx.key}=${raw}: the "@" prefix needs a second word (argv[0]) after the executable: ${consequence}`, at);
      }
      if (/\$/.test(path)) {
        return problem(
          `${ctx.key}=: the executable ${q(path)} contains a variable reference, but systemd never expands variables in the executable path; it will look for a file literally named ${q(path)} and the command will fail`,
          { offset: first.start, length: first.end - first.start },
        );
      }
    }
    // specifiers in the arguments
    for (const w of cmd.words.slice(1)) {
      const s = specifierProblem(w.text, "unit", ctx, !ignore);
      if (s) return { ...s, offset: w.start, length: w.end - w.start, message: s.message.replace(/: systemd .*$/, `: ${consequence}`) };
    }
  }
  if (split.error) {
    // Which command was the unbalanced word in, and was it its first word?
    const prev = split.words;
    const firstWordOfCommand = prev.length === 0 || (prev[prev.length - 1].separator && prev.length > 1);
    const lastCmd = parsed.commands[parsed.commands.length - 1];
    const ignore = !firstWordOfCommand && lastCmd !== undefined && ignoreOf(lastCmd.prefixes);
    const fatal = !firstWordOfCommand && !ignore;
    return problem(`${ctx.key}=${value}: unbalanced quoting (a quote opened at offset ${split.error.offset} is never closed): ${fatal ? REFUSED : IGNORED}`, {
      offset: split.error.offset,
      length: value.length - split.error.offset,
      fatal,
    });
  }
  return null;
};
