import { LifelineError } from './errors'

function invalid(option: string, expected: string, value: unknown): LifelineError {
  let shown: string
  try {
    // JSON.stringify turns NaN and ±Infinity into "null", which would hide the very value at fault
    shown = typeof value === 'function' ? 'a function' : typeof value === 'number' ? String(value) : JSON.stringify(value) ?? String(value)
  }
  catch {
    shown = String(value)
  }
  return new LifelineError('INVALID_OPTION', `Invalid option \`${option}\`: expected ${expected}, got ${shown}.`, { option })
}

/** `value` as a number ≥ `min` that passes `ok`, else throws `INVALID_OPTION` saying `expected`. */
function checkNumber(option: string, value: unknown, expected: string, ok: (value: number) => boolean, min = 0): number {
  // `!(value >= min)` also refuses NaN
  if (typeof value !== 'number' || !(value >= min) || !ok(value))
    throw invalid(option, expected, value)
  return value
}

/** A finite number ≥ 0 (delays, timeouts, sizes). `Infinity` is allowed only with `allowInfinity`. */
export function checkDelay(option: string, value: unknown, allowInfinity = false): number {
  return allowInfinity
    ? checkNumber(option, value, 'a number ≥ 0 or Infinity', () => true)
    : checkNumber(option, value, 'a finite number ≥ 0', Number.isFinite)
}

/** A whole number ≥ 0, or `Infinity` (retry counts). */
export function checkCount(option: string, value: unknown): number {
  return checkNumber(option, value, 'a whole number ≥ 0 or Infinity', v => Number.isInteger(v) || v === Infinity)
}

/** A finite number ≥ `min`. */
export function checkNumberAtLeast(option: string, value: unknown, min: number): number {
  return checkNumber(option, value, `a finite number ≥ ${min}`, Number.isFinite, min)
}

/** A function, or `undefined` when `optional`. */
export function checkFunction<T extends (...args: any[]) => unknown>(option: string, value: unknown, optional = true): T | undefined {
  if (value === undefined && optional)
    return undefined
  if (typeof value !== 'function')
    throw invalid(option, 'a function', value)
  return value as T
}

/** One of a fixed set of values. */
export function checkOneOf<T>(option: string, value: unknown, allowed: readonly T[]): T {
  if (!allowed.includes(value as T))
    throw invalid(option, `one of ${allowed.map(a => JSON.stringify(a)).join(', ')}`, value)
  return value as T
}
