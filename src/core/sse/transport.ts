import type { ResolvedBackoff } from '../backoff'
import type { ConnectionStatus, StateMachine } from '../machine'
import type { Reader, ReaderSink } from './readers'
import type { EventSourceMessage, EventSourceSnapshot, EventSourceTransportOptions } from './types'
import { BackoffTracker, resolveBackoff, stripUndefined } from '../backoff'
import { defaultEnvironment } from '../environment'
import { LifelineError, toLifelineError } from '../errors'
import { CONNECTION_TRANSITIONS, createMachine } from '../machine'
import { createTimer, defaultScheduler } from '../scheduler'
import { Store } from '../subscribable'
import { checkDelay, checkFunction, checkOneOf } from '../validate'
import { readFetch, readNative } from './readers'

type Defaulted = 'events' | 'mode' | 'method' | 'idleTimeout' | 'maxMessageSize' | 'minUptime' | 'pauseWhenHidden'
  | 'accumulate' | 'json' | 'done' | 'retryOnStatus' | 'scheduler' | 'environment'

/** Defaults of {@link EventSourceTransportOptions} (`retry` depends on `method`: on for GET only). */
export const EVENT_SOURCE_DEFAULTS: Readonly<Required<Pick<EventSourceTransportOptions, Defaulted>>> = Object.freeze({
  events: [],
  mode: 'auto',
  method: 'GET',
  idleTimeout: 0,
  maxMessageSize: Infinity,
  minUptime: 5000,
  pauseWhenHidden: false,
  accumulate: false,
  json: false,
  done: false,
  retryOnStatus: false,
  scheduler: defaultScheduler,
  environment: defaultEnvironment,
})

type Resolved<T> = EventSourceTransportOptions<T> & Required<Pick<EventSourceTransportOptions<T>, Defaulted>>

const LIVE: readonly ConnectionStatus[] = ['connecting', 'open', 'reconnecting']

type Handler<T> = (message: EventSourceMessage<T>) => void

/**
 * Runs a user callback so that its exception cannot reach the reader (where fetch-event-source turns
 * it into a reconnect): it is rethrown on its own, as a throwing `EventSource` listener would be.
 * (Also used by `useEventSource` for the callbacks it binds per caller; not part of the public barrel.)
 */
export function callback<A>(fn: ((arg: A) => void) | undefined, arg?: A): void {
  try {
    // (a non-function was already reported as INVALID_OPTION; it must not throw again here)
    if (typeof fn === 'function')
      fn(arg as A)
  }
  catch (error) {
    queueMicrotask(() => {
      throw error
    })
  }
}

/**
 * A Server-Sent Events connection as an immutable-snapshot store: native `EventSource` or a fetch
 * reader behind one state machine, with spec-exact failure/reconnect rules, backoff, resume by
 * `Last-Event-ID`, idle detection and AI-stream helpers. Runs in browsers and in plain Node (fetch).
 */
export class EventSourceTransport<T = any> extends Store<EventSourceSnapshot<T>> {
  #o: EventSourceTransportOptions<T> = {}
  #r!: Resolved<T>
  #backoff: ResolvedBackoff | null = null
  #invalid: LifelineError | null = null
  readonly #machine: StateMachine<ConnectionStatus>
  readonly #tracker: BackoffTracker
  readonly #retryTimer
  readonly #idleTimer
  readonly #uptimeTimer
  readonly #handlers = new Map<string, Set<Handler<T>>>()
  #reader: Reader | undefined
  #gen = 0
  #serverRetry = 0
  #lastByte = 0
  #text = ''
  #offEnv: (() => void) | undefined

  constructor(options: EventSourceTransportOptions<T> = {}) {
    super({ status: 'idle', data: null, event: null, lastEventId: '', error: null, attempt: 0, retryIn: null, eventSource: null, text: '' })
    const scheduler = options.scheduler ?? defaultScheduler
    this.#machine = createMachine(CONNECTION_TRANSITIONS, 'idle')
    this.#tracker = new BackoffTracker(resolveBackoff(true)!, { scheduler })
    this.#retryTimer = createTimer(scheduler)
    this.#idleTimer = createTimer(scheduler)
    this.#uptimeTimer = createTimer(scheduler)
    this.setOptions(options)
  }

  /**
   * Merges `options`; they apply from the next attempt (`open()` restarts now). They are resolved over
   * the defaults (an explicit `undefined` keeps the default) and checked: invalid ones fail the transport.
   */
  setOptions(options: Partial<EventSourceTransportOptions<T>>): void {
    const r = this.#r = { ...EVENT_SOURCE_DEFAULTS, ...stripUndefined(Object.assign(this.#o, options)) } as Resolved<T>
    try {
      this.#invalid = null
      checkOneOf('mode', r.mode, ['auto', 'native', 'fetch'])
      checkDelay('idleTimeout', r.idleTimeout)
      checkDelay('maxMessageSize', r.maxMessageSize, true)
      checkDelay('minUptime', r.minUptime)
      for (const name of ['parse', 'fetch', 'EventSource', 'onOpen', 'onMessage', 'onError'] as const)
        checkFunction(name, r[name])
      this.#backoff = resolveBackoff(r.retry ?? r.method.toUpperCase() === 'GET', 'retry')
      if (this.#backoff)
        this.#tracker.setOptions(this.#backoff)
    }
    catch (error) {
      this.#fail(this.#invalid = toLifelineError(error, 'INVALID_OPTION', 'Invalid option.'))
    }
  }

  /** Starts a new stream (closing any current one): status `connecting` at once. */
  open(): void {
    this.#halt()
    if (this.#invalid)
      return this.#fail(this.#invalid)
    if (this.#r.url === undefined)
      return this.#machine.state === 'idle' ? undefined : this.close()
    this.#tracker.reset()
    this.#text = ''
    this.#watchEnv()
    const patch = { error: null, attempt: 0, retryIn: null, text: '' }
    if (this.#r.pauseWhenHidden && !this.#r.environment.visibility.get())
      return this.#go('paused', patch)
    this.#go('connecting', patch)
    this.#connect()
  }

  /** Ends the stream and cancels any pending retry: status `closed` when this returns. */
  close(): void {
    this.#end('closed')
  }

  /** Closes and forgets every handler (the registry's disposer). */
  dispose(): void {
    this.close()
    this.#handlers.clear()
  }

  /** Calls `handler` for every event of type `type` (any type, named or not); returns the remover. */
  on(type: string, handler: Handler<T>): () => void {
    let set = this.#handlers.get(type)
    if (!set)
      this.#handlers.set(type, set = new Set())
    set.add(handler)
    this.#reader?.listen?.(type)
    return () => set.delete(handler)
  }

  /**
   * Whether this attempt uses native `EventSource`. `auto` leaves it for anything native cannot do:
   * an injected `fetch`, headers, bodies, other methods, `credentials: 'omit'`, statuses (`retryOnStatus`), comments
   * (`idleTimeout`), and resuming a stream it did not reconnect itself (`pauseWhenHidden`: a new
   * `EventSource` cannot send `Last-Event-ID`).
   */
  #native(): boolean {
    const r = this.#r
    // An injected `fetch` (and no injected `EventSource`) is a request to use it: a test or an app that
    // hands in its own `fetch` must not be bypassed by a platform `EventSource` (Chromium, Node ≥ 22).
    return r.mode === 'native' || (r.mode === 'auto' && (r.EventSource ? true : !r.fetch && !!globalThis.EventSource)
      && r.method.toUpperCase() === 'GET' && !r.headers && r.body === undefined && r.credentials !== 'omit'
      && !r.retryOnStatus && !r.idleTimeout && !r.pauseWhenHidden)
  }

  /** Moves to `status` with `patch`; an error in the patch is also reported to `onError`. */
  #go(status: ConnectionStatus, patch: Partial<EventSourceSnapshot<T>> = {}): void {
    this.#machine.transition(status)
    this.setSnapshot({ retryIn: null, eventSource: this.#reader?.source ?? null, ...patch, status: this.#machine.state })
    if (patch.error)
      callback(this.#r.onError, patch.error)
  }

  /** Stops for good (`closed` or `failed`): no attempt, timer or page watcher is left. */
  #end(status: ConnectionStatus, patch?: Partial<EventSourceSnapshot<T>>): void {
    this.#halt()
    this.#offEnv?.()
    this.#offEnv = undefined
    this.#go(status, patch)
  }

  /** Stops the current attempt and every timer; anything the old reader still reports is ignored. */
  #halt(): void {
    this.#gen++
    this.#reader?.stop()
    this.#reader = undefined
    this.#retryTimer.cancel()
    this.#idleTimer.cancel()
    this.#uptimeTimer.cancel()
  }

  #watchEnv(): void {
    this.#offEnv?.()
    this.#offEnv = this.#r.pauseWhenHidden
      ? this.#r.environment.visibility.subscribe((visible) => {
          const status = this.#machine.state
          if (!visible && LIVE.includes(status)) {
            this.#halt()
            this.#go('paused')
          }
          else if (visible && status === 'paused') {
            this.#go('connecting')
            this.#connect()
          }
        })
      : undefined
  }

  #connect(): void {
    const gen = ++this.#gen
    const r = this.#r
    const scheduler = r.scheduler
    const live = <A extends unknown[]>(fn: (...args: A) => void) => (...args: A): void => {
      if (gen === this.#gen)
        fn(...args)
    }
    const sink: ReaderSink = {
      open: live(this.#opened),
      activity: live(() => this.#lastByte = scheduler.now()),
      event: live(this.#message),
      id: live(lastEventId => this.setSnapshot({ lastEventId })),
      retry: live(ms => this.#serverRetry = ms),
      error: live(this.#report),
      lost: live(this.#lost),
      retrying: live(error => this.#lost(error, 0, true)),
      fail: live(this.#fail),
    }
    const idle = r.idleTimeout
    if (idle > 0) {
      this.#lastByte = scheduler.now()
      const check = (): void => {
        const left = this.#lastByte + idle - scheduler.now()
        if (left > 0)
          this.#idleTimer.start(left, check)
        else
          sink.lost(new LifelineError('IDLE_TIMEOUT', `No data for ${idle} ms.`))
      }
      this.#idleTimer.start(idle, check)
    }
    const statuses = r.retryOnStatus
    try {
      this.#reader = (this.#native() ? readNative : readFetch)({
        url: String(r.url),
        options: r,
        lastEventId: this.getSnapshot().lastEventId,
        types: ['message', ...r.events, ...this.#handlers.keys()],
        retryStatus: s => statuses === true ? s === 429 || s >= 500 : !!statuses && statuses.includes(s),
        now: scheduler.now,
        sink,
      })
    }
    catch (cause) {
      // `new EventSource()` throws at once (spec: SyntaxError for a URL it cannot parse; TypeError where
      // the platform has none, e.g. `mode: 'native'` in Node): no connection can exist, so fail, never throw.
      return this.#fail(toLifelineError(cause, 'NETWORK', 'Could not start the stream.'))
    }
    // (publishes the new reader's `eventSource`; the status stays)
    this.#go(this.#machine.state)
  }

  #opened = (): void => {
    this.#go('open', { error: null })
    this.#uptimeTimer.start(this.#r.minUptime, () => {
      this.#tracker.reset()
      this.setSnapshot({ attempt: 0 })
    })
    callback(this.#r.onOpen)
  }

  #message = (type: string, raw: string): void => {
    const r = this.#r
    const { done, parse } = r
    const listed = type === 'message' || r.events.includes(type)
    const handlers = this.#handlers.get(type)
    // Only what someone listens to is parsed: the fetch reader sees every type, native only listened ones.
    if (!listed && !handlers?.size)
      return
    if (done === true ? raw === '[DONE]' : typeof done === 'string' ? raw === done : typeof done === 'function' && done(raw, type))
      return this.close()
    let data: T
    try {
      data = parse ? parse(raw) : r.json ? JSON.parse(raw) : raw
    }
    catch (cause) {
      return this.#report(new LifelineError('PARSE', `Could not parse the data of a "${type}" event.`, { cause }))
    }
    const message: EventSourceMessage<T> = { type, data, raw, lastEventId: this.getSnapshot().lastEventId }
    if (listed) {
      this.setSnapshot(r.accumulate ? { data, event: type, text: this.#text += raw } : { data, event: type })
      callback(r.onMessage, message)
    }
    handlers?.forEach(handler => callback(handler, message))
  }

  #report = (error: LifelineError): void => {
    this.setSnapshot({ error })
    callback(this.#r.onError, error)
  }

  #fail = (error: LifelineError): void => this.#end('failed', { error })

  /**
   * The connection is lost: reconnect after backoff (never sooner than `floor` ms or the server's
   * `retry:`), or give up (no retry configured, or the limit is reached — then it failed).
   * `native` = `EventSource` reconnects by itself: no timer of ours.
   */
  #lost = (error: LifelineError, floor = 0, native?: boolean): void => {
    this.#uptimeTimer.cancel()
    if (!this.#backoff) {
      // Without retry a clean end is just the end; anything else is a failure.
      return error.code === 'CLOSED_BY_SERVER' ? this.close() : this.#fail(error)
    }
    const tracker = this.#tracker
    const delay = tracker.next(Math.max(floor, this.#serverRetry))
    if (delay === null)
      return this.#fail(new LifelineError('RETRY_LIMIT', `Gave up after ${tracker.attempt} retries.`, { cause: error, attempt: tracker.attempt }))
    if (native)
      return this.#go('reconnecting', { error, attempt: tracker.attempt })
    this.#halt()
    this.#go('reconnecting', { error, attempt: tracker.attempt, retryIn: delay })
    this.#retryTimer.start(delay, () => {
      this.setSnapshot({ retryIn: null })
      this.#connect()
    })
  }
}
