import { LifelineError } from './errors'
import { assignDefined, isObject } from './util'

export { assignDefined, isObject }

/**
 * How one option is checked: a test of its value, and what it expects (text for development builds;
 * `''` in production, where the rule's text is folded away at its definition).
 */
export type Rule = readonly [test: (value: any) => boolean, expected: string]

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

/** `value` if it passes `rule`, else throws `INVALID_OPTION` for `option`. */
export function check<T>(option: string, value: T, [test, expected]: Rule): T {
  if (!test(value))
    throw invalid(option, expected, value)
  return value
}

/**
 * Checks every member of `options` that `rules` names, in the order of `rules` (table-driven: one line
 * per option instead of one call each); `prefix` names the group (`retry.`). Throws `INVALID_OPTION`.
 */
export function checkOptions(options: object, rules: Readonly<Record<string, Rule>>, prefix = ''): void {
  for (const name in rules)
    check(prefix + name, (options as Record<string, unknown>)[name], rules[name]!)
}

/**
 * A finite number ≥ 0 (delays, timeouts). Huge finite delays are valid ("never", in practice): timers
 * clamp them (`clampDelay`).
 */
export const DELAY: Rule = [v => typeof v === 'number' && v >= 0 && v < Infinity, process.env.NODE_ENV !== 'production' ? 'a finite number ≥ 0' : '']

/** A number ≥ 0, `Infinity` included (sizes: `Infinity` = no limit). */
export const SIZE: Rule = [v => typeof v === 'number' && v >= 0, process.env.NODE_ENV !== 'production' ? 'a number ≥ 0' : '']

/** A whole number ≥ 0, or `Infinity` (retry counts, queue limits). */
export const COUNT: Rule = [v => Number.isInteger(v) ? v >= 0 : v === Infinity, process.env.NODE_ENV !== 'production' ? 'a whole number ≥ 0 or Infinity' : '']

/** A function, or `undefined` (callbacks, injected constructors). */
export const FUNCTION: Rule = [v => v === undefined || typeof v === 'function', process.env.NODE_ENV !== 'production' ? 'a function' : '']

/** One of a fixed set of values. */
export const oneOf = (allowed: readonly unknown[]): Rule =>
  [v => allowed.includes(v), process.env.NODE_ENV !== 'production' ? `one of ${allowed.map(a => JSON.stringify(a)).join(', ')}` : '']

/** `true` or `false`. */
export const BOOLEAN: Rule = /* @__PURE__ */ oneOf([true, false])

/** A finite number ≥ `min`. */
export const atLeast = (min: number): Rule =>
  [v => typeof v === 'number' && v >= min && v < Infinity, process.env.NODE_ENV !== 'production' ? `a finite number ≥ ${min}` : '']

/**
 * A feature group written `true | false | { … }` (`retry`, `heartbeat`, `queue`): `null` when off
 * (`false`, or absent when `on` is false), else its members over `defaults` (an `undefined` member keeps
 * the default). Anything else is `INVALID_OPTION` naming the group.
 */
export function group<G extends object>(name: string, value: unknown, on: boolean, defaults: G): G | null {
  if (value !== undefined && typeof value !== 'boolean' && !isObject(value))
    check(name, value, BOOLEAN)
  return (value ?? on) === false ? null : assignDefined({ ...defaults }, value as object)
}

/**
 * A URL a request can be made to: a non-empty string or `URL` whose scheme is one of `schemes`,
 * absolute or relative to the page (`location`); `undefined` passes only when `optional` (no URL yet).
 * Checked before any request: an empty or relative URL in Node used to retry forever.
 */
export const url = (schemes: readonly string[], optional?: boolean): Rule => [(v) => {
  try {
    return (optional && v === undefined) || (((!!v && typeof v === 'string') || v instanceof URL)
      && schemes.includes(new URL(v as string, (globalThis as { location?: { href: string } }).location?.href).protocol))
  }
  catch {
    return false
  }
}, process.env.NODE_ENV !== 'production' ? `an absolute ${schemes.join(' / ')} URL or one relative to the page` : '']

/** `value` as a URL string (see {@link url}); anything else is `INVALID_OPTION` naming `url`. */
export const checkUrl = (value: unknown, schemes: readonly string[]): string => String(check('url', value, url(schemes)))

/** A number ≥ 0 (`Infinity` only with `allowInfinity`): the {@link DELAY} and {@link SIZE} rules. */
export const checkDelay = (option: string, value: unknown, allowInfinity?: boolean): number => check(option, value, allowInfinity ? SIZE : DELAY) as number

/** A whole number ≥ 0, or `Infinity`. */
export const checkCount = (option: string, value: unknown): number => check(option, value, COUNT) as number

/** A finite number ≥ `min`. */
export const checkNumberAtLeast = (option: string, value: unknown, min: number): number => check(option, value, atLeast(min)) as number

/** A function, or `undefined`. */
export const checkFunction = <T extends (...args: any[]) => unknown>(option: string, value: unknown): T | undefined => check(option, value, FUNCTION) as T | undefined

/** One of a fixed set of values. */
export const checkOneOf = <T>(option: string, value: unknown, allowed: readonly T[]): T => check(option, value, oneOf(allowed)) as T
