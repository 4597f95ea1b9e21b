import type { Summary } from './stats'
import { ratio, rotate, summarize } from './stats'

/** One measured quantity of a case. */
export interface Metric {
  key: string
  label: string
  unit: string
  better: 'lower' | 'higher'
  /** Decimals shown. @default 1 */
  digits?: number
}

/** One contender's results in one case. */
export interface Row {
  id: string
  label: string
  /** npm package ('' = the browser's own API). */
  library: string
  /** Exact installed version (the browser's for raw APIs). */
  version: string
  note?: string
  samples: Record<string, (number | null)[]>
  summary: Record<string, Summary>
  /** Median ÷ the baseline row's median, per metric (`null` without a baseline). */
  ratio: Record<string, number | null>
}

/** A time series per contender (one repetition), e.g. reconnect attempts per 100 ms. */
export interface Series {
  key: string
  title: string
  unit: string
  /** Width of one bucket in ms; `values[i]` covers [start + i·bucketMs, start + (i+1)·bucketMs). */
  bucketMs: number
  /** What time 0 is. */
  start: string
  /** ms after `start` to mark (e.g. the server's return). */
  markAt?: number
  lines: { id: string, label: string, values: number[] }[]
}

export interface CaseResult {
  id: string
  /** The issue's case number. */
  case: number
  title: string
  /** One sentence: what is measured and how. */
  what: string
  params: Record<string, unknown>
  /** Row id the ratios refer to. */
  baseline?: string
  metrics: Metric[]
  rows: Row[]
  series?: Series[]
  notes: string[]
  /** When this case ran, how long it took, and the 1-minute load average before and after it. */
  run?: { at: string, seconds: number, load: [number, number] }
}

/** Facts about one contender as the page or the Node side reports them. */
export interface ContenderInfo {
  label: string
  library: string
  note?: string
}

/** A sample of every metric of one run; `null` = never / not measurable. */
export type Sample = Record<string, number | null>

/**
 * Runs `run(id, rep)` for every contender and repetition, alternating: repetition r starts at the r-th
 * contender, so no library always runs first (or right after the same neighbour) and machine noise
 * spreads over all of them.
 */
export async function alternate(ids: readonly string[], reps: number, run: (id: string, rep: number) => Promise<Sample>, log: (line: string) => void): Promise<Map<string, Sample[]>> {
  const samples = new Map(ids.map(id => [id, [] as Sample[]]))
  for (let rep = 0; rep < reps; rep++) {
    for (const id of rotate(ids, rep)) {
      const sample = await run(id, rep)
      samples.get(id)!.push(sample)
      log(`  rep ${rep + 1}/${reps} ${id}: ${Object.entries(sample).map(([k, v]) => `${k}=${v === null ? 'never' : +v.toFixed(2)}`).join(' ')}`)
    }
  }
  return samples
}

/** Builds the rows (summaries and ratios to `baseline`) from the samples of each contender. */
export function toRows(metrics: readonly Metric[], samples: Map<string, Sample[]>, info: (id: string) => ContenderInfo & { version: string }, baseline?: string): Row[] {
  const rows: Row[] = [...samples].map(([id, list]) => {
    const perMetric = Object.fromEntries(metrics.map(m => [m.key, list.map(s => s[m.key] ?? null)]))
    return {
      id,
      ...info(id),
      samples: perMetric,
      summary: Object.fromEntries(metrics.map(m => [m.key, summarize(perMetric[m.key])])),
      ratio: {},
    }
  })
  const base = rows.find(r => r.id === baseline)
  for (const row of rows)
    row.ratio = Object.fromEntries(metrics.map(m => [m.key, base ? ratio(row.summary[m.key].median, base.summary[m.key].median) : null]))
  return rows
}

/** The whole `bench/results.json`. */
export interface BenchResults {
  schema: 1
  createdAt: string
  /** `full` (the published figures) or `quick` (tiny sizes: the smoke test). */
  mode: 'full' | 'quick'
  command: string
  durationMs: number
  machine: Record<string, string | number>
  /** Exact versions of everything measured or measuring. */
  versions: Record<string, string>
  cases: CaseResult[]
}
