// A simulated browser for Node tests of src/core/tabs: tabs that share a BroadcastChannel bus and a
// Web Locks manager with the semantics the group relies on (FIFO line, steal, signal, release on
// close), and that can be frozen (timers, messages and lock callbacks wait), hung, cut off, closed
// or crashed. Time is Vitest's fake clock; every delivery is a zero-delay timer, so order is FIFO.
// The real thing is proven in Chromium (src/core/tabs/*.browser.test.ts).
import type { Environment, PageLifecycleEvent, Scheduler } from '../../src/core'
import type { TabChannel, TabGroupOptions, TabLockManager, TabLockOptions } from '../../src/core/tabs'
import { vi } from 'vitest'
import { createPageLifecycleSignal } from '../../src/core'

const abortError = (): DOMException => new DOMException('The request was aborted.', 'AbortError')

interface LockRequest {
  tab: FakeTab
  name: string
  callback: (lock: unknown) => unknown
  resolve: (value: unknown) => void
  reject: (error: unknown) => void
  granted: boolean
  done: boolean
}

/** One origin's Web Locks (exclusive mode only, which is all the group uses). */
class FakeLockManager {
  readonly held = new Map<string, LockRequest>()
  readonly lines = new Map<string, LockRequest[]>()

  request(tab: FakeTab, name: string, options: TabLockOptions, callback: (lock: unknown) => unknown): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const request: LockRequest = { tab, name, callback, resolve, reject, granted: false, done: false }
      if (options.steal && options.signal)
        throw new DOMException('steal and signal', 'NotSupportedError')
      if (options.signal?.aborted)
        return tab.task(() => reject(abortError()))
      if (options.steal) {
        const holder = this.held.get(name)
        if (holder) {
          this.held.delete(name)
          holder.done = true
          holder.tab.task(() => holder.reject(abortError()))
        }
        this.#grant(request)
        return
      }
      options.signal?.addEventListener('abort', () => {
        if (request.granted || request.done)
          return
        request.done = true
        this.#line(name).splice(this.#line(name).indexOf(request), 1)
        tab.task(() => reject(abortError()))
      })
      this.#line(name).push(request)
      this.#pump(name)
    })
  }

  /** What `navigator.locks.query()` would say, by tab id. */
  holder(name: string): string | null {
    return this.held.get(name)?.tab.id ?? null
  }

  /** A closed or crashed tab: the browser frees its locks and drops its place in every line. */
  forget(tab: FakeTab): void {
    for (const [name, request] of [...this.held]) {
      if (request.tab === tab) {
        this.held.delete(name)
        this.#pump(name)
      }
    }
    for (const [name, line] of this.lines)
      this.lines.set(name, line.filter(r => r.tab !== tab))
  }

  #line(name: string): LockRequest[] {
    let line = this.lines.get(name)
    if (!line)
      this.lines.set(name, line = [])
    return line
  }

  #pump(name: string): void {
    if (this.held.has(name))
      return
    const next = this.#line(name).shift()
    if (next)
      this.#grant(next)
  }

  // Granted at once (a frozen tab holds it while frozen); the callback runs as a task of the tab.
  #grant(request: LockRequest): void {
    request.granted = true
    this.held.set(request.name, request)
    request.tab.task(() => {
      if (request.done)
        return
      let result: unknown
      try {
        result = request.callback({ name: request.name, mode: 'exclusive' })
      }
      catch (error) {
        result = Promise.reject(error)
      }
      Promise.resolve(result).then((value) => {
        if (this.held.get(request.name) === request) {
          this.held.delete(request.name)
          this.#pump(request.name)
        }
        if (!request.done) {
          request.done = true
          request.resolve(value)
        }
      }, (error) => {
        if (this.held.get(request.name) === request) {
          this.held.delete(request.name)
          this.#pump(request.name)
        }
        if (!request.done) {
          request.done = true
          request.reject(error)
        }
      })
    })
  }
}

/** A simulated browser: tabs of one origin. */
export class FakeBrowser {
  readonly tabs: FakeTab[] = []
  readonly locks = new FakeLockManager()
  readonly channels = new Map<string, Set<FakeChannel>>()
  /** Every packet posted, for tests that count traffic. */
  posted = 0
  #seq = 0

  /** Opens a tab (`id` sorts tabs for the heartbeat election: a greater id wins a tie). */
  open(id = `tab${++this.#seq}`, { locks = true } = {}): FakeTab {
    const tab = new FakeTab(this, id, locks)
    this.tabs.push(tab)
    return tab
  }
}

/** One BroadcastChannel object of one tab. */
export class FakeChannel implements TabChannel {
  onmessage: ((event: { data: unknown }) => void) | null = null
  onmessageerror: ((event: unknown) => void) | null = null
  #closed = false

  constructor(readonly tab: FakeTab, readonly name: string) {
    const set = tab.browser.channels.get(name) ?? new Set()
    tab.browser.channels.set(name, set.add(this))
  }

  postMessage(message: unknown): void {
    if (this.#closed)
      throw new DOMException('closed', 'InvalidStateError')
    if (!this.tab.alive)
      return // a crashed tab sends nothing more
    // throws DataCloneError for functions, symbols, … as the browser does
    const data = structuredClone(message)
    this.tab.browser.posted++
    for (const target of this.tab.browser.channels.get(this.name) ?? []) {
      if (target === this || target.tab.cut || this.tab.cut)
        continue
      target.tab.task(() => target.onmessage?.({ data: structuredClone(data) }))
    }
  }

  close(): void {
    this.#closed = true
    this.tab.browser.channels.get(this.name)?.delete(this)
  }
}

function channelClass(tab: FakeTab): new (name: string) => TabChannel {
  return class extends FakeChannel {
    constructor(name: string) {
      super(tab, name)
    }
  }
}

/** A tab: its own task queue (paused while frozen), timers, channels, lock client and lifecycle. */
export class FakeTab {
  frozen = false
  /** Cut off from the channel (messages to and from it are lost): a lost heartbeat, a split brain. */
  cut = false
  alive = true
  readonly #waiting: Array<() => void> = []
  readonly lifecycle = createPageLifecycleSignal()

  // (Node has no `window`: the signal has no platform listeners, the test emits pagehide/pageshow by hand)
  constructor(readonly browser: FakeBrowser, readonly id: string, readonly hasLocks: boolean) {}

  /** Runs `fn` as a task of this tab: later while frozen, never once closed. */
  run(fn: () => void): void {
    if (!this.alive)
      return
    if (this.frozen)
      this.#waiting.push(fn)
    else
      fn()
  }

  readonly #queue: Array<() => void> = []

  /**
   * Queues `fn` as a new task of this tab. Tasks run in the order they were queued (a zero-delay
   * fake timer queued inside another timer may otherwise be due later than one queued outside).
   */
  task(fn: () => void): void {
    this.#queue.push(fn)
    globalThis.setTimeout(() => this.run(this.#queue.shift()!), 0)
  }

  /** Only the timers are frozen (Chromium's CDP freeze: network and message tasks still run). */
  timersFrozen = false
  readonly #timers: Array<() => void> = []

  /** Extra delay (ms) of every timer: a throttled background tab (Chromium: up to a minute). */
  throttle = 0

  readonly scheduler: Scheduler = {
    setTimeout: (callback, ms) => globalThis.setTimeout(() => this.run(() => this.timersFrozen ? this.#timers.push(callback) : callback()), ms + this.throttle),
    clearTimeout: handle => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
    now: () => Date.now(),
  }

  readonly locks: TabLockManager = {
    request: (name, options, callback) => this.browser.locks.request(this, name, options, callback),
  }

  /** This tab's `BroadcastChannel` constructor. */
  get BroadcastChannel(): new (name: string) => TabChannel {
    return channelClass(this)
  }

  /** Everything a tab group needs, injected. */
  options(extra: TabGroupOptions = {}): TabGroupOptions {
    return {
      id: this.id,
      BroadcastChannel: this.BroadcastChannel,
      locks: this.hasLocks ? this.locks : null,
      scheduler: this.scheduler,
      environment: { lifecycle: this.lifecycle } as Pick<Environment, 'lifecycle'>,
      ...extra,
    }
  }

  freeze(): void {
    this.frozen = true
  }

  /** Runs what waited, in order, as the page's task queue would. */
  unfreeze(): void {
    this.frozen = false
    this.timersFrozen = false
    for (const fn of this.#timers.splice(0))
      this.task(fn)
    for (const fn of this.#waiting.splice(0))
      this.task(fn)
  }

  emitLifecycle(event: PageLifecycleEvent): void {
    this.lifecycle.emit(event)
  }

  /** Closes the tab as a user does: `pagehide` first, then the browser frees its locks and channels. */
  close(): void {
    this.emitLifecycle({ type: 'hide', persisted: false })
    this.crash()
  }

  /** Ends the tab without `pagehide` (a crash, a killed process). */
  crash(): void {
    this.alive = false
    this.browser.locks.forget(this)
    for (const set of this.browser.channels.values()) {
      for (const channel of set) {
        if (channel.tab === this)
          set.delete(channel)
      }
    }
  }
}

/** Advances Vitest's fake clock by `ms`, running what falls due (timers and their promises). */
export async function wait(ms: number): Promise<void> {
  await vi.advanceTimersByTimeAsync(ms)
}

/** Runs the fake clock in 10 ms steps until `promise` settles (fake timers do not advance by themselves). */
export async function settled<T>(promise: Promise<T>, limit = 10_000): Promise<T> {
  let done = false
  promise.then(() => (done = true), () => (done = true))
  for (let t = 0; !done && t < limit; t += 10)
    await wait(10)
  return promise
}
