// The proof: usePolling in real Chromium against the real demo backend (cross-origin, CORS).
import type { EffectScope } from 'vue'
import type { UsePollingOptions, UsePollingReturn, UsePollingTarget } from '.'
import { afterEach, describe, expect, inject, it } from 'vitest'
import { effectScope } from 'vue'
import { channel } from '../../../test/helpers/channel'
import { setDocumentHidden } from '../../../test/helpers/visibility'
import { usePolling } from '.'

const base = inject('backendUrl')
const api = (path: string, ch: string, query = ''): string => `${base}/__lifeline/${path}?channel=${ch}${query}`

interface Logged { route: string, at: number, headers: Record<string, string | null> }
async function requests(ch: string, route: string): Promise<Logged[]> {
  const stats = await (await fetch(api('stats', ch))).json() as { requests: Logged[] }
  return stats.requests.filter(r => r.route === route)
}
const gaps = (log: Logged[]): number[] => log.slice(1).map((r, i) => r.at - log[i].at)
const sleep = (ms: number): Promise<void> => new Promise(resolve => setTimeout(resolve, ms))

/** What the browser does when connectivity changes: `navigator.onLine` flips, then `online`/`offline` fires. */
function setNavigatorOnline(online: boolean): void {
  Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => online })
  window.dispatchEvent(new Event(online ? 'online' : 'offline'))
}

const scopes: EffectScope[] = []
function poll<T = any, C = any>(target: UsePollingTarget<T, C>, options: UsePollingOptions<T, C> = {}): UsePollingReturn<T> {
  const scope = effectScope()
  scopes.push(scope)
  return scope.run(() => usePolling<T, C>(target, options))!
}
afterEach(() => {
  scopes.splice(0).forEach(s => s.stop())
  setDocumentHidden(false)
})

describe('usePolling in Chromium', () => {
  it('never overlaps when the server is slower than the interval', async () => {
    const ch = channel('poll-overlap')
    let inFlight = 0
    let maxInFlight = 0
    const p = poll(async ({ signal }) => {
      maxInFlight = Math.max(maxInFlight, ++inFlight)
      try {
        return await (await fetch(api('poll/slow', ch, '&delay=400'), { signal })).json()
      }
      finally {
        inFlight--
      }
    }, { interval: 50 })
    await expect.poll(() => p.data.value?.n, { timeout: 10_000 }).toBeGreaterThanOrEqual(4)
    p.stop()
    const log = await requests(ch, 'poll/slow')
    expect(maxInFlight).toBe(1)
    // each request starts after the previous answer (400 ms) plus the interval (50 ms)
    for (const gap of gaps(log))
      expect(gap).toBeGreaterThanOrEqual(440)
  })

  it('refresh() during a slow request: the slow answer never becomes data (aborted, and also when the fetcher ignores the signal)', async () => {
    for (const honourSignal of [true, false]) {
      const ch = channel('poll-refresh')
      const seen: number[] = []
      let calls = 0
      const p = poll<{ n: number }>(async ({ signal }) => {
        const delay = ++calls === 1 ? 1500 : 100
        const response = await fetch(api('poll/slow', ch, `&delay=${delay}`), honourSignal ? { signal } : {})
        return response.json()
      }, { interval: 60_000, onUpdate: d => seen.push(d.n) })
      await expect.poll(async () => (await requests(ch, 'poll/slow')).length).toBe(1)
      p.refresh()
      await expect.poll(() => p.data.value?.n, { timeout: 5000 }).toBe(2)
      // outlast the slow request (n = 1)
      await sleep(1700)
      expect(p.data.value?.n).toBe(2)
      expect(seen).toEqual([2])
      p.stop()
    }
  })

  it('errors back off within the bounds and recover (spacing from the server\'s request log)', async () => {
    const retry = { initialDelay: 100, factor: 2, maxDelay: 800 }
    const ceilings = [100, 200, 400, 800, 800, 800]
    const measured: Record<string, number[]> = {}
    for (const jitter of [false, true]) {
      const ch = channel('poll-backoff')
      const codes: string[] = []
      const p = poll<{ n: number }>(api('poll/counter', ch, '&fail=6&status=503'), { interval: 60_000, retry: { ...retry, jitter }, onError: e => codes.push(`${e.code} ${e.status}`) })
      await expect.poll(() => p.data.value?.n, { timeout: 15_000 }).toBe(1)
      expect(p.status.value).toBe('open')
      expect(p.attempt.value).toBe(0)
      expect(p.error.value).toBeNull()
      expect(codes).toEqual(Array.from({ length: 6 }, () => 'HTTP_STATUS 503'))
      const spacing = gaps(await requests(ch, 'poll/counter'))
      measured[jitter ? 'jitter' : 'fixed'] = spacing
      expect(spacing).toHaveLength(6)
      spacing.forEach((gap, k) => {
        // upper bound: the ceiling plus one round trip and timer slop on a loaded 2-core machine
        expect(gap).toBeLessThanOrEqual(ceilings[k] + 400)
        if (!jitter)
          expect(gap).toBeGreaterThanOrEqual(ceilings[k])
      })
      p.stop()
    }
    console.info(`[usePolling] backoff spacing (ms) vs ceilings ${ceilings}: ${JSON.stringify(measured)}`)
  })

  it('until() ends the loop: closed, onEnd, no further request', async () => {
    const ch = channel('poll-until')
    let ended: unknown
    const p = poll<{ n: number }>(api('poll/counter', ch), { interval: 50, until: d => d.n >= 3, onEnd: (d) => { ended = d } })
    await expect.poll(() => p.status.value, { timeout: 5000 }).toBe('closed')
    expect(p.data.value?.n).toBe(3)
    expect(ended).toBe(p.data.value)
    await sleep(400)
    expect(await requests(ch, 'poll/counter')).toHaveLength(3)
  })

  async function longPoll(flush: boolean) {
    const ch = channel('poll-long')
    interface Feed { events: { id: number, data: { n: number } }[], cursor: number }
    const received: number[] = []
    const errors: string[] = []
    let drops = 0
    let dropping = false
    const thresholds = [60, 140, 220]
    const p = poll<Feed, number>(api('poll/long', ch, `&count=300&rate=10&timeout=5000${flush ? '&flush=1' : ''}`), {
      long: true,
      cursor: data => data.cursor,
      retry: { initialDelay: 150 },
      onError: e => errors.push(e.code),
      onUpdate: (data) => {
        received.push(...data.events.map(e => e.id))
        // a drop while the next long poll is held by the server
        if (!dropping && drops < thresholds.length && received.length >= thresholds[drops]) {
          dropping = true
          setTimeout(async () => {
            const { dropped } = await (await fetch(api('chaos/drop', ch), { method: 'POST' })).json() as { dropped: number }
            drops += dropped > 0 ? 1 : 0
            dropping = false
          }, 3)
        }
      },
    })
    await expect.poll(() => received.length >= 300 && drops >= 3, { timeout: 30_000, interval: 100 }).toBe(true)
    p.stop()
    const log = await requests(ch, 'poll/long')
    const unique = new Set(received)
    const figures = {
      sent: 300,
      received: received.length,
      duplicated: received.length - unique.size,
      lost: 300 - [...unique].filter(id => id >= 1 && id <= 300).length,
      drops,
      clientErrors: errors.length,
      requests: log.length,
    }
    console.info(`[usePolling] long-poll delivery (${flush ? 'headers flushed: drops fail the fetch' : 'plain: Chromium may resend a dropped GET itself'}): ${JSON.stringify(figures)}`)
    expect(received).toEqual(Array.from({ length: 300 }, (_, i) => i + 1))
    return { errors }
  }

  it('long polling with a cursor receives events 1..300 exactly once, in order, across 3 forced drops', async () => {
    const { errors } = await longPoll(true)
    // every drop cut a response in flight: the transport itself saw it and retried with the same cursor
    expect(errors.length).toBeGreaterThanOrEqual(3)
    expect(errors.every(code => code === 'NETWORK')).toBe(true)
  })

  it('long polling, drops before any answer byte (the browser may retry on its own): still exactly once', async () => {
    await longPoll(false)
  })

  it('eTag: a 304 keeps data (same object) and counts as success', async () => {
    const ch = channel('poll-etag')
    const updates: unknown[] = []
    const p = poll<{ version: number }>(api('poll/etag', ch), { interval: 50, onUpdate: d => updates.push(d) })
    await expect.poll(() => p.data.value?.version, { timeout: 5000 }).toBe(0)
    const first = p.data.value
    const at = p.lastUpdatedAt.value!
    await expect.poll(() => p.lastUpdatedAt.value! - at, { timeout: 5000 }).toBeGreaterThan(200)
    expect(p.data.value).toBe(first)
    expect(p.status.value).toBe('open')
    const log = await requests(ch, 'poll/etag')
    expect(log.length).toBeGreaterThan(3)
    expect(log.slice(1).every(r => r.headers['if-none-match'] === '"v0"')).toBe(true)
    await fetch(api('poll/etag/bump', ch), { method: 'POST' })
    await expect.poll(() => p.data.value?.version, { timeout: 5000 }).toBe(1)
    expect(updates).toHaveLength(2)
  })

  it('hidden tab: paused (no requests), one immediate poll on return', async () => {
    const ch = channel('poll-hidden')
    const p = poll<{ n: number }>(api('poll/counter', ch), { interval: 300 })
    await expect.poll(() => p.data.value?.n, { timeout: 5000 }).toBe(1)
    setDocumentHidden(true)
    expect(p.status.value).toBe('paused')
    const before = (await requests(ch, 'poll/counter')).length
    await sleep(900)
    expect((await requests(ch, 'poll/counter')).length).toBe(before)
    const shownAt = Date.now()
    setDocumentHidden(false)
    expect(p.isFetching.value).toBe(true)
    await expect.poll(async () => (await requests(ch, 'poll/counter')).length, { timeout: 5000 }).toBe(before + 1)
    const log = await requests(ch, 'poll/counter')
    expect(log.at(-1)!.at - shownAt).toBeLessThan(1000)
    await expect.poll(() => p.status.value).toBe('open')
  })

  it('offline: paused while the browser reports offline, polls again when back online', async () => {
    const ch = channel('poll-offline')
    const p = poll<{ n: number }>(api('poll/counter', ch), { interval: 300 })
    await expect.poll(() => p.data.value?.n, { timeout: 5000 }).toBe(1)
    // Playwright's context.setOffline also cuts the test runner's own connection here (the run hangs),
    // so the page's connectivity report is emulated the way `setDocumentHidden` emulates visibility.
    try {
      setNavigatorOnline(false)
      expect(p.status.value).toBe('paused')
      const before = (await requests(ch, 'poll/counter')).length
      await sleep(900)
      expect((await requests(ch, 'poll/counter')).length).toBe(before)
      expect(p.error.value).toBeNull()
    }
    finally {
      setNavigatorOnline(true)
    }
    expect(p.isFetching.value).toBe(true)
    await expect.poll(() => p.data.value!.n, { timeout: 5000 }).toBe(2)
    expect(p.status.value).toBe('open')
  })

  it('200 pollers started and stopped: no request after stop', async () => {
    const ch = channel('poll-many')
    let stopped = false
    let startedAfterStop = 0
    // counts requests the pollers start (the server only sees those the browser lets out)
    const counting: typeof fetch = (input, init) => {
      if (stopped)
        startedAfterStop++
      return fetch(input, init)
    }
    const many = Array.from({ length: 200 }, () => {
      const scope = effectScope()
      const p = scope.run(() => usePolling<{ n: number }>(api('poll/counter', ch), { interval: 100, fetch: counting }))!
      return { scope, p }
    })
    await expect.poll(() => many.filter(m => m.p.data.value).length, { timeout: 15_000 }).toBe(200)
    await sleep(300)
    many.forEach(m => m.scope.stop())
    stopped = true
    const stoppedAt = Date.now()
    expect(many.every(m => m.p.status.value === 'closed')).toBe(true)
    await sleep(1700)
    expect(startedAfterStop).toBe(0)
    const log = await requests(ch, 'poll/counter')
    expect(log.length).toBeGreaterThanOrEqual(200)
    // requests already on the wire at stop land shortly after it; a poller still running would keep
    // sending every 100 ms, so a quiet second after that proves the loops are gone
    const late = log.filter(r => r.at > stoppedAt).map(r => r.at - stoppedAt)
    console.info(`[usePolling] 200 pollers: ${log.length} requests, ${late.length} in transit at stop landed after it (+${late.join(', +')} ms)`)
    expect(late.filter(ms => ms > 700)).toEqual([])
  })
})
