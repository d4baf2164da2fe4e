import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "@jest/globals";
import Ajv04Import from "ajv-draft-04";
import addFormatsImport from "ajv-formats";
import { FINGERPRINT_KEY, escapeMarkdown, ruleHelpUri, sarif } from "../../src/formatters/sarif.js";
import { CWD, expectGolden, makeContext, makeFindings, repoRoot, shiftLines } from "./fixtures.js";

// ajv-draft-04 and ajv-formats are CommonJS with a `default` property; take whichever the loader gives.
type AnyCtor = new (opts: object) => { compile(schema: object): ((data: unknown) => boolean) & { errors?: unknown } };
const Ajv04 = ((Ajv04Import as unknown as { default?: AnyCtor }).default ?? Ajv04Import) as unknown as AnyCtor;
const addFormats = ((addFormatsImport as unknown as { default?: unknown }).default ?? addFormatsImport) as (ajv: unknown) => void;

const schemaPath = path.join(repoRoot, "test/formatters/schema/sarif-schema-2.1.0.json");
const schema = JSON.parse(fs.readFileSync(schemaPath, "utf8")) as object;
const ajv = new Ajv04({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(schema);

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

function run(findings = makeFindings(), ctx = makeContext()): Json {
  return JSON.parse(sarif(findings, ctx));
}

describe("sarif formatter", () => {
  it("matches the golden output (no homepage)", () => {
    expectGolden("sarif.json", sarif(makeFindings(), makeContext()));
  });

  it("matches the golden output with a homepage", () => {
    expectGolden("sarif-homepage.json", sarif(makeFindings(), makeContext({ homepage: "https://github.com/example/astlint#readme" })));
  });

  it.each([
    ["findings, no homepage", makeFindings(), makeContext()],
    ["findings, homepage", makeFindings(), makeContext({ homepage: "https://github.com/example/astlint#readme" })],
    ["no findings", [], makeContext()],
  ])("validates against the SARIF 2.1.0 schema (%s)", (_name, findings, ctx) => {
    const doc = run(findings, ctx);
    const ok = validate(doc);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it("the schema check is real: a document with duplicate rules or a zero line is rejected", () => {
    const dup = run();
    dup.runs[0].tool.driver.rules.push(dup.runs[0].tool.driver.rules[0]);
    expect(validate(dup)).toBe(false);
    const zero = run();
    zero.runs[0].results[0].locations[0].physicalLocation.region.startLine = 0;
    expect(validate(zero)).toBe(false);
  });

  it("has one run with the astlint driver and unique rule descriptors for the rules used", () => {
    const doc = run();
    expect(doc.version).toBe("2.1.0");
    expect(doc.runs).toHaveLength(1);
    const run0 = doc.runs[0];
    expect(run0.columnKind).toBe("utf16CodeUnits");
    expect(run0.tool.driver.name).toBe("astlint");
    expect(run0.tool.driver.version).toBe("0.1.0");
    expect(run0.tool.driver.informationUri).toBeUndefined();
    const ids = run0.tool.driver.rules.map((r: Json) => r.id);
    expect(ids).toEqual(["ami-bindaddr", "execstop-cli-loop", "run-path-mismatch"]);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of run0.tool.driver.rules) {
      expect(r.shortDescription.text.length).toBeGreaterThan(0);
      expect(r.fullDescription.text.length).toBeGreaterThan(0);
      expect(r.help.text.length).toBeGreaterThan(0);
      expect(r.helpUri).toBeUndefined();
    }
    const rpm = run0.tool.driver.rules[2];
    expect(rpm.shortDescription.text).toBe("The socket path systemd binds differs from the one Asterisk expects");
    expect(rpm.fullDescription.text).toBe("systemd rewrites `/var/run/` to `/run/`; Asterisk compares paths literally.");
    expect(rpm.help.markdown).toContain("## Fix");
    expect(rpm.defaultConfiguration.level).toBe("error");
    for (const res of run0.results) {
      expect(run0.tool.driver.rules[res.ruleIndex].id).toBe(res.ruleId);
    }
  });

  it("adds informationUri and helpUri only with a homepage", () => {
    const doc = run(makeFindings(), makeContext({ homepage: "https://github.com/example/astlint#readme" }));
    const driver = doc.runs[0].tool.driver;
    expect(driver.informationUri).toBe("https://github.com/example/astlint#readme");
    expect(driver.rules[2].helpUri).toBe("https://github.com/example/astlint/blob/v0.1.0/docs/rules/run-path-mismatch.md");
    expect(ruleHelpUri("https://astlint.example.org/", "x")).toBe("https://astlint.example.org/docs/rules/x.md");
    expect(ruleHelpUri("not a uri", "x")).toBeUndefined();
  });

  it("maps levels, messages, locations and related locations", () => {
    const [first, , multi, outside, special] = run().runs[0].results;
    expect(first.level).toBe("error");
    expect(multi.level).toBe("warning");
    expect(outside.level).toBe("note");

    expect(first.message.text.split("\n")).toEqual([
      "systemd binds /run/asterisk/asterisk.ctl but Asterisk expects /var/run/asterisk/asterisk.ctl",
      "= systemd rewrites ListenStream=/var/run/... to /run/...; Asterisk compares the path literally and exits",
      "= astrundir comes from etc/asterisk/asterisk.conf:3 [directories]",
      "help: use /run on both sides: `astrundir => /run/asterisk`",
    ]);
    expect(first.message.markdown).toContain("**help:** use /run on both sides: `astrundir => /run/asterisk`");
    expect(first.message.markdown).toContain("- astrundir comes from etc/asterisk/asterisk.conf:3 \\[directories\\]");
    expect(special.message.markdown).toContain("a \\<tag\\> & \"quotes\"");

    expect(first.locations).toHaveLength(1);
    const loc = first.locations[0].physicalLocation;
    expect(loc.artifactLocation.uri).toBe("etc/systemd/system/asterisk-cli.socket");
    expect(loc.region).toEqual({ startLine: 6, startColumn: 14, endLine: 6, endColumn: 44 });
    expect(multi.locations[0].physicalLocation.region).toEqual({ startLine: 14, startColumn: 1, endLine: 16, endColumn: 20 });

    expect(outside.locations[0].physicalLocation.artifactLocation).toEqual({ uri: "file:///work/other%20repo/manager.conf" });
    expect(special.locations[0].physicalLocation.artifactLocation.uri).toBe("etc/systemd/system/getty@tty1,a%25b.service");
    expect(new URL(special.locations[0].physicalLocation.artifactLocation.uri, "file:///work/project/").pathname).toBe(
      "/work/project/etc/systemd/system/getty@tty1,a%25b.service",
    );

    expect(first.relatedLocations).toEqual([
      {
        id: 1,
        physicalLocation: {
          artifactLocation: { uri: "etc/asterisk/asterisk.conf", uriBaseId: "%SRCROOT%" },
          region: { startLine: 3, startColumn: 1, endLine: 3, endColumn: 30 },
        },
        message: { text: "astrundir is set here" },
      },
    ]);
    expect(multi.relatedLocations).toBeUndefined();
  });

  it("never emits ./ and uses forward slashes for files inside the working directory", () => {
    const f = { ...makeFindings()[0]!, file: "./etc/x.service" };
    const g = { ...makeFindings()[0]!, file: `${CWD}/etc/y.service` };
    const [a, b] = run([f, g]).runs[0].results;
    expect(a.locations[0].physicalLocation.artifactLocation.uri).toBe("etc/x.service");
    expect(b.locations[0].physicalLocation.artifactLocation.uri).toBe("etc/y.service");
  });

  it("gives unique fingerprints that are stable across runs and line shifts", () => {
    const prints = (doc: Json) => doc.runs[0].results.map((r: Json) => r.partialFingerprints[FINGERPRINT_KEY]);
    const a = prints(run());
    expect(new Set(a).size).toBe(a.length);
    expect(prints(run())).toEqual(a);
    expect(prints(run(shiftLines(makeFindings(), 7)))).toEqual(a);
    // A line reference inside the message moving along does not change it either.
    const moved = shiftLines(makeFindings(), 2);
    moved[3] = { ...moved[3]!, message: "AMI binds 0.0.0.0:5038 (manager.conf:6 bindaddr)" };
    expect(prints(run(moved))).toEqual(a);
    // Order of the input does not matter.
    expect(prints(run([...makeFindings()].reverse()))).toEqual([...a].reverse());
    // A different port is a different finding.
    const other = makeFindings();
    other[3] = { ...other[3]!, message: "AMI binds 0.0.0.0:5039 (manager.conf:4 bindaddr)" };
    expect(prints(run(other))[3]).not.toBe(a[3]);
  });

  it("escapes Markdown outside code spans only", () => {
    expect(escapeMarkdown("a_b `c_d` *e* [f]")).toBe("a\\_b `c_d` \\*e\\* \\[f\\]");
  });
});
