/** Median and spread of one metric over the repetitions; `null` samples mean "never" (beyond the cutoff). */
export interface Summary {
  /** `null` when more than half of the samples were "never". */
  median: number | null
  min: number | null
  /** `null` when any sample was "never". */
  max: number | null
  /** Samples taken, and how many of them were "never". */
  n: number
  never: number
}

/** The `q` quantile (0–1) of ascending `sorted`, nearest rank. */
export function quantile(sorted: readonly number[], q: number): number {
  if (!sorted.length)
    return Number.NaN
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]
}

/** Median of ascending `sorted` (mean of the two middle values for an even count). */
export function median(sorted: readonly number[]): number {
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

const finite = (value: number): number | null => Number.isFinite(value) ? value : null

/** Summarises samples; "never" (`null`) sorts above every number. */
export function summarize(samples: readonly (number | null)[]): Summary {
  const sorted = samples.map(s => s ?? Infinity).sort((a, b) => a - b)
  const never = samples.filter(s => s === null).length
  if (!sorted.length)
    return { median: null, min: null, max: null, n: 0, never: 0 }
  return { median: finite(median(sorted)), min: finite(sorted[0]), max: finite(sorted.at(-1)!), n: sorted.length, never }
}

/** `value / base`, or `null` when either is unknown or the base is 0. */
export function ratio(value: number | null | undefined, base: number | null | undefined): number | null {
  return value == null || base == null || base === 0 ? null : value / base
}

/** `list` rotated left by `by`: repetition r starts with a different contender each time. */
export function rotate<T>(list: readonly T[], by: number): T[] {
  const k = ((by % list.length) + list.length) % list.length
  return [...list.slice(k), ...list.slice(0, k)]
}
