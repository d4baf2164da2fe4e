/**
 * A lookup table keyed by strings from user input (a key of a config, a word of a value): an
 * object without a prototype, so "constructor", "valueOf" or "__proto__" look up nothing instead
 * of Object.prototype's members (`IPAddressAllow=valueOf` crashed the rating).
 */
export function lookupTable<T>(entries: Record<string, T>): Record<string, T> {
  return Object.assign(Object.create(null) as Record<string, T>, entries);
}
