import type { Metric, Sample } from '../lib/results'
import type { BenchCase } from './types'
import { alternate, toRows } from '../lib/results'
import { withPage } from './types'

const METRICS: Metric[] = [
  { key: 'frameP95', label: 'frame p95', unit: 'ms', better: 'lower', digits: 1 },
  { key: 'frameMax', label: 'longest frame', unit: 'ms', better: 'lower', digits: 0 },
  { key: 'longTasks', label: 'long tasks', unit: 'count', better: 'lower', digits: 0 },
  { key: 'longTaskMs', label: 'long-task time', unit: 'ms', better: 'lower', digits: 0 },
  { key: 'domNodes', label: 'DOM nodes', unit: 'count', better: 'lower', digits: 0 },
  { key: 'heapMb', label: 'heap growth', unit: 'MB', better: 'lower', digits: 1 },
  { key: 'received', label: 'messages shown', unit: 'count', better: 'higher', digits: 0 },
]

interface FeedResult {
  received: number
  frames: { p95: number, max: number }
  longTasks: { count: number, totalMs: number }
}

/**
 * Case 5: a paced stream (`ws/burst?rate=`) pushed into each feed contender (LlLiveFeed, the naive
 * `v-for` list) for a while; frame times and long tasks from the page, DOM nodes and retained heap
 * (after a GC) from CDP.
 */
export const feedCase: BenchCase = {
  id: 'feed',
  browser: true,
  async run(ctx) {
    const { rate, seconds, reps } = ctx.sizes.feed
    const ids = ctx.ids('feed')
    const samples = await alternate(ids, ctx.reps ?? reps, id => withPage(ctx, async (page): Promise<Sample> => {
      await page.gc()
      const before = await page.metrics()
      const r = await page.call<FeedResult>('feed', id, ctx.host.ws(`ws/burst?count=${rate * seconds * 2}&rate=${rate}&size=40`), seconds)
      await page.gc()
      const after = await page.metrics()
      await page.call('feedUnmount')
      return {
        frameP95: r.frames.p95,
        frameMax: r.frames.max,
        longTasks: r.longTasks.count,
        longTaskMs: r.longTasks.totalMs,
        domNodes: after.Nodes,
        heapMb: (after.JSHeapUsedSize - before.JSHeapUsedSize) / 1e6,
        received: r.received,
      }
    }), ctx.log)
    return [{
      id: 'feed',
      case: 5,
      title: 'Live feed',
      what: `${rate.toLocaleString('en')} messages/s for ${seconds} s from ws/burst pushed into each feed; rAF frame times and long tasks in the page, DOM nodes and heap growth (after a GC) from CDP.`,
      params: { rate, seconds },
      baseline: 'naive',
      metrics: METRICS,
      rows: toRows(METRICS, samples, id => ctx.info('feed', id), 'naive'),
      notes: [],
    }]
  },
}
