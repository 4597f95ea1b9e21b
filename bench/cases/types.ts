import type { Mode, Sizes } from '../config'
import type { BenchBrowser, MeasuredPage } from '../lib/browser'
import type { BenchHost } from '../lib/host'
import type { CaseResult, ContenderInfo } from '../lib/results'

/** Contender families the page knows. */
export type Family = 'ws' | 'sse' | 'feed'

/** What a case gets from the runner. */
export interface CaseContext {
  mode: Mode
  sizes: Sizes
  /** `--reps`: overrides every case's own repetitions. */
  reps?: number
  host: BenchHost
  /** Set for cases with `browser: true`. */
  browser?: BenchBrowser
  /** Opens a fresh measured page (a new tab in the bench's own browser context). */
  page: () => Promise<MeasuredPage>
  /** Label, package and exact version of a contender. */
  info: (family: Family, id: string) => ContenderInfo & { version: string }
  /** Contender ids of a family, in the page's order. */
  ids: (family: Family) => string[]
  log: (line: string) => void
}

export interface BenchCase {
  /** Name for `--only` (e.g. `ws`). */
  id: string
  /** Needs Chromium. */
  browser: boolean
  run: (ctx: CaseContext) => Promise<CaseResult[]>
}

/** Opens a page, runs `fn` on it, and always closes it. */
export async function withPage<T>(ctx: CaseContext, fn: (page: MeasuredPage) => Promise<T>): Promise<T> {
  const page = await ctx.page()
  try {
    return await fn(page)
  }
  finally {
    await page.close()
  }
}

/** ms of main-thread task time per 1 000 messages between two `Performance.getMetrics` readings. */
export function mainMsPer1k(before: Record<string, number>, after: Record<string, number>, messages: number, metric = 'TaskDuration'): number {
  return (after[metric] - before[metric]) * 1000 / messages * 1000
}
