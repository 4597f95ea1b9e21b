import type { MaybeRefOrGetter, ShallowRef } from 'vue'
import type { ConnectionStatus, LifelineError, WebSocketData, WebSocketHooks, WebSocketRequestOptions, WebSocketSnapshot, WebSocketTransportOptions } from '../../core'
import { toValue } from 'vue'
import { WebSocketTransport } from '../../core'
import type { MessageData, MessageName } from '../types'
import type { MessageStream, MESSAGES } from '../_internal'
import { useConnection, withMessages } from '../_internal'

/** Defaults of the composable-only options (the transport's are in `WEBSOCKET_DEFAULTS`). */
const DEFAULTS = {
  immediate: true,
  shared: false,
} as const

/** A URL as a value, ref or getter, or an async provider called before every attempt (fresh token). */
export type UseWebSocketAutoUrl = MaybeRefOrGetter<string | URL | null | undefined> | (() => PromiseLike<string | URL | null | undefined>)

/** Options of {@link useWebSocketAuto}: the transport's options plus the composable's own. */
export interface UseWebSocketAutoOptions<T = any> extends WebSocketTransportOptions<T> {
  /**
   * Connect at once (at mount inside a component).
   * @default true
   */
  immediate?: boolean
  /**
   * Share one socket per URL, `protocols` and `json` among all callers in the page (`true` = `'tab'`), or
   * among all tabs of the origin (`'browser'`: one leader tab holds the socket; `send`/`request` from the
   * others are relayed to it, and a reply goes back to the tab that asked). The first caller's options
   * are used. An async URL provider cannot be keyed, so it is never shared.
   * @default false
   */
  shared?: boolean | 'tab' | 'browser'
}

/** What {@link useWebSocketAuto} returns (`In`: the messages received, `Out`: the messages sent). */
export interface UseWebSocketAutoReturn<In = any, Out = object> {
  /** The last message (parsed with `json`); pongs and request replies never land here. */
  data: Readonly<ShallowRef<In | null>>
  status: Readonly<ShallowRef<ConnectionStatus>>
  /** Why it is reconnecting, failed or closed, or the last message-level problem. */
  error: Readonly<ShallowRef<LifelineError | null>>
  /** Retries since the connection was last stable for `minUptime`. */
  attempt: Readonly<ShallowRef<number>>
  /** Ms until the next attempt, or `null`. */
  retryIn: Readonly<ShallowRef<number | null>>
  /** Last heartbeat round trip in ms. */
  latency: Readonly<ShallowRef<number | null>>
  /** Time (ms) of the last inbound frame. */
  lastMessageAt: Readonly<ShallowRef<number | null>>
  /** Messages waiting in the send queue. */
  queued: Readonly<ShallowRef<number>>
  /** Bytes sent but not yet on the wire. */
  bufferedAmount: Readonly<ShallowRef<number>>
  /** The current socket. */
  ws: Readonly<ShallowRef<WebSocket | null>>
  /** Sends now, or queues while not open; `false` when refused (`QUEUE_FULL`, or `useQueue` false while not open). */
  send: (data: WebSocketData | Out, useQueue?: boolean) => boolean
  /** Sends with a correlation id and resolves with the reply carrying it; rejects with `REQUEST_TIMEOUT`. */
  request: <R = any>(message: Out, options?: WebSocketRequestOptions) => Promise<R>
  /** Connects unless already connecting or open. */
  open: () => void
  /** Closes for good (no reconnect, pending retry cancelled); `status` reads `closed` when it returns. */
  close: (code?: number, reason?: string) => void
  /** Drops the socket and connects now with a fresh retry budget (also after `failed`). */
  reconnect: () => void
  /**
   * Routes `{ type, data }` messages: `handler(data, message)`. Returns the remover (also removed with
   * the scope). When `In` is a union of `{ type, data }` messages, `type` and `data` are typed by it.
   */
  /** Every message that reaches `onMessage` (its `data`), for views such as `useLiveFeed` (non-enumerable). */
  readonly [MESSAGES]: MessageStream<In>
  on: <K extends MessageName<In>>(type: K, handler: (data: MessageData<In, K>, message: Extract<In, { type: K }> extends never ? any : Extract<In, { type: K }>) => void) => () => void
}

/**
 * A WebSocket that stays up: connect timeout, timestamp heartbeat, jittered reconnect, ordered
 * bounded send queue, `{ type, data }` routing and request/reply, as readonly shallow refs.
 *
 * `data` is the raw frame (`string | ArrayBuffer | Blob`) unless `json` or `parse` is set. Type the
 * messages received and sent with `useWebSocketAuto<In, Out>(url, { json: true })`; with
 * `In = MessageOf<{ tick: Tick }>` (a `{ type, data }` union), `on('tick', d => …)` gets `Tick`, and with
 * `Out`, `send` and `request` take only those messages.
 */
export function useWebSocketAuto<In = any, Out = object>(url: UseWebSocketAutoUrl, options: UseWebSocketAutoOptions<In> & { json: true }): UseWebSocketAutoReturn<In, Out>
export function useWebSocketAuto<In = string | ArrayBuffer | Blob, Out = object>(url: UseWebSocketAutoUrl, options?: UseWebSocketAutoOptions<In> | null): UseWebSocketAutoReturn<In, Out>
export function useWebSocketAuto<T = any>(url: UseWebSocketAutoUrl, options?: UseWebSocketAutoOptions<T> | null): UseWebSocketAutoReturn<T> {
  const { immediate = DEFAULTS.immediate, shared = DEFAULTS.shared, onOpen, onMessage, onClose, onError, ...rest } = options ?? {}
  // A function is either a reactive getter or an async provider. The watch calls it once to track it;
  // that value goes to the next attempt, so a provider still runs once per attempt. Read only once a
  // connection is wanted (at once with `immediate`, else at the first `open()`): `immediate: false`
  // never calls a provider for a token it would not use.
  let current: unknown
  let primed = false
  let wanted = false
  const read = (): unknown => {
    const value = toValue(url as MaybeRefOrGetter<unknown>)
    primed = true
    // a promise goes to the watch wrapped: returned bare, Vue would also catch its rejection and rethrow
    // it (an unhandled rejection) although the transport already reports it on `error`
    return typeof (value as PromiseLike<unknown>)?.then === 'function' ? [current = value] : current = value
  }
  const provider = (): any => {
    if (primed) {
      primed = false
      return current
    }
    return toValue(url as MaybeRefOrGetter<unknown>)
  }
  // an async provider cannot be keyed (nor can a caller with invalid callbacks share: see the bridge)
  const keyOf = (target: unknown): string | null => shared && (typeof target === 'string' || target instanceof URL)
    ? `ws ${target} ${JSON.stringify(rest.protocols ?? '')} ${!!rest.json}`
    : null
  const { refs, get, track, on, messages } = useConnection<WebSocketTransport<T>, WebSocketSnapshot<T>, unknown>({
    target: read,
    create: (target, invalid) => !invalid && keyOf(target) ? new WebSocketTransport<T>(target as string, rest) : new WebSocketTransport<T>(provider, { ...rest, ...invalid }),
    key: keyOf,
    changed: (transport, value, moved) => {
      if (!wanted)
        return
      if (value == null)
        transport.close()
      else if (moved)
        transport.open()
      else
        transport.reconnect()
    },
    hooks: [{ onOpen, onMessage, onClose, onError } as WebSocketHooks],
    start: immediate
      ? (transport) => {
          wanted = true
          if (current != null)
            transport.open()
        }
      : undefined,
    lazy: !immediate && typeof url === 'function',
    browser: () => shared === 'browser',
  })
  const result: Omit<UseWebSocketAutoReturn<T>, typeof MESSAGES> = {
    ...refs,
    send: (data, useQueue) => get().send(data, useQueue),
    request: (message, requestOptions) => get().request(message as Record<string, unknown>, requestOptions),
    // the first wish for a connection after `immediate: false` reads the URL, which starts it
    open: () => {
      wanted = true
      if (!track() && current != null)
        get().open()
    },
    close: (code, reason) => {
      wanted = false
      get().close(code, reason)
    },
    reconnect: () => {
      wanted = true
      if (!track())
        get().reconnect()
    },
    on,
  }
  return withMessages(result, messages) as UseWebSocketAutoReturn<T>
}
