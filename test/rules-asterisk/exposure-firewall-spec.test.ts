/**
 * Repository mode has no firewall under a root; a saved ruleset given with --firewall decides
 * whether the AMI port is exposed, as it does for activation ports.
 */
import { expect, test } from "@jest/globals";
import * as path from "node:path";
import { lint } from "../../src/lint.js";
import { REPO } from "../helpers.js";

test("--firewall nft:FILE restricting 5038 to one network silences ami-exposed in repository mode", async () => {
  const dir = path.join(REPO, "fixtures", "exposure-named-acl", "etc", "asterisk");
  const nft = path.join(REPO, "fixtures", "exposure-ami-firewalled", "etc", "nftables.conf");
  const open = await lint({ paths: [dir] });
  expect(open.findings.filter((f) => f.ruleId === "ami-exposed").map((f) => f.line)).toEqual([12]);
  const filtered = await lint({ paths: [dir], firewall: [`nft:${nft}`] });
  expect(filtered.findings.filter((f) => f.ruleId === "ami-exposed")).toEqual([]);
  expect(filtered.model.firewalls().loaded.map((l) => l.kind)).toEqual(["nftables"]);
});
