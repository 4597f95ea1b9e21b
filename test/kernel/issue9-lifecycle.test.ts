// Issue 9, "Why" items 1–4 as regression tests, in Node against the real demo backend (real time):
// what a user saw before the kernel, and must never see again.
import type { UseEventSourceReturn, UsePollingReturn, UseWebSocketAutoReturn } from '../../src/index'
import { afterEach, describe, expect, it, onTestFinished, vi } from 'vitest'
import { watch } from 'vue'
import type { Scheduler } from '../../src/core'
import { defaultScheduler, MAX_DELAY } from '../../src/core'
import { LifelineError, useEventSource, usePolling, useWebSocketAuto } from '../../src/index'
import { channel } from '../helpers/channel'
import { inScope, stopScopes } from '../helpers/scopes'
import { captureUncaught } from '../helpers/uncaught'
import { countingFetch, countingWebSocket, liveBackend, poll, refusingPort, sleep } from './live'

const live = liveBackend()
const fast = { initialDelay: 5, factor: 1, jitter: false }
const requests = async (ch: string, route: string): Promise<unknown[]> => (await live.stats(ch)).requests.filter((r: { route: string }) => r.route === route)

afterEach(() => {
  stopScopes()
})

describe('issue 9 #1: close() inside onError / onClose stops for good', () => {
  it('useEventSource: close() in onError while the server keeps ending the stream: no further request, data frozen', async () => {
    const ch = channel('k1-sse')
    const { fetch, urls } = countingFetch()
    const r: UseEventSourceReturn = inScope(() => useEventSource(live.http('sse/ticker', ch, 'count=1'), { fetch, retry: fast, onError: () => r.close() }))
    await expect.poll(() => r.status.value, poll).toBe('closed')
    const data = r.data.value
    await sleep(500)
    expect(urls).toHaveLength(1)
    expect((await live.stats(ch)).opened.sse).toBe(1)
    expect([r.status.value, r.retryIn.value, r.data.value]).toEqual(['closed', null, data])
  })

  it.each(['onClose', 'onError'] as const)('useWebSocketAuto: close() in %s while the server keeps closing: one socket, ever', async (hook) => {
    const ch = channel('k1-ws')
    const { WebSocket, urls } = countingWebSocket()
    const r: UseWebSocketAutoReturn = inScope(() => useWebSocketAuto(live.ws('ws/close/4000', ch), { WebSocket, reconnect: fast, [hook]: () => r.close() }))
    await expect.poll(() => r.status.value, poll).toBe('closed')
    await sleep(500)
    expect(urls).toHaveLength(1)
    expect((await live.stats(ch)).opened.ws).toBe(1)
    expect([r.status.value, r.retryIn.value, r.ws.value]).toEqual(['closed', null, null])
  })

  it('usePolling: stop() in onError while the server keeps failing: one request', async () => {
    const ch = channel('k1-poll')
    const r: UsePollingReturn = inScope(() => usePolling(live.http('poll/counter', ch, 'fail=1000'), { retry: fast, onError: () => r.stop() }))
    await expect.poll(() => r.status.value, poll).toBe('closed')
    await sleep(500)
    expect(await requests(ch, 'poll/counter')).toHaveLength(1)
    expect([r.status.value, r.retryIn.value]).toEqual(['closed', null])
  })
})

describe('issue 9 #2: a throwing callback neither freezes nor stops anything, and still reaches process error reporting', () => {
  const uncaught = (): ReturnType<typeof captureUncaught> => {
    const capture = captureUncaught()
    onTestFinished(capture.restore)
    return capture
  }
  const bug = new Error('user bug')
  const boom = (): never => {
    throw bug
  }

  it.each(['onClose', 'onError'] as const)('useWebSocketAuto: a throwing %s still reconnects a dropped socket; send() is delivered on the new one', async (hook) => {
    const { errors } = uncaught()
    const ch = channel('k2-ws')
    const { WebSocket, urls } = countingWebSocket()
    const r = inScope(() => useWebSocketAuto(live.ws('ws/echo', ch), { WebSocket, reconnect: fast, [hook]: boom }))
    const statuses: string[] = []
    watch(r.status, s => statuses.push(s), { flush: 'sync' })
    await expect.poll(() => r.status.value, poll).toBe('open')
    await fetch(live.http('chaos/drop', ch))
    await expect.poll(() => urls.length, poll).toBe(2)
    await expect.poll(() => r.status.value, poll).toBe('open')
    expect(statuses).toEqual(['open', 'reconnecting', 'open'])
    r.send('after the drop')
    await expect.poll(() => r.data.value, poll).toBe('after the drop')
    expect(r.queued.value).toBe(0)
    await sleep(0)
    expect(errors.length).toBeGreaterThanOrEqual(1)
    expect(errors.every(e => e === bug)).toBe(true)
  })

  it('useWebSocketAuto: a throwing onMessage does not stop on(type) handlers', async () => {
    const { errors } = uncaught()
    const ch = channel('k2-ws-msg')
    const ticks: number[] = []
    const r = inScope(() => useWebSocketAuto(live.ws('ws/ticker', ch, 'interval=20'), { WebSocket: countingWebSocket().WebSocket, json: true, onMessage: boom }))
    r.on('tick', (data: { n: number }) => ticks.push(data.n))
    await expect.poll(() => ticks.length, poll).toBeGreaterThanOrEqual(3)
    expect(ticks.slice(0, 3)).toEqual([1, 2, 3])
    expect(r.status.value).toBe('open')
    expect(errors.length).toBeGreaterThanOrEqual(3)
    expect(errors.every(e => e === bug)).toBe(true)
  })

  it('useEventSource and usePolling: a throwing onError does not stop the retries', async () => {
    const { errors } = uncaught()
    const ch = channel('k2-sse-poll')
    const sse = inScope(() => useEventSource(live.http('sse/ticker', ch, 'count=1'), { fetch: countingFetch().fetch, json: true, retry: fast, onError: boom }))
    const polled = inScope(() => usePolling(live.http('poll/counter', ch, 'fail=2'), { retry: fast, interval: 60_000, onError: boom }))
    // the ticker resumes after Last-Event-ID: each reconnection brings the next n
    await expect.poll(() => sse.data.value?.n, poll).toBeGreaterThanOrEqual(3)
    await expect.poll(() => polled.data.value, poll).toMatchObject({ n: 1 })
    expect(polled.status.value).toBe('open')
    expect(errors.length).toBeGreaterThanOrEqual(4)
    expect(errors.every(e => e === bug)).toBe(true)
  })
})

describe('issue 9 #3: every delay is clamped to 2³¹−1 ms, never a 1 ms loop', () => {
  const huge = Number.MAX_SAFE_INTEGER
  /** The platform timers, counting how many the library starts (a timer that re-arms itself at ~1 ms shows up here). */
  const countingScheduler = (): Scheduler & { started: number } => {
    const scheduler = { ...defaultScheduler, started: 0 }
    scheduler.setTimeout = (callback, ms) => {
      scheduler.started++
      return defaultScheduler.setTimeout(callback, ms)
    }
    return scheduler
  }

  it('a server `retry: 3000000000`: retryIn shows the clamped wait, and no second request comes', async () => {
    const ch = channel('k3-sse-retry')
    const r = inScope(() => useEventSource(live.http('sse/retry', ch, 'retry=3000000000'), { fetch: countingFetch().fetch }))
    await expect.poll(() => r.status.value, poll).toBe('reconnecting')
    expect(r.retryIn.value).toBe(MAX_DELAY)
    await sleep(1000)
    expect(await requests(ch, 'sse/retry')).toHaveLength(1)
  })

  it('a `Retry-After: 3000000` (seconds) on a failed poll: retryIn clamped, no second request', async () => {
    const ch = channel('k3-poll-ra')
    const r = inScope(() => usePolling(live.http('poll/counter', ch, 'fail=5&retryAfter=3000000')))
    await expect.poll(() => r.status.value, poll).toBe('reconnecting')
    expect(r.retryIn.value).toBe(MAX_DELAY)
    await sleep(1000)
    expect(await requests(ch, 'poll/counter')).toHaveLength(1)
  })

  it('retry delays of Number.MAX_SAFE_INTEGER: retryIn clamped, no second request', async () => {
    const ch = channel('k3-backoff')
    const r = inScope(() => useEventSource(live.http('sse/ticker', ch, 'count=1'), { fetch: countingFetch().fetch, retry: { initialDelay: huge, maxDelay: huge, jitter: false } }))
    await expect.poll(() => r.status.value, poll).toBe('reconnecting')
    expect(r.retryIn.value).toBe(MAX_DELAY)
    await sleep(500)
    expect((await live.stats(ch)).opened.sse).toBe(1)
  })

  it('usePolling interval: Number.MAX_SAFE_INTEGER ("never again") polls once', async () => {
    const fetcher = vi.fn(async () => 1)
    const scheduler = countingScheduler()
    const r = inScope(() => usePolling(fetcher, { interval: huge, scheduler }))
    await expect.poll(() => r.status.value, poll).toBe('open')
    await sleep(500)
    expect(fetcher).toHaveBeenCalledTimes(1)
    expect(scheduler.started).toBeLessThan(5)
  })

  it('useEventSource idleTimeout: Number.MAX_SAFE_INTEGER never fires on a quiet stream', async () => {
    const ch = channel('k3-idle')
    const scheduler = countingScheduler()
    const r = inScope(() => useEventSource(live.http('sse/ticker', ch, 'interval=60000'), { fetch: countingFetch().fetch, idleTimeout: huge, scheduler }))
    await expect.poll(() => r.status.value, poll).toBe('open')
    await sleep(500)
    expect([r.status.value, r.error.value]).toEqual(['open', null])
    expect(scheduler.started).toBeLessThan(5)
    expect((await live.stats(ch)).opened.sse).toBe(1)
  })

  it('useWebSocketAuto heartbeat.interval: Number.MAX_SAFE_INTEGER sends no ping', async () => {
    const ch = channel('k3-hb')
    const scheduler = countingScheduler()
    const r = inScope(() => useWebSocketAuto(live.ws('ws/pong', ch), { WebSocket: countingWebSocket().WebSocket, heartbeat: { interval: huge }, scheduler }))
    await expect.poll(() => r.status.value, poll).toBe('open')
    await sleep(500)
    expect(scheduler.started).toBeLessThan(5)
    expect((await live.stats(ch)).wsReceived).toEqual([])
    expect([r.status.value, (await live.stats(ch)).opened.ws]).toEqual(['open', 1])
  })

  it('useWebSocketAuto connectTimeout: Number.MAX_SAFE_INTEGER waits for a hanging handshake', async () => {
    const ch = channel('k3-connect')
    const { WebSocket, urls } = countingWebSocket()
    const scheduler = countingScheduler()
    const r = inScope(() => useWebSocketAuto(live.ws('ws/hang', ch), { WebSocket, connectTimeout: huge, scheduler }))
    await sleep(500)
    expect(scheduler.started).toBeLessThan(5)
    expect([r.status.value, r.error.value, urls.length]).toEqual(['connecting', null, 1])
  })

  it('request({ timeout: Number.MAX_SAFE_INTEGER }) to a silent server stays pending', async () => {
    const ch = channel('k3-request')
    const scheduler = countingScheduler()
    const r = inScope(() => useWebSocketAuto(live.ws('ws/silent', ch), { WebSocket: countingWebSocket().WebSocket, json: true, scheduler }))
    await expect.poll(() => r.status.value, poll).toBe('open')
    let settled: unknown = 'pending'
    r.request({ op: 'never answered' }, { timeout: huge }).then(v => settled = v, e => settled = e)
    await sleep(500)
    expect(settled).toBe('pending')
    expect(scheduler.started).toBeLessThan(5)
  })
})

describe('issue 9 #4: without retry, a network failure is `failed` (gave up); a clean end by the server is `closed`', () => {
  it('useWebSocketAuto, reconnect: false', async () => {
    const ch = channel('k4-ws')
    const port = await refusingPort()
    const refused = inScope(() => useWebSocketAuto(`ws://127.0.0.1:${port}/`, { WebSocket: countingWebSocket().WebSocket, reconnect: false }))
    const ended = inScope(() => useWebSocketAuto(live.ws('ws/close/1000', ch), { WebSocket: countingWebSocket().WebSocket, reconnect: false }))
    await expect.poll(() => [refused.status.value, ended.status.value], poll).toEqual(['failed', 'closed'])
    expect(refused.error.value).toMatchObject({ code: 'NETWORK', closeCode: 1006 })
  })

  it('useEventSource, retry: false', async () => {
    const ch = channel('k4-sse')
    const port = await refusingPort()
    const refused = inScope(() => useEventSource(`http://127.0.0.1:${port}/`, { fetch: countingFetch().fetch, retry: false }))
    const ended = inScope(() => useEventSource(live.http('sse/ticker', ch, 'count=1'), { fetch: countingFetch().fetch, retry: false }))
    await expect.poll(() => [refused.status.value, ended.status.value], poll).toEqual(['failed', 'closed'])
    expect(refused.error.value).toMatchObject({ code: 'NETWORK' })
  })

  it('usePolling, retry: false', async () => {
    const r = inScope(() => usePolling(async () => {
      throw new TypeError('fetch failed')
    }, { retry: false }))
    await expect.poll(() => r.status.value, poll).toBe('failed')
    expect(r.error.value).toBeInstanceOf(LifelineError)
    expect(r.error.value).toMatchObject({ code: 'NETWORK' })
  })
})
