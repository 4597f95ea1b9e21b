import type { Scheduler, TimerHandle } from '../core'

/** Options of {@link createTestClock}. */
export interface TestClockOptions {
  /**
   * The clock's start time (ms since the epoch), what `now()` reads before any `advance()`.
   * @default Date.now() at creation
   */
  now?: number
}

/**
 * A manual clock that is also a {@link Scheduler}: pass it as the composables' `scheduler` option and
 * their timers (backoff, connect timeout, heartbeat, poll interval, idle timeout) fire only when the test
 * advances it, in due order. The network stays real (or simulated): only time is scripted.
 */
export interface TestClock extends Scheduler {
  /** Moves time forward by `ms`, firing every timer that falls due, in order, letting I/O settle between them. */
  advance: (ms: number) => Promise<void>
  /**
   * Jumps to the next pending timer and fires it (and any due at the same time); resolves with the ms
   * advanced, or `null` when no timer is pending.
   */
  next: () => Promise<number | null>
  /** Ms until the next pending timer, or `null` when none is pending. */
  nextIn: () => number | null
  /** How many timers are pending. */
  readonly pending: number
}

interface Entry {
  id: number
  at: number
  callback: () => void
}

/**
 * Lets promise callbacks and a round of I/O run: a mocked response or socket event needs more than one
 * microtask turn, and a real macrotask lets the interception library deliver what it queued.
 */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++)
    await Promise.resolve()
  await new Promise<void>(resolve => globalThis.setTimeout(resolve, 0))
}

/**
 * Creates a {@link TestClock}.
 * @example
 * const clock = createTestClock()
 * const { status, retryIn } = useWebSocketAuto(url, { scheduler: clock })
 * // … the server drops the socket: status is 'reconnecting', retryIn 1000
 * await clock.advance(retryIn.value!) // the retry happens now, not in a second of real time
 */
export function createTestClock(options: TestClockOptions = {}): TestClock {
  let now = options.now ?? Date.now()
  let seq = 0
  const timers = new Map<number, Entry>()

  const due = (limit: number): Entry | undefined => {
    let first: Entry | undefined
    for (const entry of timers.values()) {
      // equal times fire in the order they were set, as platform timers do
      if (entry.at <= limit && (!first || entry.at < first.at || (entry.at === first.at && entry.id < first.id)))
        first = entry
    }
    return first
  }

  // a timer that keeps re-arming itself at 0 ms would never let time move on
  const MAX_FIRES = 1000
  const runUntil = async (limit: number): Promise<void> => {
    await settle()
    let fired = 0
    for (let entry = due(limit); entry; entry = due(limit)) {
      if (++fired > MAX_FIRES)
        throw new Error(`TestClock: more than ${MAX_FIRES} timers fell due at once (a timer re-arming itself at 0 ms?)`)
      await fire(entry)
    }
  }

  const fire = async (entry: Entry): Promise<void> => {
    timers.delete(entry.id)
    now = Math.max(now, entry.at)
    entry.callback()
    await settle()
  }

  const nextIn = (): number | null => {
    let at = Infinity
    for (const entry of timers.values())
      at = Math.min(at, entry.at)
    return at === Infinity ? null : Math.max(0, at - now)
  }

  return {
    now: () => now,
    setTimeout: (callback, ms) => {
      const id = ++seq
      // a platform timer treats NaN and negatives as 0
      const delay = Number.isFinite(ms) && ms > 0 ? ms : 0
      timers.set(id, { id, at: now + delay, callback })
      return id as TimerHandle
    },
    clearTimeout: handle => void timers.delete(handle as number),
    async advance(ms) {
      if (!Number.isFinite(ms) || ms < 0)
        throw new RangeError(`advance(${ms}): expected a finite number of ms ≥ 0`)
      const target = now + ms
      await runUntil(target)
      now = target
    },
    async next() {
      const wait = nextIn()
      if (wait === null)
        return null
      await runUntil(now + wait)
      return wait
    },
    nextIn,
    get pending() {
      return timers.size
    },
  }
}
