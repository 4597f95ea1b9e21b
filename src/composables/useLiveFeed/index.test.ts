// useLiveFeed in Node with fake timers (pure batching and buffer logic; no frames in Node, so the timer
// path runs). The frame path, hidden tabs and real sources are proven in Chromium (index.browser.test.ts).
import type { LiveFeedSource } from './index'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { shallowRef, watch } from 'vue'
import { inScope, stopScopes } from '../../../test/helpers/scopes'
import { MESSAGES } from '../_internal'
import { useLiveFeed } from './index'

/** A message source the test drives: `emit(m)` delivers to every subscriber. */
function fakeSource<M>(): LiveFeedSource<M> & { emit: (m: M) => void, subscribers: () => number } {
  const handlers = new Set<(m: M) => void>()
  return {
    [MESSAGES]: (handler: (m: M) => void) => {
      handlers.add(handler)
      return () => handlers.delete(handler)
    },
    emit: m => handlers.forEach(h => h(m)),
    subscribers: () => handlers.size,
  }
}

/** Time for one timer-driven update (the frame fallback is 100 ms). */
const tick = (): Promise<unknown> => vi.advanceTimersByTimeAsync(100)

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  stopScopes()
  vi.useRealTimers()
})

describe('useLiveFeed', () => {
  it('batches any number of pushes into one update of `items` (a new array each time)', async () => {
    const feed = inScope(() => useLiveFeed<number>())
    const updates: (readonly number[])[] = []
    inScope(() => watch(feed.items, items => updates.push(items), { flush: 'sync' }))
    for (let i = 0; i < 500; i++)
      feed.push(i)
    expect(feed.items.value).toEqual([])
    await tick()
    expect(updates).toHaveLength(1)
    expect(feed.items.value).toHaveLength(500)
    feed.push([500, 501])
    await tick()
    expect(updates).toHaveLength(2)
    expect(updates[1]).not.toBe(updates[0])
    expect(feed.items.value.at(-1)).toBe(501)
    expect(feed.received.value).toBe(502)
  })

  it('keeps the last `max` items and counts the dropped ones; `received - length + i` is a stable sequence number', async () => {
    const feed = inScope(() => useLiveFeed<number>(null, { max: 100 }))
    for (let round = 0; round < 5; round++) {
      for (let i = 0; i < 70; i++)
        feed.push(round * 70 + i)
      await tick()
      const { items, received, dropped } = feed
      expect(items.value.length).toBeLessThanOrEqual(100)
      expect(items.value.length + dropped.value).toBe(received.value)
      items.value.forEach((item, i) => expect(item).toBe(received.value - items.value.length + i))
    }
    expect(feed.items.value).toEqual(Array.from({ length: 100 }, (_, i) => 250 + i))
    expect(feed.dropped.value).toBe(250)
  })

  it('pause() holds arrivals and counts them as unseen; resume() shows them', async () => {
    const feed = inScope(() => useLiveFeed<string>(null, { max: 3 }))
    feed.push('a')
    await tick()
    feed.pause()
    feed.push(['b', 'c', 'd', 'e'])
    await tick()
    expect(feed.paused.value).toBe(true)
    expect(feed.items.value).toEqual(['a'])
    expect(feed.unseen.value).toBe(4)
    // what waits is bounded by max too
    expect(feed.dropped.value).toBe(1)
    feed.resume()
    expect(feed.unseen.value).toBe(0)
    await tick()
    expect(feed.items.value).toEqual(['c', 'd', 'e'])
    expect(feed.dropped.value).toBe(2)
    expect(feed.received.value).toBe(5)
  })

  it('starts paused with `paused: true`', async () => {
    const feed = inScope(() => useLiveFeed<number>(null, { paused: true }))
    feed.push(1)
    await tick()
    expect(feed.items.value).toEqual([])
    expect(feed.unseen.value).toBe(1)
  })

  it('clear() empties items and what waits, keeps counting received (the cleared ones too)', async () => {
    const feed = inScope(() => useLiveFeed<number>())
    feed.push([1, 2])
    await tick()
    feed.push(3)
    feed.clear()
    await tick()
    expect(feed.items.value).toEqual([])
    feed.push(4)
    await tick()
    expect(feed.items.value).toEqual([4])
    expect(feed.received.value).toBe(4)
  })

  it('flush: N applies every N ms', async () => {
    const feed = inScope(() => useLiveFeed<number>(null, { flush: 500 }))
    feed.push(1)
    await vi.advanceTimersByTimeAsync(499)
    expect(feed.items.value).toEqual([])
    await vi.advanceTimersByTimeAsync(1)
    expect(feed.items.value).toEqual([1])
  })

  it('a reactive max that shrinks trims at once', async () => {
    const max = shallowRef(10)
    const feed = inScope(() => useLiveFeed<number>(null, { max }))
    feed.push([1, 2, 3, 4, 5])
    await tick()
    max.value = 2
    await tick()
    expect(feed.items.value).toEqual([4, 5])
    expect(feed.dropped.value).toBe(3)
  })

  it('reads every message of a source through `select` (undefined skips) and stops on scope disposal', async () => {
    const source = fakeSource<{ n: number, keep: boolean }>()
    const feed = inScope(() => useLiveFeed(source, { select: m => (m.keep ? `#${m.n}` : undefined) }))
    for (let n = 1; n <= 4; n++)
      source.emit({ n, keep: n !== 2 })
    await tick()
    expect(feed.items.value).toEqual(['#1', '#3', '#4'])
    expect(source.subscribers()).toBe(1)
    feed.scope.stop()
    expect(source.subscribers()).toBe(0)
  })

  it('follows a source ref to another source', async () => {
    const a = fakeSource<string>()
    const b = fakeSource<string>()
    const current = shallowRef<LiveFeedSource<string> | null>(a)
    const feed = inScope(() => useLiveFeed(current))
    a.emit('from a')
    current.value = b
    await tick()
    a.emit('late a')
    b.emit('from b')
    current.value = null
    b.emit('late b')
    await tick()
    expect(feed.items.value).toEqual(['from a', 'from b'])
    expect(a.subscribers() + b.subscribers()).toBe(0)
  })

  it('a throwing select skips that message only and the error still surfaces asynchronously', async () => {
    const source = fakeSource<number>()
    const failure = new Error('bad message')
    const feed = inScope(() => useLiveFeed(source, { select: (n: number) => {
      if (n === 2)
        throw failure
      return n
    } }))
    const thrown: unknown[] = []
    const original = queueMicrotask
    vi.stubGlobal('queueMicrotask', (fn: () => void) => original(() => {
      try {
        fn()
      }
      catch (e) {
        thrown.push(e)
      }
    }))
    source.emit(1)
    source.emit(2)
    source.emit(3)
    await tick()
    vi.unstubAllGlobals()
    expect(feed.items.value).toEqual([1, 3])
    expect(thrown).toEqual([failure])
  })

  it.each([
    ['max', { max: 0 }],
    ['max', { max: 2.5 }],
    ['max', { max: Number.NaN }],
    ['max', { max: Infinity }],
    ['flush', { flush: -1 }],
    ['flush', { flush: 'soon' as any }],
    ['select', { select: 'nope' as any }],
  ])('an invalid %s is INVALID_OPTION on `error` and the default applies', async (option, options) => {
    const feed = inScope(() => useLiveFeed<number>(null, options))
    feed.push([1, 2])
    await tick()
    expect(feed.error.value).toMatchObject({ name: 'LifelineError', code: 'INVALID_OPTION' })
    expect(feed.error.value!.message).toContain(`\`${option}\``)
    expect(feed.items.value).toEqual([1, 2])
  })

  it('warns (development) when the source has no message stream', () => {
    const spy = vi.spyOn(console, 'warn').mockImplementation(() => {})
    inScope(() => useLiveFeed({ data: shallowRef(1) } as any))
    expect(spy).toHaveBeenCalledWith(expect.stringContaining('no message stream'))
    spy.mockRestore()
  })

  it('bounds what waits even when no update runs (a throttled hidden tab)', async () => {
    const feed = inScope(() => useLiveFeed<number>(null, { max: 10, flush: 60_000 }))
    for (let i = 0; i < 1000; i++)
      feed.push(i)
    // nothing applied yet, but at most 2 × max kept waiting
    expect(feed.dropped.value).toBeGreaterThanOrEqual(1000 - 21)
    await vi.advanceTimersByTimeAsync(60_000)
    expect(feed.items.value).toEqual(Array.from({ length: 10 }, (_, i) => 990 + i))
    expect(feed.dropped.value).toBe(990)
    // every arrival counted, those dropped before they were ever shown included: the keys stay right
    expect(feed.received.value).toBe(1000)
    feed.items.value.forEach((item, i) => expect(item).toBe(feed.received.value - feed.items.value.length + i))
  })
})
