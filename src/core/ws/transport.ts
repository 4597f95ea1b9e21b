import type { ConnectionStatus } from '../machine'
import type { WebSocketHooks, WebSocketTransportOptions, WebSocketUrlSource } from './options'
import type { WebSocketData } from './queue'
import { BackoffTracker } from '../backoff'
import { isDev, warn } from '../dev'
import { LifelineError, toLifelineError } from '../errors'
import { CONNECTION_TRANSITIONS, createMachine } from '../machine'
import { createTimer, defaultScheduler } from '../scheduler'
import { Store } from '../subscribable'
import { Heartbeat } from './heartbeat'
import { resolveWebSocketOptions } from './options'
import { byteSize, SendQueue } from './queue'

/** The state of a {@link WebSocketTransport}, replaced on every change. */
export interface WebSocketSnapshot<T = any> {
  status: ConnectionStatus
  /** Why it is reconnecting, failed or closed, or the last message-level problem (`PARSE`, `QUEUE_FULL`, …). */
  error: LifelineError | null
  /** Retries since the connection was last stable for `minUptime`. */
  attempt: number
  /** Ms until the next attempt while one is scheduled, else `null`. */
  retryIn: number | null
  /** The last message (parsed with `json`); pongs and request replies never land here. */
  data: T | null
  /** Last heartbeat round trip in ms. */
  latency: number | null
  /** `scheduler.now()` of the last inbound frame. */
  lastMessageAt: number | null
  /** Messages waiting in the send queue. */
  queued: number
  /** Bytes handed to the socket but not yet on the wire (re-read while non-zero). */
  bufferedAmount: number
  /** The current socket, if any. */
  ws: WebSocket | null
}

/** Options of one `request()`. */
export interface WebSocketRequestOptions {
  /** Ms to wait for the reply. @default the transport's `requestTimeout` */
  timeout?: number
}

type Pending = [resolve: (value: any) => void, reject: (error: LifelineError) => void, timer: unknown]

const INITIAL: WebSocketSnapshot = { status: 'idle', error: null, attempt: 0, retryIn: null, data: null, latency: null, lastMessageAt: null, queued: 0, bufferedAmount: 0, ws: null }
const noop = (): void => {}
const sendable = (value: unknown): boolean => typeof value !== 'object' || value === null || ArrayBuffer.isView(value) || value instanceof ArrayBuffer || (typeof Blob !== 'undefined' && value instanceof Blob)
let seq = 0

/**
 * A WebSocket that stays up: connect timeout, jittered backoff with `minUptime`, timestamp heartbeat,
 * bounded ordered send queue, JSON routing and request/reply, offline and bfcache handling. Runs in
 * Node with an injected `WebSocket`. Every socket event carries a generation number: events of a
 * socket that was replaced or discarded are ignored (VueUse #3177, #4160, #5229).
 */
export class WebSocketTransport<T = any> extends Store<WebSocketSnapshot<T>> {
  #url: WebSocketUrlSource
  #o!: ReturnType<typeof resolveWebSocketOptions<T>>
  #raw: WebSocketTransportOptions<T> = {}
  #invalid: LifelineError | null = null
  #backoff: BackoffTracker | null = null
  #heartbeat: Heartbeat | null = null
  #queue: SendQueue | null = null
  #ws: WebSocket | null = null
  #gen = 0
  #env: (() => void)[] | null = null
  #hidden = false
  readonly #machine
  readonly #retry
  readonly #connect
  readonly #buffered
  readonly #hooks = new Set<WebSocketHooks<T>>()
  readonly #routes = new Map<string, Set<(data: any, message: any) => void>>()
  readonly #pending = new Map<string, Pending>()
  /** Ids of requests that timed out: their late replies are dropped, not delivered as messages. */
  readonly #expired = new Set<string>()

  constructor(url: WebSocketUrlSource, options: WebSocketTransportOptions<T> = {}) {
    super(INITIAL as WebSocketSnapshot<T>)
    this.#url = url
    this.#machine = createMachine(CONNECTION_TRANSITIONS, 'idle', (to, from) => {
      if (this.#o.debug && isDev())
        console.info(`[vue-lifeline] ws ${from} → ${to}`, this.getSnapshot().error ?? '')
    })
    const scheduler = options.scheduler ?? defaultScheduler
    this.#retry = createTimer(scheduler)
    this.#connect = createTimer(scheduler)
    this.#buffered = createTimer(scheduler)
    this.setOptions(options)
  }

  /** Merges `options` into the current ones (validated; a bad one sets `failed` + `INVALID_OPTION`). Applies from the next attempt. */
  setOptions(options: WebSocketTransportOptions<T>): void {
    this.#raw = { ...this.#raw, ...options }
    try {
      const o = this.#o = resolveWebSocketOptions(this.#raw)
      this.#invalid = null
      if (o.reconnect && this.#backoff)
        this.#backoff.setOptions(o.reconnect)
      else
        this.#backoff = o.reconnect && new BackoffTracker(o.reconnect, { minUptime: o.minUptime, scheduler: o.scheduler, random: o.random })
      this.#heartbeat?.stop()
      this.#heartbeat = o.heartbeat && new Heartbeat(o.heartbeat, o.scheduler, { send: data => this.#ws?.send(data), dead: () => this.#lost(new LifelineError('HEARTBEAT_TIMEOUT', `no answer to the heartbeat within ${o.heartbeat!.timeout} ms`)) })
      const held = this.#queue
      this.#queue = o.queue && new SendQueue(o.queue.max, o.queue.maxBytes)
      held?.flush(data => this.#queue?.push(data) ?? false)
      if (this.#machine.state === 'open')
        this.#heartbeat?.start()
    }
    catch (error) {
      this.#o ??= resolveWebSocketOptions({})
      this.#invalid = error as LifelineError
      this.#end('failed', this.#invalid)
    }
  }

  /** Replaces the URL (or provider) for the next attempt; call `reconnect()` to use it now. */
  setUrl(url: WebSocketUrlSource): void {
    this.#url = url
  }

  /** Starts connecting unless already connecting, open or reconnecting. */
  open(): void {
    // no URL yet: stay `idle` (a reactive URL will call `reconnect()` when it arrives)
    if (!this.#url || ['connecting', 'open', 'reconnecting'].includes(this.#machine.state))
      return
    this.#backoff?.reset()
    this.#start(false)
  }

  /** Drops the current socket (if any) and connects again now, with a fresh retry budget; works after `failed`. */
  reconnect(): void {
    this.#discard()
    this.#backoff?.reset()
    this.#start(false)
  }

  /**
   * Closes for good: no reconnect, pending retry cancelled, queue cleared, pending requests rejected.
   * `status` reads `closed` when this returns.
   */
  close(code = 1000, reason?: string): void {
    this.#discard(code, reason)
    this.#env?.forEach(off => off())
    this.#env = null
    this.#queue?.clear()
    for (const id of this.#pending.keys())
      this.#settle(id)![1](new LifelineError('NETWORK', 'closed before the reply arrived'))
    this.#end('closed')
  }

  /** `close()` and forget every listener (registry disposal, scope end). */
  dispose(): void {
    this.close()
    this.#hooks.clear()
    this.#routes.clear()
  }

  /**
   * Sends now when open, else queues (in order, bounded). Objects are stringified with `json`.
   * Returns `false` when refused: queue full (`QUEUE_FULL`) or `useQueue` false while not open.
   */
  send(data: WebSocketData | object, useQueue = true): boolean {
    const out = (sendable(data) ? data : JSON.stringify(data)) as WebSocketData
    const ws = this.#ws
    const queue = this.#queue
    // CLOSING reads `open` until the close event: a frame sent now would vanish, so it waits in the queue
    // (`> 1` = CLOSING or CLOSED, so a bare test double without `readyState` still sends)
    if (this.#machine.state === 'open' && ws && !(ws.readyState > 1) && !queue?.length) {
      // a socket can read OPEN while the link is dead: after a throttled stretch, prove it first (socket.io #5135)
      if (!this.#heartbeat?.expired()) {
        ws.send(out)
        this.#track()
        return true
      }
      this.#heartbeat.probe()
    }
    if (!useQueue || !queue)
      return false
    if (!queue.push(out)) {
      this.#report(new LifelineError('QUEUE_FULL', `send queue full (${queue.max} messages / ${queue.maxBytes} bytes)`))
      return false
    }
    this.setSnapshot({ queued: queue.length })
    return true
  }

  /**
   * Sends `message` with a correlation id (`idKey`, added if absent) and resolves with the first
   * message carrying the same id; rejects with `REQUEST_TIMEOUT`. Replies are matched on parsed
   * frames, so use `json: true`. A reply after the timeout is ignored: the caller already got
   * `REQUEST_TIMEOUT`, so it reaches neither the request nor `data`/`onMessage`.
   */
  request<R = any>(message: Record<string, unknown>, { timeout = this.#o.requestTimeout }: WebSocketRequestOptions = {}): Promise<R> {
    const key = this.#o.idKey
    const id = String(message[key] ?? `r${(++seq).toString(36)}${this.#o.random().toString(36).slice(2, 6)}`)
    return new Promise<R>((resolve, reject) => {
      const timer = this.#o.scheduler.setTimeout(() => {
        this.#pending.delete(id)
        // bounded: a server that never answers must not grow this set without end
        if (this.#expired.size >= 1000)
          this.#expired.delete(this.#expired.values().next().value!)
        this.#expired.add(id)
        reject(new LifelineError('REQUEST_TIMEOUT', `no reply to request ${id} within ${timeout} ms`))
      }, timeout)
      this.#pending.set(id, [resolve, reject, timer])
      if (!this.send(JSON.stringify({ ...message, [key]: id })))
        this.#settle(id)![1](this.getSnapshot().error ?? new LifelineError('QUEUE_FULL', 'not sent'))
    })
  }

  /** Calls `handler(message.data, message)` for every parsed message whose `typeKey` is `type`. Returns the remover. */
  on(type: string, handler: (data: any, message: any) => void): () => void {
    const set = this.#routes.get(type) ?? new Set()
    this.#routes.set(type, set.add(handler))
    return () => set.delete(handler)
  }

  /** Adds a set of callbacks (each sharer of a connection has its own). Returns the remover. */
  listen(hooks: WebSocketHooks<T>): () => void {
    this.#hooks.add(hooks)
    return () => this.#hooks.delete(hooks)
  }

  /** Removes the pending request `id` and cancels its timeout; returns it, if there was one. */
  #settle(id: string): Pending | undefined {
    const pending = this.#pending.get(id)
    if (pending) {
      this.#o.scheduler.clearTimeout(pending[2])
      this.#pending.delete(id)
    }
    return pending
  }

  #emit<K extends keyof WebSocketHooks<T>>(name: K, ...args: Parameters<NonNullable<WebSocketHooks<T>[K]>>): void {
    for (const hooks of [this.#o, ...this.#hooks])
      (hooks[name] as ((...a: unknown[]) => void) | undefined)?.(...args)
  }

  /** Moves to `status`; `retryIn` is cleared unless `patch` sets it. */
  #set(status: ConnectionStatus, patch?: Partial<WebSocketSnapshot<T>>): void {
    this.#machine.transition(status)
    this.setSnapshot({ retryIn: null, ...patch, status: this.#machine.state, attempt: this.#backoff?.attempt ?? 0 })
  }

  #report(error: LifelineError, status?: ConnectionStatus, patch?: Partial<WebSocketSnapshot<T>>): void {
    if (status)
      this.#set(status, { ...patch, error })
    else
      this.setSnapshot({ error })
    this.#emit('onError', error)
  }

  #end(status: 'closed' | 'failed', error?: LifelineError): void {
    this.#retry.cancel()
    // the connect timeout runs from `#start`: an attempt that ends before it has a socket must not time out later
    this.#connect.cancel()
    const patch = { queued: this.#queue?.length ?? 0 }
    if (error)
      this.#report(error, status, patch)
    else
      this.#set(status, patch)
  }

  #listenEnvironment(): void {
    if (this.#env)
      return
    const { visibility, online, lifecycle } = this.#o.environment
    const state = (): ConnectionStatus => this.#machine.state
    this.#env = [
      // hidden tabs throttle timers: check liveness the moment the tab is visible again
      visibility.subscribe(visible => visible && state() === 'open' && this.#heartbeat?.expired() && this.#heartbeat.probe()),
      online.subscribe((up) => {
        if (!up && state() === 'reconnecting') {
          this.#retry.cancel()
          this.#set('paused')
        }
        else if (up && state() === 'paused' && !this.#hidden) {
          // `online` fires before the network is usable (tutanota #1517): wait a short random moment
          this.#schedule(Math.round(this.#o.random() * this.#o.onlineDelay))
        }
      }),
      lifecycle.subscribe(({ type }) => {
        if (type === 'hide' && ['connecting', 'open', 'reconnecting'].includes(state())) {
          // an open socket keeps the page out of the bfcache; 1001 is not ours to send (close() rejects it)
          this.#discard(1000, 'pagehide')
          this.#hidden = true
          this.#set('paused')
        }
        else if (type === 'show' && this.#hidden) {
          this.#hidden = false
          this.#start(true)
        }
      }),
    ]
  }

  #schedule(delay: number): void {
    this.#set('reconnecting', { retryIn: delay })
    this.#retry.start(delay, () => this.#start(true))
  }

  #start(retry: boolean): void {
    if (this.#invalid)
      return this.#end('failed', this.#invalid)
    this.#listenEnvironment()
    this.#discard()
    this.#hidden = false
    this.#retry.cancel()
    const gen = this.#gen
    this.#set(retry ? 'reconnecting' : 'connecting')
    // offline: wait for `online` instead of burning attempts
    if (!this.#o.environment.online.get())
      return this.#set('paused')
    const { connectTimeout } = this.#o
    // the clock starts before the URL provider runs: a token service that never answers is a timeout too
    if (connectTimeout)
      this.#connect.start(connectTimeout, () => this.#lost(new LifelineError('CONNECT_TIMEOUT', `not open within ${connectTimeout} ms`)))
    const fail = (error: unknown): void => this.#lost(toLifelineError(error, 'NETWORK', 'the URL provider failed'))
    try {
      const url = typeof this.#url === 'function' ? this.#url() : this.#url
      if (url && typeof (url as PromiseLike<unknown>).then === 'function')
        (url as PromiseLike<string>).then(u => gen === this.#gen && this.#create(u, gen), e => gen === this.#gen && fail(e))
      else
        this.#create(url as string, gen)
    }
    catch (error) {
      fail(error)
    }
  }

  #create(url: string | URL | null | undefined, gen: number): void {
    const o = this.#o
    const Ctor = o.WebSocket ?? (globalThis as { WebSocket?: typeof WebSocket }).WebSocket
    if (!url || !Ctor)
      return this.#end('failed', new LifelineError('INVALID_OPTION', url ? 'no WebSocket constructor: pass the `WebSocket` option' : 'no URL', { option: url ? 'WebSocket' : 'url' }))
    let ws: WebSocket
    try {
      ws = new Ctor(String(url), o.protocols)
    }
    catch (error) {
      // a malformed URL (SyntaxError) will not get better by retrying
      return this.#end('failed', toLifelineError(error, 'INVALID_OPTION', `cannot open ${url}`, { option: 'url' }))
    }
    if (o.binaryType)
      ws.binaryType = o.binaryType
    const live = (): boolean => gen === this.#gen
    ws.onopen = () => live() && this.#opened(ws)
    ws.onmessage = event => live() && this.#message(event)
    ws.onclose = event => live() && this.#closed(event)
    // an `error` event carries no detail by spec; `close` (with the real code) follows it
    ws.onerror = noop
    this.#ws = ws
    this.setSnapshot({ ws })
  }

  #opened(ws: WebSocket): void {
    this.#backoff?.opened()
    // the connect timer is free now: reuse it to show `attempt` back at 0 once the tracker has reset
    this.#connect.start(this.#o.minUptime, () => this.setSnapshot({ attempt: this.#backoff?.attempt ?? 0 }))
    this.#heartbeat?.start()
    this.#flush(ws)
    this.#set('open', { error: null })
    this.#emit('onOpen', ws)
  }

  #flush(ws: WebSocket): void {
    // flushed before `open` is announced, so queued messages go out ahead of anything sent in onOpen
    this.#queue?.flush((data) => {
      ws.send(data)
      return true
    })
    this.setSnapshot({ queued: this.#queue?.length ?? 0 })
    this.#track()
  }

  #track(): void {
    const amount = this.#ws?.bufferedAmount ?? 0
    this.setSnapshot({ bufferedAmount: amount })
    if (amount > 0 && !this.#buffered.pending)
      this.#buffered.start(50, () => this.#track())
  }

  #message(event: MessageEvent): void {
    const o = this.#o
    const raw: unknown = event.data
    this.setSnapshot({ lastMessageAt: o.scheduler.now() })
    if (this.#heartbeat?.received(raw)) {
      this.setSnapshot({ latency: this.#heartbeat.latency })
    }
    else if ((typeof raw === 'string' ? raw.length : byteSize(raw as WebSocketData)) > o.maxMessageSize) {
      this.#report(new LifelineError('MESSAGE_TOO_LARGE', `frame larger than maxMessageSize (${o.maxMessageSize})`))
    }
    else {
      let data = raw as any
      try {
        data = o.parse ? o.parse(raw) : o.json && typeof raw === 'string' ? JSON.parse(raw) : raw
      }
      catch (error) {
        return this.#report(new LifelineError('PARSE', 'a frame could not be parsed', { cause: error }))
      }
      const id = data?.[o.idKey]
      const pending = this.#settle(id)
      if (pending) {
        pending[0](data)
      }
      else if (this.#expired.delete(id)) {
        warn(`late reply to request ${id} ignored (it had timed out)`)
      }
      else {
        this.setSnapshot({ data })
        this.#emit('onMessage', data, event)
        this.#routes.get(data?.[o.typeKey])?.forEach(handler => handler(data.data, data))
      }
    }
    // a probe answered: messages held back while liveness was in doubt can go now
    if (this.#queue?.length && this.#machine.state === 'open' && this.#ws && !(this.#ws.readyState > 1))
      this.#flush(this.#ws)
  }

  #closed(event: CloseEvent): void {
    const { code, reason } = event
    const error = new LifelineError(code === 1006 ? 'NETWORK' : 'CLOSED_BY_SERVER', `closed with ${code}${reason ? ` (${reason})` : ''}`, { closeCode: code, cause: event, attempt: this.#backoff?.attempt })
    this.#emit('onClose', event)
    if (this.#o.fatalCloseCodes.includes(code)) {
      this.#discard()
      return this.#end('failed', error)
    }
    if (this.#o.shouldReconnect && !this.#o.shouldReconnect(event)) {
      this.#discard()
      return this.#end('closed', error)
    }
    this.#lost(error)
  }

  /** The connection is gone or must be given up (timeout, dead heartbeat): drop it at once and retry. */
  #lost(error: LifelineError): void {
    this.#discard()
    if (!this.#backoff)
      return this.#end('closed', error)
    if (!this.#o.environment.online.get())
      return this.#report(error, 'paused')
    const delay = this.#backoff.next()
    if (delay === null)
      return this.#end('failed', new LifelineError('RETRY_LIMIT', `gave up after ${this.#backoff.attempt} retries: ${error.message}`, { cause: error, closeCode: error.closeCode, attempt: this.#backoff.attempt }))
    this.#report(error)
    this.#schedule(delay)
  }

  /**
   * Detaches and closes the current socket without waiting for its `close` event: on a dead link the
   * closing handshake cannot finish and `close` may come much later (stompjs #247, VueUse #2506).
   */
  #discard(code?: number, reason?: string): void {
    this.#gen++
    this.#connect.cancel()
    this.#buffered.cancel()
    this.#heartbeat?.stop()
    this.#backoff?.lost()
    const ws = this.#ws
    if (!ws)
      return
    this.#ws = null
    ws.onopen = ws.onmessage = ws.onclose = null
    // keep an error listener: Node's `ws` throws on an unhandled `error` (partykit #912)
    ws.onerror = noop
    try {
      ws.close(code, reason)
    }
    catch {
      ws.close()
    }
    this.setSnapshot({ ws: null, bufferedAmount: 0 })
  }
}
