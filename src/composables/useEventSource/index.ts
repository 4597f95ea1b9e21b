import type { MaybeRefOrGetter, ShallowRef } from 'vue'
import type { BackoffOptions, ConnectionStatus, EventSourceMessage, EventSourceSnapshot, EventSourceTransportOptions, LifelineError, PerAttempt } from '../../core'
import { toValue } from 'vue'
import { EventSourceTransport } from '../../core'
import { safe } from '../../core/lifecycle'
import { isObject } from '../../core/validate'
import type { MessageMap } from '../types'
import type { MessageStream, MESSAGES } from '../_internal'
import { useConnection, withMessages } from '../_internal'

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
   * Share one connection per URL and options among all callers in the page (`true` = `'tab'`), or among
   * all tabs of the origin (`'browser'`: one leader tab holds the stream, in fetch mode, and hands it over
   * without losing an event when it closes; the others follow, and `close()` detaches one tab). The first
   * caller's options are used.
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
export interface UseEventSourceReturn<Events extends string[] = string[], Data = any, Map extends MessageMap = Record<string, Data>> {
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
  /**
   * Calls `handler` for every event of type `name`; returns the remover. With an event map
   * (`useEventSource<Data, { notice: Notice }>`) the message of each name is typed by it.
   */
  on: <K extends keyof Map & string>(name: K, handler: (message: EventSourceMessage<Map[K]>) => void) => () => void
  /** Every message that reaches `onMessage`, for views such as `useLiveFeed` (non-enumerable). */
  readonly [MESSAGES]: MessageStream<EventSourceMessage<Data>>
}

type Url = string | URL | undefined

const LIVE = ['connecting', 'open', 'reconnecting', 'paused']

/**
 * Server-Sent Events as reactive state, with the call signature and return names of VueUse's
 * `useEventSource`: spec-exact native or fetch reader, backoff, resume by `Last-Event-ID`, POST and
 * headers, idle detection and AI token streams.
 *
 * `data` is the raw `string` unless `json` or `parse` is set. Give its type as the only type argument
 * (`useEventSource<Tick>(url, { json: true })`) or let `parse` infer it; VueUse's order
 * (`useEventSource<string[], Tick>(url, …)`) works too, and its third type argument maps named events
 * to their data (`useEventSource<string[], Tick, { notice: Notice }>` types `on('notice', …)`).
 */
export function useEventSource<Data = any>(url: MaybeRefOrGetter<Url>, options: UseEventSourceOptions<Data> & { json: true }): UseEventSourceReturn<string[], Data>
export function useEventSource<Data = string>(url: MaybeRefOrGetter<Url>, options?: UseEventSourceOptions<Data>): UseEventSourceReturn<string[], Data>
export function useEventSource<Events extends string[] = string[], Data = any, Map extends MessageMap = Record<string, Data>>(url: MaybeRefOrGetter<Url>, events: Events | undefined, options: UseEventSourceOptions<Data> & { json: true }): UseEventSourceReturn<Events, Data, Map>
export function useEventSource<Events extends string[] = string[], Data = string, Map extends MessageMap = Record<string, Data>>(url: MaybeRefOrGetter<Url>, events?: Events, options?: UseEventSourceOptions<Data>): UseEventSourceReturn<Events, Data, Map>
export function useEventSource<Events extends string[], Data = any, Map extends MessageMap = Record<string, Data>>(url: MaybeRefOrGetter<Url>, options: UseEventSourceOptions<Data>): UseEventSourceReturn<Events, Data, Map>
export function useEventSource<Events extends string[] = string[], Data = any>(
  url: MaybeRefOrGetter<Url>,
  events?: Events | UseEventSourceOptions<Data>,
  options?: UseEventSourceOptions<Data>,
): UseEventSourceReturn<Events, Data> {
  const list = (Array.isArray(events) ? events : []) as string[]
  // `useEventSource(url, undefined, options)`: VueUse's `events = []` default takes it, and code written for VueUse does it
  const o = ((events && !Array.isArray(events) ? events : options) ?? {}) as UseEventSourceOptions<Data>
  const { immediate = DEFAULTS.immediate, autoConnect = DEFAULTS.autoConnect, shared = DEFAULTS.shared, serializer, autoReconnect, headers, body, onOpen, onMessage, onError, ...rest } = o
  const reconnect = isObject(autoReconnect) ? autoReconnect : {}
  const init: EventSourceTransportOptions<Data> = {
    ...rest,
    events: list,
    parse: rest.parse ?? serializer?.read,
    retry: rest.retry ?? (autoReconnect === undefined
      ? undefined
      : !!autoReconnect && {
          // VueUse: a number (-1 = forever) or a predicate asked before each retry
          retries: typeof reconnect.retries === 'function' || reconnect.retries! >= 0 ? reconnect.retries : Infinity,
          initialDelay: reconnect.delay,
          factor: 1,
          jitter: false,
        } as BackoffOptions),
    // `toValue` calls a getter or an async function alike; the transport awaits what comes back.
    headers: headers && ((() => toValue(headers)) as PerAttempt<HeadersInit | undefined>),
    body: body === undefined ? undefined : () => toValue(body),
  }
  // a shared stream others are reading is not restarted by one more caller
  const start = (transport: EventSourceTransport<Data>): void => {
    if (!shared || !LIVE.includes(transport.getSnapshot().status))
      transport.open()
  }
  const { refs, get, on, messages } = useConnection<EventSourceTransport<Data>, EventSourceSnapshot<Data>, Url>({
    target: () => toValue(url),
    // shared across tabs: a successor resumes after the group's last event (fetch mode: native
    // `EventSource` cannot send `Last-Event-ID` on a new stream), and a hidden leader tab does not pause
    // the stream of the tabs that show it
    create: (u, invalid, resume) => new EventSourceTransport<Data>(shared === 'browser'
      ? { ...init, url: u, mode: init.mode === 'native' ? 'native' : 'fetch', pauseWhenHidden: false, lastEventId: resume as string | undefined }
      : { ...init, ...invalid, url: u }),
    key: u => shared ? `sse ${u} ${JSON.stringify([list, rest.mode, rest.method, rest.credentials, rest.withCredentials, rest.json])}` : null,
    changed: (transport, u, moved) => {
      if (!moved)
        transport.setOptions({ url: u })
      // (with autoConnect off, a live stream stays on its URL until the next open())
      if (autoConnect && u === undefined)
        transport.close()
      else if (autoConnect)
        start(transport)
    },
    hooks: [{ onOpen, onMessage, onError }, {
      onError: (error: LifelineError) => {
        if (error.code === 'RETRY_LIMIT')
          safe(reconnect.onFailed, [])
      },
    }],
    start: immediate ? start : undefined,
    browser: () => shared === 'browser',
  })

  return withMessages({
    ...refs,
    open: () => start(get()),
    close: () => get().close(),
    on,
  }, messages) as UseEventSourceReturn<Events, Data>
}
