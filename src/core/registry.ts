import type { Scheduler, Timer } from './scheduler'
import { createTimer, defaultScheduler } from './scheduler'
import { checkDelay } from './validate'

interface Entry<T> {
  value: T
  count: number
  dispose: (value: T) => void
  /** The pending disposal while nobody holds the value. */
  timer: Timer
}

/** Options of a {@link Registry}. */
export interface RegistryOptions {
  /**
   * Grace time (ms) between the last release and disposal, so a component that unmounts and mounts
   * again within a route change keeps its connection.
   * @default 1000
   */
  gcTime?: number
  scheduler?: Scheduler
}

/**
 * Keyed, ref-counted shared values (transports). `acquire` returns the live value for a key, creating
 * it the first time; `release` disposes it after `gcTime` once nobody holds it.
 */
export class Registry<T = unknown> {
  readonly #entries = new Map<string, Entry<T>>()
  readonly #gcTime: number
  readonly #scheduler: Scheduler

  constructor({ gcTime = 1000, scheduler = defaultScheduler }: RegistryOptions = {}) {
    this.#gcTime = checkDelay('gcTime', gcTime)
    this.#scheduler = scheduler
  }

  /** The value for `key`, created with `create` if absent; counts one holder. */
  acquire<V extends T>(key: string, create: () => V, dispose: (value: V) => void = () => {}): V {
    const existing = this.#entries.get(key)
    if (existing) {
      existing.timer.cancel()
      existing.count++
      return existing.value as V
    }
    const value = create()
    this.#entries.set(key, { value, count: 1, dispose: dispose as (value: T) => void, timer: createTimer(this.#scheduler) })
    return value
  }

  /**
   * Drops one holder of `key`; the last one schedules disposal after `gcTime` (0 → at once). `now`
   * disposes at once when this was the last holder: a caller that moves to another key is not coming
   * back, and keeping its old connection for the grace time would eat the six-per-host budget of HTTP/1.1.
   */
  release(key: string, now?: boolean): void {
    const entry = this.#entries.get(key)
    if (!entry || entry.count === 0)
      return
    entry.count--
    if (entry.count > 0)
      return
    const dispose = (): void => {
      if (this.#entries.get(key) !== entry || entry.count > 0)
        return
      this.#entries.delete(key)
      entry.dispose(entry.value)
    }
    if (now || this.#gcTime === 0)
      dispose()
    else
      entry.timer.start(this.#gcTime, dispose)
  }

  /** How many holders `key` has (0 while it waits for disposal, or when absent). */
  count(key: string): number {
    return this.#entries.get(key)?.count ?? 0
  }

  /** Whether `key` has a live (or grace-period) value. */
  has(key: string): boolean {
    return this.#entries.has(key)
  }

  /** Keys currently registered. */
  keys(): string[] {
    return [...this.#entries.keys()]
  }

  /** Disposes everything at once (tests, HMR). */
  clear(): void {
    for (const [key, entry] of this.#entries) {
      entry.timer.cancel()
      this.#entries.delete(key)
      entry.dispose(entry.value)
    }
  }
}

/** The page-wide registry the composables share connections through (`shared: true`). */
export const registry = /* @__PURE__ */ new Registry()
