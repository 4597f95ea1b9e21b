import type { WebSocketData } from './queue'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { defaultScheduler } from '../scheduler'
import { Heartbeat } from './heartbeat'

const options = { message: 'ping', pong: 'pong', interval: 1000, timeout: 500 }

describe('Heartbeat', () => {
  let sent: WebSocketData[]
  let dead: ReturnType<typeof vi.fn<() => void>>
  let hb: Heartbeat
  beforeEach(() => {
    vi.useFakeTimers()
    sent = []
    dead = vi.fn<() => void>()
    hb = new Heartbeat({ ...options }, defaultScheduler, { send: d => sent.push(d), dead })
  })
  afterEach(() => {
    hb.stop()
    vi.useRealTimers()
  })

  it('pings after interval and declares the link dead after interval + timeout of silence', () => {
    hb.start()
    vi.advanceTimersByTime(999)
    expect(sent).toEqual([])
    vi.advanceTimersByTime(1)
    expect(sent).toEqual(['ping'])
    vi.advanceTimersByTime(499)
    expect(dead).not.toHaveBeenCalled()
    vi.advanceTimersByTime(1)
    expect(dead).toHaveBeenCalledTimes(1)
  })

  it('a pong is recognised, measures the round trip and schedules the next ping from the answer', () => {
    hb.start()
    vi.advanceTimersByTime(1000)
    vi.advanceTimersByTime(120)
    expect(hb.received('pong')).toBe(true)
    expect(hb.latency).toBe(120)
    vi.advanceTimersByTime(999)
    expect(sent).toEqual(['ping'])
    vi.advanceTimersByTime(1)
    expect(sent).toEqual(['ping', 'ping'])
    expect(dead).not.toHaveBeenCalled()
  })

  it('any inbound frame proves liveness (not a pong, not swallowed)', () => {
    hb.start()
    vi.advanceTimersByTime(1400)
    expect(hb.received('{"type":"tick"}')).toBe(false)
    // the first deadline (t = 1500) is gone; the next ping goes out interval after the answer
    vi.advanceTimersByTime(1499)
    expect(dead).not.toHaveBeenCalled()
    expect(sent).toEqual(['ping', 'ping'])
    expect(hb.latency).toBeNull()
  })

  it('accepts a pong predicate and a ping factory', () => {
    let n = 0
    hb.options = { ...options, message: () => `ping:${++n}`, pong: raw => String(raw).startsWith('pong:') }
    hb.start()
    vi.advanceTimersByTime(1000)
    expect(sent).toEqual(['ping:1'])
    expect(hb.received('pong:1')).toBe(true)
    expect(hb.received('pong')).toBe(false)
  })

  it('expired() reads the clock, not the timers: a throttled tab is caught at once', () => {
    hb.start()
    expect(hb.expired()).toBe(false)
    // the timers did not run (throttled), but the wall clock moved on
    vi.setSystemTime(Date.now() + 1501)
    expect(hb.expired()).toBe(true)
    hb.probe()
    hb.probe() // no second probe while one is pending
    expect(sent).toEqual(['ping'])
  })

  it('stop() cancels everything', () => {
    hb.start()
    hb.stop()
    vi.advanceTimersByTime(10_000)
    expect(sent).toEqual([])
    expect(dead).not.toHaveBeenCalled()
  })
})
