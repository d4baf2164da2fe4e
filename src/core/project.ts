/**
 * astlint's public home: the one constant every link derives from (package.json's homepage,
 * repository and bugs are checked against it in test/packaging/package.test.ts).
 */
export const PROJECT_URL = "https://github.com/astlint/astlint";

/**
 * The documentation page of a rule at the release that produced the finding:
 * `https://github.com/astlint/astlint/blob/v0.1.0/docs/rules/run-path-mismatch.md`. Another
 * `home` on github.com gets the same layout; any other URL gets `docs/rules/ID.md` below it.
 * Without a version, the page at HEAD. Undefined when `home` is not an absolute URL.
 */
export function ruleDocsUrl(id: string, version?: string, home: string = PROJECT_URL): string | undefined {
  let url: URL;
  try {
    url = new URL(home);
  } catch {
    return undefined;
  }
  url.hash = "";
  url.search = "";
  const page = `docs/rules/${encodeURIComponent(id)}.md`;
  const segments = url.pathname.split("/").filter(Boolean);
  if (url.hostname === "github.com" && segments.length >= 2) {
    const ref = version && /^\d+\.\d+\.\d+/.test(version) ? `v${version}` : "HEAD";
    return `https://github.com/${segments[0]}/${segments[1]!.replace(/\.git$/, "")}/blob/${ref}/${page}`;
  }
  if (!url.pathname.endsWith("/")) url.pathname += "/";
  return new URL(page, url).href;
}
