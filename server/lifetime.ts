/**
 * A bag of clean-up functions: every timer, listener and socket a route creates is registered on the
 * lifetime of its request (disposed when the response closes) or of the backend (disposed by `close()`),
 * so nothing outlives the server.
 */
export class Lifetime {
  private readonly cleanups = new Set<() => void>()
  private disposed = false

  get isDisposed(): boolean {
    return this.disposed
  }

  /** Registers `fn` to run on dispose (at once if already disposed); returns a remover. */
  add(fn: () => void): () => void {
    if (this.disposed) {
      fn()
      return () => {}
    }
    this.cleanups.add(fn)
    return () => this.cleanups.delete(fn)
  }

  /** `setTimeout` that is cleared when the lifetime ends. */
  after(ms: number, fn: () => void): () => void {
    const timer = setTimeout(() => {
      remove()
      fn()
    }, ms)
    const remove = this.add(() => clearTimeout(timer))
    return () => {
      clearTimeout(timer)
      remove()
    }
  }

  /** `setInterval` that is cleared when the lifetime ends. */
  every(ms: number, fn: () => void): () => void {
    const timer = setInterval(fn, ms)
    const remove = this.add(() => clearInterval(timer))
    return () => {
      clearInterval(timer)
      remove()
    }
  }

  /** Resolves after `ms`, or never when the lifetime ends first (the caller's work is moot then). */
  sleep(ms: number): Promise<void> {
    return new Promise(resolve => this.after(ms, resolve))
  }

  dispose(): void {
    if (this.disposed)
      return
    this.disposed = true
    for (const fn of [...this.cleanups]) {
      try {
        fn()
      }
      catch (error) {
        console.error('[lifeline] clean-up failed', error)
      }
    }
    this.cleanups.clear()
  }
}
