// Contract suite for `usePolling` as an outside conformance / fault-injection suite sees it: only the
// public entry, plain Node (no DOM), an `effectScope()`, and either an injected fetcher / `fetch` under fake
// timers (exact scheduling) or Node's own `fetch` against the real demo backend (real time). Every
// expectation is a sentence of DESIGN.md §1–§2 or of issue 6.
import type { EffectScope } from 'vue'
import type { ConnectionStatus, PollContext, UsePollingOptions } from '../../src/index'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createSSRApp, defineComponent, h, isReactive, isShallow, nextTick, shallowRef, watch } from 'vue'
import { renderToString } from 'vue/server-renderer'
import { useBackend } from '../../server/testing'
import { createEnvironment } from '../../src/core'
import { LifelineError, usePolling } from '../../src/index'
import { channel } from '../helpers/channel'
import { inScope, stopScopes } from '../helpers/scopes'
import { captureUncaught } from '../helpers/uncaught'

// ---------------------------------------------------------------------------------------------------
// Helpers

/** Fake-clock origin: `t()` is the fake time elapsed since the test began. */
const T0 = Date.UTC(2026, 10, 23, 12)
const t = (): number => Date.now() - T0

/** Lets pending promises settle without moving fake time. */
const flush = (): Promise<unknown> => vi.advanceTimersByTimeAsync(0)

interface Call<T> {
  context: PollContext<T>
  /** `t()` when the fetcher was called. */
  at: number
  /** `t()` when the returned promise settled (`undefined` while pending). */
  settledAt?: number
  resolve: (value: T) => void
  reject: (error: unknown) => void
}

/** What an automatic answer does: settle after `after` ms (fake time) with `value`, or fail with `error`. */
interface Plan<T> { after?: number, value?: T, error?: unknown }

/**
 * A fetcher the test controls. Each call records its context and times; `plan(index, context)` may answer it
 * automatically (else the test calls `resolve`/`reject`). Tracks how many calls are in flight at most.
 * It deliberately ignores `signal`, like a careless user fetcher: staleness must be handled by the loop.
 */
function controlledFetcher<T>(plan?: (index: number, context: PollContext<T>) => Plan<T> | undefined) {
  const calls: Call<T>[] = []
  let inFlight = 0
  let maxInFlight = 0
  const fetcher = vi.fn((context: PollContext<T>) => new Promise<T>((resolve, reject) => {
    const settle = (): void => {
      if (call.settledAt === undefined) {
        call.settledAt = t()
        inFlight--
      }
    }
    const call: Call<T> = {
      context,
      at: t(),
      resolve: (value) => {
        settle()
        resolve(value)
      },
      reject: (error) => {
        settle()
        reject(error)
      },
    }
    calls.push(call)
    inFlight++
    maxInFlight = Math.max(maxInFlight, inFlight)
    const p = plan?.(calls.length - 1, context)
    if (p) {
      const go = (): void => p.error !== undefined ? call.reject(p.error) : call.resolve(p.value as T)
      if (p.after)
        setTimeout(go, p.after)
      else
        go()
    }
  }))
  return { fetcher, calls, maxInFlight: () => maxInFlight }
}

/** A fetcher answering `index + 1` after `after` ms. */
const counting = (after = 0) => controlledFetcher<number>(i => ({ after, value: i + 1 }))

/** Records every status, in order (the current one first). */
function statusLog(status: { value: ConnectionStatus }, scope: EffectScope): ConnectionStatus[] {
  const log: ConnectionStatus[] = [status.value]
  scope.run(() => watch(() => status.value, s => log.push(s), { flush: 'sync' }))
  return log
}

interface FetchCall { url: string, headers: Headers, signal: AbortSignal | null | undefined }
type Answer = Response | Error | (() => Response)

/** An injected `fetch` answering `answers` in order (the last one repeats). */
function injectedFetch(answers: Answer[]) {
  const calls: FetchCall[] = []
  const spy = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    calls.push({ url: String(input), headers: new Headers(init.headers), signal: init.signal })
    const answer = answers.length > 1 ? answers.shift()! : answers[0]!
    if (answer instanceof Error)
      throw answer
    return typeof answer === 'function' ? answer() : answer.clone()
  })
  return { calls, fetch: spy as unknown as typeof globalThis.fetch }
}

const json = (body: unknown, headers: Record<string, string> = {}): Response =>
  new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json', ...headers } })

const URL_A = 'http://poll.test/a'

// ---------------------------------------------------------------------------------------------------
// Fake timers: exact scheduling

describe('usePolling contract — injected fetcher / fetch, fake timers (Node)', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: T0 })
  })
  afterEach(() => {
    stopScopes()
    vi.restoreAllMocks()
    vi.useRealTimers()
  })

  describe('status is synchronous with the call', () => {
    it('connecting (and fetching) right after creation outside a component, open inside onOpen, closed right after stop()', async () => {
      const { fetcher, calls } = counting()
      let inOnOpen: ConnectionStatus | undefined
      const r = inScope(() => {
        const r = usePolling(fetcher, { interval: 1000, onOpen: () => {
          inOnOpen = r.status.value
        } })
        return r
      })
      expect(r.status.value).toBe('connecting')
      expect(r.isFetching.value).toBe(true)
      expect(calls).toHaveLength(1)
      await flush()
      expect(inOnOpen).toBe('open')
      expect(r.status.value).toBe('open')
      expect(r.isFetching.value).toBe(false)
      expect(r.data.value).toBe(1)
      expect(r.lastUpdatedAt.value).toBe(Date.now())
      r.stop()
      expect(r.status.value).toBe('closed')
    })

    it('immediate: false stays idle, without a request, until start()', async () => {
      const { fetcher, calls } = counting()
      const r = inScope(() => usePolling(fetcher, { immediate: false, interval: 100 }))
      expect(r.status.value).toBe('idle')
      await vi.advanceTimersByTimeAsync(10_000)
      expect(r.status.value).toBe('idle')
      expect(calls).toHaveLength(0)
      r.start()
      expect(r.status.value).toBe('connecting')
      expect(calls).toHaveLength(1)
      await flush()
      expect(r.status.value).toBe('open')
      expect(r.data.value).toBe(1)
    })

    it('open() and close() are the shared names of start() and stop()', async () => {
      const { fetcher, calls } = counting()
      const r = inScope(() => usePolling(fetcher, { immediate: false, interval: 100 }))
      r.open()
      expect(r.status.value).toBe('connecting')
      await flush()
      r.close()
      expect(r.status.value).toBe('closed')
      await vi.advanceTimersByTimeAsync(1000)
      expect(calls).toHaveLength(1)
    })
  })

  describe('never overlapping, fixed delay', () => {
    it('a fetcher slower than the interval never has two requests in flight', async () => {
      const { fetcher, calls, maxInFlight } = counting(500)
      inScope(() => usePolling(fetcher, { interval: 50 }))
      await vi.advanceTimersByTimeAsync(5000)
      expect(maxInFlight()).toBe(1)
      // 0, 550, 1100, … : one request per (latency + interval), not one per interval
      expect(calls.length).toBe(Math.floor(5000 / 550) + 1)
    })

    it('the next request starts `interval` after the previous one settled, whatever its latency', async () => {
      const latencies = [0, 300, 1000, 10, 0]
      const { fetcher, calls } = controlledFetcher<number>(i => ({ after: latencies[i] ?? 0, value: i }))
      inScope(() => usePolling(fetcher, { interval: 200 }))
      await vi.advanceTimersByTimeAsync(3000)
      expect(calls.slice(0, 5).map(c => c.at)).toEqual([0, 200, 700, 1900, 2110])
      for (let i = 1; i < calls.length; i++)
        expect(calls[i]!.at - calls[i - 1]!.settledAt!).toBe(200)
    })

    it('the fetcher gets { signal, attempt, cursor, previous }', async () => {
      const { fetcher, calls } = counting()
      inScope(() => usePolling(fetcher, { interval: 100, cursor: (n: number) => `after-${n}` }))
      await vi.advanceTimersByTimeAsync(200)
      expect(calls).toHaveLength(3)
      expect(calls[0]!.context).toMatchObject({ attempt: 0, cursor: undefined, previous: undefined })
      expect(calls[0]!.context.signal).toBeInstanceOf(AbortSignal)
      expect(calls[1]!.context).toMatchObject({ attempt: 0, cursor: 'after-1', previous: 1 })
      expect(calls[2]!.context).toMatchObject({ attempt: 0, cursor: 'after-2', previous: 2 })
    })
  })

  describe('reactive interval', () => {
    it('a shorter interval reschedules the pending wait from the last settle', async () => {
      const { fetcher, calls } = counting()
      const interval = shallowRef(10_000)
      inScope(() => usePolling(fetcher, { interval }))
      await vi.advanceTimersByTimeAsync(1000)
      expect(calls).toHaveLength(1)
      interval.value = 2000
      await nextTick()
      await vi.advanceTimersByTimeAsync(999)
      expect(calls).toHaveLength(1)
      await vi.advanceTimersByTimeAsync(1)
      expect(calls.map(c => c.at)).toEqual([0, 2000])
      // and the new interval holds from then on
      await vi.advanceTimersByTimeAsync(2000)
      expect(calls.map(c => c.at)).toEqual([0, 2000, 4000])
    })

    it('a longer interval pushes the pending wait back; one already overdue polls at once', async () => {
      const { fetcher, calls } = counting()
      const interval = shallowRef(1000)
      // a getter works as well as a ref (MaybeRefOrGetter)
      inScope(() => usePolling(fetcher, { interval: () => interval.value }))
      await vi.advanceTimersByTimeAsync(500)
      interval.value = 5000
      await nextTick()
      await vi.advanceTimersByTimeAsync(4499)
      expect(calls).toHaveLength(1)
      await vi.advanceTimersByTimeAsync(1)
      expect(calls.map(c => c.at)).toEqual([0, 5000])
      await vi.advanceTimersByTimeAsync(3000) // t = 8000, last settle at 5000
      interval.value = 2000
      await nextTick()
      await flush()
      expect(calls.map(c => c.at)).toEqual([0, 5000, 8000])
    })
  })

  describe('refresh()', () => {
    it('during the wait polls now, and the old wait is gone', async () => {
      const { fetcher, calls } = counting()
      const r = inScope(() => usePolling(fetcher, { interval: 10_000 }))
      await vi.advanceTimersByTimeAsync(1000)
      r.refresh()
      expect(r.isFetching.value).toBe(true)
      await flush()
      expect(calls.map(c => c.at)).toEqual([0, 1000])
      expect(r.data.value).toBe(2)
      await vi.advanceTimersByTimeAsync(9500) // t = 10 500: the old wait (due at 10 000) must not fire
      expect(calls).toHaveLength(2)
      await vi.advanceTimersByTimeAsync(500)
      expect(calls.map(c => c.at)).toEqual([0, 1000, 11_000])
    })

    it('during a slow request supersedes it: its signal is aborted and its answer never becomes data', async () => {
      const { fetcher, calls } = controlledFetcher<string>()
      const updates: string[] = []
      const r = inScope(() => usePolling(fetcher, { interval: 1000, timeout: 0, onUpdate: d => updates.push(d) }))
      expect(calls).toHaveLength(1)
      r.refresh()
      expect(calls).toHaveLength(2)
      expect(calls[0]!.context.signal.aborted).toBe(true)
      expect(calls[1]!.context.signal.aborted).toBe(false)
      // the stale answer arrives first: dropped
      calls[0]!.resolve('stale')
      await flush()
      expect(r.data.value).toBeUndefined()
      expect(r.isFetching.value).toBe(true)
      calls[1]!.resolve('fresh')
      await flush()
      expect(r.data.value).toBe('fresh')
      expect(updates).toEqual(['fresh'])
      // a stale failure is dropped too
      r.refresh()
      r.refresh()
      expect(calls).toHaveLength(4)
      expect(calls[2]!.context.signal.aborted).toBe(true)
      calls[2]!.reject(new Error('stale failure'))
      await flush()
      expect(r.error.value).toBeNull()
      expect(r.attempt.value).toBe(0)
      expect(r.data.value).toBe('fresh')
      calls[3]!.resolve('fresher')
      await flush()
      expect(r.data.value).toBe('fresher')
      expect(updates).toEqual(['fresh', 'fresher'])
    })

    it('during the backoff wait retries now', async () => {
      const { fetcher, calls } = controlledFetcher<number>(i => i === 0 ? { error: new Error('down') } : { value: i })
      const r = inScope(() => usePolling(fetcher, { interval: 1000, retry: { initialDelay: 10_000, jitter: false } }))
      await flush()
      expect(r.status.value).toBe('reconnecting')
      expect(r.retryIn.value).toBe(10_000)
      await vi.advanceTimersByTimeAsync(100)
      r.refresh()
      await flush()
      expect(calls.map(c => c.at)).toEqual([0, 100])
      expect(calls[1]!.context.attempt).toBe(1)
      expect(r.status.value).toBe('open')
      expect(r.retryIn.value).toBeNull()
      await vi.advanceTimersByTimeAsync(1000)
      expect(calls.map(c => c.at)).toEqual([0, 100, 1100])
    })
  })

  describe('stop() and scope disposal', () => {
    it('stop() aborts the request in flight; nothing runs after, its late answer is dropped', async () => {
      const { fetcher, calls } = controlledFetcher<string>()
      const onUpdate = vi.fn()
      const r = inScope(() => usePolling(fetcher, { interval: 100, onUpdate }))
      r.stop()
      expect(r.status.value).toBe('closed')
      expect(r.isFetching.value).toBe(false)
      expect(calls[0]!.context.signal.aborted).toBe(true)
      calls[0]!.resolve('late')
      await vi.advanceTimersByTimeAsync(10_000)
      expect(calls).toHaveLength(1)
      expect(r.data.value).toBeUndefined()
      expect(r.status.value).toBe('closed')
      expect(onUpdate).not.toHaveBeenCalled()
    })

    it('stop() called from onUpdate / onOpen ends the loop: nothing runs after', async () => {
      for (const hook of ['onUpdate', 'onOpen'] as const) {
        const { fetcher, calls } = counting()
        const r = inScope(() => {
          const r = usePolling(fetcher, { interval: 100, [hook]: () => r.stop() })
          return r
        })
        await vi.advanceTimersByTimeAsync(10_000)
        expect(calls).toHaveLength(1)
        expect(r.status.value).toBe('closed')
      }
    })

    it('stop() called from onError ends the loop: no retry after', async () => {
      const { fetcher, calls } = controlledFetcher<number>(() => ({ error: new Error('down') }))
      const r = inScope(() => {
        const r = usePolling(fetcher, { interval: 100, retry: { initialDelay: 100 }, onError: () => r.stop() })
        return r
      })
      await vi.advanceTimersByTimeAsync(10_000)
      expect(calls).toHaveLength(1)
      expect(r.status.value).toBe('closed')
      expect(r.retryIn.value).toBeNull()
    })

    it('refresh() called from onUpdate: one request at a time, no extra poll from the superseded schedule', async () => {
      const { fetcher, calls, maxInFlight } = counting(50)
      let refreshed = false
      inScope(() => {
        const r = usePolling(fetcher, { interval: 20, onUpdate: () => {
          if (!refreshed) {
            refreshed = true
            r.refresh()
          }
        } })
        return r
      })
      await vi.advanceTimersByTimeAsync(200)
      // 0 → settles 50, refresh at 50 → settles 100, next at 120 (the schedule of the superseded poll, due at
      // 70, must not cut the refresh short)
      expect(calls.slice(0, 3).map(c => c.at)).toEqual([0, 50, 120])
      expect(maxInFlight()).toBe(1)
      expect(calls.every(c => !c.context.signal.aborted)).toBe(true)
    })

    it('a throwing onUpdate / onError does not kill the loop (the exception is reported outside the poll)', async () => {
      const uncaught = captureUncaught()
      try {
        for (const fail of [false, true]) {
          const { fetcher, calls } = controlledFetcher<number>(i => fail ? { error: new Error(`down ${i}`) } : { value: i })
          const handler = vi.fn(() => {
            throw new Error('handler bug')
          })
          const r = inScope(() => usePolling(fetcher, { interval: 100, retry: { initialDelay: 100, jitter: false, factor: 1 }, ...(fail ? { onError: handler } : { onUpdate: handler }) }))
          await vi.advanceTimersByTimeAsync(350)
          expect(calls.length).toBeGreaterThanOrEqual(3)
          expect(handler.mock.calls.length).toBeGreaterThanOrEqual(3)
          expect(r.status.value).toBe(fail ? 'reconnecting' : 'open')
          r.stop()
          await vi.advanceTimersByTimeAsync(1000)
        }
        // every throw still reaches the process's error reporting
        expect(uncaught.errors.length).toBeGreaterThanOrEqual(6)
        expect(uncaught.errors.every(e => (e as Error).message === 'handler bug')).toBe(true)
      }
      finally {
        uncaught.restore()
      }
    })

    it('stop() during the wait: no request after', async () => {
      const { fetcher, calls } = counting()
      const r = inScope(() => usePolling(fetcher, { interval: 100 }))
      await vi.advanceTimersByTimeAsync(250)
      r.stop()
      await vi.advanceTimersByTimeAsync(10_000)
      expect(calls).toHaveLength(3)
      expect(r.status.value).toBe('closed')
    })

    it('disposing the scope stops the loop and aborts the request in flight; no timer or listener survives', async () => {
      const environment = createEnvironment()
      const { fetcher, calls } = controlledFetcher<number>((i, { signal }) => {
        // a well-behaved fetcher: settles after 50 ms, or rejects (and clears its timer) when aborted
        const timer = setTimeout(() => calls[i]!.resolve(i + 1), 50)
        signal.addEventListener('abort', () => {
          clearTimeout(timer)
          calls[i]!.reject(signal.reason)
        })
        return undefined
      })
      const r = inScope(() => usePolling(fetcher, { interval: 100, timeout: 1000, environment }))
      await vi.advanceTimersByTimeAsync(170) // second request in flight (150–200)
      expect(calls).toHaveLength(2)
      expect(environment.visibility.hasListeners()).toBe(true)
      r.scope.stop()
      expect(calls[1]!.context.signal.aborted).toBe(true)
      expect(r.status.value).toBe('closed')
      expect(vi.getTimerCount()).toBe(0)
      expect(environment.visibility.hasListeners()).toBe(false)
      expect(environment.online.hasListeners()).toBe(false)
      await vi.advanceTimersByTimeAsync(10_000)
      expect(calls).toHaveLength(2)
      expect(r.data.value).toBe(1)
    })
  })

  describe('until', () => {
    it('ends the loop: closed, onEnd once with that data, no request after', async () => {
      const { fetcher, calls } = counting()
      const onEnd = vi.fn()
      const r = inScope(() => usePolling(fetcher, { interval: 100, until: (n: number) => n >= 3, onEnd }))
      const log = statusLog(r.status, r.scope)
      await vi.advanceTimersByTimeAsync(10_000)
      expect(calls).toHaveLength(3)
      expect(r.data.value).toBe(3)
      expect(r.status.value).toBe('closed')
      expect(onEnd).toHaveBeenCalledTimes(1)
      expect(onEnd).toHaveBeenCalledWith(3)
      expect(log.at(-1)).toBe('closed')
      expect(log.filter(s => s === 'closed')).toHaveLength(1)
    })
  })

  describe('errors back off and recover', () => {
    it('every retry waits random(0, min(maxDelay, initialDelay·factor^n)); retryIn announces it; success resets', async () => {
      const failures = 7
      const { fetcher, calls } = controlledFetcher<number>(i => i < failures ? { error: new Error(`down ${i}`) } : { value: i })
      const onError = vi.fn()
      const retryIns: number[] = []
      const attempts: number[] = []
      const r = inScope(() => usePolling(fetcher, { interval: 5000, retry: { initialDelay: 100, factor: 2, maxDelay: 1000 }, onError }))
      r.scope.run(() => watch(() => [r.retryIn.value, r.attempt.value] as const, ([retryIn, attempt]) => {
        if (retryIn !== null) {
          retryIns.push(retryIn)
          attempts.push(attempt)
        }
      }, { flush: 'sync' }))
      await vi.advanceTimersByTimeAsync(20_000)
      expect(calls.length).toBeGreaterThan(failures)
      for (let n = 1; n <= failures; n++) {
        const gap = calls[n]!.at - calls[n - 1]!.settledAt!
        expect(gap).toBeGreaterThanOrEqual(0)
        expect(gap).toBeLessThanOrEqual(Math.min(1000, 100 * 2 ** (n - 1)))
        expect(gap).toBe(retryIns[n - 1])
        expect(calls[n]!.context.attempt).toBe(n)
      }
      expect(attempts).toEqual([1, 2, 3, 4, 5, 6, 7])
      expect(onError).toHaveBeenCalledTimes(failures)
      expect(onError.mock.calls.every(([e]) => e instanceof LifelineError && e.code === 'NETWORK')).toBe(true)
      // recovered: attempt reset, error cleared, back to the interval
      expect(r.status.value).toBe('open')
      expect(r.attempt.value).toBe(0)
      expect(r.error.value).toBeNull()
      expect(r.retryIn.value).toBeNull()
      expect(r.data.value).toBe(failures + (calls.length - failures - 1))
      expect(calls[failures + 1]!.at - calls[failures]!.settledAt!).toBe(5000)
      expect(calls[failures + 1]!.context.attempt).toBe(0)
    })

    it('the jitter is full: the delay is random() · ceiling', async () => {
      const draws = [0.5, 0.99, 0.01, 0.25]
      vi.spyOn(Math, 'random').mockImplementation(() => draws.shift() ?? 0.5)
      const { fetcher, calls } = controlledFetcher<number>(i => i < 4 ? { error: new Error('down') } : { value: i })
      inScope(() => usePolling(fetcher, { interval: 5000, retry: { initialDelay: 1000, factor: 3, maxDelay: 4000 } }))
      await vi.advanceTimersByTimeAsync(20_000)
      const gaps = [1, 2, 3, 4].map(n => calls[n]!.at - calls[n - 1]!.settledAt!)
      // ceilings 1000, 3000, 4000 (capped), 4000
      expect(gaps).toEqual([500, 2970, 40, 1000])
    })

    it('defaults: 1 s doubling, capped at 30 s (jitter off to see the ceilings)', async () => {
      const { fetcher, calls } = controlledFetcher<number>(i => i < 8 ? { error: new Error('down') } : { value: i })
      const r = inScope(() => usePolling(fetcher, { retry: { jitter: false } }))
      await vi.advanceTimersByTimeAsync(200_000)
      const gaps = [1, 2, 3, 4, 5, 6, 7, 8].map(n => calls[n]!.at - calls[n - 1]!.settledAt!)
      expect(gaps).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000])
      expect(r.status.value).toBe('open')
      // default interval 3000 after the recovery
      expect(calls[9]!.at - calls[8]!.settledAt!).toBe(3000)
    })

    it('retries: 2 → exactly 3 failed attempts, then failed with RETRY_LIMIT and no more requests', async () => {
      const { fetcher, calls } = controlledFetcher<number>(() => ({ error: new Error('down') }))
      const codes: string[] = []
      const r = inScope(() => usePolling(fetcher, { interval: 100, retry: { retries: 2, initialDelay: 100 }, onError: e => codes.push(e.code) }))
      await vi.advanceTimersByTimeAsync(60_000)
      expect(calls).toHaveLength(3)
      expect(r.status.value).toBe('failed')
      expect(r.error.value).toBeInstanceOf(LifelineError)
      expect(r.error.value!.code).toBe('RETRY_LIMIT')
      expect(r.error.value!.cause).toMatchObject({ code: 'NETWORK' })
      expect(r.isFetching.value).toBe(false)
      expect(r.retryIn.value).toBeNull()
      expect(codes).toEqual(['NETWORK', 'NETWORK', 'NETWORK', 'RETRY_LIMIT'])
    })

    it('retry: false → the first error is final: failed', async () => {
      const { fetcher, calls } = controlledFetcher<number>(() => ({ error: new Error('down') }))
      const r = inScope(() => usePolling(fetcher, { interval: 100, retry: false }))
      await vi.advanceTimersByTimeAsync(10_000)
      expect(calls).toHaveLength(1)
      expect(r.status.value).toBe('failed')
      expect(r.error.value).toMatchObject({ code: 'NETWORK' })
    })

    it('a Retry-After header is the floor of the backoff (URL shorthand)', async () => {
      const { fetch, calls } = injectedFetch([
        new Response('busy', { status: 503, headers: { 'Retry-After': '2' } }),
        json({ ok: true }),
      ])
      const r = inScope(() => usePolling(URL_A, { fetch, interval: 10_000, retry: { initialDelay: 10 } }))
      await flush()
      expect(r.error.value).toMatchObject({ code: 'HTTP_STATUS', status: 503 })
      expect(r.status.value).toBe('reconnecting')
      await vi.advanceTimersByTimeAsync(1999)
      expect(calls).toHaveLength(1)
      await vi.advanceTimersByTimeAsync(1)
      expect(calls).toHaveLength(2)
      await flush()
      expect(r.data.value).toEqual({ ok: true })
      expect(r.error.value).toBeNull()
    })
  })

  describe('timeout', () => {
    it('a request pending longer than timeout → REQUEST_TIMEOUT, its signal aborted, and the loop goes on', async () => {
      const { fetcher, calls } = controlledFetcher<string>(i => i === 0 ? undefined : { value: `ok ${i}` })
      const onError = vi.fn()
      const r = inScope(() => usePolling(fetcher, { interval: 500, timeout: 1000, retry: { initialDelay: 100, jitter: false }, onError }))
      await vi.advanceTimersByTimeAsync(999)
      expect(r.error.value).toBeNull()
      await vi.advanceTimersByTimeAsync(1)
      expect(calls[0]!.context.signal.aborted).toBe(true)
      expect(r.error.value).toBeInstanceOf(LifelineError)
      expect(r.error.value!.code).toBe('REQUEST_TIMEOUT')
      expect(onError).toHaveBeenCalledWith(expect.objectContaining({ code: 'REQUEST_TIMEOUT' }))
      expect(r.status.value).toBe('reconnecting')
      expect(r.isFetching.value).toBe(false)
      await vi.advanceTimersByTimeAsync(100)
      expect(calls.map(c => c.at)).toEqual([0, 1100])
      expect(r.status.value).toBe('open')
      expect(r.data.value).toBe('ok 1')
      // the timed-out request answering late changes nothing
      calls[0]!.resolve('late')
      await vi.advanceTimersByTimeAsync(500)
      expect(r.data.value).toBe('ok 2')
      expect(r.error.value).toBeNull()
    })
  })

  describe('long polling (fake timers)', () => {
    it('re-requests as soon as an answer arrives, with the cursor of the last accepted answer', async () => {
      interface Feed { events: number[], cursor: number }
      const { fetcher, calls } = controlledFetcher<Feed>((i, context) => {
        const from = (context.cursor as number | undefined) ?? 0
        return { after: 300, value: { events: [from + 1, from + 2], cursor: from + 2 } }
      })
      const seen: number[] = []
      inScope(() => usePolling<Feed, number>(fetcher, { long: true, interval: 60_000, cursor: d => d.cursor, onUpdate: d => seen.push(...d.events) }))
      await vi.advanceTimersByTimeAsync(1210)
      // `interval` ignored; "at once" = the next macrotask (a 0 ms timer, so an instant fetcher cannot starve
      // the event loop), i.e. within 1 ms of the answer
      expect(calls).toHaveLength(5)
      for (let i = 1; i < calls.length; i++)
        expect(calls[i]!.at - calls[i - 1]!.settledAt!).toBeLessThanOrEqual(1)
      expect(calls.map(c => c.context.cursor)).toEqual([undefined, 2, 4, 6, 8])
      expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7, 8])
    })
  })

  describe('uRL shorthand (injected fetch)', () => {
    it('eTag: a 304 sends If-None-Match, keeps the same data object, and counts as success', async () => {
      const { fetch, calls } = injectedFetch([
        json({ version: 1 }, { ETag: '"a"' }),
        new Response('oops', { status: 500 }),
        () => new Response(null, { status: 304, headers: { ETag: '"a"' } }),
      ])
      const updates: unknown[] = []
      const r = inScope(() => usePolling<{ version: number }>(URL_A, { fetch, interval: 1000, retry: { initialDelay: 100, jitter: false }, onUpdate: d => updates.push(d) }))
      await flush()
      const first = r.data.value
      expect(first).toEqual({ version: 1 })
      const firstAt = r.lastUpdatedAt.value!
      await vi.advanceTimersByTimeAsync(1000) // 500
      expect(r.status.value).toBe('reconnecting')
      expect(r.attempt.value).toBe(1)
      await vi.advanceTimersByTimeAsync(100) // 304 after an error
      expect(calls[2]!.headers.get('If-None-Match')).toBe('"a"')
      expect(r.data.value).toBe(first)
      expect(r.status.value).toBe('open')
      expect(r.attempt.value).toBe(0)
      expect(r.error.value).toBeNull()
      expect(r.lastUpdatedAt.value).toBe(firstAt + 1100)
      await vi.advanceTimersByTimeAsync(1000) // another 304
      expect(calls).toHaveLength(4)
      expect(r.data.value).toBe(first)
      expect(updates).toEqual([first])
    })

    it('invalid JSON → PARSE on error, the loop continues and the last good data stays', async () => {
      const { fetch, calls } = injectedFetch([
        json({ n: 1 }),
        new Response('{"n": 2', { status: 200, headers: { 'content-type': 'application/json' } }),
        json({ n: 3 }),
      ])
      const onError = vi.fn()
      const r = inScope(() => usePolling<{ n: number }>(URL_A, { fetch, interval: 1000, retry: { initialDelay: 100, jitter: false }, onError }))
      await flush()
      const good = r.data.value
      expect(good).toEqual({ n: 1 })
      await vi.advanceTimersByTimeAsync(1000)
      expect(calls).toHaveLength(2)
      expect(r.error.value).toBeInstanceOf(LifelineError)
      expect(r.error.value!.code).toBe('PARSE')
      expect(onError).toHaveBeenCalledWith(expect.objectContaining({ code: 'PARSE' }))
      expect(r.status.value).toBe('reconnecting')
      expect(r.data.value).toBe(good)
      await vi.advanceTimersByTimeAsync(100)
      expect(calls).toHaveLength(3)
      expect(r.data.value).toEqual({ n: 3 })
      expect(r.error.value).toBeNull()
      expect(r.status.value).toBe('open')
    })

    it('a failed HTTP status → HTTP_STATUS with status, retried', async () => {
      const { fetch, calls } = injectedFetch([new Response('no', { status: 502 }), json({ ok: 1 })])
      const r = inScope(() => usePolling(URL_A, { fetch, interval: 1000, retry: { initialDelay: 100, jitter: false } }))
      await flush()
      expect(r.error.value).toMatchObject({ code: 'HTTP_STATUS', status: 502 })
      expect(r.status.value).toBe('reconnecting')
      await vi.advanceTimersByTimeAsync(100)
      expect(calls).toHaveLength(2)
      expect(r.data.value).toEqual({ ok: 1 })
    })

    it('a rejected fetch (network error) → NETWORK, retried', async () => {
      const { fetch, calls } = injectedFetch([new TypeError('fetch failed'), json({ ok: 1 })])
      const r = inScope(() => usePolling(URL_A, { fetch, interval: 1000, retry: { initialDelay: 100, jitter: false } }))
      await flush()
      expect(r.error.value).toMatchObject({ code: 'NETWORK' })
      await vi.advanceTimersByTimeAsync(100)
      expect(calls).toHaveLength(2)
      expect(r.data.value).toEqual({ ok: 1 })
      expect(r.error.value).toBeNull()
    })
  })

  describe('reactive target and SSR', () => {
    it('a ref URL that changes polls the new URL at once; the old request is aborted and its answer dropped', async () => {
      const pending: { url: string, signal: AbortSignal, answer: (body: unknown) => void }[] = []
      const fetch = ((input: RequestInfo | URL, init: RequestInit = {}) => new Promise<Response>((resolve) => {
        pending.push({ url: String(input), signal: init.signal!, answer: body => resolve(json(body)) })
      })) as typeof globalThis.fetch
      const url = shallowRef<string | null>(null)
      const r = inScope(() => usePolling<{ from: string }>(url, { fetch, interval: 1000 }))
      // no URL yet: idle
      expect(r.status.value).toBe('idle')
      url.value = `${URL_A}?v=1`
      await nextTick()
      expect(r.status.value).toBe('connecting')
      expect(pending.map(p => p.url)).toEqual([`${URL_A}?v=1`])
      url.value = `${URL_A}?v=2`
      await nextTick()
      expect(pending.map(p => p.url)).toEqual([`${URL_A}?v=1`, `${URL_A}?v=2`])
      expect(pending[0]!.signal.aborted).toBe(true)
      pending[0]!.answer({ from: 'v1' })
      await flush()
      expect(r.data.value).toBeUndefined()
      pending[1]!.answer({ from: 'v2' })
      await flush()
      expect(r.data.value).toEqual({ from: 'v2' })
      expect(r.status.value).toBe('open')
    })

    it('server rendering never polls (SSR no-op): connections start on mount, which SSR never runs', async () => {
      const { fetcher, calls } = counting()
      let status: ConnectionStatus | undefined
      const App = defineComponent({
        setup() {
          const r = usePolling(fetcher, { interval: 10 })
          return () => {
            status = r.status.value
            return h('p', r.status.value)
          }
        },
      })
      const html = await renderToString(createSSRApp(App))
      expect(html).toBe('<p>idle</p>')
      expect(status).toBe('idle')
      await vi.advanceTimersByTimeAsync(1000)
      expect(calls).toHaveLength(0)
    })

    it('data is a shallow ref: payloads are not made deeply reactive', async () => {
      const payload = { nested: { n: 1 } }
      const r = inScope(() => usePolling(async () => payload, { interval: 1000 }))
      await flush()
      expect(r.data.value).toBe(payload)
      expect(isShallow(r.data)).toBe(true)
      expect(isReactive(r.data.value)).toBe(false)
    })
  })

  describe('fault injection: whatever the fetcher does, a LifelineError on error, never a throw', () => {
    const faults: [string, () => unknown][] = [
      ['throws synchronously', () => {
        throw new Error('sync')
      }],
      ['rejects with a string', () => Promise.reject(new Error('not an error object').message)],
      ['rejects with undefined', () => Promise.reject(undefined)],
      ['throws a SyntaxError', () => JSON.parse('{')],
    ]
    for (const [label, fault] of faults) {
      it(label, async () => {
        let i = 0
        const onError = vi.fn()
        const r = inScope(() => usePolling(() => i++ === 0 ? fault() : 'ok', { interval: 1000, retry: { initialDelay: 100, jitter: false }, onError }))
        await flush()
        expect(r.status.value).toBe('reconnecting')
        expect(r.error.value).toBeInstanceOf(LifelineError)
        expect(['NETWORK', 'PARSE']).toContain(r.error.value!.code)
        expect(onError).toHaveBeenCalledWith(r.error.value)
        await vi.advanceTimersByTimeAsync(100)
        expect(r.data.value).toBe('ok')
        expect(r.error.value).toBeNull()
      })
    }
  })

  describe('pauseWhenHidden / pauseWhenOffline (injected environment)', () => {
    function env() {
      const environment = createEnvironment()
      environment.visibility.set(true)
      environment.online.set(true)
      return environment
    }

    for (const [name, signal] of [['pauseWhenHidden', 'visibility'], ['pauseWhenOffline', 'online']] as const) {
      it(`${name}: paused while ${signal} is false, then one immediate fetch on return when data is older than interval`, async () => {
        const environment = env()
        const { fetcher, calls } = counting()
        const r = inScope(() => usePolling(fetcher, { interval: 1000, environment }))
        await vi.advanceTimersByTimeAsync(300)
        environment[signal].set(false)
        expect(r.status.value).toBe('paused')
        await vi.advanceTimersByTimeAsync(10_000)
        expect(calls).toHaveLength(1)
        expect(r.status.value).toBe('paused')
        environment[signal].set(true)
        await flush()
        expect(calls.map(c => c.at)).toEqual([0, 10_300])
        expect(r.status.value).toBe('open')
        expect(r.data.value).toBe(2)
        // then the regular schedule, not a second catch-up fetch
        await vi.advanceTimersByTimeAsync(999)
        expect(calls).toHaveLength(2)
        await vi.advanceTimersByTimeAsync(1)
        expect(calls.map(c => c.at)).toEqual([0, 10_300, 11_300])
      })

      it(`${name}: back within the interval → no immediate fetch, the loop goes on by itself`, async () => {
        const environment = env()
        const { fetcher, calls } = counting()
        const r = inScope(() => usePolling(fetcher, { interval: 1000, environment }))
        await vi.advanceTimersByTimeAsync(200)
        environment[signal].set(false)
        expect(r.status.value).toBe('paused')
        await vi.advanceTimersByTimeAsync(300)
        environment[signal].set(true)
        await flush()
        expect(calls).toHaveLength(1)
        expect(r.status.value).not.toBe('paused')
        await vi.advanceTimersByTimeAsync(500) // t = 1000
        expect(calls).toHaveLength(2)
      })
    }

    it('a page hidden at start begins paused and polls once it is visible', async () => {
      const environment = env()
      environment.visibility.set(false)
      const { fetcher, calls } = counting()
      const r = inScope(() => usePolling(fetcher, { interval: 1000, environment }))
      expect(r.status.value).toBe('paused')
      await vi.advanceTimersByTimeAsync(5000)
      expect(calls).toHaveLength(0)
      environment.visibility.set(true)
      await flush()
      expect(calls).toHaveLength(1)
      expect(r.status.value).toBe('open')
    })

    it('restarting after failed in a hidden page: paused, then polls once visible', async () => {
      const environment = env()
      const { fetcher, calls } = controlledFetcher<number>(i => i === 0 ? { error: new Error('down') } : { value: i })
      const r = inScope(() => usePolling(fetcher, { interval: 1000, retry: false, environment }))
      await flush()
      expect(r.status.value).toBe('failed')
      environment.visibility.set(false)
      r.refresh()
      expect(r.status.value).toBe('paused')
      expect(calls).toHaveLength(1)
      environment.visibility.set(true)
      await flush()
      expect(calls).toHaveLength(2)
      expect(r.status.value).toBe('open')
      expect(r.error.value).toBeNull()
    })

    it('pauseWhenHidden: false / pauseWhenOffline: false keep polling', async () => {
      const environment = env()
      const { fetcher, calls } = counting()
      const r = inScope(() => usePolling(fetcher, { interval: 1000, environment, pauseWhenHidden: false, pauseWhenOffline: false }))
      environment.visibility.set(false)
      environment.online.set(false)
      await vi.advanceTimersByTimeAsync(3000)
      expect(calls).toHaveLength(4)
      expect(r.status.value).toBe('open')
    })

    it('pause() / resume() by hand: paused, then a fetch at once when stale', async () => {
      const { fetcher, calls } = counting()
      const r = inScope(() => usePolling(fetcher, { interval: 1000 }))
      await flush()
      r.pause()
      expect(r.status.value).toBe('paused')
      await vi.advanceTimersByTimeAsync(5000)
      expect(calls).toHaveLength(1)
      r.resume()
      await flush()
      expect(calls.map(c => c.at)).toEqual([0, 5000])
      expect(r.status.value).toBe('open')
    })

    it('stop() clears a manual pause: a later start() polls at once', async () => {
      const { fetcher, calls } = counting()
      const r = inScope(() => usePolling(fetcher, { interval: 1000 }))
      await flush()
      r.pause()
      r.stop()
      expect(r.status.value).toBe('closed')
      r.start()
      expect(r.status.value).toBe('connecting')
      await flush()
      expect(calls).toHaveLength(2)
      expect(r.status.value).toBe('open')
    })
  })

  describe('invalid options: INVALID_OPTION naming the option on error, status failed, never thrown', () => {
    const cases: [string, UsePollingOptions, string][] = [
      ['negative interval', { interval: -1 }, 'interval'],
      ['NaN interval', { interval: Number.NaN }, 'interval'],
      ['non-function until', { until: 'yes' as unknown as () => boolean }, 'until'],
      ['non-function cursor', { cursor: 42 as unknown as () => number }, 'cursor'],
      ['negative timeout', { timeout: -5 }, 'timeout'],
      ['negative retries', { retry: { retries: -1 } }, 'retry.retries'],
    ]
    for (const [label, options, option] of cases) {
      it(label, async () => {
        const { fetcher, calls } = counting()
        const onError = vi.fn()
        let r!: ReturnType<typeof usePolling>
        expect(() => {
          r = inScope(() => usePolling(fetcher, { ...options, onError }))
        }).not.toThrow()
        expect(r.status.value).toBe('failed')
        expect(r.error.value).toBeInstanceOf(LifelineError)
        expect(r.error.value).toMatchObject({ code: 'INVALID_OPTION', option })
        expect(r.error.value!.message).toContain(option)
        expect(onError).toHaveBeenCalledTimes(1)
        await vi.advanceTimersByTimeAsync(10_000)
        expect(calls).toHaveLength(0)
      })
    }

    it('a target that is neither a fetcher nor a URL', () => {
      const r = inScope(() => usePolling(42 as unknown as string))
      expect(r.status.value).toBe('failed')
      expect(r.error.value).toMatchObject({ code: 'INVALID_OPTION' })
    })

    it('a reactive interval turning invalid mid-run fails the loop instead of throwing', async () => {
      const { fetcher, calls } = counting()
      const interval = shallowRef(100)
      const r = inScope(() => usePolling(fetcher, { interval }))
      await vi.advanceTimersByTimeAsync(150)
      interval.value = -1
      await nextTick()
      expect(r.status.value).toBe('failed')
      expect(r.error.value).toMatchObject({ code: 'INVALID_OPTION', option: 'interval' })
      const n = calls.length
      await vi.advanceTimersByTimeAsync(10_000)
      expect(calls).toHaveLength(n)
    })
  })

  describe('shared: true', () => {
    it('two scopes on the same fetcher make one request per tick; the loop stops only after both are disposed', async () => {
      const { fetcher, calls, maxInFlight } = counting()
      const updatesA: number[] = []
      const updatesB: number[] = []
      const a = inScope(() => usePolling(fetcher, { shared: true, interval: 100, onUpdate: (n: number) => updatesA.push(n) }))
      const b = inScope(() => usePolling(fetcher, { shared: true, interval: 100, onUpdate: (n: number) => updatesB.push(n) }))
      expect(a.status.value).toBe('connecting')
      expect(b.status.value).toBe('connecting')
      await vi.advanceTimersByTimeAsync(1000)
      // ticks at 0, 100, …, 1000: one loop, not two
      expect(calls).toHaveLength(11)
      expect(maxInFlight()).toBe(1)
      expect(a.data.value).toBe(11)
      expect(b.data.value).toBe(11)
      expect(updatesA).toEqual(updatesB)
      a.scope.stop()
      await vi.advanceTimersByTimeAsync(500)
      expect(calls).toHaveLength(16)
      expect(b.data.value).toBe(16)
      expect(updatesA).toHaveLength(11)
      expect(updatesB).toHaveLength(16)
      b.scope.stop()
      // a short grace time (registry), then nothing
      await vi.advanceTimersByTimeAsync(5000)
      const n = calls.length
      expect(calls.at(-1)!.context.signal.aborted || calls.at(-1)!.settledAt !== undefined).toBe(true)
      expect(vi.getTimerCount()).toBe(0)
      await vi.advanceTimersByTimeAsync(60_000)
      expect(calls).toHaveLength(n)
    })

    it('two scopes on the same URL share one request per tick', async () => {
      const { fetch, calls } = injectedFetch([() => json({ at: Date.now() })])
      const url = `${URL_A}?shared=${Math.random()}`
      const a = inScope(() => usePolling(url, { shared: true, interval: 100, fetch }))
      const b = inScope(() => usePolling(url, { shared: true, interval: 100, fetch }))
      await vi.advanceTimersByTimeAsync(500)
      expect(calls).toHaveLength(6)
      expect(a.data.value).toBe(b.data.value)
      a.scope.stop()
      b.scope.stop()
      await vi.advanceTimersByTimeAsync(5000)
      const n = calls.length
      await vi.advanceTimersByTimeAsync(10_000)
      expect(calls).toHaveLength(n)
    })
  })

  it('on(name, handler) returns a remover', async () => {
    const { fetcher } = counting()
    const seen: number[] = []
    const r = inScope(() => usePolling(fetcher, { interval: 100 }))
    const off = r.on('update', n => seen.push(n))
    await vi.advanceTimersByTimeAsync(100)
    off()
    await vi.advanceTimersByTimeAsync(300)
    expect(seen).toEqual([1, 2])
  })
})

// ---------------------------------------------------------------------------------------------------
// Real demo backend, real time, Node's own fetch

describe('usePolling contract — real demo backend (Node fetch, real time)', () => {
  // one backend for the file, started before and closed after its tests
  const backend = useBackend()
  const api = (path: string, ch: string, query = ''): string => `${backend.server.url}/__lifeline/${path}?channel=${ch}${query}`

  interface Stats { requests: { route: string, at: number, query: Record<string, string>, headers: Record<string, string | null> }[] }
  const stats = async (ch: string): Promise<Stats> => (await fetch(api('stats', ch))).json() as Promise<Stats>

  afterEach(() => {
    stopScopes()
  })

  it('long polling with cursor gets every event exactly once, in order, across dropped requests', async () => {
    const ch = channel('lp')
    interface Feed { events: { id: number }[], cursor: number }
    const ids: number[] = []
    const errors: string[] = []
    const r = inScope(() => usePolling<Feed, number>(api('poll/long', ch, '&count=40&rate=40&timeout=1000&flush=1'), {
      long: true,
      timeout: 5000,
      cursor: feed => feed.cursor,
      retry: { initialDelay: 50, maxDelay: 200 },
      onUpdate: feed => ids.push(...feed.events.map(e => e.id)),
      onError: e => errors.push(e.code),
    }))
    let dropped = 0
    const drop = async (): Promise<void> => {
      // retry until a held request was actually cut
      for (let i = 0; i < 100; i++) {
        const { dropped: n } = await (await fetch(api('chaos/drop', ch), { method: 'POST' })).json() as { dropped: number }
        if (n > 0) {
          dropped += n
          return
        }
        await new Promise(resolve => setTimeout(resolve, 5))
      }
    }
    await vi.waitFor(() => expect(ids.length).toBeGreaterThanOrEqual(10), { timeout: 10_000 })
    await drop()
    await vi.waitFor(() => expect(ids.length).toBeGreaterThanOrEqual(25), { timeout: 10_000 })
    await drop()
    await vi.waitFor(() => expect(ids.at(-1)).toBe(40), { timeout: 15_000 })
    expect(ids).toEqual(Array.from({ length: 40 }, (_, i) => i + 1))
    expect(dropped).toBeGreaterThanOrEqual(2)
    expect(errors.every(code => code === 'NETWORK')).toBe(true)
    // every request resumed from the last accepted cursor: the server saw non-decreasing cursors
    const cursors = (await stats(ch)).requests.filter(q => q.route === 'poll/long').map(q => Number(q.query.cursor ?? 0))
    expect(cursors).toEqual([...cursors].sort((x, y) => x - y))
    expect(r.status.value).toBe('open')
  }, 40_000)

  it('eTag: 304 keeps the same data object and counts as success; a new version replaces it', async () => {
    const ch = channel('etag')
    const updates: unknown[] = []
    const r = inScope(() => usePolling<{ version: number }>(api('poll/etag', ch), { interval: 30, onUpdate: d => updates.push(d) }))
    await vi.waitFor(() => expect(r.data.value).toBeDefined(), { timeout: 5000 })
    const first = r.data.value!
    const firstAt = r.lastUpdatedAt.value!
    await vi.waitFor(async () => {
      const conditional = (await stats(ch)).requests.filter(q => q.headers['if-none-match'] === `"v${first.version}"`)
      expect(conditional.length).toBeGreaterThanOrEqual(3)
    }, { timeout: 5000 })
    expect(r.data.value).toBe(first)
    expect(updates).toEqual([first])
    expect(r.lastUpdatedAt.value).toBeGreaterThan(firstAt)
    expect(r.status.value).toBe('open')
    expect(r.error.value).toBeNull()
    await fetch(api('poll/etag/bump', ch), { method: 'POST' })
    await vi.waitFor(() => expect(r.data.value?.version).toBe(first.version + 1), { timeout: 5000 })
    expect(updates).toHaveLength(2)
  })

  it('a server slower than the interval: never two requests at once (server request log)', async () => {
    const ch = channel('slow')
    const r = inScope(() => usePolling<{ n: number }>(api('poll/slow', ch, '&delay=200'), { interval: 10 }))
    await vi.waitFor(() => expect(r.data.value?.n).toBeGreaterThanOrEqual(4), { timeout: 10_000 })
    r.stop()
    const at = (await stats(ch)).requests.filter(q => q.route === 'poll/slow').map(q => q.at)
    for (let i = 1; i < at.length; i++)
      expect(at[i]! - at[i - 1]!).toBeGreaterThanOrEqual(200)
  })

  it('refresh() during a slow request: the slow answer never becomes data', async () => {
    const ch = channel('refresh')
    const seen: number[] = []
    const r = inScope(() => usePolling<{ n: number }>(api('poll/slow', ch, '&delay=400'), { interval: 60_000, onUpdate: d => seen.push(d.n) }))
    await vi.waitFor(async () => expect((await stats(ch)).requests.filter(q => q.route === 'poll/slow').length).toBe(1), { timeout: 5000 })
    r.refresh()
    await vi.waitFor(() => expect(r.data.value).toBeDefined(), { timeout: 5000 })
    // `n` is taken on arrival: the superseded request was n = 1
    expect(r.data.value!.n).toBe(2)
    await new Promise(resolve => setTimeout(resolve, 500))
    expect(seen).toEqual([2])
  })

  it('timeout against a slow server → REQUEST_TIMEOUT, and the loop keeps trying', async () => {
    const ch = channel('timeout')
    const codes: string[] = []
    const r = inScope(() => usePolling(api('poll/slow', ch, '&delay=2000'), { interval: 10, timeout: 150, retry: { initialDelay: 20, jitter: false }, onError: e => codes.push(e.code) }))
    await vi.waitFor(async () => expect((await stats(ch)).requests.filter(q => q.route === 'poll/slow').length).toBeGreaterThanOrEqual(2), { timeout: 5000 })
    expect(codes[0]).toBe('REQUEST_TIMEOUT')
    expect(r.status.value).toBe('reconnecting')
    expect(r.error.value).toMatchObject({ code: 'REQUEST_TIMEOUT' })
  })

  it('stop() during a request: no request after it reaches the server, the answer never lands', async () => {
    const ch = channel('stop')
    const r = inScope(() => usePolling<{ n: number }>(api('poll/slow', ch, '&delay=300'), { interval: 10 }))
    await vi.waitFor(async () => expect((await stats(ch)).requests.filter(q => q.route === 'poll/slow').length).toBe(1), { timeout: 5000 })
    r.stop()
    expect(r.status.value).toBe('closed')
    await new Promise(resolve => setTimeout(resolve, 700))
    expect((await stats(ch)).requests.filter(q => q.route === 'poll/slow')).toHaveLength(1)
    expect(r.data.value).toBeUndefined()
    expect(r.status.value).toBe('closed')
  })

  it('hTTP errors back off and recover (poll/counter?fail=2)', async () => {
    const ch = channel('fail')
    const codes: string[] = []
    const r = inScope(() => usePolling<{ n: number }>(api('poll/counter', ch, '&fail=2&status=503'), {
      interval: 50,
      retry: { initialDelay: 100, factor: 2, jitter: false },
      onError: e => codes.push(`${e.code}:${e.status}`),
    }))
    await vi.waitFor(() => expect(r.data.value?.n).toBeGreaterThanOrEqual(2), { timeout: 5000 })
    expect(codes).toEqual(['HTTP_STATUS:503', 'HTTP_STATUS:503'])
    expect(r.attempt.value).toBe(0)
    expect(r.error.value).toBeNull()
    expect(r.status.value).toBe('open')
    const at = (await stats(ch)).requests.filter(q => q.route === 'poll/counter').map(q => q.at)
    // the retries waited at least the backoff ceilings (jitter off): 100 then 200 ms
    expect(at[1]! - at[0]!).toBeGreaterThanOrEqual(100)
    expect(at[2]! - at[1]!).toBeGreaterThanOrEqual(200)
  })
})
