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

/** One restartable timeout slot: starting it again replaces the pending callback. */
export interface Timer {
  /** Schedules `callback` after `ms`, cancelling any pending one. */
  start: (ms: number, callback: () => void) => void
  /** Cancels the pending callback, if any. */
  cancel: () => void
  /** Whether a callback is pending. */
  readonly pending: boolean
  /** When the pending callback fires (scheduler time), or `null`. */
  readonly dueAt: number | null
}

/** Creates a {@link Timer} on `scheduler`. */
export function createTimer(scheduler: Scheduler = defaultScheduler): Timer {
  let handle: TimerHandle | undefined
  let dueAt: number | null = null
  const cancel = (): void => {
    if (handle !== undefined)
      scheduler.clearTimeout(handle)
    handle = undefined
    dueAt = null
  }
  return {
    start(ms, callback) {
      cancel()
      dueAt = scheduler.now() + ms
      handle = scheduler.setTimeout(() => {
        handle = undefined
        dueAt = null
        callback()
      }, ms)
    },
    cancel,
    get pending() {
      return handle !== undefined
    },
    get dueAt() {
      return dueAt
    },
  }
}
