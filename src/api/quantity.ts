/**
 * Kubernetes resource quantities (`100m`, `512Mi`, `1e3`), as far as the function needs them: recognising
 * one, and comparing two (requests against limits).
 */

const QUANTITY = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))(?:[eE]([+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]))?$/;

const FACTORS: Record<string, number> = {
  n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};

export function isQuantity(text: string): boolean {
  return QUANTITY.test(text);
}

/** The quantity as a number, precise enough to compare two; NaN if it is not a quantity. */
export function quantityValue(text: string): number {
  const m = QUANTITY.exec(text);
  if (m === null) return Number.NaN;
  return Number(m[1]) * (m[2] === undefined ? 1 : 10 ** Number(m[2])) * (FACTORS[m[3] ?? ''] ?? Number.NaN);
}
