// useLiveFeed in Chromium on a real WebSocket stream (`ws/ticker?rate=`): one update per frame, nothing
// lost, and in a hidden tab (where frames stop) the timer fallback still batches.
import type { EffectScope } from 'vue'
import { afterEach, describe, expect, inject, it, vi } from 'vitest'
import { effectScope, watch } from 'vue'
import { channel } from '../../../test/helpers/channel'
import { setDocumentHidden } from '../../../test/helpers/visibility'
import { useWebSocketAuto } from '../useWebSocketAuto'
import { useLiveFeed } from '.'

const base = inject('backendUrl').replace(/^http/, 'ws')
interface Tick { type: 'tick', data: { n: number } }

const scopes: EffectScope[] = []
afterEach(() => {
  scopes.splice(0).forEach(s => s.stop())
  setDocumentHidden(false)
  vi.unstubAllGlobals()
})

/** A feed of the numbers of a real ticker at `rate`/s, `count` in all; `updates` counts changes of `items`. */
function tickerFeed(rate: number, count: number) {
  const scope = effectScope()
  scopes.push(scope)
  return scope.run(() => {
    const ws = useWebSocketAuto<Tick>(`${base}/__lifeline/ws/ticker?rate=${rate}&count=${count}&channel=${channel('live-feed')}`, { json: true })
    const feed = useLiveFeed(ws, { max: 100_000, select: m => m.data.n })
    const sizes: number[] = []
    watch(feed.items, (items, before) => sizes.push(items.length - before.length), { flush: 'sync' })
    return { ws, feed, sizes }
  })!
}

describe('useLiveFeed in Chromium', () => {
  it('applies a 2,000/s stream at most once per frame, every message once and in order', { timeout: 20_000 }, async () => {
    let frames = 0
    let counting = true
    const tick = (): void => {
      frames++
      if (counting)
        requestAnimationFrame(tick)
    }
    requestAnimationFrame(tick)
    const { feed, sizes } = tickerFeed(2000, 2000)
    await vi.waitFor(() => expect(feed.received.value).toBe(2000), { timeout: 15_000 })
    counting = false
    console.info(`[useLiveFeed 2k/s] ${sizes.length} updates in ${frames} frames, largest batch ${Math.max(...sizes)}`)
    expect(feed.items.value).toEqual(Array.from({ length: 2000 }, (_, i) => i + 1))
    expect(sizes.length).toBeLessThanOrEqual(frames + 1)
    // batched: far fewer updates than messages
    expect(sizes.length).toBeLessThan(2000 / 5)
  })

  it('keeps batching in a hidden tab, where requestAnimationFrame never fires (timer fallback)', { timeout: 20_000 }, async () => {
    setDocumentHidden(true)
    // as in a background tab: frames stop
    vi.stubGlobal('requestAnimationFrame', () => 0)
    const { feed, sizes } = tickerFeed(2000, 3000)
    await vi.waitFor(() => expect(feed.received.value).toBe(3000), { timeout: 15_000 })
    console.info(`[useLiveFeed hidden] ${sizes.length} updates, batches ${sizes.join(', ')}`)
    expect(feed.items.value).toEqual(Array.from({ length: 3000 }, (_, i) => i + 1))
    // ~1.5 s of stream in updates ≥ 100 ms apart: a handful of batches, not thousands of updates
    expect(sizes.length).toBeGreaterThanOrEqual(2)
    expect(sizes.length).toBeLessThanOrEqual(30)
  })
})
