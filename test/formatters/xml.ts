/** Parses XML as a consumer would (fast-xml-parser), after checking it is well-formed XML 1.0. */
import { expect } from "@jest/globals";
import { XMLParser, XMLValidator } from "fast-xml-parser";

/** Characters XML 1.0 forbids, raw or as character references. */
function hasForbiddenChar(xml: string): boolean {
  const forbidden = (c: number) => (c < 0x20 && c !== 0x9 && c !== 0xa && c !== 0xd) || c === 0xfffe || c === 0xffff;
  for (const ch of xml) if (forbidden(ch.codePointAt(0)!)) return true;
  for (const m of xml.matchAll(/&#(x[0-9A-Fa-f]+|\d+);/g)) {
    const ref = m[1]!;
    if (forbidden(ref.startsWith("x") ? parseInt(ref.slice(1), 16) : parseInt(ref, 10))) return true;
  }
  return false;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function parseXml(xml: string, arrays: string[]): any {
  expect(XMLValidator.validate(xml)).toBe(true);
  expect(hasForbiddenChar(xml)).toBe(false);
  expect(hasForbiddenChar("&#1;") && hasForbiddenChar("\u0001") && !hasForbiddenChar("&#10;")).toBe(true);
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: "",
    htmlEntities: true,
    trimValues: false,
    parseTagValue: false,
    parseAttributeValue: false,
    isArray: (name) => arrays.includes(name),
  });
  return parser.parse(xml);
}
