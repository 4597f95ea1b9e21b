import type { ResolvedBackoff } from '../backoff'
import type { ConnectionStatus } from '../machine'
import type { Scheduler } from '../scheduler'
import type { PollFetcher, PollingEvents, PollingSnapshot, PollingTransportOptions, PollTarget } from './types'
import { backoffDelay, resolveBackoff, stripUndefined } from '../backoff'
import { defaultEnvironment } from '../environment'
import { LifelineError, toLifelineError } from '../errors'
import { createMachine } from '../machine'
import { createTimer, defaultScheduler } from '../scheduler'
import { Store } from '../subscribable'
import { checkDelay, checkFunction } from '../validate'
import { POLLING_TRANSITIONS } from './transitions'
import { createUrlFetcher } from './urlFetcher'

/** Defaults of {@link PollingTransportOptions}. */
export const POLLING_DEFAULTS = {
  interval: 3000,
  long: false,
  timeout: 30_000,
  pauseWhenHidden: true,
  pauseWhenOffline: true,
} as const

type Options<T, C> = PollingTransportOptions<T, C> & typeof POLLING_DEFAULTS
type Handlers = { [K in keyof PollingEvents]?: Set<(value: any) => void> }

/** `Retry-After` of a failed response (the URL shorthand puts the `Response` in `cause`), in ms. */
function retryAfter(error: LifelineError): number {
  const value = (error.cause as { headers?: Headers } | undefined)?.headers?.get?.('Retry-After')
  if (!value)
    return 0
  const seconds = Number(value)
  // RFC 9110 §10.2.3: delay-seconds or an HTTP-date; anything unparsable is no hint at all.
  return (Number.isNaN(seconds) ? Date.parse(value) - Date.now() : seconds * 1000) || 0
}

/**
 * Short and long polling as a framework-free transport: one request at a time, the next one
 * scheduled from the end of the previous (fixed delay), responses from superseded requests dropped
 * (a request id, as the seed's `pollingId`), errors spaced by backoff, paused in hidden or offline
 * pages. `start()` begins, `stop()` ends; nothing runs before `start()`.
 */
export class PollingTransport<T = unknown, C = unknown> extends Store<PollingSnapshot<T>> {
  #o = { ...POLLING_DEFAULTS } as Options<T, C>
  #retry: ResolvedBackoff | null = null
  #invalid: LifelineError | undefined
  #badTarget: LifelineError | undefined
  #fetcher: PollFetcher<T, C> | undefined
  #cursor: C | undefined
  /** Id of the latest request: a settling request with another id was superseded and is ignored. */
  #seq = 0
  #controller: AbortController | undefined
  #failures = 0
  /** A poll succeeded since `start()` (decides `connecting` vs `open`). */
  #ok = false
  /** Started and not stopped/ended: the loop should run whenever it is not paused. */
  #active = false
  #paused = false
  #off: (() => void)[] = []
  #handlers: Handlers = {}
  readonly #machine = createMachine(POLLING_TRANSITIONS, 'idle')
  readonly #wait
  readonly #deadline
  readonly #timers: Scheduler

  constructor(target?: PollTarget<T, C> | null, options: PollingTransportOptions<T, C> = {}) {
    super({ data: undefined, status: 'idle', error: null, isFetching: false, attempt: 0, retryIn: null, lastUpdatedAt: null })
    const scheduler = this.#timers = options.scheduler ?? defaultScheduler
    this.#wait = createTimer(scheduler)
    this.#deadline = createTimer(scheduler)
    this.setOptions(options)
    this.setTarget(target)
  }

  /**
   * Merges options (`undefined` members keep the current value). Invalid values put the transport in
   * `failed` with an `INVALID_OPTION` error once started, never throw. A new `interval` reschedules
   * the pending wait at once.
   */
  setOptions(options: Partial<PollingTransportOptions<T, C>>): void {
    const next = { ...this.#o, ...stripUndefined(options) } as Options<T, C>
    const changed = next.interval !== this.#o.interval
    this.#o = next
    try {
      checkDelay('interval', next.interval)
      checkDelay('timeout', next.timeout)
      checkFunction('cursor', next.cursor)
      checkFunction('until', next.until)
      checkFunction('fetch', next.fetch)
      this.#retry = resolveBackoff(next.retry)
      this.#invalid = undefined
    }
    catch (error) {
      this.#invalid = error as LifelineError
      if (this.#active)
        this.#fail(this.#invalid)
      return
    }
    // interval change mid-wait: the next poll is due `interval` after the last success, not later
    if (changed && this.#wait.pending && !this.#failures)
      this.#kick()
    this.#onEnvironment()
  }

  /**
   * Polls a new target (a fetcher or a URL) from now on: the cursor and `ETag` start afresh, a running
   * loop polls the new target at once; `null` halts the loop (`closed`) until a target comes back.
   */
  setTarget(target: PollTarget<T, C> | null | undefined): void {
    const url = typeof target === 'string' || target instanceof URL
    this.#badTarget = url || target == null || typeof target === 'function'
      ? undefined
      : new LifelineError('INVALID_OPTION', 'Invalid option `target`: expected a fetcher function, a URL or null.', { option: 'target' })
    this.#fetcher = typeof target === 'function' ? target : url ? createUrlFetcher<T, C>(target, () => this.#o) : undefined
    this.#cursor = undefined
    if (this.#active && (this.#fetcher || this.#badTarget))
      this.#begin()
    else if (this.#active)
      this.#halt('closed')
  }

  /** Starts polling (a no-op while running); status `connecting` at once (`paused` in a hidden/offline page). */
  start(): void {
    if (this.#active)
      return
    this.#active = true
    const { visibility, online } = this.#o.environment ?? defaultEnvironment
    this.#off = [visibility.subscribe(this.#onEnvironment), online.subscribe(this.#onEnvironment)]
    if (this.#fetcher || this.#badTarget || this.#invalid)
      this.#begin()
  }

  /** Stops polling and aborts the request in flight; status `closed` when it returns. Clears a `pause()`. */
  stop(): void {
    // a later `start()` is a fresh start, not the resumption of a pause the user may have forgotten
    this.#paused = false
    this.#end()
    this.#halt('closed')
  }

  /** Suspends polling (status `paused`, request in flight aborted) until `resume()`. */
  pause(): void {
    this.#paused = true
    this.#onEnvironment()
  }

  /** Ends a `pause()`; polls at once if the data is older than `interval`. */
  resume(): void {
    this.#paused = false
    this.#onEnvironment()
  }

  /**
   * Polls now: aborts any wait or request in flight (whose answer can no longer become `data`), or
   * starts the loop again when stopped, ended or failed.
   */
  refresh(): void {
    if (this.#active)
      this.#fetch()
    else
      this.start()
  }

  /** Listens to `open`, `update`, `end` or `error`; returns the function that stops listening. */
  on<K extends keyof PollingEvents<T>>(type: K, handler: (value: PollingEvents<T>[K]) => void): () => void {
    const set = this.#handlers[type] ??= new Set()
    set.add(handler)
    return () => {
      set.delete(handler)
    }
  }

  #emit<K extends keyof PollingEvents<T>>(type: K, value: PollingEvents<T>[K]): void {
    for (const handler of [...this.#handlers[type] ?? []]) {
      try {
        handler(value)
      }
      catch (error) {
        // A throwing `onUpdate`/`onError` ran inside the poll's promise chain: the next poll was never
        // scheduled and the loop died silently. Report it as the platform reports a throwing event
        // listener (an uncaught error in its own task) and go on.
        this.#timers.setTimeout(() => {
          throw error
        }, 0)
      }
    }
  }

  /** Moves the machine and publishes the new status with `patch` as one snapshot. */
  #set(status: ConnectionStatus, patch: Partial<PollingSnapshot<T>> = {}): void {
    const moved = this.#machine.transition(status)
    this.setSnapshot({ ...patch, status: this.#machine.state })
    if (moved && status === 'open')
      this.#emit('open', this.getSnapshot().data as T)
  }

  #begin(): void {
    this.#ok = false
    this.#failures = 0
    const invalid = this.#invalid ?? this.#badTarget
    if (invalid)
      return this.#fail(invalid)
    this.setSnapshot({ error: null, attempt: 0 })
    if (this.#blocked())
      this.#halt('paused')
    else
      this.#fetch()
  }

  #blocked(): boolean {
    const { pauseWhenHidden, pauseWhenOffline, environment = defaultEnvironment } = this.#o
    return this.#paused || (pauseWhenHidden && !environment.visibility.get()) || (pauseWhenOffline && !environment.online.get())
  }

  readonly #onEnvironment = (): void => {
    if (!this.#active || !this.#fetcher)
      return
    if (this.#blocked())
      this.#halt('paused')
    else if (this.#machine.state === 'paused')
      this.#kick()
  }

  /** Polls now, or (data younger than `interval`, no error pending) waits out the rest of it. */
  #kick(): void {
    const { lastUpdatedAt } = this.getSnapshot()
    const due = this.#o.long || this.#failures || lastUpdatedAt === null ? 0 : lastUpdatedAt + this.#o.interval - this.#now()
    if (due > 0) {
      this.#set('open')
      this.#wait.start(due, () => this.#fetch())
    }
    else {
      this.#fetch()
    }
  }

  #now(): number {
    return (this.#o.scheduler ?? defaultScheduler).now()
  }

  /** Aborts the request in flight and any wait; whatever it answers later is ignored. */
  #cancel(): void {
    this.#seq++
    this.#controller?.abort()
    this.#controller = undefined
    this.#wait.cancel()
    this.#deadline.cancel()
  }

  #halt(status: 'paused' | 'closed'): void {
    this.#cancel()
    this.#set(status, { isFetching: false, retryIn: null })
  }

  #end(): void {
    this.#active = false
    for (const off of this.#off)
      off()
    this.#off = []
  }

  #fail(error: LifelineError): void {
    this.#end()
    this.#cancel()
    this.#set('failed', { error, isFetching: false, attempt: this.#failures, retryIn: null })
    this.#emit('error', error)
  }

  #fetch(): void {
    const fetcher = this.#fetcher
    if (!fetcher)
      return
    this.#cancel()
    const id = this.#seq
    const controller = this.#controller = new AbortController()
    const attempt = this.#failures
    const cursor = this.#cursor
    const { timeout, cursor: nextCursor, until } = this.#o
    this.#set(attempt ? 'reconnecting' : this.#ok ? 'open' : 'connecting', { isFetching: true, retryIn: null })
    if (timeout) {
      // Settled here, not through the signal: a fetcher that ignores `signal` must not hang the loop.
      this.#deadline.start(timeout, () => {
        this.#cancel()
        this.#error(new LifelineError('REQUEST_TIMEOUT', `No answer within ${timeout} ms`, { attempt }))
      })
    }
    new Promise<T>(resolve => resolve(fetcher({ signal: controller.signal, attempt, cursor, previous: this.getSnapshot().data })))
      // `cursor` and `until` run before anything is committed: if they throw, the poll failed as a whole
      .then(data => [data, nextCursor ? nextCursor(data, cursor) : cursor, !!until?.(data)] as const)
      .then(
        ([data, next, end]) => id === this.#seq && this.#success(data, next, end),
        error => id === this.#seq && this.#error(toLifelineError(error, error?.name === 'SyntaxError' ? 'PARSE' : 'NETWORK', `Poll failed: ${error?.message ?? error}`, { attempt })),
      )
  }

  #success(data: T, cursor: C | undefined, end: boolean): void {
    this.#deadline.cancel()
    this.#controller = undefined
    const id = this.#seq
    const previous = this.getSnapshot().data
    this.#cursor = cursor
    this.#failures = 0
    this.#ok = true
    if (end)
      this.#end()
    this.#set(end ? 'closed' : 'open', { data, error: null, isFetching: false, attempt: 0, lastUpdatedAt: this.#now() })
    if (data !== previous)
      this.#emit('update', data)
    if (end)
      this.#emit('end', data)
    else
      this.#next(id, this.#o.long ? 0 : this.#o.interval)
  }

  #error(error: LifelineError): void {
    this.#deadline.cancel()
    this.#controller = undefined
    const attempt = ++this.#failures
    const retry = this.#retry
    if (!retry || attempt > retry.retries) {
      if (retry)
        this.#emit('error', error)
      return this.#fail(retry ? new LifelineError('RETRY_LIMIT', `Gave up after ${attempt} failed polls`, { cause: error, attempt }) : error)
    }
    const delay = backoffDelay(attempt - 1, retry, retryAfter(error))
    const id = this.#seq
    this.#set('reconnecting', { error, isFetching: false, attempt, retryIn: delay })
    this.#emit('error', error)
    this.#next(id, delay)
  }

  /** Schedules the next poll, unless a handler of the poll that just settled stopped or refreshed. */
  #next(id: number, ms: number): void {
    // `stop()` in `onUpdate`/`onError` must end the loop, and a `refresh()` there already polls
    if (id !== this.#seq || !this.#active)
      return
    // only a `refresh()` while paused gets here blocked: it polled once, the loop stays paused
    if (this.#blocked())
      this.#halt('paused')
    else
      this.#wait.start(ms, () => this.#fetch())
  }
}
