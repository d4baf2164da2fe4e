// The pass/fail lines of the end-to-end test scripts (test:hooks, test:install, test:sea,
// test:node18): `ok  what` or `FAIL what` with the detail indented, and the count of failures.
export function checker() {
  let failed = 0;
  return {
    check(what, ok, detail = "") {
      console.log(`${ok ? "ok  " : "FAIL"} ${what}`);
      if (!ok) {
        failed++;
        if (detail) console.log(String(detail).trim().slice(0, 3000).replace(/^/gm, "     | "));
      }
    },
    fail() {
      failed++;
    },
    /** Prints the verdict and exits 0 or 1. */
    finish(name) {
      console.log(failed === 0 ? `${name} passed` : `${name}: ${failed} check(s) failed`);
      process.exit(failed === 0 ? 0 : 1);
    },
  };
}
