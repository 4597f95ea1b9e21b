import { describe, expect, it } from 'vitest'
import { shallowRef } from 'vue'
import { createTestClock } from './clock'
import { waitForStatus } from './status'

describe('createTestClock', () => {
  it('fires timers only when advanced, in due order (ties in the order set), and moves now()', async () => {
    const clock = createTestClock({ now: 1000 })
    const fired: string[] = []
    clock.setTimeout(() => fired.push('b@300'), 300)
    clock.setTimeout(() => fired.push('a@100'), 100)
    clock.setTimeout(() => fired.push('c@100'), 100)
    const cancelled = clock.setTimeout(() => fired.push('never'), 50)
    clock.clearTimeout(cancelled)
    expect(clock.pending).toBe(3)
    expect(clock.nextIn()).toBe(100)
    await clock.advance(99)
    expect(fired).toEqual([])
    expect(clock.now()).toBe(1099)
    await clock.advance(201)
    expect(fired).toEqual(['a@100', 'c@100', 'b@300'])
    expect(clock.now()).toBe(1300)
    expect(clock.nextIn()).toBeNull()
  })

  it('fires timers set by a firing timer when they fall within the advance', async () => {
    const clock = createTestClock({ now: 0 })
    const at: number[] = []
    const tick = (): void => {
      at.push(clock.now())
      if (at.length < 5)
        clock.setTimeout(tick, 100)
    }
    clock.setTimeout(tick, 100)
    await clock.advance(350)
    expect(at).toEqual([100, 200, 300])
    expect(await clock.next()).toBe(50)
    expect(at).toEqual([100, 200, 300, 400])
  })

  it('next() jumps to the next timer; null when none; a negative or NaN delay is 0', async () => {
    const clock = createTestClock({ now: 0 })
    expect(await clock.next()).toBeNull()
    let fired = 0
    clock.setTimeout(() => fired++, Number.NaN)
    clock.setTimeout(() => fired++, -5)
    expect(await clock.next()).toBe(0)
    expect(fired).toBe(2)
    await expect(clock.advance(-1)).rejects.toThrow(RangeError)
  })

  it('stops a timer that re-arms itself at 0 ms instead of hanging', async () => {
    const clock = createTestClock({ now: 0 })
    const loop = (): void => void clock.setTimeout(loop, 0)
    clock.setTimeout(loop, 0)
    await expect(clock.advance(1)).rejects.toThrow(/re-arming itself/)
  })
})

describe('waitForStatus', () => {
  it('resolves at once when the status already matches, later when it changes, with the status reached', async () => {
    const status = shallowRef<'connecting' | 'open' | 'closed'>('connecting')
    expect(await waitForStatus(status, 'connecting')).toBe('connecting')
    const waiting = waitForStatus({ status }, ['open', 'closed'])
    status.value = 'open'
    expect(await waiting).toBe('open')
    const byPredicate = waitForStatus(() => status.value, s => s === 'closed')
    status.value = 'closed'
    expect(await byPredicate).toBe('closed')
  })

  it('watches a core transport through subscribe()', async () => {
    let listener: (s: { status: 'open' | 'closed' }) => void = () => {}
    let snapshot: { status: 'open' | 'closed' } = { status: 'open' }
    const transport = { getSnapshot: () => snapshot, subscribe: (fn: typeof listener) => ((listener = fn), () => {}) }
    const waiting = waitForStatus(transport, 'closed')
    snapshot = { status: 'closed' }
    listener(snapshot)
    expect(await waiting).toBe('closed')
  })

  it('rejects after the timeout naming every status seen', async () => {
    const status = shallowRef<'connecting' | 'reconnecting' | 'open'>('connecting')
    const waiting = waitForStatus(status, 'open', { timeout: 30 })
    status.value = 'reconnecting'
    await expect(waiting).rejects.toThrow('no "open" within 30 ms; the statuses seen were connecting → reconnecting')
  })
})
