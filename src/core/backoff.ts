import type { Rule } from './validate'
import { atLeast, BOOLEAN, checkOptions, COUNT, DELAY, group } from './validate'

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
   * Cap of any delay, in ms. With `jitter`, the cap is lower while an outage is young: no retry's
   * ceiling exceeds how long the outage has lasted so far (but it never drops below 6 s, nor below
   * `initialDelay`), so a server that is back after a few seconds gets its clients back within a few
   * seconds.
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
export const BACKOFF_DEFAULTS: Readonly<ResolvedBackoff> = /* @__PURE__ */ Object.freeze({
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
  const merged = group(option, value, true, BACKOFF_DEFAULTS)
  if (merged)
    checkOptions(merged, RULES, `${option}.`)
  return merged
}

const RULES: Record<keyof BackoffOptions, Rule> = {
  // (a predicate is VueUse's form; a number counts retries)
  retries: [v => typeof v === 'function' || COUNT[0](v), COUNT[1]],
  initialDelay: DELAY,
  maxDelay: DELAY,
  factor: /* @__PURE__ */ atLeast(1),
  jitter: BOOLEAN,
}

/**
 * Delay before retry number `attempt` (0-based):
 * `random(0, min(maxDelay, initialDelay·factor^attempt, max(6 s, initialDelay, elapsed)))`, never below
 * `floor` (a server hint such as SSE `retry:` or HTTP `Retry-After`). `elapsed` is how long the outage
 * has lasted (ms since the connection was lost): the jittered ceiling never runs far ahead of it, so the
 * last clients are back soon after a short outage ends, while a long one still backs off to `maxDelay`.
 * Without jitter the delay is exactly `min(maxDelay, initialDelay·factor^attempt)`.
 */
export function backoffDelay(attempt: number, options: ResolvedBackoff, floor = 0, random: () => number = Math.random, elapsed = Infinity): number {
  // `0 · factor^attempt` is NaN once factor^attempt overflows to Infinity (attempt ≥ ~1024 with factor 2,
  // reachable with `retries: Infinity`): an initial delay of 0 stays 0 instead.
  // The outage age bounds the jittered ceiling, but never below 6 s: with full jitter the busiest 100 ms
  // after a server's return holds about 100 ms / ceiling of the clients waiting on that ceiling, and 6 s
  // keeps a storm's peak under 5 % (bench/stormModel.ts, case 3 of `npm run bench`). Without jitter the
  // schedule is exactly the one configured: what `jitter: false` is chosen for.
  const ceiling = Math.min(options.maxDelay, options.initialDelay && options.initialDelay * options.factor ** attempt, options.jitter ? Math.max(6000, options.initialDelay, elapsed) : Infinity)
  // whole milliseconds, but never rounded up past a fractional ceiling (that would exceed `maxDelay`)
  return Math.max(Math.min(Math.round(options.jitter ? random() * ceiling : ceiling), Math.floor(ceiling)), floor)
}
