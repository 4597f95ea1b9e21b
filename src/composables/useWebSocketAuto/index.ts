import type { MaybeRefOrGetter, ShallowRef } from 'vue'
import type { ConnectionStatus, LifelineError, WebSocketData, WebSocketHooks, WebSocketRequestOptions, WebSocketTransportOptions } from '../../core'
import { getCurrentScope, toValue, watch } from 'vue'
import { registry, warn, WebSocketTransport } from '../../core'
import type { MESSAGES, MessageStream } from '../_internal'
import { tryOnScopeDispose, useSnapshotRefs, whenMounted, withMessages } from '../_internal'

/** Defaults of the composable-only options (the transport's are in `WEBSOCKET_DEFAULTS`). */
const DEFAULTS = {
  immediate: true,
  shared: false,
} as const

const KEYS = ['data', 'status', 'error', 'attempt', 'retryIn', 'latency', 'lastMessageAt', 'queued', 'bufferedAmount', 'ws'] as const

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
   * Share one socket per URL, `protocols` and `json` among all callers in the page (`true` = `'tab'`);
   * the first caller's options are used. `'browser'` (one socket for all tabs) is not available yet and
   * falls back to `'tab'`. An async URL provider cannot be keyed, so it is never shared.
   * @default false
   */
  shared?: boolean | 'tab' | 'browser'
}

/** What {@link useWebSocketAuto} returns. */
export interface UseWebSocketAutoReturn<T = any> {
  /** The last message (parsed with `json`); pongs and request replies never land here. */
  data: Readonly<ShallowRef<T | null>>
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
  send: (data: WebSocketData | object, useQueue?: boolean) => boolean
  /** Sends with a correlation id and resolves with the reply carrying it; rejects with `REQUEST_TIMEOUT`. */
  request: <R = any>(message: Record<string, unknown>, options?: WebSocketRequestOptions) => Promise<R>
  /** Connects unless already connecting or open. */
  open: () => void
  /** Closes for good (no reconnect, pending retry cancelled); `status` reads `closed` when it returns. */
  close: (code?: number, reason?: string) => void
  /** Drops the socket and connects now with a fresh retry budget (also after `failed`). */
  reconnect: () => void
  /** Routes `{ type, data }` messages: `handler(data, message)`. Returns the remover (also removed with the scope). */
  on: (type: string, handler: (data: any, message: any) => void) => () => void
  /** Every message that reaches `onMessage` (its `data`), for views such as `useLiveFeed` (non-enumerable). */
  readonly [MESSAGES]: MessageStream<T>
}

type Route = [type: string, handler: (data: any, message: any) => void, off: () => void]

/**
 * A WebSocket that stays up: connect timeout, timestamp heartbeat, jittered reconnect, ordered
 * bounded send queue, `{ type, data }` routing and request/reply, as readonly shallow refs.
 */
export function useWebSocketAuto<T = any>(url: UseWebSocketAutoUrl, options: UseWebSocketAutoOptions<T> = {}): UseWebSocketAutoReturn<T> {
  const { immediate = DEFAULTS.immediate, shared = DEFAULTS.shared, onOpen, onMessage, onClose, onError, ...rest } = options
  if (shared === 'browser')
    warn('useWebSocketAuto: shared: \'browser\' is not available yet; sharing per tab')
  // A function is either a reactive getter or an async provider. The watch below calls it once to
  // track it; that value is handed to the next attempt, so a provider still runs once per attempt.
  // A function URL is watched only once a connection is wanted (at once with `immediate`, else at the
  // first `open()`), so `immediate: false` never calls a provider for a token it would not use (issue 5).
  let current: unknown
  let primed = false
  const read = (): unknown => {
    const value = toValue(url as MaybeRefOrGetter<unknown>)
    primed = true
    // a promise goes to the watch wrapped: returned bare, Vue would also catch its rejection and rethrow
    // it (an unhandled rejection) although the transport already reports it on `error`
    return typeof (value as PromiseLike<unknown>)?.then === 'function' ? [current = value] : current = value ? String(value) : undefined
  }
  const provider = (): any => {
    if (primed) {
      primed = false
      return current
    }
    return toValue(url as MaybeRefOrGetter<unknown>)
  }
  let wanted = false
  let key: string | null = null
  let transport: WebSocketTransport<T> | undefined
  let listening = (): void => {}
  const routes = new Set<Route>()
  // message-stream subscribers: one more set of hooks on whichever transport is current
  const feeds = new Set<(data: T) => void>()
  const feed: WebSocketHooks<T> = { onMessage: data => feeds.forEach(handler => handler(data)) }
  // Hooks are attached per caller with `listen()`, past the transport's option check. A hook that is not a
  // function is handed to that check instead (own socket, never shared): `failed` + INVALID_OPTION, no throw.
  const hooks: Record<string, unknown> = { onOpen, onMessage, onClose, onError }
  let own: WebSocketTransportOptions<T> = rest
  for (const name in hooks) {
    if (hooks[name] !== undefined && typeof hooks[name] !== 'function') {
      own = { ...own, [name]: hooks[name] }
      delete hooks[name]
    }
  }
  const release = (): void => {
    listening()
    routes.forEach(route => route[2]())
    if (key)
      registry.release(key)
  }
  // (re)binds to the transport for the current URL: its own, or the page-wide one of that key
  const bind = (): WebSocketTransport<T> => {
    const before = key
    release()
    key = shared && own === rest && typeof current === 'string' ? `ws ${current} ${JSON.stringify(rest.protocols ?? '')} ${!!rest.json}` : null
    if (shared && !key && current)
      warn('useWebSocketAuto: an async URL provider cannot be shared; using a socket of its own')
    const mine = before ? undefined : transport
    const next = key
      ? registry.acquire(key, () => new WebSocketTransport<T>(current as string, rest), t => t.dispose())
      : mine ?? new WebSocketTransport<T>(provider, own)
    if (mine && mine !== next)
      mine.dispose()
    const offs = [next.listen(hooks as WebSocketHooks<T>), next.listen(feed)]
    listening = () => offs.forEach(off => off())
    routes.forEach(route => route[2] = next.on(route[0], route[1]))
    return transport = next
  }
  const onUrl = (value: unknown): void => {
    if (shared) {
      const before = transport
      setSource(bind())
      if (transport !== before) {
        if (wanted && value)
          transport!.open()
        return
      }
    }
    if (wanted && value)
      transport!.reconnect()
    else if (wanted)
      transport!.close()
  }
  const scope = getCurrentScope()
  let watching = false
  const track = (): boolean => {
    if (watching)
      return false
    watching = true
    const start = (): unknown => watch(read, onUrl)
    if (scope)
      scope.run(start)
    else
      start()
    return true
  }
  // the watch runs `read()` once (not during SSR, where setup watchers stay inert)
  if (immediate || typeof url !== 'function')
    track()
  // before the refs' own cleanup, so `status` reads `closed` after the scope is disposed
  tryOnScopeDispose(() => {
    release()
    if (!key)
      transport!.dispose()
  })
  const { refs, setSource } = useSnapshotRefs(bind(), KEYS)
  const want = (): void => {
    wanted = true
    // first wish for a connection after `immediate: false`: only now is the URL (and a shared key) known
    if (track() && shared)
      setSource(bind())
  }
  const open = (): void => {
    want()
    if (current)
      transport!.open()
  }
  if (immediate)
    whenMounted(open)
  const result: Omit<UseWebSocketAutoReturn<T>, typeof MESSAGES> = {
    ...refs,
    send: (data, useQueue) => transport!.send(data, useQueue),
    request: (message, requestOptions) => transport!.request(message, requestOptions),
    open,
    close: (code, reason) => {
      wanted = false
      transport!.close(code, reason)
    },
    reconnect: () => {
      want()
      transport!.reconnect()
    },
    on: (type, handler) => {
      const route: Route = [type, handler, transport!.on(type, handler)]
      routes.add(route)
      return () => {
        routes.delete(route)
        route[2]()
      }
    },
  }
  return withMessages(result, (handler: (data: T) => void) => {
    feeds.add(handler)
    return () => feeds.delete(handler)
  })
}
