/**
 * One run's store of analyses derived from the model (line offsets of a file, the units a file
 * configures, a value's grammar check …). Rules reach it through RuleContext.derived(); the
 * engine makes one store per run, so nothing derived outlives the run or leaks between runs,
 * and no module keeps caches of its own.
 */
export class DerivedStore {
  private readonly plain = new Map<string, unknown>();
  private readonly perSubject = new Map<string, WeakMap<object, unknown>>();

  /**
   * The value of `key` (for `subject`, when given), computed by `compute` on first use. `compute`
   * must only read the model: it never reads files or parses.
   */
  get<T>(key: string, compute: () => T, subject?: object): T {
    if (subject === undefined) {
      if (this.plain.has(key)) return this.plain.get(key) as T;
      const v = compute();
      this.plain.set(key, v);
      return v;
    }
    let m = this.perSubject.get(key);
    if (!m) this.perSubject.set(key, (m = new WeakMap()));
    if (m.has(subject)) return m.get(subject) as T;
    const v = compute();
    m.set(subject, v);
    return v;
  }
}
