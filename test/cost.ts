/**
 * Cost measurement for complexity tests that must pass on a loaded machine (other processes
 * busy beside the suite). Costs are CPU time of this process (cpuNow), which a busy machine
 * does not inflate the way it inflates wall-clock time (time sliced away is not counted), and
 * growth() times the same work at two sizes, alternately and several times, keeping the
 * minimum of each (stray background work such as garbage collection only adds time); callers
 * compare the ratio with wide margins (linear code grows ~10x for 10x the input, quadratic
 * ~100x). No test compares a duration with a fixed wall-clock limit.
 */

/** CPU time of this process in ms (user + system). */
export function cpuNow(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** CPU milliseconds of one call of `run(input)`, repeated until at least `minMs` have passed. */
export function cpuPerCall<T>(run: (input: T) => unknown, input: T, minMs: number): number {
  let calls = 0;
  const t0 = cpuNow();
  let t = t0;
  do {
    run(input);
    calls++;
    t = cpuNow();
  } while (t - t0 < minMs);
  return (t - t0) / calls;
}

/** Cost of `run` on make(n * factor) divided by its cost on make(n): minima of `trials` alternating measurements. */
export function growth<T>(make: (n: number) => T, run: (input: T) => unknown, n: number, factor = 10, trials = 3): number {
  const small = make(n);
  const big = make(n * factor);
  run(small); // warm-up (compilation)
  let bestSmall = Infinity;
  let bestBig = Infinity;
  for (let i = 0; i < trials; i++) {
    bestSmall = Math.min(bestSmall, cpuPerCall(run, small, 10));
    bestBig = Math.min(bestBig, cpuPerCall(run, big, 10));
  }
  return bestBig / Math.max(bestSmall, 1e-3);
}


/**
 * growth() judged against `limit`, robust to a busy machine: a measurement at or above the limit
 * is repeated (up to `rounds` in all) and the smallest is returned. Load and garbage collection
 * only ever add time, so one clean round is enough to see linear code (~10x for 10x the input);
 * a quadratic cost (~100x) stays above any limit in every round.
 */
export function settledGrowth<T>(make: (n: number) => T, run: (input: T) => unknown, n: number, limit: number, factor = 10, rounds = 3): number {
  let g = growth(make, run, n, factor);
  for (let i = 1; i < rounds && g >= limit; i++) g = Math.min(g, growth(make, run, n, factor));
  return g;
}
