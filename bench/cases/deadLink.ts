import type { Metric, Sample } from '../lib/results'
import type { BenchCase, Family } from './types'
import { alternate, toRows } from '../lib/results'
import { withPage } from './types'

const METRICS: Metric[] = [
  { key: 'noticedMs', label: 'noticed after', unit: 'ms', better: 'lower', digits: 0 },
]

/** Who takes part: every WebSocket contender and every SSE one (ours with an idle timeout: fetch reader). */
const ENTRIES: { family: Family, id: string }[] = [
  { family: 'ws', id: 'raw' },
  { family: 'ws', id: 'vueuse' },
  { family: 'ws', id: 'partysocket' },
  { family: 'ws', id: 'ours' },
  { family: 'sse', id: 'raw' },
  { family: 'sse', id: 'vueuse' },
  { family: 'sse', id: 'fetch-event-source' },
  { family: 'sse', id: 'eventsource' },
  { family: 'sse', id: 'ours-fetch' },
]

/**
 * Case 4: every contender connects at once to a route that goes silent at a known moment without closing
 * TCP (`ws/mute`, `sse/mute`); the time until each notices (a status change, a close or error event) is
 * taken in the page. The moment is drawn anew per repetition, so the heartbeat phase is sampled too.
 */
export const deadLinkCase: BenchCase = {
  id: 'deadlink',
  browser: true,
  async run(ctx) {
    const { interval, timeout, sseEvery, idleTimeout, leadMs, cutoffMs, reps } = ctx.sizes.deadLink
    const key = (e: { family: Family, id: string }): string => `${e.family}:${e.id}`
    const results = new Map<string, Sample[]>(ENTRIES.map(e => [key(e), []]))
    // one run holds every contender, so `alternate` has a single id; the entries run side by side
    await alternate(['all'], ctx.reps ?? reps, () => withPage(ctx, async (page) => {
      const at = Date.now() + leadMs + Math.round(Math.random() * interval)
      const noticed = await page.call<Record<string, number | null>>('deadLink', ENTRIES.map(e => ({
        family: e.family,
        id: key(e),
        url: e.family === 'ws' ? ctx.host.ws(`ws/mute?at=${at}`) : ctx.host.http(`sse/mute?at=${at}&interval=${sseEvery}`),
        liveness: e.family === 'ws' ? { heartbeat: { interval, timeout } } : { idleTimeout },
      })), at, cutoffMs)
      for (const [id, ms] of Object.entries(noticed))
        results.get(id)!.push({ noticedMs: ms })
      return { ours: noticed['ws:ours'] }
    }), ctx.log)
    const info = (id: string) => {
      const [family, contender] = id.split(':') as [Family, string]
      const base = ctx.info(family, contender)
      const how = family === 'ws'
        ? (['ours', 'vueuse'].includes(contender) ? `heartbeat ${interval}/${timeout} ms` : 'no heartbeat option')
        : (contender === 'ours-fetch' ? `idleTimeout ${idleTimeout} ms` : 'no idle timeout option')
      return { ...base, label: `${base.label} (${family === 'ws' ? 'WS' : 'SSE'})`, note: how }
    }
    return [{
      id: 'deadlink',
      case: 4,
      title: 'Dead-link detection',
      what: `The server goes silent without closing TCP (ws/mute, sse/mute with an event every ${sseEvery} ms before); ms from that moment until the client notices, "never" past ${cutoffMs} ms.`,
      params: { heartbeat: { interval, timeout }, idleTimeout, cutoffMs, target: `≤ ${Math.round((interval + timeout) * 1.1)} ms (interval + timeout + 10 %)` },
      metrics: METRICS,
      rows: toRows(METRICS, results, info),
      notes: ['Contenders without a heartbeat or idle-timeout option only notice when TCP itself reports the loss, which on a silent link takes minutes.'],
    }]
  },
}
