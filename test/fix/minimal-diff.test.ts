/**
 * --diff is minimal: a legacy assignment whose new place already holds the same assignment is
 * deleted, not moved next to it (which made the old one dead and the next pass moved it too).
 */
import { describe, expect, test } from "@jest/globals";
import { main, type Io } from "../../src/cli/main.js";
import { makeTree } from "../helpers.js";

async function diff(svc: string): Promise<string[]> {
  const root = makeTree({ "etc/systemd/system/x.service": svc });
  const out: string[] = [];
  const t: Io = { stdout: (s) => out.push(s), stderr: () => undefined, isTTY: false, env: {}, cwd: root };
  expect(await main(["--root", ".", "--diff", "--systemd-version", "252"], t)).toBe(1);
  return out.join("").split("\n").filter((l) => /^[-+][^-+]/.test(l));
}

describe("a legacy place whose new place already says the same", () => {
  test("StartLimitInterval= in [Service] with the same StartLimitIntervalSec= in [Unit]: only the legacy line goes", async () => {
    const svc = "[Unit]\nDescription=x\nStartLimitIntervalSec=60\nAfter=network.target\n\n[Service]\nExecStart=/usr/bin/x\nStartLimitInterval=60\n";
    expect(await diff(svc)).toEqual(["-StartLimitInterval=60"]);
  });

  test("a different value is moved (it is the one systemd uses: it comes later)", async () => {
    const svc = "[Unit]\nDescription=x\nStartLimitIntervalSec=30\n\n[Service]\nExecStart=/usr/bin/x\nStartLimitInterval=60\n";
    // The move makes [Unit]'s own assignment dead; a second pass deletes it.
    expect(await diff(svc)).toEqual(["-StartLimitIntervalSec=30", "+StartLimitIntervalSec=60", "-StartLimitInterval=60"]);
  });
});
