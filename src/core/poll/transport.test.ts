import type { ConnectionStatus } from '../lifecycle'
import type { PollContext, PollingTransportOptions } from './types'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createEnvironment } from '../environment'
import { isLifelineError, LifelineError } from '../errors'
import { PollingTransport } from './transport'

interface Call {
  context: PollContext<number, number>
  at: number
  resolve: (value: number) => void
  reject: (error: unknown) => void
}

/** A fetcher whose every call the test settles by hand (or at once with `auto`). */
function fakeFetcher(auto?: (call: Call, index: number) => void) {
  const calls: Call[] = []
  const fetcher = vi.fn((context: PollContext<number, number>) => new Promise<number>((resolve, reject) => {
    const call = { context, at: Date.now(), resolve, reject }
    calls.push(call)
    auto?.(call, calls.length - 1)
  }))
  return { calls, fetcher, last: () => calls.at(-1)! }
}

const flush = () => vi.advanceTimersByTimeAsync(0)

function setup(options: PollingTransportOptions<number, number> = {}, auto?: (call: Call, index: number) => void) {
  const server = fakeFetcher(auto)
  const environment = createEnvironment()
  // the signals read the platform unless set; pin them so the test does not depend on the host
  environment.visibility.set(true)
  environment.online.set(true)
  const transport = new PollingTransport<number, number>(server.fetcher, { interval: 1000, environment, retry: { jitter: false, initialDelay: 100 }, ...options })
  const statuses: ConnectionStatus[] = []
  transport.subscribe((now, before) => {
    if (now.status !== before.status)
      statuses.push(now.status)
  })
  return { ...server, transport, environment, statuses, snap: () => transport.getSnapshot() }
}

beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 })
})
afterEach(() => {
  vi.useRealTimers()
})

describe('pollingTransport: short polling', () => {
  it('is connecting synchronously on start, open on the first answer, then polls `interval` after each completion', async () => {
    const t = setup()
    expect(t.snap().status).toBe('idle')
    t.transport.start()
    expect(t.snap().status).toBe('connecting')
    expect(t.snap().isFetching).toBe(true)
    await vi.advanceTimersByTimeAsync(400)
    t.last().resolve(1)
    await flush()
    expect(t.snap()).toMatchObject({ status: 'open', data: 1, isFetching: false, lastUpdatedAt: 1_000_400 })
    await vi.advanceTimersByTimeAsync(999)
    expect(t.calls).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(t.calls).toHaveLength(2)
    expect(t.last().context).toMatchObject({ attempt: 0, previous: 1 })
    t.transport.stop()
  })

  it('never overlaps: a request slower than the interval delays the next one', async () => {
    const t = setup({ interval: 100 })
    t.transport.start()
    await vi.advanceTimersByTimeAsync(5000)
    expect(t.calls).toHaveLength(1)
    t.last().resolve(1)
    await vi.advanceTimersByTimeAsync(100)
    expect(t.calls).toHaveLength(2)
    expect(t.calls[1].at - t.calls[0].at).toBe(5100)
    t.transport.stop()
  })

  it('an interval change mid-wait reschedules from the last success (earlier, or at once when overdue)', async () => {
    const t = setup({ interval: 10_000 }, call => call.resolve(1))
    t.transport.start()
    await flush()
    const done = t.snap().lastUpdatedAt!
    await vi.advanceTimersByTimeAsync(2000)
    t.transport.setOptions({ interval: 3000 })
    await vi.advanceTimersByTimeAsync(999)
    expect(t.calls).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(t.calls).toHaveLength(2)
    expect(t.calls[1].at - done).toBe(3000)
    // now longer: the wait after the 2nd poll grows
    t.transport.setOptions({ interval: 20_000 })
    await vi.advanceTimersByTimeAsync(19_999)
    expect(t.calls).toHaveLength(2)
    // shorter than the time already waited: poll at once
    t.transport.setOptions({ interval: 500 })
    expect(t.calls).toHaveLength(3)
    t.transport.stop()
  })

  it('refresh() during backoff polls at once as the retry, and success resets attempt', async () => {
    const t = setup({ retry: { initialDelay: 10_000, jitter: false } })
    t.transport.start()
    t.last().reject(new TypeError('Failed to fetch'))
    await flush()
    expect(t.snap()).toMatchObject({ status: 'reconnecting', attempt: 1, retryIn: 10_000 })
    expect(t.snap().error).toMatchObject({ code: 'NETWORK', attempt: 0 })
    t.transport.refresh()
    expect(t.calls).toHaveLength(2)
    expect(t.last().context.attempt).toBe(1)
    expect(t.snap()).toMatchObject({ status: 'reconnecting', retryIn: null, isFetching: true })
    t.last().resolve(7)
    await flush()
    expect(t.snap()).toMatchObject({ status: 'open', attempt: 0, error: null, data: 7 })
    // the backoff timer was replaced: no extra poll at the old retry time
    await vi.advanceTimersByTimeAsync(999)
    expect(t.calls).toHaveLength(2)
    t.transport.stop()
  })

  it('stop() during a fetch aborts it, is closed at once, and the late answer is ignored', async () => {
    const t = setup()
    t.transport.start()
    const first = t.last()
    t.transport.stop()
    expect(t.snap().status).toBe('closed')
    expect(first.context.signal.aborted).toBe(true)
    first.resolve(99)
    await vi.advanceTimersByTimeAsync(10_000)
    expect(t.snap()).toMatchObject({ status: 'closed', data: undefined, isFetching: false })
    expect(t.calls).toHaveLength(1)
  })

  it('refresh() during a slow request: the slow answer never becomes data', async () => {
    const t = setup()
    const updates: number[] = []
    t.transport.on('update', v => updates.push(v))
    t.transport.start()
    const slow = t.last()
    t.transport.refresh()
    expect(slow.context.signal.aborted).toBe(true)
    const fresh = t.last()
    fresh.resolve(2)
    await flush()
    slow.resolve(1)
    await flush()
    expect(t.snap().data).toBe(2)
    expect(updates).toEqual([2])
    t.transport.stop()
  })

  it('until() ends the loop: closed, end event, no further request', async () => {
    const t = setup({ until: v => v >= 3 }, (call, i) => call.resolve(i + 1))
    const ended: number[] = []
    t.transport.on('end', v => ended.push(v))
    t.transport.start()
    await vi.advanceTimersByTimeAsync(10_000)
    expect(t.calls).toHaveLength(3)
    expect(t.snap()).toMatchObject({ status: 'closed', data: 3 })
    expect(ended).toEqual([3])
  })

  it('errors back off (no jitter: 100, 200, 400 ms), then RETRY_LIMIT and failed once retries are used up', async () => {
    const t = setup({ retry: { initialDelay: 100, jitter: false, retries: 3 } }, call => call.reject(new TypeError('Failed to fetch')))
    const errors: string[] = []
    t.transport.on('error', e => errors.push(e.code))
    t.transport.start()
    await vi.advanceTimersByTimeAsync(5000)
    expect(t.calls.map(c => c.at - t.calls[0].at)).toEqual([0, 100, 300, 700])
    expect(t.calls.map(c => c.context.attempt)).toEqual([0, 1, 2, 3])
    expect(t.snap().status).toBe('failed')
    // (`attempt` counts retries, in every transport: 3 retries after the first poll)
    expect(t.snap().error).toMatchObject({ code: 'RETRY_LIMIT', attempt: 3 })
    expect((t.snap().error!.cause as LifelineError).code).toBe('NETWORK')
    expect(errors).toEqual(['NETWORK', 'NETWORK', 'NETWORK', 'NETWORK', 'RETRY_LIMIT'])
    expect(t.statuses).toEqual(['connecting', 'reconnecting', 'failed'])
  })

  it('full jitter keeps every delay within [0, min(maxDelay, initialDelay·2^n)]', async () => {
    const t = setup({ retry: { initialDelay: 100, maxDelay: 800 } }, call => call.reject(new Error('boom')))
    const delays: number[] = []
    t.transport.subscribe(s => s.retryIn !== null && delays.push(s.retryIn))
    t.transport.start()
    await vi.advanceTimersByTimeAsync(20_000)
    t.transport.stop()
    expect(delays.length).toBeGreaterThan(20)
    delays.forEach((d, n) => {
      expect(d).toBeGreaterThanOrEqual(0)
      expect(d).toBeLessThanOrEqual(Math.min(800, 100 * 2 ** n))
    })
  })

  it('retry: false fails on the first error with that error', async () => {
    const t = setup({ retry: false })
    t.transport.start()
    t.last().reject(new LifelineError('HTTP_STATUS', 'HTTP 500', { status: 500 }))
    await flush()
    expect(t.snap()).toMatchObject({ status: 'failed', attempt: 0 })
    expect(t.snap().error).toMatchObject({ code: 'HTTP_STATUS', status: 500 })
  })

  it('a request that outlives `timeout` is REQUEST_TIMEOUT even if the fetcher ignores the signal', async () => {
    const t = setup({ timeout: 2000 })
    t.transport.start()
    await vi.advanceTimersByTimeAsync(2000)
    expect(t.snap().error).toMatchObject({ code: 'REQUEST_TIMEOUT' })
    expect(t.snap().status).toBe('reconnecting')
    expect(t.calls[0].context.signal.aborted).toBe(true)
    t.calls[0].resolve(1)
    await flush()
    expect(t.snap().data).toBeUndefined()
    t.transport.stop()
  })

  it('honours Retry-After on a failed response as the floor of the delay', async () => {
    const t = setup({ retry: { initialDelay: 100, jitter: false } })
    t.transport.start()
    t.last().reject(new LifelineError('HTTP_STATUS', 'HTTP 503', { status: 503, cause: new Response(null, { status: 503, headers: { 'Retry-After': '5' } }) }))
    await flush()
    expect(t.snap().retryIn).toBe(5000)
    t.transport.stop()
  })

  it('a fetcher that throws synchronously, or a throwing `cursor`, is an error, not a crash', async () => {
    let n = 0
    const environment = createEnvironment()
    environment.visibility.set(true)
    environment.online.set(true)
    const transport = new PollingTransport<number, number>(() => {
      if (++n === 1)
        throw new Error('sync')
      return n
    }, { environment, cursor: (v) => {
      if (v === 2)
        throw new SyntaxError('bad cursor')
      return v
    }, retry: { initialDelay: 10, jitter: false } })
    transport.start()
    await flush()
    expect(transport.getSnapshot().error).toMatchObject({ code: 'NETWORK', message: 'Poll failed: sync' })
    await vi.advanceTimersByTimeAsync(10)
    expect(transport.getSnapshot().error).toMatchObject({ code: 'PARSE' })
    expect(transport.getSnapshot().data).toBeUndefined()
    await vi.advanceTimersByTimeAsync(20)
    expect(transport.getSnapshot()).toMatchObject({ data: 3, status: 'open' })
    transport.stop()
  })

  it('an invalid option is INVALID_OPTION on error with status failed at once, never a throw', () => {
    const errors: LifelineError[] = []
    const t = setup({ interval: -5, onError: e => errors.push(e) })
    expect(t.snap().status).toBe('failed')
    expect(() => t.transport.start()).not.toThrow()
    expect(t.snap().status).toBe('failed')
    expect(t.snap().error).toMatchObject({ code: 'INVALID_OPTION', option: 'interval' })
    // told once, not again by every start() that fails the same way
    expect(errors).toHaveLength(1)
    expect(t.calls).toHaveLength(0)
    // fixed → start works again
    t.transport.setOptions({ interval: 10 })
    t.transport.start()
    expect(t.snap().status).toBe('connecting')
    t.transport.stop()
  })
})

describe('pollingTransport: targets', () => {
  it('a target of the wrong type is INVALID_OPTION at once; no target stays idle until one is set', async () => {
    const environment = createEnvironment()
    environment.visibility.set(true)
    environment.online.set(true)
    const bad = new PollingTransport(42 as unknown as string, { environment })
    bad.start()
    expect(bad.getSnapshot()).toMatchObject({ status: 'failed', error: { code: 'INVALID_OPTION', option: 'url' } })
    const none = new PollingTransport<number>(null, { environment })
    none.start()
    expect(none.getSnapshot().status).toBe('idle')
    none.setTarget(async () => 1)
    expect(none.getSnapshot().status).toBe('connecting')
    await flush()
    expect(none.getSnapshot()).toMatchObject({ status: 'open', data: 1 })
    none.stop()
  })
})

describe('pollingTransport: pause', () => {
  it('hidden: paused and in-flight aborted; visible again with old data: polls at once', async () => {
    const t = setup({ interval: 1000 })
    t.transport.start()
    t.last().resolve(1)
    await flush()
    await vi.advanceTimersByTimeAsync(1000)
    const inFlight = t.last()
    t.environment.visibility.set(false)
    expect(t.snap().status).toBe('paused')
    expect(inFlight.context.signal.aborted).toBe(true)
    await vi.advanceTimersByTimeAsync(60_000)
    expect(t.calls).toHaveLength(2)
    t.environment.visibility.set(true)
    expect(t.calls).toHaveLength(3)
    expect(t.snap().status).toBe('open')
    t.transport.stop()
  })

  it('back before `interval` elapsed: waits out the rest (status open), no immediate poll', async () => {
    const t = setup({ interval: 10_000 }, call => call.resolve(1))
    t.transport.start()
    await flush()
    await vi.advanceTimersByTimeAsync(3000)
    t.environment.online.set(false)
    expect(t.snap().status).toBe('paused')
    await vi.advanceTimersByTimeAsync(2000)
    t.environment.online.set(true)
    expect(t.snap().status).toBe('open')
    expect(t.calls).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(4999)
    expect(t.calls).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(t.calls).toHaveLength(2)
    t.transport.stop()
  })

  it('starting in a hidden page is paused, pause()/resume() by hand, and pauseWhenHidden: false keeps polling', async () => {
    const t = setup({ interval: 1000 }, call => call.resolve(1))
    t.environment.visibility.set(false)
    t.transport.start()
    expect(t.snap().status).toBe('paused')
    expect(t.calls).toHaveLength(0)
    t.transport.setOptions({ pauseWhenHidden: false })
    expect(t.calls).toHaveLength(1)
    await flush()
    t.transport.pause()
    expect(t.snap().status).toBe('paused')
    await vi.advanceTimersByTimeAsync(5000)
    expect(t.calls).toHaveLength(1)
    t.transport.resume()
    expect(t.calls).toHaveLength(2)
    t.transport.stop()
    expect(t.statuses).toEqual(['paused', 'connecting', 'open', 'paused', 'open', 'closed'])
  })
})

describe('pollingTransport: long polling', () => {
  it('re-requests at once after each answer, carrying the cursor; errors back off with the same cursor', async () => {
    const t = setup({ long: true, cursor: (v: number) => v * 10 })
    t.transport.start()
    expect(t.last().context.cursor).toBeUndefined()
    t.last().resolve(1)
    await flush()
    expect(t.calls).toHaveLength(2)
    expect(t.last().context.cursor).toBe(10)
    t.last().reject(new TypeError('dropped'))
    await flush()
    expect(t.calls).toHaveLength(2)
    await vi.advanceTimersByTimeAsync(100)
    expect(t.calls).toHaveLength(3)
    expect(t.last().context).toMatchObject({ cursor: 10, attempt: 1 })
    t.last().resolve(2)
    await flush()
    expect(t.last().context).toMatchObject({ cursor: 20, attempt: 0 })
    t.transport.stop()
  })

  it('a new target resets the cursor and polls it at once', async () => {
    const t = setup({ long: true, cursor: (v: number) => v })
    t.transport.start()
    t.last().resolve(5)
    await flush()
    const other = fakeFetcher()
    t.transport.setTarget(other.fetcher)
    expect(t.calls.at(-1)!.context.signal.aborted).toBe(true)
    expect(other.calls).toHaveLength(1)
    expect(other.last().context.cursor).toBeUndefined()
    t.transport.setTarget(null)
    expect(t.snap().status).toBe('closed')
    t.transport.stop()
    expect(isLifelineError(t.snap().error)).toBe(false)
  })
})
