import type { ResolvedBackoff } from '../backoff'
import type { Environment } from '../environment'
import type { LifelineError as Err } from '../errors'
import type { Scheduler } from '../scheduler'
import type { ConnectionStatus, LifecycleEvent } from './table'
import { backoffDelay, resolveBackoff } from '../backoff'
import { warn } from '../dev'
import { defaultEnvironment } from '../environment'
import { LifelineError } from '../errors'
import { clampDelay, createTimer, defaultScheduler } from '../scheduler'
import { Store } from '../subscribable'
import { assignDefined } from '../util'
import { BOOLEAN, checkOptions, DELAY, FUNCTION } from '../validate'
import { LIFECYCLE } from './table'

/** What every connection's snapshot holds; transports add their own fields. */
export interface ConnectionSnapshot {
  status: ConnectionStatus
  /** Why it is reconnecting or failed, or the last message-level problem; `null` after a successful open. */
  error: Err | null
  /** Retries since the connection was last healthy for `minUptime`. */
  attempt: number
  /** Ms until the scheduled retry, `null` when none is scheduled. */
  retryIn: number | null
}

/** One set of callbacks. Each caller of a shared connection adds its own with `listen()`. */
export interface ConnectionHooks {
  onOpen?: (...args: any[]) => void
  onMessage?: (...args: any[]) => void
  onError?: (error: Err) => void
  onClose?: (...args: any[]) => void
  onEnd?: (...args: any[]) => void
}

/** The lifecycle options every transport takes, resolved. */
export interface Lifecycle {
  /** Backoff between attempts; `null` = no retry. */
  retry: ResolvedBackoff | null
  /** Ms a connection must stay healthy before the attempt count resets. */
  minUptime: number
  pauseWhenHidden: boolean
  /**
   * While the browser is offline: `pause` everything (a poller), `wait` = start no new attempt but keep
   * an open connection (it may still work, on a LAN or localhost), or `ignore` it.
   */
  offline: 'pause' | 'wait' | 'ignore'
  /** Upper bound (ms) of the random wait before retrying on `online` (browsers fire it too early). */
  onlineDelay: number
  scheduler: Scheduler
  environment: Environment
  random: () => number
  /** Log transitions (development builds only). */
  debug?: boolean
}

/** The lifecycle options as users write them. */
export interface LifecycleOptions {
  /** Ms a connection must stay healthy before the attempt count resets. */
  minUptime?: number
  /**
   * Upper bound (ms) of the random wait before retrying when the browser comes back `online` (it fires
   * before the network is usable, and a thousand tabs must not retry at the same instant).
   * @default 1000 (0 for polling)
   */
  onlineDelay?: number
  /** Timers and clock (tests inject fake ones). @default defaultScheduler */
  scheduler?: Scheduler
  /** Visibility, connectivity and page-lifecycle signals. @default defaultEnvironment */
  environment?: Environment
  /** Random source of the backoff jitter. @default Math.random */
  random?: () => number
  /** Log every status transition to the console (development builds only). @default false */
  debug?: boolean
}

/** What a transport fixes of its lifecycle; the user's options override it. */
export type LifecycleDefaults = Pick<Lifecycle, 'minUptime' | 'pauseWhenHidden' | 'offline' | 'onlineDelay'>

const RULES = { minUptime: DELAY, onlineDelay: DELAY, pauseWhenHidden: BOOLEAN, random: FUNCTION }

// every callback a connection may be given, checked alike for all transports
const HOOKS = { onOpen: FUNCTION, onMessage: FUNCTION, onError: FUNCTION, onClose: FUNCTION, onEnd: FUNCTION }

/**
 * Resolves and validates the lifecycle options of a transport (`retry` is the transport's own name for
 * it: `reconnect` on WebSocket). Throws `INVALID_OPTION` naming the option.
 */
export function resolveLifecycle(
  { minUptime, pauseWhenHidden, onlineDelay, scheduler, environment, random, debug }: LifecycleOptions & { pauseWhenHidden?: unknown },
  retry: unknown,
  retryName: string,
  defaults: LifecycleDefaults,
): Lifecycle {
  const k = assignDefined({ ...defaults, scheduler: defaultScheduler, environment: defaultEnvironment, random: Math.random } as Lifecycle, { minUptime, pauseWhenHidden, onlineDelay, scheduler, environment, random, debug })
  checkOptions(k, RULES)
  k.retry = resolveBackoff(retry, retryName)
  return k
}

/**
 * Runs a user callback under the one policy of the library: its exception is caught, so it cannot
 * change what the connection does (fetch-event-source turns a throwing `onmessage` into a reconnect),
 * and rethrown in a microtask of its own, so it still reaches the app's error reporting, as a
 * throwing DOM event listener would.
 */
export function safe(fn: unknown, args: unknown[]): void {
  try {
    // (a non-function was reported as INVALID_OPTION already; it must not throw again here)
    if (typeof fn === 'function')
      fn(...args)
  }
  catch (error) {
    queueMicrotask(() => {
      throw error
    })
  }
}

/**
 * The lifecycle kernel (DESIGN §1): the status machine driven by one `dispatch`, the retry timer and
 * backoff with `minUptime`, the page signals (hidden, offline, `pagehide`), the generation guard, and
 * the emission of user callbacks under one policy. A transport only says how to start one attempt
 * (`connect`), how to end it (`abort`), and reports what happens to it (`opened`, `lost`, `fail`, `end`,
 * messages); it never sets a status, schedules a retry or calls a user callback itself.
 *
 * Re-entrancy: every step commits its state (status, timers) before it calls out, to store listeners or
 * to user callbacks, and calls out last. A public method called from a callback therefore acts on the
 * committed state, and its effect holds: `close()` inside `onError` cancels the retry just scheduled.
 */
export abstract class Connection<S extends ConnectionSnapshot, H extends ConnectionHooks = ConnectionHooks> extends Store<S> {
  /**
   * Generation of the current attempt, bumped whenever one ends: a transport captures it (`live`) and
   * every later report of an attempt whose generation is gone is ignored.
   */
  protected gen = 0
  /** Resolved lifecycle options; set by the transport's `setOptions` (through `configure`). */
  protected k!: Lifecycle
  /** The callbacks given with the options. */
  protected hooks: H | undefined
  /** An invalid option: the connection fails with it whenever it is started. */
  protected invalid: Err | null = null
  /** `on(name)` handlers by name. */
  protected readonly routes = new Map<string, Set<(...args: any[]) => void>>()
  #attempt = 0
  /** `scheduler.now()` when the current run of failed attempts began (the connection was lost). */
  #lostAt = 0
  #manual = false
  #hidden = false
  #env: (() => void)[] | null = null
  // One slot for the kernel's two waits, which never overlap: the retry delay (while `reconnecting` or
  // coming back from a pause) and the `minUptime` that resets the attempt count (while `open`).
  readonly #timer
  // copy-on-write, as in the Store: a round of callbacks walks the array it started with, uncopied
  #listeners: readonly H[] = []
  readonly #taps = new Set<(name: string, args: unknown[]) => void>()

  constructor(initial: S, scheduler?: Scheduler) {
    super(initial)
    this.#timer = createTimer(scheduler)
  }

  /** Starts one attempt; report its outcome through `opened`/`lost`/`fail`/`end`, guarded by `live`. */
  protected abstract connect(): void

  /** Ends the current attempt, if any (idempotent); its later reports are ignored already. */
  protected abstract abort(...args: unknown[]): void

  /** The page became visible while open (a transport may check liveness at once). */
  protected wake?(): void

  /**
   * Whether coming back from a pause is `open` at once: a poller whose last poll succeeded has no
   * connection to re-establish, its loop simply runs again. A stream or socket must connect anew.
   */
  protected resumesOpen?(): boolean

  /** The status now. */
  protected get status(): ConnectionStatus {
    return this.getSnapshot().status
  }

  /** Not started, or stopped for good (`idle`, `closed`, `failed`): `open()` starts it. */
  protected get resting(): boolean {
    return ['idle', 'closed', 'failed'].includes(this.status)
  }

  /**
   * Takes a transport's merged options: runs the transport's own `check`, checks every callback and the
   * lifecycle options with `retry` (named `retryName`), and keeps the callbacks. An invalid option fails
   * the connection (`failed` + `INVALID_OPTION`, again on every start) instead of throwing. Returns
   * whether every option was valid.
   */
  protected configure(options: H & LifecycleOptions, retry: unknown, retryName: string, defaults: LifecycleDefaults, check: () => void): boolean {
    this.hooks = options
    try {
      check()
      checkOptions(options, HOOKS)
      this.k = resolveLifecycle(options, retry, retryName, defaults)
      this.invalid = null
      return true
    }
    catch (error) {
      // (a failed connection still answers `send()`/`request()`, which read the scheduler and random)
      this.k ??= resolveLifecycle({}, false, '', defaults)
      this.fail(this.invalid = error as Err)
      return false
    }
  }

  /** Wraps a report of the current attempt so that it does nothing once that attempt is gone. */
  protected live<A extends unknown[]>(fn: (...args: A) => void): (...args: A) => void {
    const gen = this.gen
    return (...args) => {
      if (gen === this.gen)
        fn.apply(this, args)
    }
  }

  /** Starts unless connecting, open, reconnecting or paused. */
  open(): void {
    if (this.resting)
      this.reconnect()
  }

  /** Ends the current attempt (if any) and starts again now, with a fresh retry budget; also after `failed`. */
  reconnect(): void {
    this.#halt()
    this.#attempt = 0
    if (this.invalid)
      return this.#end('fail', this.invalid)
    this.#watch()
    if (this.#blocked())
      this.#dispatch('pause', { error: null } as Partial<S>)
    else
      this.#start('start', { error: null } as Partial<S>)
  }

  /**
   * Ends for good: no attempt, retry, timer or page listener is left, and none comes back. `status` reads
   * `closed` when this returns. The arguments go to the transport (a WebSocket close code and reason).
   */
  close(...args: unknown[]): void {
    this.#manual = false
    this.#end('close', undefined, args)
  }

  /** Suspends (status `paused`, the attempt ended) until `resume()`. */
  pause(): void {
    this.#manual = true
    this.#check()
  }

  /** Ends a `pause()`. */
  resume(): void {
    this.#manual = false
    this.#check()
  }

  /** `close()` and forget every listener and handler (registry disposal, scope end). */
  dispose(): void {
    this.close()
    this.#listeners = []
    this.#taps.clear()
    this.routes.clear()
  }

  /** Adds a set of callbacks (each caller of a shared connection has its own). Returns the remover. */
  listen(hooks: H): () => void {
    if (!this.#listeners.includes(hooks))
      this.#listeners = [...this.#listeners, hooks]
    return () => {
      this.#listeners = this.#listeners.filter(h => h !== hooks)
    }
  }

  /** Calls `handler` for every message routed to `name` (see the transport). Returns the remover. */
  on(name: string, handler: (...args: any[]) => void): () => void {
    const set = this.routes.get(name) ?? new Set()
    this.routes.set(name, set.add(handler))
    return () => set.delete(handler)
  }

  /**
   * Calls `listener(name, args)` for every callback this connection makes: hooks by their name
   * (`onMessage`…), `on()` handlers as `on:<name>`. What a mirror in another tab needs to replay them.
   * Returns the remover.
   */
  tap(listener: (name: string, args: unknown[]) => void): () => void {
    this.#taps.add(listener)
    return () => this.#taps.delete(listener)
  }

  /** Calls every listener's `name` callback under the callback policy ({@link safe}). */
  protected emit(name: keyof H & string, ...args: unknown[]): void {
    safe(this.hooks?.[name], args)
    for (const hooks of this.#listeners)
      safe(hooks[name], args)
    this.#tapped(name, args)
  }

  /** Calls every `on(name)` handler under the callback policy. */
  protected route(name: string, ...args: unknown[]): void {
    const handlers = this.routes.get(name)
    // (copied: a handler may add another to the same name, which must wait for the next message)
    if (handlers) {
      for (const handler of [...handlers])
        safe(handler, args)
    }
    if (this.#taps.size)
      this.#tapped(`on:${name}`, args)
  }

  /** Whether anyone taps this connection (a mirror in other tabs). */
  protected get tapped(): boolean {
    return this.#taps.size > 0
  }

  #tapped(name: string, args: unknown[]): void {
    for (const tap of this.#taps)
      safe(tap, [name, args])
  }

  /** A problem that does not end the attempt (a bad frame, a full queue): on `error` and to `onError`. */
  protected report(error: Err): void {
    this.setSnapshot({ error } as Partial<S>)
    this.emit('onError', error)
  }

  /** The attempt succeeded: `open` (callbacks get `args`), and the attempt count resets after `minUptime`. */
  protected opened(patch?: Partial<S>, ...args: unknown[]): void {
    const { minUptime } = this.k
    if (minUptime)
      this.#timer.start(minUptime, () => this.setSnapshot({ attempt: this.#attempt = 0 } as Partial<S>))
    else
      this.#attempt = 0
    if (this.#dispatch('opened', { error: null, ...patch } as Partial<S>))
      this.emit('onOpen', ...args)
  }

  /**
   * The attempt is over: retry after backoff, never sooner than `floor` ms (a server's `retry:` or
   * `Retry-After`). Without retry, a `clean` end (the server finished) is `closed`, anything else
   * `failed`; offline, it waits for `online` (status `paused`) without spending an attempt. `self`: the
   * platform retries by itself (native `EventSource`): counted and shown alike, but no timer of ours.
   */
  protected lost(error: Err, floor = 0, clean?: boolean, self?: boolean): void {
    const { retry, random, environment, offline } = this.k
    const n = this.#attempt
    if (self)
      this.#timer.cancel()
    else
      this.#halt()
    if (!retry)
      return this.#end(clean ? 'close' : 'fail', clean ? undefined : error)
    if (offline !== 'ignore' && !environment.online.get() && !self) {
      this.#dispatch('pause', { error } as Partial<S>)
      return this.emit('onError', error)
    }
    const { retries } = retry
    if (typeof retries === 'function' ? retries(n) === false : n >= retries) {
      // every failed attempt is reported, the last one too, then the giving up (both once `failed` is
      // committed: what a callback does about the first must hold)
      return this.#end('fail', new LifelineError('RETRY_LIMIT', process.env.NODE_ENV !== 'production' ? `Gave up after ${n} retries: ${error.message}` : '', { cause: error, attempt: n, status: error.status, closeCode: error.closeCode }), undefined, error)
    }
    // the outage's age bounds the backoff ceiling (a run of failures starts where the count is 0)
    const now = this.k.scheduler.now()
    if (!n)
      this.#lostAt = now
    this.#attempt = n + 1
    this.#wait(self ? null : backoffDelay(n, retry, floor, random, now - this.#lostAt), error)
  }

  /** Given up: `failed` with `error`. */
  protected fail(error: Err): void {
    this.#end('fail', error)
  }

  /** The server ended it cleanly (`[DONE]`, `until`): `closed`, with no retry. */
  protected end(): void {
    this.#end('close')
  }

  /** Cancels a scheduled retry: the transport makes that attempt now (a poller's `refresh()`). */
  protected cancelRetry(): void {
    this.#timer.cancel()
  }

  /** Options changed: pause or resume as the page signals now say (`pauseWhenHidden` turned off…). */
  protected recheck(): void {
    this.#check()
  }

  /** Moves the status machine by `event` and publishes `patch` with it; returns whether the status changed. */
  #dispatch(event: LifecycleEvent, patch?: Partial<S>): boolean {
    const from = this.status
    const to = LIFECYCLE[from][event]
    if (process.env.NODE_ENV !== 'production') {
      if (!to)
        warn(`refused \`${event}\` in status ${from}`)
      else if (this.k?.debug && from !== to)
        console.info(`[vue-lifeline] ${from} → ${to}`, patch?.error ?? '')
    }
    if (to)
      this.setSnapshot({ retryIn: null, ...patch, status: to, attempt: this.#attempt } as Partial<S>)
    return !!to && from !== to
  }

  /** `reconnecting`, then a new attempt after `delay` ms (`null`: the platform's own retry, no timer). */
  #wait(delay: number | null, error?: Err): void {
    // `retryIn` shows the wait that really happens
    if (delay !== null)
      this.#timer.start(delay = clampDelay(delay), () => this.#start(undefined, { retryIn: null } as Partial<S>))
    this.#dispatch('lost', { error: error ?? this.getSnapshot().error, retryIn: delay } as Partial<S>)
    if (error)
      this.emit('onError', error)
  }

  /** Publishes `event` (or just `patch`) and starts an attempt, unless a listener of that change stopped it. */
  #start(event: LifecycleEvent | undefined, patch: Partial<S>): void {
    const gen = this.gen
    if (event)
      this.#dispatch(event, patch)
    else
      this.setSnapshot(patch)
    if (gen === this.gen)
      this.connect()
  }

  /** Ends the attempt and every timer; the attempt's later reports are ignored. */
  #halt(args: unknown[] = []): void {
    this.gen++
    this.#timer.cancel()
    this.abort(...args)
  }

  /**
   * Stops for good (`closed` or `failed`): no attempt, timer or page listener is left. `last`: the error
   * of the last attempt, told before `error` (the giving up).
   */
  #end(event: 'close' | 'fail', error?: Err, args?: unknown[], last?: Err): void {
    this.#halt(args)
    this.#env?.forEach(off => off())
    this.#env = null
    const before = this.getSnapshot()
    this.#dispatch(event, (error ? { error } : {}) as Partial<S>)
    if (last)
      this.emit('onError', last)
    // (a connection failed with this very error already, an invalid option, says it once)
    if (error && (before.status !== 'failed' || before.error !== error))
      this.emit('onError', error)
  }

  #watch(): void {
    const { visibility, online, lifecycle } = this.k.environment
    this.#env ??= [
      visibility.subscribe(() => this.#check()),
      online.subscribe(this.#check),
      lifecycle.subscribe(({ type }) => {
        // an open connection keeps the page out of the back/forward cache; it comes back on `pageshow`
        this.#hidden = type === 'hide'
        this.#check()
      }),
    ]
  }

  #blocked(): boolean {
    const { pauseWhenHidden, offline, environment } = this.k
    return this.#manual || this.#hidden || (pauseWhenHidden && !environment.visibility.get())
      || (!environment.online.get() && (offline === 'pause' || (offline === 'wait' && this.status !== 'open')))
  }

  /** A page signal or `pause()`/`resume()` changed (`online`: the connectivity signal, with its value). */
  readonly #check = (online?: boolean): void => {
    const status = this.status
    if (!this.#env)
      return
    if (this.#blocked()) {
      if (status !== 'paused') {
        this.#halt()
        this.#dispatch('pause')
      }
    }
    else if (status === 'paused') {
      // back online: `online` fires before the network is usable, and the tabs of a whole office come
      // back at the same instant; wait a short random moment (reconnecting) before the attempt
      const delay = online ? Math.round(this.k.random() * this.k.onlineDelay) : 0
      if (delay)
        this.#wait(delay)
      else
        this.#start(this.resumesOpen?.() ? 'opened' : 'resume', {})
    }
    else if (status === 'open' && this.k.environment.visibility.get()) {
      this.wake?.()
    }
  }
}
