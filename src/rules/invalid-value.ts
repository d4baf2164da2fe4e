/**
 * invalid-value: a value the directive's parser rejects in the target version (booleans, time
 * spans, sizes, modes, numbers and ranges, enumerations, socket addresses, Exec command lines,
 * user/group names, unit names, paths, specifiers …), as decided by checkValue()
 * (src/values/value-check.ts, after the config_parse_* functions of systemd v252). Most bad values make
 * systemd ignore the line; a few (Exec lines without the "-" prefix, DynamicUser=,
 * WorkingDirectory=, RootDirectory= …) make it stop reading the file and refuse the unit.
 * Empty values are empty-assignment's.
 */
import { checkValue } from "../values/value-check.js";
import { splitWords } from "../values/exec-command.js";
import type { UnitAssignment } from "../core/unit-tree.js";
import type { Rule, RuleContext } from "./rule.js";
import { inlineCommentAt } from "./_inline-comment.js";
import { assignmentProblem, assumedVersion, fatalOutcome, valueRange, knownValueAssignments } from "./_unit-files.js";
import { REFUSED } from "../values/check-core.js";
import { safeToActivate, valueFix } from "./_fixes.js";
import { FATAL_CONFIGURATION_LOG } from "../model/service-verify.js";

const TIME_PARSERS = new Set([
  "config_parse_sec",
  "config_parse_sec_fix_0",
  "config_parse_sec_def_infinity",
  "config_parse_service_timeout",
  "config_parse_service_timeout_abort",
  "config_parse_job_timeout_sec",
  "config_parse_job_running_timeout_sec",
  "config_parse_nsec",
]);

/** What to write instead, by the kind of value (when checkValue has no exact suggestion). */
function genericHelp(parser: string, key: string, message: string): string | undefined {
  if (message.includes("unsubstituted build-time placeholder")) {
    return "substitute the build-time placeholder (the file looks like an unprocessed .in template) before installing it";
  }
  if (message.includes("was added in systemd")) return `use a value the target knows, or lint with a newer --systemd-version if the unit only runs there`;
  if (message.includes("%%") || message.includes("specifier")) return `write %% for a literal %`;
  if (parser === "config_parse_bool" || parser === "config_parse_tristate") return `${key}=yes or ${key}=no`;
  if (TIME_PARSERS.has(parser)) return `a number of seconds, or numbers with units: 30s, 5min, 1h 30min, 500ms (or infinity)`;
  if (parser === "config_parse_mode") return `an octal mode such as 0644 or 0750`;
  if (parser === "config_parse_exec") {
    return `start the command with an absolute path (/usr/bin/…) or a plain program name; the prefixes - @ : + ! go before it, each at most once`;
  }
  if (parser === "config_parse_unit_deps") return `list unit names with their type suffix, e.g. network-online.target`;
  return undefined;
}

/**
 * Exec lines: a backslash escape systemd does not know (`\d`) is kept literally, with the
 * warning "Ignoring unknown escape sequences" — a warning here too, once per word.
 */
function unknownEscapes(ctx: RuleContext, a: UnitAssignment): void {
  const split = splitWords(a.value);
  const reported = new Set<number>();
  for (const e of split.unknownEscapes) {
    const word = split.words.find((w) => w.start <= e.offset && e.offset < w.end);
    if (word && reported.has(word.start)) continue;
    if (word) reported.add(word.start);
    const escaped = e.text === "\\;" ? "" : e.text;
    if (!escaped) continue;
    ctx.report({
      at: valueRange(a, e.offset, e.text.length),
      severity: "warning",
      message: `${a.key}= has the escape "${escaped}", which systemd does not know: it keeps the backslash and the character as they are`,
      notes: [`systemd logs "Ignoring unknown escape sequences" for "${word ? a.value.slice(word.start, word.end) : escaped}" and passes it on unchanged; the command still runs`],
      help: `write "\\\\" for a literal backslash (known escapes: \\n \\t \\s \\\\ \\" \\' \\xHH …), or quote the argument for the program differently`,
    });
  }
}

function check(ctx: RuleContext): void {
  const version = ctx.options.systemdVersion;
  for (const { uf, a, info } of knownValueAssignments(ctx)) {
    const p = assignmentProblem(ctx, uf.unitType, a, info.parser, uf);
    if (!p) {
      if (info.parser === "config_parse_exec" && a.value.includes("\\")) unknownEscapes(ctx, a);
      continue;
    }
    const notes: string[] = [];
    let help: string | undefined;
    if (p.fatal) {
      const outcome = fatalOutcome(uf);
      notes.push(
        uf.kind === "dropin"
          ? `systemd stops reading ${uf.display} at this line: ${outcome.consequence}`
          : `systemd stops reading ${uf.display} at this line ("${FATAL_CONFIGURATION_LOG}"): ${outcome.consequence}`,
      );
    } else {
      notes.push(`the rest of the unit loads; ${a.key}= keeps its default or an earlier value`);
    }
    const comment = inlineCommentAt(a.value, info.parser);
    if (comment !== null) {
      const before = a.value.slice(0, comment).trimEnd();
      const ok = before !== "" && checkValue(info.parser, before, { version, section: a.section, key: a.key, unitType: uf.unitType }) === null;
      notes.push(`systemd has no comments after a value: ${JSON.stringify(a.value.slice(comment))} is part of it`);
      if (ok) help = `move the comment to a line of its own starting with #, and keep ${a.key}=${before}`;
    }
    if (!help && p.suggestion !== undefined) help = `${a.key}=${p.suggestion}`;
    if (!help) help = genericHelp(info.parser, a.key, p.message);
    // The one close value of an enumeration ("did you mean"): the value systemd ignored takes effect, so
    // only harmless settings are safe (Type=, identities, sandboxing … are unsafe).
    const certain = comment === null && p.suggestion !== undefined && p.offset === undefined && p.message.includes("did you mean");
    ctx.report({
      at: p.offset !== undefined ? valueRange(a, p.offset, p.length ?? a.value.length - p.offset) : a.valueLoc,
      // A value newer than the target: say which target was assumed.
      message: (/was added in systemd|does not know it/.test(p.message) ? p.message + assumedVersion(ctx) : p.message).replace(REFUSED, p.fatal ? fatalOutcome(uf).refused : REFUSED),
      notes,
      help,
      fix: certain ? valueFix(ctx, uf, a, p.suggestion!, false, { safe: safeToActivate(a.section, a.key), description: `${a.key}=${p.suggestion}` }) : undefined,
    });
  }
}

const rule: Rule = {
  meta: {
    id: "invalid-value",
    severity: "error",
    description: "A value the directive's parser rejects: systemd ignores the line, or refuses the unit",
    fixable: "safe",
  },
  check,
};
export default rule;
