/** Opaque timer handle returned by a {@link Scheduler}. */
export type TimerHandle = unknown

/**
 * The clock and timers a transport uses. Injected so tests can drive time and so nothing captures
 * `globalThis.setTimeout` at import time (which fake timers installed later could not replace).
 */
export interface Scheduler {
  setTimeout: (callback: () => void, ms: number) => TimerHandle
  clearTimeout: (handle: TimerHandle) => void
  /** Wall-clock milliseconds (used for liveness and uptime, compared across throttled tabs). */
  now: () => number
}

/** The platform timers, looked up at call time. */
export const defaultScheduler: Scheduler = {
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: handle => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
  now: () => Date.now(),
}

/**
 * The largest delay a timer honours: `setTimeout` stores it as a signed 32-bit integer, so anything
 * above 2³¹−1 ms (a server `retry: 3000000000`, an `interval` of `Number.MAX_SAFE_INTEGER` meant as
 * "never") overflows and fires at once — a request loop instead of a wait.
 */
export const MAX_DELAY = 2 ** 31 - 1

/** `ms` as a delay a timer honours: within `[0, MAX_DELAY]`. */
export const clampDelay = (ms: number): number => Math.min(Math.max(ms, 0), MAX_DELAY)

/** One restartable timeout slot: starting it again replaces the pending callback. */
export interface Timer {
  /** Schedules `callback` after `ms` (clamped to {@link MAX_DELAY}), cancelling any pending one. */
  start: (ms: number, callback: () => void) => void
  /** Cancels the pending callback, if any. */
  cancel: () => void
  /** Whether a callback is pending. */
  readonly pending: boolean
}

/** Creates a {@link Timer} on `scheduler`; every timer of the library goes through one of these. */
export function createTimer(scheduler: Scheduler = defaultScheduler): Timer {
  let handle: TimerHandle | undefined
  const cancel = (): void => {
    if (handle !== undefined)
      scheduler.clearTimeout(handle)
    handle = undefined
  }
  return {
    start(ms, callback) {
      cancel()
      handle = scheduler.setTimeout(() => {
        handle = undefined
        callback()
      }, clampDelay(ms))
    },
    cancel,
    get pending() {
      return handle !== undefined
    },
  }
}
