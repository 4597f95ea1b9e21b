import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Scheduler } from './scheduler'
import { createTimer, defaultScheduler, MAX_DELAY } from './scheduler'

describe('defaultScheduler', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 1_000_000 })
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('looks the platform timers up at call time, so fake timers installed after import apply', () => {
    const callback = vi.fn()
    defaultScheduler.setTimeout(callback, 100)
    vi.advanceTimersByTime(99)
    expect(callback).not.toHaveBeenCalled()
    vi.advanceTimersByTime(1)
    expect(callback).toHaveBeenCalledOnce()
    expect(defaultScheduler.now()).toBe(1_000_100)
  })

  it('clearTimeout cancels', () => {
    const callback = vi.fn()
    const handle = defaultScheduler.setTimeout(callback, 10)
    defaultScheduler.clearTimeout(handle)
    vi.advanceTimersByTime(100)
    expect(callback).not.toHaveBeenCalled()
  })
})

describe('createTimer', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 5_000 })
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('fires once after ms and reports pending meanwhile', () => {
    const timer = createTimer()
    const callback = vi.fn()
    expect(timer.pending).toBe(false)
    timer.start(300, callback)
    expect(timer.pending).toBe(true)
    vi.advanceTimersByTime(299)
    expect(callback).not.toHaveBeenCalled()
    vi.advanceTimersByTime(1)
    expect(callback).toHaveBeenCalledOnce()
    expect(timer.pending).toBe(false)
    vi.advanceTimersByTime(10_000)
    expect(callback).toHaveBeenCalledOnce()
  })

  it('starting again replaces the pending callback (one slot)', () => {
    const timer = createTimer()
    const first = vi.fn()
    const second = vi.fn()
    timer.start(100, first)
    vi.advanceTimersByTime(50)
    timer.start(100, second)
    vi.advanceTimersByTime(60)
    expect(first).not.toHaveBeenCalled()
    expect(second).not.toHaveBeenCalled()
    vi.advanceTimersByTime(40)
    expect(first).not.toHaveBeenCalled()
    expect(second).toHaveBeenCalledOnce()
    expect(vi.getTimerCount()).toBe(0)
  })

  it('cancel clears the slot and is safe to call when idle', () => {
    const timer = createTimer()
    const callback = vi.fn()
    timer.cancel()
    timer.start(100, callback)
    timer.cancel()
    timer.cancel()
    expect(timer.pending).toBe(false)
    expect(vi.getTimerCount()).toBe(0)
    vi.advanceTimersByTime(1000)
    expect(callback).not.toHaveBeenCalled()
  })

  it('the callback may restart the timer (a periodic loop) and sees itself as not pending', () => {
    const timer = createTimer()
    const ticks: number[] = []
    const tick = (): void => {
      expect(timer.pending).toBe(false)
      ticks.push(Date.now())
      if (ticks.length < 3)
        timer.start(1000, tick)
    }
    timer.start(1000, tick)
    vi.advanceTimersByTime(10_000)
    expect(ticks).toEqual([6_000, 7_000, 8_000])
    expect(timer.pending).toBe(false)
  })

  it('clamps a delay above 2³¹−1 ms (setTimeout would fire at once) and below 0', () => {
    const calls: number[] = []
    const scheduler: Scheduler = { setTimeout: (_callback, ms) => calls.push(ms), clearTimeout: () => {}, now: () => 0 }
    const timer = createTimer(scheduler)
    timer.start(3_000_000_000, () => {})
    timer.start(Number.MAX_SAFE_INTEGER, () => {})
    timer.start(Infinity, () => {})
    timer.start(-5, () => {})
    expect(calls).toEqual([MAX_DELAY, MAX_DELAY, MAX_DELAY, 0])
    expect(MAX_DELAY).toBe(2 ** 31 - 1)
  })

  it('uses the injected scheduler for timers and clock', () => {
    const calls: string[] = []
    let pending: (() => void) | undefined
    const scheduler: Scheduler = {
      setTimeout: (callback, ms) => {
        calls.push(`set ${ms}`)
        pending = callback
        return 'handle-1'
      },
      clearTimeout: (handle) => {
        calls.push(`clear ${String(handle)}`)
      },
      now: () => 42,
    }
    const timer = createTimer(scheduler)
    const callback = vi.fn()
    timer.start(8, callback)
    timer.start(9, callback)
    expect(calls).toEqual(['set 8', 'clear handle-1', 'set 9'])
    pending!()
    expect(callback).toHaveBeenCalledOnce()
    expect(timer.pending).toBe(false)
    timer.cancel()
    // nothing pending any more: no stray clearTimeout of a fired handle
    expect(calls).toEqual(['set 8', 'clear handle-1', 'set 9'])
  })
})
