import type { Metric } from '../lib/results'
import type { BenchCase } from './types'
import { alternate, toRows } from '../lib/results'
import { quantile } from '../lib/stats'
import { mainMsPer1k, withPage } from './types'

const METRICS: Metric[] = [
  { key: 'framesPerSec', label: 'frames/s', unit: 'k/s', better: 'higher', digits: 1 },
  { key: 'mainMsPer1k', label: 'main thread', unit: 'ms/1k frames', better: 'lower', digits: 2 },
  { key: 'scriptMsPer1k', label: 'script', unit: 'ms/1k frames', better: 'lower', digits: 2 },
  { key: 'rttP50', label: 'round trip p50', unit: 'ms', better: 'lower', digits: 3 },
  { key: 'rttP99', label: 'round trip p99', unit: 'ms', better: 'lower', digits: 3 },
]

/**
 * Case 1: a burst of small frames from `ws/burst`, received by each contender in a fresh tab after a
 * warm-up burst and a full GC; then sequential round trips over `ws/echo`.
 */
export const wsCase: BenchCase = {
  id: 'ws',
  browser: true,
  async run(ctx) {
    const { count, warm, roundTrips, warmRoundTrips, timeoutMs, reps } = ctx.sizes.ws
    const ids = ctx.ids('ws')
    const samples = await alternate(ids, ctx.reps ?? reps, id => withPage(ctx, async (page) => {
      await page.call('receive', 'ws', id, ctx.host.ws(`ws/burst?count=${warm}`), warm, timeoutMs)
      await page.gc()
      const before = await page.metrics()
      const r = await page.call<{ received: number, first: number, last: number, timedOut: boolean }>('receive', 'ws', id, ctx.host.ws(`ws/burst?count=${count}`), count, timeoutMs)
      const after = await page.metrics()
      await page.call('roundTrips', id, ctx.host.ws('ws/echo'), warmRoundTrips)
      const rtt = (await page.call<number[]>('roundTrips', id, ctx.host.ws('ws/echo'), roundTrips)).sort((a, b) => a - b)
      return {
        framesPerSec: r.timedOut ? null : (r.received - 1) / (r.last - r.first),
        mainMsPer1k: r.timedOut ? null : mainMsPer1k(before, after, count),
        scriptMsPer1k: r.timedOut ? null : mainMsPer1k(before, after, count, 'ScriptDuration'),
        rttP50: quantile(rtt, 0.5),
        rttP99: quantile(rtt, 0.99),
      }
    }), ctx.log)
    return [{
      id: 'ws',
      case: 1,
      title: 'WebSocket throughput and round trip',
      what: `${count.toLocaleString('en')} frames {"type":"tick","data":{"n"}} from ws/burst as fast as the tab takes them (after a ${warm.toLocaleString('en')}-frame warm-up and a GC), main-thread time from CDP Performance.getMetrics; then ${roundTrips} sequential round trips over ws/echo.`,
      params: { frames: count, warmUp: warm, roundTrips },
      baseline: 'raw',
      metrics: METRICS,
      rows: toRows(METRICS, samples, id => ctx.info('ws', id), 'raw'),
      notes: ['frames/s is (frames − 1) ÷ (last − first arrival); every contender hands each message to the same one-line sink.'],
    }]
  },
}
