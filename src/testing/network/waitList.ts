/** Options of the `waitFor…` helpers of the mocks. */
export interface WaitOptions {
  /**
   * Real ms to wait before rejecting.
   * @default 5000
   */
  timeout?: number
}

/**
 * An append-only list whose n-th item can be awaited: the connections of a mock endpoint, the requests it
 * received, the frames a socket sent.
 */
export class WaitList<T> {
  readonly items: T[] = []
  #waiters = new Set<() => void>()

  constructor(private readonly what: string) {}

  push(item: T): void {
    this.items.push(item)
    for (const wake of [...this.#waiters])
      wake()
  }

  /** Resolves with the first item (from the `from`-th, 1-based) that `accept`s, once it exists. */
  waitFor(from: number, accept: (item: T) => boolean, { timeout = 5000 }: WaitOptions = {}): Promise<T> {
    if (!Number.isInteger(from) || from < 1)
      return Promise.reject(new RangeError(`expected a position ≥ 1, got ${from}`))
    const find = (): T | undefined => this.items.slice(from - 1).find(accept)
    const found = find()
    if (found !== undefined)
      return Promise.resolve(found)
    return new Promise((resolve, reject) => {
      const wake = (): void => {
        const item = find()
        if (item === undefined)
          return
        globalThis.clearTimeout(timer)
        this.#waiters.delete(wake)
        resolve(item)
      }
      const timer = globalThis.setTimeout(() => {
        this.#waiters.delete(wake)
        reject(new Error(`no ${this.what} #${from} within ${timeout} ms (there ${this.items.length === 1 ? 'was 1' : `were ${this.items.length}`})`))
      }, timeout)
      this.#waiters.add(wake)
    })
  }
}
