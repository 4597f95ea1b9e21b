type Listener<T> = (snapshot: T, previous: T) => void

/**
 * A store holding an immutable snapshot that is replaced, never mutated, on every change, so adapters
 * compare snapshots by identity and fields by `Object.is` (TanStack Query's observer pattern).
 */
export class Store<TSnapshot extends object> {
  #snapshot: TSnapshot
  // Copy-on-write: (un)subscribing replaces the array, so a round of notifications walks the array it
  // started with, without copying it on every change (the receive path changes state per message).
  #listeners: readonly Listener<TSnapshot>[] = []

  constructor(initial: TSnapshot) {
    this.#snapshot = Object.freeze({ ...initial })
  }

  /** The current state; the same object until something changes. */
  getSnapshot(): TSnapshot {
    return this.#snapshot
  }

  /**
   * Calls `listener(next, previous)` on every change; returns the remover. The same function added
   * twice is one listener.
   */
  subscribe(listener: Listener<TSnapshot>): () => void {
    if (!this.#listeners.includes(listener))
      this.#listeners = [...this.#listeners, listener]
    return () => {
      this.#listeners = this.#listeners.filter(l => l !== listener)
    }
  }

  /** Replaces the snapshot with `patch` applied and notifies listeners, unless nothing changed. */
  protected setSnapshot(patch: Partial<TSnapshot>): void {
    const previous = this.#snapshot
    for (const key in patch) {
      if (!Object.is(previous[key], patch[key])) {
        const next = this.#snapshot = Object.freeze({ ...previous, ...patch })
        for (const listener of this.#listeners) {
          // a listener made a newer change: the rest hear that one, never this older one after it
          if (this.#snapshot !== next)
            return
          listener(next, previous)
        }
        return
      }
    }
  }
}
