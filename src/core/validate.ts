import { LifelineError } from './errors'

export { assignDefined, isObject } from './util'

/**
 * The `INVALID_OPTION` error for `option`. The message names the option in every build; what was
 * expected and what came is development-only text, folded away by a production bundler (callers pass
 * `expected` behind the same guard, so its text goes too).
 */
export function invalid(option: string, expected?: string, value?: unknown): LifelineError {
  let message = `Invalid option \`${option}\``
  if (process.env.NODE_ENV !== 'production') {
    let shown: string
    try {
      // JSON.stringify turns NaN and ±Infinity into "null", which would hide the very value at fault
      shown = typeof value === 'function' ? 'a function' : typeof value === 'number' ? String(value) : JSON.stringify(value) ?? String(value)
    }
    catch {
      shown = String(value)
    }
    message += `: expected ${expected}, got ${shown}.`
  }
  return new LifelineError('INVALID_OPTION', message, { option })
}

/** `value` if `ok`, else throws `INVALID_OPTION` for `option`. */
function check<T>(ok: boolean, option: string, value: T, expected: string): T {
  if (!ok)
    throw invalid(option, expected, value)
  return value
}

/**
 * A number ≥ 0 (delays, timeouts, sizes); `Infinity` only with `allowInfinity`. Huge finite delays
 * are valid ("never", in practice): timers clamp them (`clampDelay`).
 */
export function checkDelay(option: string, value: unknown, allowInfinity?: boolean): number {
  return check(typeof value === 'number' && value >= 0 && (allowInfinity || value < Infinity), option, value as number,
    process.env.NODE_ENV !== 'production' ? `a ${allowInfinity ? '' : 'finite '}number ≥ 0` : '')
}

/** A whole number ≥ 0, or `Infinity` (retry counts, sizes). */
export function checkCount(option: string, value: unknown): number {
  return check(Number.isInteger(value) ? (value as number) >= 0 : value === Infinity, option, value as number,
    process.env.NODE_ENV !== 'production' ? 'a whole number ≥ 0 or Infinity' : '')
}

/** A finite number ≥ `min`. */
export function checkNumberAtLeast(option: string, value: unknown, min: number): number {
  return check(typeof value === 'number' && value >= min && value < Infinity, option, value as number,
    process.env.NODE_ENV !== 'production' ? `a finite number ≥ ${min}` : '')
}

/** A function, or `undefined`. */
export function checkFunction<T extends (...args: any[]) => unknown>(option: string, value: unknown): T | undefined {
  return check(value === undefined || typeof value === 'function', option, value as T | undefined,
    process.env.NODE_ENV !== 'production' ? 'a function' : '')
}

/** One of a fixed set of values. */
export function checkOneOf<T>(option: string, value: unknown, allowed: readonly T[]): T {
  return check(allowed.includes(value as T), option, value as T,
    process.env.NODE_ENV !== 'production' ? `one of ${allowed.map(a => JSON.stringify(a)).join(', ')}` : '')
}

/**
 * `value` as a URL a request can be made to: a non-empty string or `URL` whose scheme is one of
 * `schemes`, absolute or relative to the page (`location`); anything else is `INVALID_OPTION` naming
 * `url`, before any request (an empty or relative URL in Node used to retry forever).
 */
export function checkUrl(value: unknown, schemes: readonly string[]): string {
  let ok: boolean
  try {
    ok = ((!!value && typeof value === 'string') || value instanceof URL)
      && schemes.includes(new URL(value as string, (globalThis as { location?: { href: string } }).location?.href).protocol)
  }
  catch {
    ok = false
  }
  return String(check(ok, 'url', value,
    process.env.NODE_ENV !== 'production' ? `an absolute ${schemes.join(' / ')} URL or one relative to the page` : ''))
}
