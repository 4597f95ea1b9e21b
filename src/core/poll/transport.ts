import type { PollFetcher, PollingEvents, PollingResume, PollingSnapshot, PollingTransportOptions, PollTarget } from './types'
import { LifelineError, toLifelineError } from '../errors'
import { retryAfter } from '../http'
import { Connection } from '../lifecycle'
import { createTimer } from '../scheduler'
import { assignDefined, BOOLEAN, checkOptions, checkUrl, DELAY, FUNCTION, invalid } from '../validate'
import { createUrlFetcher, UNCHANGED } from './urlFetcher'

/** Defaults of {@link PollingTransportOptions}. */
export const POLLING_DEFAULTS = {
  interval: 3000,
  long: false,
  timeout: 30_000,
  pauseWhenHidden: true,
  pauseWhenOffline: true,
} as const

// a poll that answered is health (no `minUptime`); coming back online, poll at once
const LIFECYCLE = { minUptime: 0, pauseWhenHidden: true, onlineDelay: 0 }

type Options<T, C> = PollingTransportOptions<T, C> & typeof POLLING_DEFAULTS

// (`onUpdate` is usePolling's name for `onMessage`: checked here so that a bad one is named as the user wrote it)
const RULES = { interval: DELAY, timeout: DELAY, cursor: FUNCTION, until: FUNCTION, fetch: FUNCTION, pauseWhenOffline: BOOLEAN, onUpdate: FUNCTION }

const HOOKS = { open: 'onOpen', update: 'onMessage', end: 'onEnd', error: 'onError' } as const

/**
 * Short and long polling on the lifecycle kernel: one request at a time, the next one scheduled from the
 * end of the previous (fixed delay, so requests never overlap however slow the server is), answers of
 * superseded requests dropped (a request id, the classic `pollingId`), errors spaced by the kernel's
 * backoff, paused in hidden or offline pages. `start()` begins, `stop()` ends.
 */
export class PollingTransport<T = unknown, C = unknown> extends Connection<PollingSnapshot<T>, PollingTransportOptions<T, C>> {
  #o = {} as Options<T, C>
  #fetcher: PollFetcher<T, C> | undefined
  #target: LifelineError | null = null
  #cursor: C | undefined
  /** The URL shorthand's validator, kept here so that a successor in another tab gets it. */
  #http = { etag: null as string | null }
  /** Id of the latest request: an answer carrying another one was superseded. */
  #seq = 0
  #controller: AbortController | undefined
  /** A poll succeeded since `start()` and none failed since: coming back from a pause is `open` again. */
  #ok = false
  /** `seed()` handed over fresh data: the next start waits out the interval. */
  #seeded = false
  /** `start()` was called and not `stop()`: a target set later starts the loop. */
  #wanted = false
  // One slot for the two waits of the loop, which never overlap: the `interval` before the next poll
  // (no request in flight) and the `timeout` of the request in flight.
  readonly #timer

  constructor(target?: PollTarget<T, C> | null, options: PollingTransportOptions<T, C> = {}) {
    super({ data: undefined, status: 'idle', error: null, isFetching: false, attempt: 0, retryIn: null, lastUpdatedAt: null }, options.scheduler)
    this.#timer = createTimer(options.scheduler)
    this.setOptions(options)
    this.setTarget(target)
  }

  /**
   * Merges options (`undefined` members keep the current value). An invalid value fails the transport
   * (`failed` + `INVALID_OPTION`), never throws. A new `interval` reschedules the pending wait at once.
   */
  setOptions(options: Partial<PollingTransportOptions<T, C>>): void {
    const before = this.#o.interval
    const o = this.#o = assignDefined({ ...POLLING_DEFAULTS, ...this.#o } as Options<T, C>, options)
    if (!this.configure({ ...o, minUptime: 0 }, o.retry, 'retry', { ...LIFECYCLE, offline: o.pauseWhenOffline ? 'pause' : 'ignore' }, () => checkOptions(o, RULES)))
      return
    // interval change mid-wait: the next poll is due `interval` after the last success, not later
    if (o.interval !== before && this.#timer.pending && !this.#controller)
      this.connect()
    this.recheck()
  }

  /**
   * Polls a new target (a fetcher, or a URL for GET + JSON + `ETag`) from now on: the cursor and `ETag`
   * start afresh, a running loop polls the new target at once; `null` ends the loop (`closed`).
   */
  setTarget(target: PollTarget<T, C> | null | undefined): void {
    this.#cursor = undefined
    this.#fetcher = undefined
    this.#target = null
    try {
      if (typeof target === 'function')
        this.#fetcher = target
      else if (typeof target === 'string' || target instanceof URL)
        this.#fetcher = createUrlFetcher<T, C>(checkUrl(target, ['http:', 'https:']), () => this.#o, this.#http = { etag: null })
      // (anything else is an unusable URL: a number, an object)
      else if (target != null)
        throw invalid('url', process.env.NODE_ENV !== 'production' ? 'a fetcher function, a URL or null' : '', target)
    }
    catch (error) {
      this.#target = error as LifelineError
    }
    const status = this.status
    if (this.#target)
      this.fail(this.#target)
    else if (this.#fetcher && (this.#wanted || (status !== 'idle' && status !== 'closed' && status !== 'failed')))
      this.reconnect()
    // no target: the loop halts (`closed`) until one comes back
    else if (!this.#fetcher && status !== 'idle')
      super.close()
  }

  /** Starts polling (a no-op while running); status `connecting` at once (`paused` in a hidden/offline page). */
  start(): void {
    this.open()
  }

  /** Stops polling and aborts the request in flight; `closed` when it returns. Clears a `pause()`. */
  stop(): void {
    this.close()
  }

  override reconnect(): void {
    // a seeded poller goes on where its predecessor was; any other start is a fresh one
    this.#ok = this.#seeded
    this.#seeded = false
    // no target yet: the loop starts when one is set
    this.#wanted = true
    if (this.#target)
      return this.fail(this.#target)
    if (this.#fetcher || this.invalid)
      super.reconnect()
  }

  override close(): void {
    this.#wanted = false
    super.close()
  }

  protected override resumesOpen(): boolean {
    return this.#ok
  }

  /**
   * Polls now: aborts any wait, retry delay or request in flight (whose answer can no longer become
   * `data`), or starts the loop again when stopped, ended or failed. While paused it polls once and stays paused.
   */
  refresh(): void {
    const status = this.status
    if (status === 'idle' || status === 'closed' || status === 'failed')
      this.reconnect()
    else
      this.#poll(true)
  }

  /** Listens to `open`, `update`, `end` or `error`; returns the function that stops listening. */
  override on<K extends keyof PollingEvents<T>>(type: K, handler: (value: PollingEvents<T>[K]) => void): () => void {
    return this.listen({ [HOOKS[type]]: handler } as PollingTransportOptions<T, C>)
  }

  /** State a successor needs to go on without loss: the cursor and the URL shorthand's `ETag`. */
  resumeState(): PollingResume<T, C> {
    const { data, lastUpdatedAt } = this.getSnapshot()
    return { cursor: this.#cursor, etag: this.#http.etag, data, lastUpdatedAt }
  }

  /**
   * Goes on from a predecessor's `resumeState()` (the leader of another tab): its cursor, `ETag`, data
   * and time of the last success, so that the next poll is due an `interval` after that one, not now.
   * Call before starting.
   */
  seed({ cursor, etag, data, lastUpdatedAt }: PollingResume<T, C>): void {
    this.#cursor = cursor
    this.#http.etag = etag
    this.#seeded = data !== undefined
    this.setSnapshot({ data, lastUpdatedAt })
  }

  protected connect(): void {
    const { long, interval, scheduler } = this.#o
    const { lastUpdatedAt } = this.getSnapshot()
    // back from a pause (or an interval change) with data younger than `interval`: wait out the rest
    const due = this.#ok && !long && lastUpdatedAt !== null ? lastUpdatedAt + interval - (scheduler ?? this.k.scheduler).now() : 0
    if (due > 0) {
      this.#timer.start(due, () => this.#poll())
      this.opened()
    }
    else {
      this.#poll()
    }
  }

  protected abort(): void {
    this.#seq++
    this.#controller?.abort()
    this.#controller = undefined
    this.#timer.cancel()
    this.setSnapshot({ isFetching: false })
  }

  #poll(now?: boolean): void {
    const fetcher = this.#fetcher!
    this.abort()
    // `refresh()` during a retry delay: this poll is the retry
    this.cancelRetry()
    if (now)
      this.setSnapshot({ retryIn: null })
    const id = this.#seq
    const controller = this.#controller = new AbortController()
    const { timeout, cursor: next, until } = this.#o
    const { attempt, data: previous } = this.getSnapshot()
    const cursor = this.#cursor
    const settle = <A extends unknown[]>(fn: (...args: A) => void) => (...args: A) => {
      if (id === this.#seq) {
        this.#timer.cancel()
        // (a settled request's signal is left alone: aborting it later would reach the fetcher's listeners)
        this.#controller = undefined
        fn(...args)
      }
    }
    const failed = settle((error: unknown) => {
      this.#ok = false
      this.lost(toLifelineError(error, (error as Error)?.name === 'SyntaxError' ? 'PARSE' : 'NETWORK', process.env.NODE_ENV !== 'production' ? `Poll failed: ${(error as Error)?.message ?? error}` : '', { attempt }),
        retryAfter((error as { cause?: Response })?.cause?.headers?.get?.('Retry-After'), this.k.scheduler.now()))
    })
    this.setSnapshot({ isFetching: true })
    // settled here, not through the signal: a fetcher that ignores `signal` must not hang the loop
    if (timeout)
      this.#timer.start(timeout, () => {
        controller.abort()
        failed(new LifelineError('REQUEST_TIMEOUT', process.env.NODE_ENV !== 'production' ? `No answer within ${timeout} ms` : '', { attempt }))
      })
    new Promise<T>(resolve => resolve(fetcher({ signal: controller.signal, attempt, cursor, previous })))
      // `cursor` and `until` run before anything is committed: if they throw, the poll failed as a whole
      .then(data => data === UNCHANGED ? [data, cursor, false] as const : [data, next ? next(data, cursor) : cursor, !!until?.(data)] as const)
      .then(settle(([data, cursor, end]) => {
        const changed = data !== UNCHANGED && data !== previous
        const patch = { isFetching: false, lastUpdatedAt: this.k.scheduler.now(), ...(changed ? { data } : {}) } as Partial<PollingSnapshot<T>>
        this.#cursor = cursor
        this.#ok = true
        if (end) {
          this.setSnapshot(patch)
          this.end()
        }
        else if (this.status === 'paused') {
          // a `refresh()` while paused polled once; the loop stays paused
          this.setSnapshot(patch)
        }
        else {
          this.#timer.start(this.#o.long ? 0 : this.#o.interval, () => this.#poll())
          this.opened(patch, data === UNCHANGED ? previous : data)
        }
        if (changed)
          this.emit('onMessage', data)
        if (end)
          this.emit('onEnd', data)
      }), failed)
  }
}
