/**
 * Formatter registry: `--format NAME` -> a lazily imported formatter, so only the chosen
 * format's module is loaded. `unix` is an alias of `compact`.
 */
import type { Formatter } from "./types.js";


/**
 * Finds the formatter function in a module: its default export, a named export called like the
 * format (`stylish`, `formatStylish`, `stylishFormatter`), or its only exported function.
 */
function pick(mod: Record<string, unknown>, name: string): Formatter {
  const cap = name[0]!.toUpperCase() + name.slice(1);
  for (const key of ["default", name, `format${cap}`, `${name}Formatter`, `${name}Format`]) {
    if (typeof mod[key] === "function") return mod[key] as Formatter;
  }
  const fns = Object.values(mod).filter((v): v is Formatter => typeof v === "function");
  if (fns.length === 1) return fns[0]!;
  throw new Error(`formatter module for "${name}" exports no formatter function`);
}

export const FORMATTERS: Record<string, () => Promise<Formatter>> = {
  stylish: async () => pick(await import("./stylish.js"), "stylish"),
  json: async () => pick(await import("./json.js"), "json"),
  sarif: async () => pick(await import("./sarif.js"), "sarif"),
  github: async () => pick(await import("./github.js"), "github"),
  gitlab: async () => pick(await import("./gitlab.js"), "gitlab"),
  checkstyle: async () => pick(await import("./checkstyle.js"), "checkstyle"),
  junit: async () => pick(await import("./junit.js"), "junit"),
  compact: async () => pick(await import("./compact.js"), "compact"),
  unix: async () => pick(await import("./compact.js"), "compact"),
};

/** Valid `--format` names, sorted. */
export const FORMAT_NAMES: readonly string[] = Object.keys(FORMATTERS).sort();

/** Loads a formatter by name; an unknown name throws an Error listing the valid names. */
export async function getFormatter(name: string): Promise<Formatter> {
  const load = Object.prototype.hasOwnProperty.call(FORMATTERS, name) ? FORMATTERS[name] : undefined;
  if (!load) {
    throw new Error(`Unknown format "${name}". Valid formats: ${FORMAT_NAMES.join(", ")}.`);
  }
  return load();
}
