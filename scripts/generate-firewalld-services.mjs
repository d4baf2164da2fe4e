#!/usr/bin/env node
/**
 * Generates src/firewall/firewalld-services.ts: firewalld's stock service definitions
 * (name -> ports, protocols, included services, destination) and stock zone files, taken from
 * Debian's firewalld package (/usr/lib/firewalld/services/*.xml and zones/*.xml).
 *
 * How to run (as root or with apt access, on Debian or Ubuntu):
 *
 *   node scripts/generate-firewalld-services.mjs            # downloads the package itself:
 *                                                            #   apt-get download firewalld (into a temp dir)
 *                                                            #   dpkg-deb -x firewalld_*.deb <tmp>/x
 *   node scripts/generate-firewalld-services.mjs DIR        # DIR = an extracted package or a root
 *                                                            #   holding usr/lib/firewalld/
 *
 * If `apt-get download` cannot find the package, run `apt-get update` first.
 * Commit the regenerated file together with any change to this script.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.join(here, "..", "src", "firewall", "firewalld-services.ts");

function extractPackage() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "astlint-firewalld-"));
  execFileSync("apt-get", ["download", "firewalld"], { cwd: tmp, stdio: ["ignore", "inherit", "inherit"] });
  const deb = fs.readdirSync(tmp).find((f) => f.endsWith(".deb"));
  if (!deb) throw new Error("apt-get download produced no .deb (run apt-get update first?)");
  execFileSync("dpkg-deb", ["-x", path.join(tmp, deb), path.join(tmp, "x")]);
  const version = execFileSync("dpkg-deb", ["-f", path.join(tmp, deb), "Version"]).toString().trim();
  return { root: path.join(tmp, "x"), version };
}

function attrs(tag) {
  const out = {};
  for (const m of tag.matchAll(/([\w-]+)\s*=\s*("([^"]*)"|'([^']*)')/g)) out[m[1]] = m[3] ?? m[4];
  return out;
}

function parseService(xml) {
  const noComments = xml.replace(/<!--[\s\S]*?-->/g, "");
  const svc = { ports: [], protocols: [], sourcePorts: [], includes: [] };
  for (const m of noComments.matchAll(/<port\b([^>]*)\/?>/g)) {
    const a = attrs(m[1]);
    svc.ports.push([a.protocol, a.port]);
  }
  for (const m of noComments.matchAll(/<protocol\b([^>]*)\/?>/g)) svc.protocols.push(attrs(m[1]).value);
  for (const m of noComments.matchAll(/<source-port\b([^>]*)\/?>/g)) {
    const a = attrs(m[1]);
    svc.sourcePorts.push([a.protocol, a.port]);
  }
  for (const m of noComments.matchAll(/<include\b([^>]*)\/?>/g)) svc.includes.push(attrs(m[1]).service);
  const d = /<destination\b([^>]*)\/?>/.exec(noComments);
  if (d) {
    const a = attrs(d[1]);
    svc.destination = {};
    if (a.ipv4) svc.destination.ipv4 = a.ipv4;
    if (a.ipv6) svc.destination.ipv6 = a.ipv6;
  }
  return svc;
}

function main() {
  let root = process.argv[2];
  let version = "unknown";
  if (!root) ({ root, version } = extractPackage());
  const lib = fs.existsSync(path.join(root, "usr/lib/firewalld")) ? path.join(root, "usr/lib/firewalld") : root;
  const servicesDir = path.join(lib, "services");
  const zonesDir = path.join(lib, "zones");
  const services = {};
  for (const f of fs.readdirSync(servicesDir).filter((x) => x.endsWith(".xml")).sort()) {
    services[f.slice(0, -4)] = parseService(fs.readFileSync(path.join(servicesDir, f), "utf8"));
  }
  const zones = {};
  for (const f of fs.readdirSync(zonesDir).filter((x) => x.endsWith(".xml")).sort()) {
    zones[f.slice(0, -4)] = fs.readFileSync(path.join(zonesDir, f), "utf8");
  }
  const lines = [
    "// generated, do not edit: node scripts/generate-firewalld-services.mjs",
    `// Source: Debian package firewalld ${version}, /usr/lib/firewalld/services/*.xml and zones/*.xml.`,
    "",
    "export interface StockService {",
    "  /** [protocol, port or range \"a-b\"] */",
    "  ports: [string, string][];",
    "  protocols: string[];",
    "  sourcePorts: [string, string][];",
    "  includes: string[];",
    "  destination?: { ipv4?: string; ipv6?: string };",
    "}",
    "",
    "export const STOCK_SERVICES: Record<string, StockService> = {",
    ...Object.entries(services).map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)},`),
    "};",
    "",
    "/** Stock zone files, verbatim (so line numbers match /usr/lib/firewalld/zones/NAME.xml). */",
    "export const STOCK_ZONES: Record<string, string> = {",
    ...Object.entries(zones).map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)},`),
    "};",
    "",
  ];
  fs.writeFileSync(out, lines.join("\n"));
  console.log(`wrote ${path.relative(process.cwd(), out)}: ${Object.keys(services).length} services, ${Object.keys(zones).length} zones`);
}

main();
