import type { BackoffOptions } from '../backoff'
import type { LifelineError } from '../errors'
import type { LifecycleDefaults, LifecycleOptions } from '../lifecycle'
import type { Rule } from '../validate'
import type { HeartbeatOptions, ResolvedHeartbeat } from './heartbeat'
import type { SendQueueOptions } from './queue'
import { COUNT, DELAY, FUNCTION } from '../validate'

/** The WebSocket constructor shape the transport needs (the browser's, `ws`'s, or a test double). */
export type WebSocketConstructor = new (url: string, protocols?: string | string[]) => WebSocket

/** A URL, or a provider called before every attempt (a fresh token per attempt). */
export type WebSocketUrlSource = string | URL | null | undefined | (() => string | URL | null | undefined | PromiseLike<string | URL | null | undefined>)

/** Callbacks of the transport; several sets may listen (shared connections). */
export interface WebSocketHooks<T = any> {
  /** The socket opened; `status` already reads `open` and the queue is flushed. */
  onOpen?: (ws: WebSocket) => void
  /** A message (not a pong, not a request reply): `data` as set on `data` (parsed with `json`), `event` the raw one. */
  onMessage?: (data: T, event: MessageEvent) => void
  /** The socket closed by itself or by the server, with the real `CloseEvent` (1006 for every network failure). */
  onClose?: (event: CloseEvent) => void
  /** Every error, as also set on `error`. */
  onError?: (error: LifelineError) => void
}

/** Options of {@link WebSocketTransport} (and of `useWebSocketAuto`). */
export interface WebSocketTransportOptions<T = any> extends WebSocketHooks<T>, LifecycleOptions {
  /**
   * WebSocket constructor (Node: `ws`'s `WebSocket`).
   * @default globalThis.WebSocket, looked up at connect time
   */
  WebSocket?: WebSocketConstructor
  /**
   * Subprotocols offered in the handshake.
   * @default undefined
   */
  protocols?: string | string[]
  /**
   * How binary frames arrive, re-applied to every new socket.
   * @default the platform's ('blob' in browsers)
   */
  binaryType?: BinaryType
  /**
   * Ms an attempt may take to open before it is dropped and retried with `CONNECT_TIMEOUT`; `0` = no limit.
   * @default 5000
   */
  connectTimeout?: number
  /**
   * Runs on every connect and reconnect once the socket is open, before `status` becomes `open` and
   * before the send queue flushes: authenticate or re-subscribe first (socket.io-client #305). It may be
   * async; a throw, a rejection, or not settling within `connectTimeout` is a failed attempt.
   * @default undefined
   */
  handshake?: (socket: WebSocket) => void | PromiseLike<void>
  /**
   * Reconnect with backoff after a lost connection; `false` never reconnects. `retries` is what a
   * hand-written `WebSocketAuto` class calls `reConnectRepeatLimit`: exhausted → `failed` + `RETRY_LIMIT`.
   * @default true ({ retries: Infinity, initialDelay: 1000, maxDelay: 30000, factor: 2, jitter: true })
   */
  reconnect?: boolean | BackoffOptions
  /**
   * Ms a connection must stay open before the retry count resets (an accept-then-drop server keeps backing off).
   * @default 5000
   */
  minUptime?: number
  /**
   * Whether a close by the server or the network should reconnect (after `fatalCloseCodes`).
   * @default () => true
   */
  shouldReconnect?: (event: CloseEvent) => boolean
  /**
   * Close codes that end in `failed` + `CLOSED_BY_SERVER`, never retried.
   * @default [1008]
   */
  fatalCloseCodes?: readonly number[]
  /**
   * Application-level ping/pong; `true` takes the defaults.
   * @default false
   */
  heartbeat?: boolean | HeartbeatOptions
  /**
   * Queue `send()` while not open, flushed in order on open; `false` refuses instead.
   * @default true ({ max: 1000, maxBytes: 1048576 })
   */
  queue?: boolean | SendQueueOptions
  /**
   * Parse text frames as JSON (`PARSE` error on failure, socket kept) and stringify sent objects.
   * @default false
   */
  json?: boolean
  /**
   * Custom parser of every frame (wins over `json`; a hand-written class's `parseMessage`); a throw is a `PARSE` error.
   * @default undefined
   */
  parse?: (raw: any) => T
  /**
   * Largest accepted frame (characters of text, bytes of binary); bigger → `MESSAGE_TOO_LARGE`, socket kept.
   * `Infinity` = no limit (a frame is then only checked by the parser: `PARSE` when it is not JSON).
   * @default Infinity
   */
  maxMessageSize?: number
  /**
   * Key of the message type that `on(type, handler)` routes by (`{ type, data }`).
   * @default 'type'
   */
  typeKey?: string
  /**
   * Key of the correlation id that `request()` adds and matches replies by.
   * @default 'id'
   */
  idKey?: string
  /**
   * Ms `request()` waits for its reply before rejecting with `REQUEST_TIMEOUT`.
   * @default 10000
   */
  requestTimeout?: number
}

/** Every default of the WebSocket transport, in one place. */
export const WEBSOCKET_DEFAULTS = {
  connectTimeout: 5000,
  minUptime: 5000,
  fatalCloseCodes: [1008] as readonly number[],
  heartbeat: { message: 'ping', pong: 'pong', interval: 25_000, timeout: 10_000 } as ResolvedHeartbeat,
  queue: { max: 1000, maxBytes: 1_048_576 },
  json: false,
  maxMessageSize: Infinity,
  typeKey: 'type',
  idKey: 'id',
  requestTimeout: 10_000,
}

/** The lifecycle of a socket unless the options say otherwise: an open socket may outlive `offline`. */
export const WEBSOCKET_LIFECYCLE: LifecycleDefaults = { minUptime: 5000, pauseWhenHidden: false, offline: 'wait', onlineDelay: 1000 }

/** The options after merging over {@link WEBSOCKET_DEFAULTS} (groups still as given). */
export type ResolvedWebSocketOptions<T> = WebSocketTransportOptions<T> & Omit<typeof WEBSOCKET_DEFAULTS, 'heartbeat' | 'queue'>

/** How each option is checked (the callbacks and `reconnect` are checked by the kernel). */
export const WEBSOCKET_RULES = {
  connectTimeout: DELAY,
  requestTimeout: DELAY,
  maxMessageSize: COUNT,
  fatalCloseCodes: [Array.isArray, process.env.NODE_ENV !== 'production' ? 'an array of close codes' : ''] as Rule,
  binaryType: [v => v === undefined || v === 'blob' || v === 'arraybuffer', process.env.NODE_ENV !== 'production' ? 'one of "blob", "arraybuffer"' : ''] as Rule,
  shouldReconnect: FUNCTION,
  WebSocket: FUNCTION,
  parse: FUNCTION,
  handshake: FUNCTION,
}

/** How the members of the `heartbeat` group are checked. */
export const HEARTBEAT_RULES = { interval: DELAY, timeout: DELAY }

/** How the members of the `queue` group are checked. */
export const QUEUE_RULES = { max: COUNT, maxBytes: COUNT }
