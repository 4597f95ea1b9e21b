import type { Scheduler } from './scheduler'
import { createTimer, defaultScheduler } from './scheduler'
import { checkCount, checkDelay, checkNumberAtLeast, checkOneOf } from './validate'

/** How retries are spaced. */
export interface BackoffOptions {
  /**
   * Retries after the first attempt; `retries: 2` allows at most 3 attempts. Exhausted → `failed`.
   * @default Infinity
   */
  retries?: number
  /**
   * Ceiling of the first retry's delay, in ms.
   * @default 1000
   */
  initialDelay?: number
  /**
   * Cap of any delay, in ms.
   * @default 30000
   */
  maxDelay?: number
  /**
   * Growth of the ceiling per attempt.
   * @default 2
   */
  factor?: number
  /**
   * Full jitter: each delay is drawn uniformly from `[0, ceiling]`, so a thousand clients dropped by
   * one server restart do not come back in lockstep. `false` waits exactly the ceiling.
   * @default true
   */
  jitter?: boolean
}

/** Backoff options with every member resolved. */
export type ResolvedBackoff = Required<BackoffOptions>

/** Defaults of {@link BackoffOptions}. */
export const BACKOFF_DEFAULTS: Readonly<ResolvedBackoff> = Object.freeze({
  retries: Infinity,
  initialDelay: 1000,
  maxDelay: 30_000,
  factor: 2,
  jitter: true,
})

/**
 * Resolves the `true | false | BackoffOptions` form of `retry`/`reconnect`: `false` → `null` (no retry),
 * `true`/`undefined` → the defaults (merged with `base`), an object → merged and validated.
 * @throws LifelineError `INVALID_OPTION` naming the offending member.
 */
export function resolveBackoff(
  value: boolean | BackoffOptions | undefined,
  option = 'retry',
  base: Partial<ResolvedBackoff> = {},
): ResolvedBackoff | null {
  if (value === false)
    return null
  if (value !== undefined && value !== true && (typeof value !== 'object' || value === null || Array.isArray(value)))
    checkOneOf(option, value, [true, false, 'an object'])
  // undefined members (`{ retries: props.retries }`) mean "not set", in `base` as in `value`
  const merged: ResolvedBackoff = { ...BACKOFF_DEFAULTS, ...stripUndefined(base), ...(typeof value === 'object' ? stripUndefined(value) : {}) }
  checkCount(`${option}.retries`, merged.retries)
  checkDelay(`${option}.initialDelay`, merged.initialDelay)
  checkDelay(`${option}.maxDelay`, merged.maxDelay)
  checkNumberAtLeast(`${option}.factor`, merged.factor, 1)
  checkOneOf(`${option}.jitter`, merged.jitter, [true, false])
  return merged
}

/** `value` without its `undefined` members (which mean "not set" when options are merged). */
export function stripUndefined<T extends object>(value: T): Partial<T> {
  const out: Partial<T> = {}
  for (const key in value) {
    if (value[key] !== undefined)
      out[key] = value[key]
  }
  return out
}

/**
 * Delay before retry number `attempt` (0-based): `random(0, min(maxDelay, initialDelay·factor^attempt))`,
 * never below `floor` (a server hint such as SSE `retry:` or HTTP `Retry-After`).
 */
export function backoffDelay(attempt: number, options: ResolvedBackoff, floor = 0, random: () => number = Math.random): number {
  // `0 · factor^attempt` is NaN once factor^attempt overflows to Infinity (attempt ≥ ~1024 with factor 2,
  // reachable with `retries: Infinity`): an initial delay of 0 stays 0 instead.
  const growth = options.initialDelay === 0 ? 0 : options.initialDelay * options.factor ** attempt
  const ceiling = Math.min(options.maxDelay, growth)
  const delay = options.jitter ? random() * ceiling : ceiling
  // whole milliseconds, but never rounded up past a fractional ceiling (that would exceed `maxDelay`)
  return Math.max(Math.min(Math.round(delay), Math.floor(ceiling)), floor)
}

/** Options of {@link BackoffTracker} beyond the delays. */
export interface BackoffTrackerOptions {
  /** A connection must stay healthy this long (ms) before the attempt count resets. */
  minUptime?: number
  scheduler?: Scheduler
  random?: () => number
}

/**
 * The stateful half of backoff: counts attempts, hands out delays, gives up after `retries`, and resets
 * the count only after a connection stayed up for `minUptime` (a server that accepts and drops at once
 * must not earn a fresh budget every time).
 */
export class BackoffTracker {
  #attempt = 0
  #options: ResolvedBackoff
  readonly #minUptime: number
  readonly #random: () => number
  readonly #uptime: ReturnType<typeof createTimer>

  constructor(options: ResolvedBackoff, { minUptime = 0, scheduler = defaultScheduler, random = Math.random }: BackoffTrackerOptions = {}) {
    this.#options = options
    this.#minUptime = checkDelay('minUptime', minUptime)
    this.#random = random
    this.#uptime = createTimer(scheduler)
  }

  /** Retries handed out since the last reset. */
  get attempt(): number {
    return this.#attempt
  }

  /** Replaces the delay options (keeps the count). */
  setOptions(options: ResolvedBackoff): void {
    this.#options = options
  }

  /** Delay for the next retry and counts it, or `null` when `retries` is exhausted. */
  next(floor = 0): number | null {
    return this.#attempt < this.#options.retries ? backoffDelay(this.#attempt++, this.#options, floor, this.#random) : null
  }

  /** The connection opened: reset the count once it has stayed up for `minUptime`. */
  opened(): void {
    if (this.#minUptime === 0) {
      this.reset()
      return
    }
    this.#uptime.start(this.#minUptime, () => this.reset())
  }

  /** The connection was lost before `minUptime`: keep the count. */
  lost(): void {
    this.#uptime.cancel()
  }

  /** Back to attempt 0. */
  reset(): void {
    this.#uptime.cancel()
    this.#attempt = 0
  }
}
