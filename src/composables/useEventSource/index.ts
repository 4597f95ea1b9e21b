import type { MaybeRefOrGetter, ShallowRef } from 'vue'
import type { BackoffOptions, ConnectionStatus, EventSourceMessage, EventSourceSnapshot, EventSourceTransportOptions, LifelineError, PerAttempt } from '../../core'
import { toValue, watch } from 'vue'
import { EventSourceTransport, registry, warn } from '../../core'
import { callback as safe } from '../../core/sse/transport'
import type { MESSAGES, MessageStream } from '../_internal'
import { tryOnScopeDispose, useSnapshotRefs, whenMounted, withMessages } from '../_internal'

/** Defaults of the composable-only options (the transport's are in `EVENT_SOURCE_DEFAULTS`). */
const DEFAULTS = {
  immediate: true,
  autoConnect: true,
  shared: false,
} as const

/** Options of {@link useEventSource}: the transport's options plus the composable's own. */
export interface UseEventSourceOptions<Data = any> extends Omit<EventSourceTransportOptions<Data>, 'url' | 'events' | 'headers' | 'body'> {
  /** Request headers (fetch mode): a value, a ref, a getter, or an async function called before every attempt (fresh token). */
  headers?: MaybeRefOrGetter<HeadersInit | undefined> | (() => Promise<HeadersInit | undefined>)
  /** Request body (fetch mode): a plain object or array is sent as JSON; refs and getters are read per attempt. */
  body?: MaybeRefOrGetter<BodyInit | Record<string, unknown> | unknown[] | null | undefined>
  /**
   * Connect at once (at mount inside a component).
   * @default true
   */
  immediate?: boolean
  /**
   * Reconnect to the new URL when a reactive `url` changes.
   * @default true
   */
  autoConnect?: boolean
  /**
   * Share one connection per URL and options among all callers in the page (`true` = `'tab'`). The first
   * caller's options are used. `'browser'` (one connection for all tabs) is not available yet and falls
   * back to `'tab'`.
   * @default false
   */
  shared?: boolean | 'tab' | 'browser'
  /** VueUse compatibility: `serializer.read` is used as `parse`. */
  serializer?: { read: (raw?: string) => Data }
  /**
   * VueUse compatibility, mapped to `retry` when `retry` is not set: `retries` (a number), `delay`
   * (a fixed delay, no jitter) and `onFailed` (called when the retry limit is reached).
   */
  autoReconnect?: boolean | { retries?: number | (() => boolean), delay?: number, onFailed?: () => void }
}

/** What {@link useEventSource} returns: VueUse's names plus the richer state. */
export interface UseEventSourceReturn<Events extends string[] = string[], Data = any> {
  /** Data of the last `message` event (or event named in `events`), parsed with `json`/`parse`. */
  data: Readonly<ShallowRef<Data | null>>
  /** Type of the event that last set `data` (`'message'` for unnamed events). */
  event: Readonly<ShallowRef<Events[number] | 'message' | null>>
  /** The stream's last event ID (spec: persists over id-less events and reconnections). */
  lastEventId: Readonly<ShallowRef<string>>
  status: Readonly<ShallowRef<ConnectionStatus>>
  error: Readonly<ShallowRef<LifelineError | null>>
  /** The native `EventSource` in native mode, else `null`. */
  eventSource: Readonly<ShallowRef<EventSource | null>>
  /** Retries since the last healthy connection. */
  attempt: Readonly<ShallowRef<number>>
  /** Delay (ms) of the scheduled retry, `null` when none is scheduled. */
  retryIn: Readonly<ShallowRef<number | null>>
  /** With `accumulate`: the concatenated data of the current stream. */
  text: Readonly<ShallowRef<string>>
  /** Starts a new stream (status `connecting` at once). */
  open: () => void
  /** Ends the stream and cancels any pending retry (status `closed` when it returns). */
  close: () => void
  /** Calls `handler` for every event of type `name`; returns the remover. */
  on: (name: string, handler: (message: EventSourceMessage<Data>) => void) => () => void
  /** Every message that reaches `onMessage`, for views such as `useLiveFeed` (non-enumerable). */
  readonly [MESSAGES]: MessageStream<EventSourceMessage<Data>>
}

type Url = string | URL | undefined

const invalidCallback = (value: unknown): never | undefined => value === undefined || typeof value === 'function' ? undefined : value as never

/**
 * Server-Sent Events as reactive state, with the call signature and return names of VueUse's
 * `useEventSource`: spec-exact native or fetch reader, backoff, resume by `Last-Event-ID`, POST and
 * headers, idle detection and AI token streams.
 */
export function useEventSource<Events extends string[] = string[], Data = any>(
  url: MaybeRefOrGetter<Url>,
  events?: Events | UseEventSourceOptions<Data>,
  options?: UseEventSourceOptions<Data>,
): UseEventSourceReturn<Events, Data> {
  const list = (Array.isArray(events) ? events : []) as string[]
  const o = (Array.isArray(events) ? options : events) ?? {}
  const { immediate = DEFAULTS.immediate, autoConnect = DEFAULTS.autoConnect, shared = DEFAULTS.shared, serializer, autoReconnect, headers, body, onOpen, onMessage, onError, ...rest } = o
  if (shared === 'browser')
    warn('useEventSource: shared: \'browser\' is not available yet; sharing within this tab instead.')
  const reconnect = typeof autoReconnect === 'object' ? autoReconnect : {}
  const init: EventSourceTransportOptions<Data> = {
    ...rest,
    events: list,
    parse: rest.parse ?? serializer?.read,
    retry: rest.retry ?? (autoReconnect === undefined
      ? undefined
      : autoReconnect && { retries: typeof reconnect.retries === 'number' && reconnect.retries >= 0 ? reconnect.retries : Infinity, initialDelay: reconnect.delay, factor: 1, jitter: false } as BackoffOptions),
    // `toValue` calls a getter or an async function alike; the transport awaits what comes back.
    headers: headers && ((() => toValue(headers)) as PerAttempt<HeadersInit | undefined>),
    body: body === undefined ? undefined : () => toValue(body),
    // The callbacks are bound per caller below (a shared transport serves several); one that is not a
    // function goes to the transport only so that its validation fails naming it (INVALID_OPTION).
    onOpen: invalidCallback(onOpen),
    onMessage: invalidCallback(onMessage),
    onError: invalidCallback(onError),
  }

  const keyOf = (u: Url): string => `sse ${u} ${JSON.stringify([list, rest.mode, rest.method, rest.credentials, rest.withCredentials, rest.json])}`
  const acquire = (u: Url): EventSourceTransport<Data> => shared
    ? registry.acquire(keyOf(u), () => new EventSourceTransport<Data>({ ...init, url: u }), t => t.dispose())
    : new EventSourceTransport<Data>({ ...init, url: u })
  const release = (t: EventSourceTransport<Data>, u: Url): void => shared ? registry.release(keyOf(u)) : t.dispose()

  let current = toValue(url)
  let transport = acquire(current)
  // One ref per snapshot field (every field is returned).
  const { refs, setSource } = useSnapshotRefs(transport, Object.keys(transport.getSnapshot()) as (keyof EventSourceSnapshot<Data>)[])
  const handlers = new Set<{ name: string, handler: (message: EventSourceMessage<Data>) => void, off: () => void }>()
  let offs: (() => void)[] = []

  // Callbacks are this caller's own, also on a shared transport: they hang on its snapshot and events.
  const bind = (): void => {
    offs.forEach(off => off())
    for (const entry of handlers) {
      entry.off()
      entry.off = transport.on(entry.name, entry.handler)
    }
    offs = typeof onMessage === 'function' ? ['message', ...list].map(name => transport.on(name, onMessage)) : []
    offs.push(transport.subscribe((now: EventSourceSnapshot<Data>, before: EventSourceSnapshot<Data>) => {
      if (now.status === 'open' && before.status !== 'open')
        safe(onOpen)
      if (now.error && now.error !== before.error) {
        safe(onError, now.error)
        if (now.error.code === 'RETRY_LIMIT')
          safe(reconnect.onFailed)
      }
    }))
  }
  bind()
  // Invalid options fail the transport in its constructor, before `bind()` could hear about it.
  const initial = transport.getSnapshot()
  if (initial.status === 'failed' && initial.error)
    safe(onError, initial.error)

  const live = (): boolean => ['connecting', 'open', 'reconnecting', 'paused'].includes(transport.getSnapshot().status)
  const open = (): void => {
    if (!shared || !live())
      transport.open()
  }

  watch(() => toValue(url)?.toString(), (next) => {
    if (next === current?.toString())
      return
    if (shared) {
      release(transport, current)
      transport = acquire(next)
      setSource(transport)
      bind()
    }
    else {
      transport.setOptions({ url: next })
    }
    current = next
    // (with autoConnect off, a live stream stays on its URL until the next open())
    if (autoConnect && next === undefined)
      transport.close()
    else if (autoConnect)
      open()
  })

  whenMounted(() => {
    if (immediate)
      open()
  })

  tryOnScopeDispose(() => {
    offs.forEach(off => off())
    handlers.forEach(entry => entry.off())
    const last = transport.getSnapshot()
    release(transport, current)
    // DESIGN §1: scope disposal reads `closed` (the refs stopped listening already, and a shared
    // transport may live on for its other callers): this caller's last view is final.
    setSource({ getSnapshot: () => ({ ...last, status: 'closed', retryIn: null }), subscribe: () => () => {} })
  })

  const on: UseEventSourceReturn<Events, Data>['on'] = (name, handler) => {
    const entry = { name, handler, off: transport.on(name, handler) }
    handlers.add(entry)
    return () => {
      handlers.delete(entry)
      entry.off()
    }
  }
  return withMessages({
    ...refs,
    open,
    close: () => transport.close(),
    on,
  }, (handler: (message: EventSourceMessage<Data>) => void) => {
    // the events `onMessage` hears: unnamed ones and those named in `events`
    const offs = ['message', ...list].map(name => on(name, handler))
    return () => offs.forEach(off => off())
  }) as UseEventSourceReturn<Events, Data>
}
