/** Fixes as the JSON and SARIF formatters print them (internal fields left out). */
import type { Fix } from "../core/types.js";

export interface PublicEdit {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  text: string;
  create?: true;
}

export interface PublicFix {
  safe: boolean;
  description: string;
  edits: PublicEdit[];
}

export function publicFix(fix: Fix): PublicFix {
  return {
    safe: fix.safe,
    description: fix.description,
    edits: fix.edits.map((e) => ({
      file: e.file,
      line: e.line,
      column: e.column,
      endLine: e.endLine,
      endColumn: e.endColumn,
      text: e.text,
      ...(e.create ? { create: true as const } : {}),
    })),
  };
}
