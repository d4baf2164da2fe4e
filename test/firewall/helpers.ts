import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll } from "@jest/globals";
import { RootFs } from "../../src/io/fs.js";
import { parseListenAddress, type InetAddress } from "../../src/net/socket-address.js";
import { loadFirewalls, type CombinedVerdict, type FirewallOptions } from "../../src/firewall/reachability.js";

const made: string[] = [];
afterAll(() => {
  for (const d of made) fs.rmSync(d, { recursive: true, force: true });
});

/** A temporary directory used as a root, holding `files` (paths inside the root). */
export function makeRoot(files: Record<string, string>): { dir: string; fs: RootFs } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "astlint-fw-"));
  made.push(dir);
  for (const [p, text] of Object.entries(files)) {
    const host = path.join(dir, p);
    fs.mkdirSync(path.dirname(host), { recursive: true });
    fs.writeFileSync(host, text);
  }
  return { dir, fs: new RootFs(dir) };
}

export function listen(text: string): InetAddress {
  const a = parseListenAddress(text);
  if (a.kind !== "inet") throw new Error(`not an inet address: ${text}`);
  return a;
}

/** Unit check stubs. */
export const enabledUnits =
  (...units: string[]) =>
  (u: string): boolean | null =>
    units.includes(u);
export const noUnitInfo = (): boolean | null => null;

/** Evaluates port/family against the firewalls of a root built from `files`. */
export function verdictFor(
  files: Record<string, string>,
  port: number,
  family: 4 | 6,
  opts: Partial<FirewallOptions> & { listenAddress?: string } = {},
): CombinedVerdict {
  const root = makeRoot(files);
  const fw = loadFirewalls({ fs: root.fs, isEnabled: opts.isEnabled ?? noUnitInfo, specs: opts.specs, cwd: opts.cwd });
  return fw.evaluate({ port, family, listenAddress: listen(opts.listenAddress ?? "5038") });
}
