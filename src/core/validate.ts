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

/** A finite number ≥ 0 (delays, timeouts, sizes). `Infinity` is allowed only with `allowInfinity`. */
export function checkDelay(option: string, value: unknown, allowInfinity = false): number {
  if (typeof value !== 'number' || Number.isNaN(value) || value < 0 || (!allowInfinity && !Number.isFinite(value)))
    throw invalid(option, allowInfinity ? 'a number ≥ 0 or Infinity' : 'a finite number ≥ 0', value)
  return value
}

/** A whole number ≥ 0, or `Infinity` (retry counts). */
export function checkCount(option: string, value: unknown): number {
  if (typeof value !== 'number' || value < 0 || (Number.isFinite(value) ? !Number.isInteger(value) : value !== Infinity))
    throw invalid(option, 'a whole number ≥ 0 or Infinity', value)
  return value
}

/** A finite number ≥ `min`. */
export function checkNumberAtLeast(option: string, value: unknown, min: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min)
    throw invalid(option, `a finite number ≥ ${min}`, value)
  return value
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
