import type { BackoffOptions } from '../backoff'
import type { LifelineError } from '../errors'
import type { ConnectionSnapshot, LifecycleOptions } from '../lifecycle'

/** Which reader carries the stream. */
export type EventSourceMode = 'auto' | 'native' | 'fetch'

/** A value, or a function returning it (sync or async) called before every attempt. */
export type PerAttempt<T> = T | (() => T | Promise<T>)

/** One event as delivered to `onMessage` and `on(name, handler)`. */
export interface EventSourceMessage<T = any> {
  /** The event type (`'message'` when the server sent no `event:` field). */
  type: string
  /** `raw` parsed with `json`/`parse`, else `raw` itself. */
  data: T
  /** The data exactly as received. */
  raw: string
  /** The stream's last event ID as the spec defines it (persists over id-less events). */
  lastEventId: string
}

/** Options of {@link EventSourceTransport}; the composable `useEventSource` passes its own through. */
export interface EventSourceTransportOptions<T = any> extends LifecycleOptions {
  /** The stream URL; `undefined` keeps the transport idle. */
  url?: string | URL
  /**
   * Named event types that also update `data`/`event` (besides unnamed `message` events) and that the
   * native reader listens to. Other names reach `on(name, handler)` only.
   * @default []
   */
  events?: readonly string[]
  /**
   * `'native'`: the browser's `EventSource`; `'fetch'`: a `fetch` reader with the same semantics;
   * `'auto'`: native unless it cannot do what is asked (an injected `fetch` without an injected
   * `EventSource`, `method`, `headers`, `body`, `credentials: 'omit'`,
   * `retryOnStatus`, `idleTimeout`, `pauseWhenHidden`, or no `EventSource` on the platform).
   * @default 'auto'
   */
  mode?: EventSourceMode
  /**
   * HTTP method (fetch mode).
   * @default 'GET'
   */
  method?: string
  /** Request headers (fetch mode); a function is called before every attempt (fresh token). */
  headers?: PerAttempt<HeadersInit | undefined>
  /**
   * Request body (fetch mode); a plain object or array is sent as JSON. A function is called per attempt.
   */
  body?: PerAttempt<BodyInit | Record<string, unknown> | unknown[] | null | undefined>
  /**
   * `fetch` credentials mode; `'include'` equals `withCredentials: true`.
   * @default 'same-origin'
   */
  credentials?: RequestCredentials
  /**
   * Send cookies cross-origin (as `EventSource`'s `withCredentials`).
   * @default false
   */
  withCredentials?: boolean
  /**
   * Parse every event's data as JSON. A failure reports `PARSE` and keeps the stream and the last good `data`.
   * @default false
   */
  json?: boolean
  /** Custom data parser (wins over `json`); throwing reports `PARSE` like `json`. */
  parse?: (raw: string) => T
  /**
   * End of stream marker: `true` = `'[DONE]'`, a string, or a predicate. A matching event ends the
   * stream cleanly (status `closed`, no reconnect) and is not delivered.
   * @default false
   */
  done?: boolean | string | ((raw: string, type: string) => boolean)
  /**
   * Keep `text`: the concatenated data of the `message` events of the current stream (AI token streams).
   * @default false
   */
  accumulate?: boolean
  /**
   * No byte for this many ms (comments count) means a dead link: reconnect with `IDLE_TIMEOUT`. `0` = off.
   * Native `EventSource` hides comments, so `auto` picks the fetch reader when this is set.
   * @default 0
   */
  idleTimeout?: number
  /**
   * Largest event: the UTF-8 bytes of its data, the same measure in both modes. A bigger one is
   * dropped with `MESSAGE_TOO_LARGE` (fetch mode never buffers it) and the stream goes on.
   * @default Infinity
   */
  maxMessageSize?: number
  /**
   * Close the connection while the page is hidden (status `paused`) and resume (with `Last-Event-ID`) when visible.
   * @default false
   */
  pauseWhenHidden?: boolean
  /**
   * Reconnect after a network error or a normal end of the stream, with backoff. Defaults to `true`
   * for GET and `false` otherwise (resending a POST can repeat work).
   * @default method === 'GET'
   */
  retry?: boolean | BackoffOptions
  /**
   * Opt-in, beyond the spec (which fails on any non-200): retry these statuses instead of failing,
   * honouring `Retry-After`. `true` = 429 and every 5xx. Needs the fetch reader (`auto` picks it).
   * @default false
   */
  retryOnStatus?: boolean | readonly number[]
  /**
   * Resume after this event ID: sent as `Last-Event-ID` on the first request (as the browser does on
   * its own reconnections), e.g. an ID stored before a reload. Native `EventSource` cannot send it, so
   * `auto` picks the fetch reader when this is set.
   * @default ''
   */
  lastEventId?: string
  /**
   * A connection that stays open this long resets the attempt count (an event alone does not).
   * @default 5000
   */
  minUptime?: number
  /** `fetch` to use; in `auto` mode, passing one (without `EventSource`) selects the fetch reader. @default globalThis.fetch at call time */
  fetch?: typeof fetch
  /** `EventSource` constructor to use. @default globalThis.EventSource at call time */
  EventSource?: typeof EventSource
  /** Called when a connection opens (status is already `open`). */
  onOpen?: () => void
  /** Called for every `message` event and every event named in `events`. */
  onMessage?: (message: EventSourceMessage<T>) => void
  /** Called for every error reported on `error`. */
  onError?: (error: LifelineError) => void
}

/** The immutable state of an {@link EventSourceTransport}. */
export interface EventSourceSnapshot<T = any> extends ConnectionSnapshot {
  /** Data of the last `message` (or listed) event, parsed. */
  data: T | null
  /** Type of the last event that set `data`. */
  event: string | null
  /** The spec's last event ID string (`''` until the server sends one). */
  lastEventId: string
  /** The native `EventSource` of the current connection, `null` in fetch mode. */
  eventSource: EventSource | null
  /** Accumulated data of the current stream (with `accumulate`). */
  text: string
}
