/**
 * The one ordering of generated output: code-unit order, not locale order, so that output never depends
 * on the machine rendering it.
 */

export function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A copy of `map` with its keys in code-unit order. */
export function sortedMap<V>(map: Record<string, V>): Record<string, V> {
  return Object.fromEntries(Object.entries(map).sort(([a], [b]) => byCodeUnits(a, b)));
}

/** A copy of `items` sorted by name; equal names keep their order (the sort is stable). */
export function sortedByName<T extends { name: string }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => byCodeUnits(a.name, b.name));
}
