/**
 * A store holding an immutable snapshot that is replaced, never mutated, on every change, so adapters
 * compare snapshots by identity and fields by `Object.is` (TanStack Query's observer pattern).
 */
export class Store<TSnapshot extends object> {
  #snapshot: TSnapshot
  readonly #listeners = new Set<(snapshot: TSnapshot, previous: TSnapshot) => void>()

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
  subscribe(listener: (snapshot: TSnapshot, previous: TSnapshot) => void): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  /** Replaces the snapshot with `patch` applied and notifies listeners, unless nothing changed. */
  protected setSnapshot(patch: Partial<TSnapshot>): void {
    const previous = this.#snapshot
    for (const key in patch) {
      if (!Object.is(previous[key], patch[key])) {
        const next = this.#snapshot = Object.freeze({ ...previous, ...patch })
        for (const listener of [...this.#listeners]) {
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
