/**
 * chevrotain settings shared by the lexers and parsers.
 *
 * The grammars are fixed at build time, so chevrotain's self-checks (lexer pattern validation,
 * grammar and lookahead validation in performSelfAnalysis) find nothing new at run time; they
 * cost ~10-20 ms of every start-up. The shipped bundle (scripts/build.mjs defines
 * __ASTLINT_BUNDLE__) skips them; the tests, which run the sources, keep them on, so a grammar
 * mistake still fails there.
 */
declare const __ASTLINT_BUNDLE__: boolean | undefined;

export const SKIP_VALIDATIONS: boolean = typeof __ASTLINT_BUNDLE__ !== "undefined" && __ASTLINT_BUNDLE__ === true;
