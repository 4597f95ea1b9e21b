import type { LifelineErrorCode } from '../errors'
import { LifelineError } from '../errors'

// Structured clone keeps an Error's name and message but drops own properties such as `code` and
// changes the class, so a LifelineError crosses tabs as a plain record and is rebuilt on arrival.
const ERROR = '__lifelineError'
const DETAILS = ['status', 'closeCode', 'attempt', 'option'] as const

interface WireError {
  [ERROR]: { code: LifelineErrorCode, message: string } & Partial<Record<typeof DETAILS[number], any>>
}

/** `value` made fit to cross tabs: a `LifelineError` becomes a record; anything else is left to structured clone. */
export function toWire(value: unknown): unknown {
  if (!(value instanceof LifelineError))
    return value
  const record: WireError[typeof ERROR] = { code: value.code, message: value.message }
  for (const key of DETAILS) {
    if (value[key] !== undefined)
      record[key] = value[key]
  }
  return { [ERROR]: record }
}

/** The inverse of {@link toWire}. */
export function fromWire(value: unknown): unknown {
  const record = (value as WireError | null)?.[ERROR]
  if (typeof value !== 'object' || !record)
    return value
  const { code, message, ...details } = record
  return new LifelineError(code, message, details)
}

/** Applies `map` to every own field of a record (snapshots and patches cross tabs field by field). */
export function mapFields<T extends object>(record: T, map: (value: unknown) => unknown): T {
  const out: Record<string, unknown> = {}
  for (const key of Object.keys(record))
    out[key] = map((record as Record<string, unknown>)[key])
  return out as T
}

/** The `PARSE` error for a value structured clone refused, with the browser's reason. */
export function cloneError(what: string, cause: unknown): LifelineError {
  const reason = cause instanceof Error ? cause.message : String(cause)
  return new LifelineError('PARSE', `${what} cannot be sent to other tabs: ${reason}`, { cause })
}

/** Largest delay a timer honours (above it `setTimeout` fires at once). */
export const clampDelay = (ms: number): number => Math.min(ms, 2 ** 31 - 1)

/** Rethrows on its own, so a throwing user callback reaches error reporting without changing our course. */
export function rethrow(error: unknown): void {
  queueMicrotask(() => {
    throw error
  })
}

/** Hands `error` to `onError`, else (or if that throws) rethrows it asynchronously: never dropped. */
export function report(onError: ((error: LifelineError) => void) | undefined, error: LifelineError): void {
  try {
    if (!onError)
      throw error
    onError(error)
  }
  catch (thrown) {
    rethrow(thrown)
  }
}

/** Calls every listener of `set` with `args`; one that throws is rethrown asynchronously. */
export function emitAll<A extends unknown[]>(set: Set<(...args: A) => void>, ...args: A): void {
  for (const listener of [...set]) {
    try {
      listener(...args)
    }
    catch (error) {
      rethrow(error)
    }
  }
}

/** Adds `listener` to `set`; returns its (idempotent) remover. */
export function addTo<L>(set: Set<L>, listener: L): () => void {
  set.add(listener)
  return () => {
    set.delete(listener)
  }
}
