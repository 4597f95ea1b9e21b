import { assignDefined, isObject } from './util'
import { checkCount, checkDelay, checkNumberAtLeast, checkOneOf } from './validate'

/** How retries are spaced. */
export interface BackoffOptions {
  /**
   * Retries after the first attempt; `retries: 2` allows at most 3 attempts. Exhausted → `failed`.
   * A function is asked before every retry with the number of retries so far and stops them by
   * returning `false` (VueUse's `autoReconnect.retries` predicate).
   * @default Infinity
   */
  retries?: number | ((retried: number) => boolean)
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
 * `true`/`undefined` → the defaults, an object → merged over them and validated.
 * @throws LifelineError `INVALID_OPTION` naming the offending member.
 */
export function resolveBackoff(value: unknown, option = 'retry'): ResolvedBackoff | null {
  if (value === false)
    return null
  if (value !== undefined && value !== true && !isObject(value))
    checkOneOf(option, value, [true, false])
  const merged = assignDefined({ ...BACKOFF_DEFAULTS } as ResolvedBackoff, value as object)
  if (typeof merged.retries !== 'function')
    checkCount(`${option}.retries`, merged.retries)
  checkDelay(`${option}.initialDelay`, merged.initialDelay)
  checkDelay(`${option}.maxDelay`, merged.maxDelay)
  checkNumberAtLeast(`${option}.factor`, merged.factor, 1)
  checkOneOf(`${option}.jitter`, merged.jitter, [true, false])
  return merged
}

/**
 * Delay before retry number `attempt` (0-based): `random(0, min(maxDelay, initialDelay·factor^attempt))`,
 * never below `floor` (a server hint such as SSE `retry:` or HTTP `Retry-After`).
 */
export function backoffDelay(attempt: number, options: ResolvedBackoff, floor = 0, random: () => number = Math.random): number {
  // `0 · factor^attempt` is NaN once factor^attempt overflows to Infinity (attempt ≥ ~1024 with factor 2,
  // reachable with `retries: Infinity`): an initial delay of 0 stays 0 instead.
  const ceiling = Math.min(options.maxDelay, options.initialDelay && options.initialDelay * options.factor ** attempt)
  // whole milliseconds, but never rounded up past a fractional ceiling (that would exceed `maxDelay`)
  return Math.max(Math.min(Math.round(options.jitter ? random() * ceiling : ceiling), Math.floor(ceiling)), floor)
}
