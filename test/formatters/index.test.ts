import { describe, expect, it } from "@jest/globals";
import { FORMATTERS, FORMAT_NAMES, getFormatter } from "../../src/formatters/index.js";
import { checkstyle } from "../../src/formatters/checkstyle.js";
import { compact } from "../../src/formatters/compact.js";
import { github } from "../../src/formatters/github.js";
import { gitlab } from "../../src/formatters/gitlab.js";
import { junit } from "../../src/formatters/junit.js";
import { sarif } from "../../src/formatters/sarif.js";

describe("formatter registry", () => {
  it("lists every format name of issue 5", () => {
    expect(FORMAT_NAMES).toEqual(["checkstyle", "compact", "github", "gitlab", "json", "junit", "sarif", "stylish", "unix"]);
    expect(Object.keys(FORMATTERS).sort()).toEqual(FORMAT_NAMES);
  });

  it.each([
    ["sarif", sarif],
    ["github", github],
    ["gitlab", gitlab],
    ["checkstyle", checkstyle],
    ["junit", junit],
    ["compact", compact],
    ["unix", compact],
  ])("loads %s lazily", async (name, expected) => {
    expect(await getFormatter(name)).toBe(expected);
  });

  it.each(["stylish", "json"])("loads the %s formatter written alongside", async (name) => {
    expect(typeof (await getFormatter(name))).toBe("function");
  });

  it("rejects an unknown name with the list of valid names", async () => {
    await expect(getFormatter("html")).rejects.toThrow(
      'Unknown format "html". Valid formats: checkstyle, compact, github, gitlab, json, junit, sarif, stylish, unix.',
    );
    await expect(getFormatter("toString")).rejects.toThrow(/Unknown format "toString"/);
  });
});
