/**
 * A set of listeners with hooks for the first subscriber arriving and the last one leaving,
 * so a resource can start with its first consumer and stop with its last.
 */
export class Subscribable<TListener extends (...args: any[]) => void> {
  protected readonly listeners = new Set<TListener>()

  /** Adds a listener; returns the function that removes it (idempotent). */
  subscribe(listener: TListener): () => void {
    // The same function subscribed twice is one listener (a Set): only a real 0 → 1 / 1 → 0 change of
    // the set may run the hooks, else a transport would start twice or stop twice.
    if (!this.listeners.has(listener) && this.listeners.add(listener).size === 1)
      this.onFirstSubscribe()
    let active = true
    return () => {
      if (!active)
        return
      active = false
      if (this.listeners.delete(listener) && this.listeners.size === 0)
        this.onLastUnsubscribe()
    }
  }

  /** Whether anyone listens. */
  hasListeners(): boolean {
    return this.listeners.size > 0
  }

  /** Called when the listener count goes from 0 to 1. */
  protected onFirstSubscribe(): void {}

  /** Called when the listener count goes from 1 to 0. */
  protected onLastUnsubscribe(): void {}
}

/**
 * A `Subscribable` holding an immutable snapshot that is replaced, never mutated, on every change:
 * adapters can compare snapshots by identity and fields by `Object.is`.
 */
export class Store<TSnapshot extends object> extends Subscribable<(snapshot: TSnapshot, previous: TSnapshot) => void> {
  #snapshot: TSnapshot

  constructor(initial: TSnapshot) {
    super()
    this.#snapshot = Object.freeze({ ...initial })
  }

  /** The current state; the same object until something changes. */
  getSnapshot(): TSnapshot {
    return this.#snapshot
  }

  /** Replaces the snapshot with `patch` applied and notifies listeners, unless nothing changed. */
  protected setSnapshot(patch: Partial<TSnapshot>): void {
    const previous = this.#snapshot
    if (Object.keys(patch).every(key => Object.is(previous[key as keyof TSnapshot], patch[key as keyof TSnapshot])))
      return
    const next = Object.freeze({ ...previous, ...patch })
    this.#snapshot = next
    for (const listener of [...this.listeners])
      listener(next, previous)
  }
}
