/**
 * No dead exports in src/: every exported value (function, constant, class, re-export) is imported
 * by another file of src/, and every exported type is used somewhere (at least in the signatures of
 * its own file). An export that only tests import is listed below with the reason it is a unit of
 * its module worth testing on its own; a new one fails here until it is used, made private, or
 * listed. A listed export that src/ starts to import, or that disappears, fails too (no stale list).
 */
import { describe, expect, test } from "@jest/globals";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { sourceFiles, SRC } from "./sources.js";

const ENTRY = "entry point of a build or bench script";
const UNIT = "a function of the module that its own code runs; the tests check it directly (pure, no I/O)";
const LIMIT = "a limit the tests push input against";
const WORK = "a work counter: complexity tests count work, not time";
const HOOK = "fault injection for tests of the confined file access (races that cannot be made otherwise)";
const CLI = "part of the command's behaviour the CLI tests pin (version, colour decision, rule list, stdin cap)";

/** `src-relative-path#name` -> why it may be exported although src/ does not import it. */
const ALLOWED: Record<string, string> = {
  "cli/process.ts#main": ENTRY,
  "asterisk/acl.ts#aclAdmits": UNIT,
  "asterisk/option-types.ts#parseCInteger": UNIT,
  "asterisk/option-types.ts#isAclElement": UNIT,
  "asterisk/schema.ts#DATA_REGEXES": "the data test checks every pattern of the generated tables compiles into this table",
  "asterisk/schema.ts#schemaWork": WORK,
  "asterisk/config-loader.ts#MAX_INCLUDE_DEPTH": LIMIT,
  "astlintrc/config-file.ts#CONFIG_FILE_NAME": UNIT,
  "astlintrc/config-file.ts#CONFIG_KEYS": "the schema test checks schema/astlintrc.schema.json names exactly these keys",
  "astlintrc/config-file.ts#validateConfig": UNIT,
  "astlintrc/config-file.ts#loadConfigFile": UNIT,
  "astlintrc/config-file.ts#findConfigFile": UNIT,
  "cli/fix-run.ts#writeOrder": UNIT,
  "cli/main.ts#readStdinCapped": CLI,
  "cli/main.ts#version": CLI,
  "cli/main.ts#useColor": CLI,
  "cli/main.ts#allRuleMetas": CLI,
  "engine.ts#MAX_FINDINGS_PER_RULE_PER_FILE": LIMIT,
  "firewall/firewalld.ts#parseXml": UNIT,
  "firewall/reachability.ts#parseFirewallSpec": UNIT,
  "firewall/reachability.ts#detectFormat": UNIT,
  "fix/edits.ts#lineStarts": UNIT,
  "formatters/index.ts#FORMATTERS": "the formatter test runs every registered format",
  "formatters/fingerprints.ts#normalizeMessageForFingerprint": UNIT,
  "hardening/assess.ts#levelOf": UNIT,
  "io/confined.ts#confinementTestHooks": HOOK,
  "io/confined.ts#confinementStats": HOOK,
  "model/asterisk-version.ts#majorOf": UNIT,
  "model/asterisk-version.ts#asteriskFromDpkgStatus": UNIT,
  "model/asterisk-version.ts#asteriskFromRpmDatabase": UNIT,
  "model/asterisk-version.ts#asteriskFromBinaryBytes": UNIT,
  "model/asterisk.ts#expandEnv": UNIT,
  "model/asterisk.ts#unitEnvironment": UNIT,
  "model/asterisk.ts#parseCNumber": UNIT,
  "model/rpmdb.ts#rpmHeaderPackage": UNIT,
  "model/unit-names.ts#unescapeUnitPart": UNIT,
  "parser/asterisk-lexer.ts#MAX_PLAIN_LINE": LIMIT,
  "parser/asterisk-parser.ts#MAX_LINE_BYTES": LIMIT,
  "parser/asterisk-parser.ts#asteriskParseWork": WORK,
  "parser/text-decode.ts#fromString": UNIT,
  "parser/unit-parser.ts#LONG_LINE_MAX": LIMIT,
  "rules/legacy-var-run-path.ts#belowVarRun": UNIT,
  "rules/socket-address-mismatch.ts#notWider": "the safety property of its fix (never a wider address) is checked on its own",
  "values/calendar.ts#isValidCalendarSpec": UNIT,
  "values/check-scalars.ts#parseTimespan": UNIT,
  "values/check-scalars.ts#isValidSignal": UNIT,
  "values/check-words.ts#isValidUnitName": UNIT,
  "values/check-words.ts#isValidUserGroupName": UNIT,
  "values/specifiers.ts#isKnownSpecifier": UNIT,
};

interface Export {
  file: string;
  name: string;
  type: boolean;
}

function resolveSpecifier(from: string, spec: string): string | null {
  if (!spec.startsWith(".")) return null;
  const p = path.resolve(path.dirname(from), spec).replace(/\.js$/, ".ts");
  return existsSync(p) ? p : null;
}

/** Exports of each src file, the names other src files import from it ("*": all of them), and identifier uses in its own file. */
function analyse() {
  const exports: Export[] = [];
  const imported = new Map<string, Set<string>>();
  const ownUses = new Map<string, Map<string, number>>();
  const use = (file: string, name: string) => {
    if (!imported.has(file)) imported.set(file, new Set());
    imported.get(file)!.add(name);
  };
  for (const file of sourceFiles(SRC)) {
    const sf = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
    const counts = new Map<string, number>();
    ownUses.set(file, counts);
    const visit = (n: ts.Node): void => {
      if (ts.isIdentifier(n)) {
        const p = n.parent;
        const declName = (ts.isFunctionDeclaration(p) || ts.isVariableDeclaration(p) || ts.isClassDeclaration(p) || ts.isInterfaceDeclaration(p) || ts.isTypeAliasDeclaration(p) || ts.isEnumDeclaration(p)) && p.name === n;
        if (!declName && !ts.isExportSpecifier(p)) counts.set(n.text, (counts.get(n.text) ?? 0) + 1);
      }
      if ((ts.isImportDeclaration(n) || ts.isExportDeclaration(n)) && n.moduleSpecifier && ts.isStringLiteral(n.moduleSpecifier)) {
        const target = resolveSpecifier(file, n.moduleSpecifier.text);
        if (target && ts.isImportDeclaration(n)) {
          const c = n.importClause;
          if (c?.name) use(target, "default");
          const b = c?.namedBindings;
          if (b && ts.isNamespaceImport(b)) use(target, "*");
          else if (b) for (const el of b.elements) use(target, (el.propertyName ?? el.name).text);
        } else if (target && ts.isExportDeclaration(n)) {
          if (!n.exportClause) use(target, "*");
          else if (ts.isNamedExports(n.exportClause)) for (const el of n.exportClause.elements) use(target, (el.propertyName ?? el.name).text);
        }
      } else if (ts.isCallExpression(n) && n.expression.kind === ts.SyntaxKind.ImportKeyword && n.arguments[0] && ts.isStringLiteral(n.arguments[0])) {
        const target = resolveSpecifier(file, n.arguments[0].text);
        if (target) use(target, "*");
      } else if (ts.isImportTypeNode(n) && ts.isLiteralTypeNode(n.argument) && ts.isStringLiteral(n.argument.literal)) {
        const target = resolveSpecifier(file, n.argument.literal.text);
        if (target) use(target, n.qualifier ? n.qualifier.getText(sf).split(".")[0]! : "*");
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
    for (const st of sf.statements) {
      const exported = ts.canHaveModifiers(st) && ts.getModifiers(st)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
      if (exported && ts.isVariableStatement(st)) {
        for (const d of st.declarationList.declarations) if (ts.isIdentifier(d.name)) exports.push({ file, name: d.name.text, type: false });
      } else if (exported && (ts.isFunctionDeclaration(st) || ts.isClassDeclaration(st) || ts.isEnumDeclaration(st)) && st.name) {
        exports.push({ file, name: st.name.text, type: false });
      } else if (exported && (ts.isInterfaceDeclaration(st) || ts.isTypeAliasDeclaration(st))) {
        exports.push({ file, name: st.name.text, type: true });
      } else if (ts.isExportDeclaration(st) && st.exportClause && ts.isNamedExports(st.exportClause)) {
        for (const el of st.exportClause.elements) exports.push({ file, name: el.name.text, type: st.isTypeOnly || el.isTypeOnly });
      }
    }
  }
  return { exports, imported, ownUses };
}

describe("exports of src/", () => {
  const { exports, imported, ownUses } = analyse();
  const key = (e: Export) => `${path.relative(SRC, e.file).split(path.sep).join("/")}#${e.name}`;
  const importedBySrc = (e: Export) => imported.get(e.file)?.has(e.name) || imported.get(e.file)?.has("*");

  test("the analysis sees the source tree", () => {
    expect(exports.length).toBeGreaterThan(300);
    expect(exports.some((e) => key(e) === "lint.ts#lint" && importedBySrc(e))).toBe(true);
  });

  test("every exported value is imported by another src file, or listed with its reason", () => {
    const unused = exports.filter((e) => !e.type && !importedBySrc(e) && !(key(e) in ALLOWED)).map(key);
    expect(unused).toEqual([]);
  });

  test("every exported type is used: imported elsewhere or named in its own file's signatures", () => {
    const unused = exports.filter((e) => e.type && !importedBySrc(e) && !(ownUses.get(e.file)?.get(e.name) ?? 0)).map(key);
    expect(unused).toEqual([]);
  });

  test("the list holds only exports that exist and that src/ does not import", () => {
    const byKey = new Map(exports.map((e) => [key(e), e]));
    const stale = Object.keys(ALLOWED).filter((k) => !byKey.has(k) || importedBySrc(byKey.get(k)!));
    expect(stale).toEqual([]);
  });
});
