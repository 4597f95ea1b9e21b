import type { MeasuredPage } from '../lib/browser'
import type { Metric, Sample } from '../lib/results'
import type { BenchCase } from './types'
import { alternate, toRows } from '../lib/results'
import { mainMsPer1k, withPage } from './types'

const EVENTS: Metric[] = [
  { key: 'eventsPerSec', label: 'events/s', unit: 'k/s', better: 'higher', digits: 1 },
  { key: 'mainMsPer1k', label: 'main thread', unit: 'ms/1k events', better: 'lower', digits: 2 },
]
const STREAM: Metric[] = [
  { key: 'mbPerSec', label: 'throughput', unit: 'MB/s', better: 'higher', digits: 1 },
  ...EVENTS,
]

interface Received { received: number, first: number, last: number, chars: number, timedOut: boolean }

/** One bracketed receive: GC, metrics, the stream, metrics. */
async function measure(page: MeasuredPage, id: string, url: string, count: number, timeoutMs: number): Promise<Sample> {
  await page.gc()
  const before = await page.metrics()
  const r = await page.call<Received>('receive', 'sse', id, url, count, timeoutMs)
  const after = await page.metrics()
  const seconds = (r.last - r.first) / 1000
  return r.timedOut
    ? { eventsPerSec: null, mainMsPer1k: null, mbPerSec: null }
    : {
        eventsPerSec: (r.received - 1) / seconds / 1000,
        mainMsPer1k: mainMsPer1k(before, after, count),
        mbPerSec: r.chars / 1e6 / seconds,
      }
}

/**
 * Case 2: 100 000 small events, then a 20 MB stream of 1 kB events, from `sse/burst`, received by each
 * contender in a fresh tab after a warm-up stream. Both streams stay open until the client closes.
 */
export const sseCase: BenchCase = {
  id: 'sse',
  browser: true,
  async run(ctx) {
    const { count, warm, streamEvents, streamSize, timeoutMs, reps } = ctx.sizes.sse
    const ids = ctx.ids('sse')
    const events = new Map<string, Sample[]>(ids.map(id => [id, []]))
    const streams = await alternate(ids, ctx.reps ?? reps, id => withPage(ctx, async (page) => {
      await page.call('receive', 'sse', id, ctx.host.http(`sse/burst?count=${warm}`), warm, timeoutMs)
      events.get(id)!.push(await measure(page, id, ctx.host.http(`sse/burst?count=${count}`), count, timeoutMs))
      return measure(page, id, ctx.host.http(`sse/burst?count=${streamEvents}&size=${streamSize}`), streamEvents, timeoutMs)
    }), ctx.log)
    const info = (id: string) => ctx.info('sse', id)
    const mb = (streamEvents * (streamSize + 16)) / 1e6
    return [
      {
        id: 'sse-events',
        case: 2,
        title: 'SSE throughput: small events',
        what: `${count.toLocaleString('en')} events data: {"n"} from sse/burst, written as fast as the tab reads (after a ${warm.toLocaleString('en')}-event warm-up stream and a GC).`,
        params: { events: count, warmUp: warm },
        baseline: 'raw',
        metrics: EVENTS,
        rows: toRows(EVENTS, events, info, 'raw'),
        notes: ['VueUse useEventSource has no per-message callback: the sink listens on the EventSource it opened.'],
      },
      {
        id: 'sse-stream',
        case: 2,
        title: `SSE throughput: a ${mb < 1 ? mb.toFixed(1) : Math.round(mb)} MB stream`,
        what: `${streamEvents.toLocaleString('en')} events of ${streamSize.toLocaleString('en')} filler characters (${mb.toFixed(1)} MB) from sse/burst, in the same tab right after the small events.`,
        params: { events: streamEvents, eventBytes: streamSize, megabytes: +mb.toFixed(1) },
        baseline: 'raw',
        metrics: STREAM,
        rows: toRows(STREAM, streams, info, 'raw'),
        notes: ['Main-thread time only: CDP\'s ScriptDuration misses the promise jobs of fetch-stream readers, so it cannot compare them.'],
      },
    ]
  },
}
