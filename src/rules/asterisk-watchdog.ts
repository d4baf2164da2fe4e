/**
 * asterisk-watchdog: a non-zero WatchdogSec= on the Asterisk service; Asterisk never sends
 * WATCHDOG=1, so systemd kills it when the interval passes (Asterisk's `ast_sd_notify()` callers (READY, STOPPING, RELOADING only; no WATCHDOG=1)).
 */
import type { Rule } from "./rule.js";
import { unitFix, withFix } from "../fix/unit-fix.js";
import { fixPolicy } from "./_fixes.js";

/** True when a systemd time span is zero (or infinity, which disables the watchdog). */
function disabled(v: string): boolean {
  const t = v.trim();
  if (t === "infinity") return true;
  return !/[1-9]/.test(t);
}

const rule: Rule = {
  meta: {
    id: "asterisk-watchdog",
    severity: "error",
    description: "WatchdogSec= on the Asterisk service: Asterisk never sends WATCHDOG=1",
    references: ["Asterisk's `ast_sd_notify()` callers (READY, STOPPING, RELOADING only; no WATCHDOG=1)"],
    fixable: "safe",
  },
  check(ctx) {
    for (const inst of ctx.model.asterisk) {
      const w = inst.service.get("Service", "WatchdogSec");
      if (!w || disabled(w.value)) continue;
      // Removing a watchdog that kills Asterisk cannot stop it from starting.
      const fix = unitFix(fixPolicy(ctx), inst.service, [{ kind: "remove", section: "Service", key: "WatchdogSec", reset: "0" }], {
        safe: true,
        description: "remove WatchdogSec= (WatchdogSec=0 in a drop-in)",
      });
      ctx.report(
        withFix(
          {
            at: w.valueLoc,
            message: `WatchdogSec=${w.value} on ${inst.service.name}, but Asterisk never sends WATCHDOG=1`,
            notes: [`systemd kills Asterisk (SIGABRT) ${w.value}${/^\d+$/.test(w.value) ? "s" : ""} after start and treats it as a watchdog failure, over and over with Restart=`],
            help: "remove WatchdogSec= (or set WatchdogSec=0)",
          },
          fix,
        ),
      );
    }
  },
};
export default rule;
