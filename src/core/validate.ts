import { LifelineError } from './errors'

/**
 * Copies the members of `source` that are not `undefined` onto `target` (merging options over their
 * defaults: `{ interval: props.interval }` with no prop means "not set", not "set to undefined").
 */
export function assignDefined<T extends object>(target: T, source: object | null | undefined): T {
  for (const key in source) {
    const value = (source as Record<string, unknown>)[key]
    if (value !== undefined)
      (target as Record<string, unknown>)[key] = value
  }
  return target
}

/** Whether `value` is a plain options object (not `null`, not an array). */
export const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)

/**
 * The `INVALID_OPTION` error for `option`. The message names the option in every build; what was
 * expected and what came is development-only text, folded away by a production bundler.
 */
export function invalid(option: string, expected: string, value: unknown): LifelineError {
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

/** `value` as a number ≥ `min` that passes `ok`, else throws `INVALID_OPTION` saying `expected`. */
function checkNumber(option: string, value: unknown, expected: string, ok: (value: number) => boolean, min = 0): number {
  // `!(value >= min)` also refuses NaN
  if (typeof value !== 'number' || !(value >= min) || !ok(value))
    throw invalid(option, expected, value)
  return value
}

/**
 * A number ≥ 0 (delays, timeouts, sizes); `Infinity` only with `allowInfinity`. Huge finite delays
 * are valid ("never", in practice): timers clamp them (`clampDelay`).
 */
export function checkDelay(option: string, value: unknown, allowInfinity = false): number {
  return checkNumber(option, value, allowInfinity ? 'a number ≥ 0' : 'a finite number ≥ 0', v => allowInfinity || Number.isFinite(v))
}

/** A whole number ≥ 0, or `Infinity` (retry counts, sizes). */
export function checkCount(option: string, value: unknown): number {
  return checkNumber(option, value, 'a whole number ≥ 0 or Infinity', v => Number.isInteger(v) || v === Infinity)
}

/** A finite number ≥ `min`. */
export function checkNumberAtLeast(option: string, value: unknown, min: number): number {
  return checkNumber(option, value, `a number ≥ ${min}`, Number.isFinite, min)
}

/** A function, or `undefined`. */
export function checkFunction<T extends (...args: any[]) => unknown>(option: string, value: unknown): T | undefined {
  if (value !== undefined && typeof value !== 'function')
    throw invalid(option, 'a function', value)
  return value as T | undefined
}

/** One of a fixed set of values. */
export function checkOneOf<T>(option: string, value: unknown, allowed: readonly T[]): T {
  if (!allowed.includes(value as T))
    throw invalid(option, `one of ${allowed.map(a => JSON.stringify(a)).join(', ')}`, value)
  return value as T
}

/**
 * `value` as a URL a request can be made to: a non-empty string or `URL` whose scheme is one of
 * `schemes`, absolute or relative to the page (`location`); anything else is `INVALID_OPTION` naming
 * `url`, before any request (an empty or relative URL in Node used to retry forever).
 */
export function checkUrl(value: unknown, schemes: readonly string[]): string {
  if ((typeof value === 'string' && value) || value instanceof URL) {
    try {
      if (schemes.includes(new URL(value, (globalThis as { location?: { href: string } }).location?.href).protocol))
        return String(value)
    }
    catch {}
  }
  throw invalid('url', `an absolute ${schemes.join(' / ')} URL or one relative to the page`, value)
}
