import type { Scheduler, Timer } from './scheduler'
import { createTimer } from './scheduler'
import { check, DELAY } from './validate'

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

interface Entry { value: unknown, count: number, dispose: (value: any) => void, timer: Timer }

/**
 * Keyed, ref-counted shared values (transports). `acquire` returns the live value for a key, creating
 * it the first time; `release` disposes it after `gcTime` once nobody holds it.
 */
export class Registry<T = unknown> {
  readonly #entries = new Map<string, Entry>()
  readonly #gcTime: number
  readonly #scheduler?: Scheduler

  constructor({ gcTime = 1000, scheduler }: RegistryOptions = {}) {
    this.#gcTime = check('gcTime', gcTime, DELAY)
    this.#scheduler = scheduler
  }

  /** The value for `key`, created with `create` if absent; counts one holder. */
  acquire<V extends T>(key: string, create: () => V, dispose: (value: V) => void = () => {}): V {
    let entry = this.#entries.get(key)
    if (entry)
      entry.timer.cancel()
    else
      this.#entries.set(key, entry = { value: create(), count: 0, dispose, timer: createTimer(this.#scheduler) })
    entry.count++
    return entry.value as V
  }

  /**
   * Drops one holder of `key`; the last one disposes it after `gcTime`, or at once with `now` (a caller
   * that moves to another key is not coming back, and keeping its old connection for the grace time
   * would eat the six-per-host budget of HTTP/1.1).
   */
  release(key: string, now?: boolean): void {
    const entry = this.#entries.get(key)
    if (!entry?.count || --entry.count)
      return
    const dispose = (): void => {
      this.#entries.delete(key)
      entry.dispose(entry.value)
    }
    if (now || !this.#gcTime)
      dispose()
    else
      entry.timer.start(this.#gcTime, dispose)
  }

  /** How many holders `key` has (0 while it waits for disposal, or when absent). */
  count(key: string): number {
    return this.#entries.get(key)?.count ?? 0
  }

  /** Keys registered now (held, or in their grace time). */
  keys(): string[] {
    return [...this.#entries.keys()]
  }

  /** Disposes everything at once (tests, HMR). */
  clear(): void {
    for (const key of this.keys()) {
      const entry = this.#entries.get(key)!
      entry.timer.cancel()
      this.#entries.delete(key)
      entry.dispose(entry.value)
    }
  }
}

/** The page-wide registry the composables share connections through (`shared: true`). */
export const registry = /* @__PURE__ */ new Registry()
