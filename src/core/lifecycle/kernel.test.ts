import type { LifelineError as Err } from '../errors'
import type { ConnectionHooks, ConnectionSnapshot, Lifecycle } from './kernel'
import fc from 'fast-check'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { captureUncaught } from '../../../test/helpers/uncaught'
import { createEnvironment } from '../environment'
import { LifelineError } from '../errors'
import { MAX_DELAY } from '../scheduler'
import { Connection, resolveLifecycle } from './kernel'
import { CONNECTION_STATUSES } from './table'

interface ToyOptions extends ConnectionHooks {
  retry?: unknown
  minUptime?: number
  pauseWhenHidden?: boolean
  offline?: Lifecycle['offline']
  onlineDelay?: number
  random?: () => number
  environment?: ReturnType<typeof createEnvironment>
}

/** The smallest transport: each attempt is a record the test settles by hand. */
class Toy extends Connection<ConnectionSnapshot, ToyOptions> {
  attempts: { gen: number, aborted: boolean, opened: () => void, lost: (error: Err, floor?: number, clean?: boolean) => void, fail: (error: Err) => void, end: () => void }[] = []
  constructor(options: ToyOptions = {}) {
    super({ status: 'idle', error: null, attempt: 0, retryIn: null })
    this.hooks = options
    this.k = resolveLifecycle({ ...options }, options.retry ?? { jitter: false, initialDelay: 100 }, 'retry', {
      minUptime: options.minUptime ?? 0,
      pauseWhenHidden: options.pauseWhenHidden ?? false,
      offline: options.offline ?? 'wait',
      onlineDelay: options.onlineDelay ?? 0,
    })
  }

  get last() {
    return this.attempts.at(-1)!
  }

  protected connect(): void {
    this.attempts.push({
      gen: this.gen,
      aborted: false,
      opened: this.live(() => this.opened()),
      lost: this.live((error: Err, floor?: number, clean?: boolean) => this.lost(error, floor, clean)),
      fail: this.live((error: Err) => this.fail(error)),
      end: this.live(() => this.end()),
    })
  }

  protected abort(): void {
    const last = this.attempts.at(-1)
    if (last)
      last.aborted = true
  }
}

const net = (): LifelineError => new LifelineError('NETWORK', 'down')
const statuses = (toy: Toy): string[] => {
  const seen: string[] = []
  toy.subscribe((now, before) => now.status !== before.status && seen.push(now.status))
  return seen
}

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

describe('the kernel: retry and backoff', () => {
  it('a lost attempt waits the backoff (status reconnecting, retryIn, attempt), then tries again', () => {
    const toy = new Toy({ retry: { jitter: false, initialDelay: 100, retries: 2 } })
    const seen = statuses(toy)
    toy.open()
    toy.last.opened()
    toy.last.lost(net())
    expect(toy.getSnapshot()).toMatchObject({ status: 'reconnecting', attempt: 1, retryIn: 100, error: { code: 'NETWORK' } })
    vi.advanceTimersByTime(99)
    expect(toy.attempts).toHaveLength(1)
    vi.advanceTimersByTime(1)
    expect(toy.attempts).toHaveLength(2)
    expect(toy.getSnapshot().retryIn).toBeNull()
    toy.last.lost(net())
    expect(toy.getSnapshot()).toMatchObject({ status: 'reconnecting', attempt: 2, retryIn: 200 })
    vi.advanceTimersByTime(200)
    toy.last.lost(net())
    // retries: 2 → three attempts, then given up
    expect(toy.getSnapshot()).toMatchObject({ status: 'failed', error: { code: 'RETRY_LIMIT', attempt: 2, cause: { code: 'NETWORK' } } })
    expect(vi.getTimerCount()).toBe(0)
    expect(seen).toEqual(['connecting', 'open', 'reconnecting', 'failed'])
  })

  it('a `retries` predicate is asked before each retry with the count so far (VueUse)', () => {
    const asked: number[] = []
    const toy = new Toy({ retry: { jitter: false, initialDelay: 10, retries: (n: number) => asked.push(n) < 3 } })
    toy.open()
    for (let i = 0; i < 3; i++) {
      toy.last.lost(net())
      vi.advanceTimersByTime(1000)
    }
    expect(asked).toEqual([0, 1, 2])
    expect(toy.getSnapshot().status).toBe('failed')
  })

  it('the attempt count resets only after minUptime of health', () => {
    const toy = new Toy({ minUptime: 1000, retry: { jitter: false, initialDelay: 10 } })
    toy.open()
    toy.last.lost(net())
    vi.advanceTimersByTime(10)
    toy.last.opened()
    vi.advanceTimersByTime(999)
    expect(toy.getSnapshot().attempt).toBe(1)
    toy.last.lost(net())
    // accept-then-drop earns no fresh budget
    expect(toy.getSnapshot()).toMatchObject({ attempt: 2, retryIn: 20 })
    vi.advanceTimersByTime(20)
    toy.last.opened()
    vi.advanceTimersByTime(1000)
    expect(toy.getSnapshot().attempt).toBe(0)
  })

  it('the backoff ceiling is bounded by the age of the outage (since the first failed attempt of the run)', () => {
    // (the draw at the top of the range shows the ceilings)
    const toy = new Toy({ retry: true, random: () => 0.999_999 })
    toy.open()
    toy.last.opened()
    const waits: (number | null)[] = []
    for (let i = 0; i < 7; i++) {
      toy.last.lost(net())
      waits.push(toy.getSnapshot().retryIn)
      vi.advanceTimersByTime(toy.getSnapshot().retryIn!)
    }
    // 1, 2, 4 s as usual; the 4th retry comes 7 s into the outage: 7 s (not 8), then 14 s (not 16),
    // 28 s (not 32 capped to 30), then the 30 s cap
    expect(waits).toEqual([1000, 2000, 4000, 7000, 14_000, 28_000, 30_000])
    // a healthy connection (minUptime 0 here) starts a new run: its age counts from the next loss
    toy.last.opened()
    vi.advanceTimersByTime(60_000)
    toy.last.lost(net())
    expect(toy.getSnapshot().retryIn).toBe(1000)
  })

  it('every delay is clamped to 2³¹−1 ms before it reaches a timer (no 1 ms loop)', () => {
    const toy = new Toy()
    toy.open()
    toy.last.lost(net(), 3_000_000_000)
    expect(toy.getSnapshot().retryIn).toBe(MAX_DELAY)
    vi.advanceTimersByTime(60_000)
    expect(toy.attempts).toHaveLength(1)
    const huge = new Toy({ retry: { jitter: false, initialDelay: Number.MAX_SAFE_INTEGER, maxDelay: Number.MAX_SAFE_INTEGER } })
    huge.open()
    huge.last.lost(net())
    expect(huge.getSnapshot().retryIn).toBe(MAX_DELAY)
    vi.advanceTimersByTime(60_000)
    expect(huge.attempts).toHaveLength(1)
  })

  it('without retry: a clean end is closed, anything else failed (failed means gave up)', () => {
    const clean = new Toy({ retry: false })
    clean.open()
    clean.last.lost(net(), 0, true)
    expect(clean.getSnapshot().status).toBe('closed')
    const broken = new Toy({ retry: false })
    broken.open()
    broken.last.lost(net())
    expect(broken.getSnapshot()).toMatchObject({ status: 'failed', error: { code: 'NETWORK' } })
  })

  it('late reports of an attempt that was replaced change nothing (generation guard)', () => {
    const toy = new Toy()
    toy.open()
    const first = toy.last
    toy.reconnect()
    expect(first.aborted).toBe(true)
    first.opened()
    first.lost(net())
    first.fail(net())
    expect(toy.getSnapshot().status).toBe('connecting')
    toy.last.opened()
    expect(toy.getSnapshot().status).toBe('open')
  })
})

describe('the kernel: page signals', () => {
  it('offline: a lost connection waits for online without spending an attempt; online retries after a short random delay', () => {
    const environment = createEnvironment()
    const toy = new Toy({ environment, onlineDelay: 1000, random: () => 0.5 })
    toy.open()
    toy.last.opened()
    environment.online.set(false)
    // an open connection may still work (wait mode)
    expect(toy.getSnapshot().status).toBe('open')
    toy.last.lost(net())
    expect(toy.getSnapshot()).toMatchObject({ status: 'paused', attempt: 0 })
    vi.advanceTimersByTime(60_000)
    expect(toy.attempts).toHaveLength(1)
    environment.online.set(true)
    expect(toy.getSnapshot()).toMatchObject({ status: 'reconnecting', retryIn: 500 })
    vi.advanceTimersByTime(500)
    expect(toy.attempts).toHaveLength(2)
  })

  it('offline `pause` pauses an open connection too; `ignore` ignores it', () => {
    const environment = createEnvironment()
    const paused = new Toy({ environment, offline: 'pause' })
    const ignoring = new Toy({ environment, offline: 'ignore' })
    for (const toy of [paused, ignoring]) {
      toy.open()
      toy.last.opened()
    }
    environment.online.set(false)
    expect(paused.getSnapshot().status).toBe('paused')
    expect(paused.last.aborted).toBe(true)
    expect(ignoring.getSnapshot().status).toBe('open')
    ignoring.last.lost(net())
    expect(ignoring.getSnapshot().status).toBe('reconnecting')
    environment.online.set(true)
    expect(paused.getSnapshot().status).toBe('connecting')
  })

  it('pauseWhenHidden, pagehide and pause() pause and end the attempt; each comes back by itself', () => {
    const environment = createEnvironment()
    const toy = new Toy({ environment, pauseWhenHidden: true })
    toy.open()
    toy.last.opened()
    environment.visibility.set(false)
    expect(toy.getSnapshot().status).toBe('paused')
    environment.visibility.set(true)
    expect(toy.getSnapshot().status).toBe('connecting')
    toy.last.opened()
    environment.lifecycle.emit({ type: 'hide', persisted: true })
    expect(toy.getSnapshot().status).toBe('paused')
    expect(toy.last.aborted).toBe(true)
    environment.lifecycle.emit({ type: 'show', persisted: true })
    expect(toy.getSnapshot().status).toBe('connecting')
    toy.pause()
    expect(toy.getSnapshot().status).toBe('paused')
    environment.visibility.set(false)
    environment.visibility.set(true)
    expect(toy.getSnapshot().status).toBe('paused')
    toy.resume()
    expect(toy.getSnapshot().status).toBe('connecting')
  })

  it('close() and failure remove every page listener', () => {
    const environment = createEnvironment()
    const toy = new Toy({ environment })
    toy.open()
    expect(environment.online.hasListeners()).toBe(true)
    toy.close()
    expect(environment.online.hasListeners() || environment.visibility.hasListeners() || environment.lifecycle.hasListeners()).toBe(false)
    toy.open()
    toy.last.fail(net())
    expect(environment.online.hasListeners()).toBe(false)
  })
})

describe('the kernel: callbacks', () => {
  it('a throwing callback changes nothing and still reaches the process error reporting', async () => {
    const uncaught = captureUncaught()
    try {
      const boom = (): never => {
        throw new Error('user bug')
      }
      const toy = new Toy({ onOpen: boom, onError: boom })
      const listener = vi.fn(boom)
      toy.listen({ onOpen: listener })
      toy.open()
      toy.last.opened()
      expect(listener).toHaveBeenCalledOnce()
      toy.last.lost(net())
      expect(toy.getSnapshot()).toMatchObject({ status: 'reconnecting', retryIn: 100 })
      vi.advanceTimersByTime(100)
      expect(toy.attempts).toHaveLength(2)
      await Promise.resolve()
      expect(uncaught.errors.map(e => (e as Error).message)).toEqual(['user bug', 'user bug', 'user bug'])
    }
    finally {
      uncaught.restore()
    }
  })

  it('close() from onError: the retry scheduled a moment before never runs, no timer is left', () => {
    const toy: Toy = new Toy({ onError: () => toy.close() })
    toy.open()
    toy.last.lost(net())
    expect(toy.getSnapshot()).toMatchObject({ status: 'closed', retryIn: null })
    expect(vi.getTimerCount()).toBe(0)
    vi.advanceTimersByTime(60_000)
    expect(toy.attempts).toHaveLength(1)
  })

  it('a store listener that closes during `start` stops the attempt before it begins', () => {
    const toy = new Toy()
    toy.subscribe(now => now.status === 'connecting' && toy.close())
    toy.open()
    expect(toy.attempts).toHaveLength(0)
    expect(toy.getSnapshot().status).toBe('closed')
  })

  it('an invalid option fails at once, and its error is told once', () => {
    const onError = vi.fn()
    const toy = new Toy({ onError })
    ;(toy as unknown as { invalid: Err }).invalid = new LifelineError('INVALID_OPTION', 'bad', { option: 'x' })
    toy.open()
    toy.open()
    toy.reconnect()
    expect(toy.getSnapshot().status).toBe('failed')
    expect(onError).toHaveBeenCalledOnce()
    expect(toy.attempts).toHaveLength(0)
  })
})

describe('the kernel: any sequence of calls and reports (property)', () => {
  const step = fc.constantFrom('open', 'close', 'reconnect', 'pause', 'resume', 'opened', 'lost', 'lostClean', 'fail', 'end', 'offline', 'online', 'hidden', 'visible', 'hide', 'show', 'tick', 'stale')
  it('the status is always one of the vocabulary; after close() nothing runs until open(); a timer is pending only while reconnecting', () => {
    fc.assert(fc.property(fc.array(step, { maxLength: 40 }), fc.boolean(), (steps, retry) => {
      vi.clearAllTimers()
      const environment = createEnvironment()
      environment.online.set(true)
      environment.visibility.set(true)
      const toy = new Toy({ environment, pauseWhenHidden: true, retry: retry && { jitter: false, initialDelay: 50, retries: 3 }, onlineDelay: 0 })
      let stale = toy.attempts.at(-1)
      for (const s of steps) {
        const before = toy.attempts.length
        switch (s) {
          case 'open': case 'close': case 'reconnect': case 'pause': case 'resume':
            toy[s]()
            break
          case 'opened': toy.attempts.at(-1)?.opened(); break
          case 'lost': toy.attempts.at(-1)?.lost(net()); break
          case 'lostClean': toy.attempts.at(-1)?.lost(net(), 0, true); break
          case 'fail': toy.attempts.at(-1)?.fail(net()); break
          case 'end': toy.attempts.at(-1)?.end(); break
          case 'offline': environment.online.set(false); break
          case 'online': environment.online.set(true); break
          case 'hidden': environment.visibility.set(false); break
          case 'visible': environment.visibility.set(true); break
          case 'hide': environment.lifecycle.emit({ type: 'hide', persisted: true }); break
          case 'show': environment.lifecycle.emit({ type: 'show', persisted: true }); break
          case 'tick': vi.advanceTimersByTime(1000); break
          case 'stale': stale?.lost(net()); stale?.opened(); break
        }
        stale = toy.attempts.at(-1) === stale ? stale : toy.attempts.at(-2)
        const { status, retryIn } = toy.getSnapshot()
        expect(CONNECTION_STATUSES).toContain(status)
        // a stopped connection makes no attempt, holds no timer and no page listener
        if (status === 'closed' || status === 'failed' || status === 'idle') {
          expect(toy.attempts.length - before <= (s === 'open' || s === 'reconnect' ? 1 : 0)).toBe(true)
          expect(vi.getTimerCount()).toBe(0)
          expect(environment.online.hasListeners()).toBe(false)
        }
        // retryIn is shown exactly while a retry waits
        if (retryIn !== null)
          expect(status).toBe('reconnecting')
        if (status !== 'reconnecting')
          expect(vi.getTimerCount()).toBe(0)
      }
      toy.close()
      vi.advanceTimersByTime(100_000)
      const after = toy.attempts.length
      vi.advanceTimersByTime(100_000)
      expect(toy.attempts).toHaveLength(after)
      expect(toy.getSnapshot().status).toBe('closed')
    }), { numRuns: 500 })
  })
})
