import type { ConnectionSnapshot } from '../lifecycle'
import type { Timer } from '../scheduler'
import type { ResolvedHeartbeat } from './heartbeat'
import type { ResolvedWebSocketOptions, WebSocketHooks, WebSocketTransportOptions, WebSocketUrlSource } from './options'
import type { SendQueueOptions } from './queue'
import type { WebSocketData } from './queue'
import { warn } from '../dev'
import { LifelineError, toLifelineError } from '../errors'
import { Connection } from '../lifecycle'
import { createTimer } from '../scheduler'
import { assignDefined, check, checkOptions, checkUrl, DELAY, group } from '../validate'
import { Heartbeat } from './heartbeat'
import { HEARTBEAT_RULES, QUEUE_RULES, WEBSOCKET_DEFAULTS, WEBSOCKET_LIFECYCLE, WEBSOCKET_RULES } from './options'
import { byteSize, SendQueue } from './queue'

/** The state of a {@link WebSocketTransport}, replaced on every change. */
export interface WebSocketSnapshot<T = any> extends ConnectionSnapshot {
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

type Pending = [resolve: (value: any) => void, reject: (error: LifelineError) => void, timer: Timer]

const INITIAL: WebSocketSnapshot = { status: 'idle', error: null, attempt: 0, retryIn: null, data: null, latency: null, lastMessageAt: null, queued: 0, bufferedAmount: 0, ws: null }
const noop = (): void => {}
const sendable = (value: unknown): boolean => typeof value === 'string' || ArrayBuffer.isView(value) || value instanceof ArrayBuffer || (typeof Blob !== 'undefined' && value instanceof Blob)
// `> 1` = CLOSING or CLOSED (a bare test double without `readyState` still counts as open)
const closing = (ws: WebSocket): boolean => ws.readyState > 1
let seq = 0

/**
 * A WebSocket that stays up, on the lifecycle kernel: connect timeout, handshake hook, timestamp
 * heartbeat, bounded ordered send queue, JSON routing and request/reply. Runs in Node with an injected
 * `WebSocket`. Events of a socket that was replaced or discarded are ignored (VueUse #3177, #4160, #5229).
 */
export class WebSocketTransport<T = any> extends Connection<WebSocketSnapshot<T>, WebSocketHooks<T>> {
  #url: WebSocketUrlSource
  // (the defaults until valid options come: a failed transport still answers `request()`)
  #o: ResolvedWebSocketOptions<T> = WEBSOCKET_DEFAULTS
  #raw: WebSocketTransportOptions<T> = {}
  #heartbeat: Heartbeat | null = null
  #queue: SendQueue | null = null
  #ws: WebSocket | null = null
  readonly #connect: Timer
  readonly #buffered: Timer
  readonly #pending = new Map<string, Pending>()
  /** Ids of requests that timed out: their late replies are dropped, not delivered as messages. */
  readonly #expired = new Set<string>()

  constructor(url: WebSocketUrlSource, options: WebSocketTransportOptions<T> = {}) {
    super(INITIAL as WebSocketSnapshot<T>, options.scheduler)
    this.#url = url
    this.#connect = createTimer(options.scheduler)
    this.#buffered = createTimer(options.scheduler)
    this.setOptions(options)
  }

  /** Merges `options` into the current ones (validated; a bad one: `failed` + `INVALID_OPTION`). Applies from the next attempt. */
  setOptions(options: WebSocketTransportOptions<T>): void {
    const raw = this.#raw = { ...this.#raw, ...options }
    const o = assignDefined({ ...WEBSOCKET_DEFAULTS }, raw) as ResolvedWebSocketOptions<T>
    let heartbeat = null as ResolvedHeartbeat | null
    let queue = null as Required<SendQueueOptions> | null
    if (!this.configure(o, raw.reconnect, 'reconnect', WEBSOCKET_LIFECYCLE, () => {
      heartbeat = group('heartbeat', raw.heartbeat, false, WEBSOCKET_DEFAULTS.heartbeat)
      queue = group('queue', raw.queue, true, WEBSOCKET_DEFAULTS.queue)
      checkOptions(o, WEBSOCKET_RULES)
      if (heartbeat)
        checkOptions(heartbeat, HEARTBEAT_RULES, 'heartbeat.')
      if (queue)
        checkOptions(queue, QUEUE_RULES, 'queue.')
    })) {
      return
    }
    this.#o = o
    this.#heartbeat?.stop()
    this.#heartbeat = heartbeat && new Heartbeat(heartbeat, this.k.scheduler, {
      send: data => this.#ws?.send(data),
      dead: () => this.lost(new LifelineError('HEARTBEAT_TIMEOUT', process.env.NODE_ENV !== 'production' ? `No answer to the heartbeat within ${heartbeat!.timeout} ms.` : '')),
    })
    const held = this.#queue
    this.#queue = queue && new SendQueue(queue.max, queue.maxBytes)
    held?.flush(data => this.#queue?.push(data) ?? false)
    if (this.status === 'open')
      this.#heartbeat?.start()
  }

  /** Replaces the URL (or provider) for the next attempt; call `reconnect()` to use it now. */
  setUrl(url: WebSocketUrlSource): void {
    this.#url = url
  }

  /** Starts connecting unless connecting, open, reconnecting or paused; without a URL it stays `idle`. */
  override open(): void {
    if (this.#url != null)
      super.open()
  }

  /** Drops the socket (if any) and connects again now, with a fresh retry budget; works after `failed`. */
  override reconnect(): void {
    if (this.#url != null)
      super.reconnect()
  }

  /**
   * Closes for good: no reconnect, pending retry cancelled, queue cleared, pending requests rejected.
   * `status` reads `closed` when this returns.
   */
  override close(code?: number, reason?: string): void {
    this.#queue?.clear()
    this.setSnapshot({ queued: 0 })
    for (const id of [...this.#pending.keys()])
      this.#settle(id)![1](new LifelineError('NETWORK', process.env.NODE_ENV !== 'production' ? 'Closed before the reply arrived.' : ''))
    super.close(code, reason)
  }

  /**
   * Sends now when open, else queues (in order, bounded). Objects are stringified with `json`.
   * Returns `false` when refused: queue full (`QUEUE_FULL`), a payload that cannot be serialised
   * (`PARSE`), or `useQueue` false while not open. Never throws.
   */
  send(data: WebSocketData | object, useQueue = true): boolean {
    let out: WebSocketData
    try {
      out = (sendable(data) ? data : JSON.stringify(data)) as WebSocketData
      if (out === undefined)
        throw new TypeError(`${typeof data} is not JSON`)
    }
    catch (cause) {
      this.report(toLifelineError(cause, 'PARSE', process.env.NODE_ENV !== 'production' ? 'The message could not be serialised.' : ''))
      return false
    }
    const ws = this.#ws
    const queue = this.#queue
    // CLOSING reads `open` until the close event: a frame sent now would vanish, so it waits in the queue
    if (this.status === 'open' && ws && !closing(ws) && !queue?.length) {
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
      this.report(new LifelineError('QUEUE_FULL', process.env.NODE_ENV !== 'production' ? `Send queue full (${queue.max} messages / ${queue.maxBytes} bytes).` : ''))
      return false
    }
    this.setSnapshot({ queued: queue.length })
    return true
  }

  /**
   * Sends `message` with a correlation id (`idKey`, added if absent) and resolves with the first
   * message carrying the same id; rejects with `REQUEST_TIMEOUT` (a reply after that is ignored: it
   * reaches neither the request nor `data`/`onMessage`), `PARSE` (not serialisable), `QUEUE_FULL`, or
   * `INVALID_OPTION` (a bad `timeout`). Replies are matched on parsed frames: use `json: true`.
   */
  request<R = any>(message: Record<string, unknown>, { timeout = this.#o.requestTimeout }: WebSocketRequestOptions = {}): Promise<R> {
    const key = this.#o.idKey
    const id = String(message?.[key] ?? `r${(++seq).toString(36)}${this.k.random().toString(36).slice(2, 6)}`)
    return new Promise<R>((resolve, reject) => {
      let frame: string
      try {
        check('timeout', timeout, DELAY)
        frame = JSON.stringify({ ...message, [key]: id })
      }
      catch (cause) {
        return reject(toLifelineError(cause, 'PARSE', process.env.NODE_ENV !== 'production' ? 'The request could not be serialised.' : ''))
      }
      const timer = createTimer(this.k.scheduler)
      timer.start(timeout, () => {
        this.#pending.delete(id)
        // bounded: a server that never answers must not grow this set without end
        if (this.#expired.size >= 1000)
          this.#expired.delete(this.#expired.values().next().value!)
        this.#expired.add(id)
        reject(new LifelineError('REQUEST_TIMEOUT', process.env.NODE_ENV !== 'production' ? `No reply to request ${id} within ${timeout} ms.` : ''))
      })
      this.#pending.set(id, [resolve, reject, timer])
      if (!this.send(frame))
        this.#settle(id)![1](this.getSnapshot().error ?? new LifelineError('QUEUE_FULL', process.env.NODE_ENV !== 'production' ? 'Not sent.' : ''))
    })
  }

  /** Calls `handler(message.data, message)` for every parsed message whose `typeKey` is `type`. Returns the remover. */
  // (a typed view of the kernel's `on`: a declaration only, no code)
  declare on: (type: string, handler: (data: any, message: any) => void) => () => void

  protected override wake(): void {
    // hidden tabs throttle timers: check liveness the moment the tab is visible again
    if (this.#heartbeat?.expired())
      this.#heartbeat.probe()
  }

  /** Removes the pending request `id` and cancels its timeout; returns it, if there was one. */
  #settle(id: string): Pending | undefined {
    const pending = this.#pending.get(id)
    pending?.[2].cancel()
    this.#pending.delete(id)
    return pending
  }

  protected connect(): void {
    const { connectTimeout } = this.#o
    const lost = this.live((cause: unknown) => this.lost(toLifelineError(cause, 'NETWORK', process.env.NODE_ENV !== 'production' ? 'The URL provider or the handshake failed.' : '')))
    // the clock starts before the URL provider runs: a token service that never answers is a timeout too
    if (connectTimeout)
      this.#connect.start(connectTimeout, this.live(() => this.lost(new LifelineError('CONNECT_TIMEOUT', process.env.NODE_ENV !== 'production' ? `Not open within ${connectTimeout} ms.` : ''))))
    try {
      const url = typeof this.#url === 'function' ? this.#url() : this.#url
      if (typeof (url as PromiseLike<unknown>)?.then === 'function')
        (url as PromiseLike<string>).then(this.live(this.#create), lost)
      else
        this.#create(url as string)
    }
    catch (error) {
      lost(error)
    }
  }

  #create(url: string | URL | null | undefined): void {
    const o = this.#o
    const Ctor = o.WebSocket ?? (globalThis as { WebSocket?: typeof WebSocket }).WebSocket
    let ws: WebSocket
    try {
      checkUrl(url, ['ws:', 'wss:', 'http:', 'https:'])
      if (!Ctor)
        throw new LifelineError('INVALID_OPTION', process.env.NODE_ENV !== 'production' ? 'No WebSocket constructor: pass the `WebSocket` option.' : '', { option: 'WebSocket' })
      ws = new Ctor(String(url), o.protocols)
    }
    catch (error) {
      // a malformed URL (SyntaxError) will not get better by retrying
      return this.fail(toLifelineError(error, 'INVALID_OPTION', process.env.NODE_ENV !== 'production' ? `Cannot open ${url}.` : '', { option: 'url' }))
    }
    if (o.binaryType)
      ws.binaryType = o.binaryType
    ws.onopen = this.live(() => this.#opened(ws))
    ws.onmessage = this.live(this.#message)
    ws.onclose = this.live(this.#closed)
    // an `error` event carries no detail by spec; `close` (with the real code) follows it
    ws.onerror = noop
    this.#ws = ws
    this.setSnapshot({ ws })
  }

  #opened(ws: WebSocket): void {
    const ready = this.live(() => {
      this.#connect.cancel()
      this.#heartbeat?.start()
      // flushed before `open` is announced, so queued messages go out ahead of anything sent in onOpen
      this.#flush(ws)
      this.opened({ queued: this.#queue?.length ?? 0 }, ws)
    })
    const { handshake } = this.#o
    if (!handshake)
      return ready()
    // (bounded by the connect timer, still running; messages meanwhile are delivered as usual)
    const failed = this.live((cause: unknown) => this.lost(toLifelineError(cause, 'NETWORK', process.env.NODE_ENV !== 'production' ? 'The handshake failed.' : '')))
    try {
      Promise.resolve(handshake(ws)).then(ready, failed)
    }
    catch (error) {
      failed(error)
    }
  }

  #flush(ws: WebSocket): void {
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
    const heartbeat = this.#heartbeat
    // one snapshot per frame, committed before any callback runs (a frame is the hot path)
    const seen: Partial<WebSocketSnapshot<T>> = { lastMessageAt: this.k.scheduler.now() }
    if (heartbeat?.received(raw)) {
      this.setSnapshot({ ...seen, latency: heartbeat.latency })
    }
    else if ((typeof raw === 'string' ? raw.length : byteSize(raw as WebSocketData)) > o.maxMessageSize) {
      this.setSnapshot(seen)
      this.report(new LifelineError('MESSAGE_TOO_LARGE', process.env.NODE_ENV !== 'production' ? `A frame larger than maxMessageSize (${o.maxMessageSize}) was dropped.` : ''))
    }
    else {
      let data: any
      try {
        data = o.parse ? o.parse(raw) : o.json && typeof raw === 'string' ? JSON.parse(raw) : raw
      }
      catch (cause) {
        this.setSnapshot(seen)
        return this.report(toLifelineError(cause, 'PARSE', process.env.NODE_ENV !== 'production' ? 'A frame could not be parsed.' : ''))
      }
      // a frame can be a reply only while a request waits or has timed out recently
      const id = this.#pending.size || this.#expired.size ? data?.[o.idKey] : undefined
      const pending = this.#settle(id)
      const reply = pending || this.#expired.delete(id)
      if (!reply)
        seen.data = data
      this.setSnapshot(seen)
      if (pending) {
        pending[0](data)
      }
      else if (!reply) {
        this.emit('onMessage', data, event)
        this.route(data?.[o.typeKey], data?.data, data)
      }
      else if (process.env.NODE_ENV !== 'production') {
        warn(`late reply to request ${id} ignored (it had timed out)`)
      }
    }
    // a probe answered: messages held back while liveness was in doubt can go now
    const ws = this.#ws
    if (this.#queue?.length && this.status === 'open' && ws && !closing(ws))
      this.#flush(ws)
  }

  #closed(event: CloseEvent): void {
    const { code, reason } = event
    const error = new LifelineError(code === 1006 ? 'NETWORK' : 'CLOSED_BY_SERVER', process.env.NODE_ENV !== 'production' ? `Closed with ${code}${reason ? ` (${reason})` : ''}.` : '', { closeCode: code, cause: event, attempt: this.getSnapshot().attempt })
    if (this.#o.fatalCloseCodes.includes(code)) {
      this.fail(error)
    }
    else if (this.#o.shouldReconnect && !this.#o.shouldReconnect(event)) {
      this.end()
      this.report(error)
    }
    else {
      // a normal close (1000) without `reconnect` is the server's clean end: `closed`, not `failed`
      this.lost(error, 0, code === 1000)
    }
    this.emit('onClose', event)
  }

  /**
   * Detaches and closes the current socket without waiting for its `close` event: on a dead link the
   * closing handshake cannot finish and `close` may come much later (stompjs #247, VueUse #2506).
   */
  protected abort(code?: number, reason?: string): void {
    this.#connect.cancel()
    this.#buffered.cancel()
    this.#heartbeat?.stop()
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
