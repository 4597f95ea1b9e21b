import type { StreamSink } from './decoder'
import type { EventSourceTransportOptions, PerAttempt } from './types'
import { utf8Length } from '../bytes'
import { LifelineError } from '../errors'
import { retryAfter } from '../http'
import { createStreamDecoder, tooLarge } from './decoder'
import { isEventStream, utf8Header } from './http'

/** What a reader reports to the transport's state machine. Calls from a superseded reader are ignored there. */
export interface ReaderSink extends StreamSink {
  open: () => void
  /** Bytes arrived (comments too): the link is alive. */
  activity: () => void
  /** Lost (network error, end of body, retryable status): reconnect after backoff, never sooner than `floor` ms. */
  lost: (error: LifelineError, floor?: number) => void
  /** Native `EventSource` lost the connection and retries by itself. */
  retrying: (error: LifelineError) => void
  /** Failed for good (status, content type): no retry. */
  fail: (error: LifelineError) => void
}

/** A running connection attempt. */
export interface Reader {
  stop: () => void
  /** Native only: start listening to another event type. */
  listen?: (type: string) => void
  source?: EventSource
}

/** What a reader needs for one attempt. */
export interface ReaderInit {
  url: string
  /** The options resolved over the defaults. */
  options: EventSourceTransportOptions & { maxMessageSize: number }
  lastEventId: string
  types: Iterable<string>
  retryStatus: (status: number) => boolean
  now: () => number
  sink: ReaderSink
}

const resolve = <T>(value: PerAttempt<T>): T | Promise<T> => typeof value === 'function' ? (value as () => T | Promise<T>)() : value

const isPlain = (value: unknown): value is object =>
  Array.isArray(value) || (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype)

/**
 * The fetch reader: WHATWG HTML §9.2.3 "establish the connection" and §9.2.6 "interpret the stream"
 * over `fetch` + `ReadableStream`, so headers, POST and bodies work and comments are visible.
 */
export function readFetch({ url, options: o, lastEventId, retryStatus, now, sink }: ReaderInit): Reader {
  const controller = new AbortController()
  const { signal } = controller
  // An injected `fetch` need not honour `signal` (a wrapper, a mock, a polyfill): cancelling the body
  // too is what really releases the connection, and a response that comes after `stop()` is dropped.
  let body: Pick<ReadableStream, 'cancel'> | null | undefined
  const release = (): void => {
    body?.cancel().catch(() => {})
  }
  const run = async (): Promise<void> => {
    const headers = new Headers(await resolve(o.headers))
    if (!headers.has('accept'))
      headers.set('accept', 'text/event-stream')
    if (lastEventId)
      headers.set('last-event-id', utf8Header(lastEventId))
    let payload = await resolve(o.body)
    if (isPlain(payload)) {
      payload = JSON.stringify(payload)
      if (!headers.has('content-type'))
        headers.set('content-type', 'application/json')
    }
    // Stopped while an async header or body provider was pending (close(), a new URL, disposal): a
    // request sent now, even with an aborted signal, would reach an injected fetch that ignores it.
    if (signal.aborted)
      return
    const response = await (o.fetch ?? globalThis.fetch)(url, {
      method: o.method,
      headers,
      body: payload as BodyInit | null | undefined,
      credentials: o.credentials ?? (o.withCredentials ? 'include' : undefined),
      // `no-store` makes the browser itself add `Cache-Control: no-cache` as EventSource does (Fetch
      // §4.5), without the CORS preflight a hand-set header would cost.
      cache: 'no-store',
      signal,
    })
    body = response.body
    if (signal.aborted)
      return release()
    const { status, headers: received } = response
    const type = received.get('content-type')
    if (status !== 200) {
      release()
      const error = new LifelineError('HTTP_STATUS', process.env.NODE_ENV !== 'production' ? `The stream answered HTTP ${status}.` : '', { status })
      return retryStatus(status) ? sink.lost(error, retryAfter(received.get('retry-after'), now())) : sink.fail(error)
    }
    if (!isEventStream(type)) {
      release()
      return sink.fail(new LifelineError('BAD_CONTENT_TYPE', process.env.NODE_ENV !== 'production' ? `Expected text/event-stream, got ${type}.` : '', { status }))
    }
    sink.open()
    // (a locked stream can only be cancelled through its reader; no body at all is an empty stream)
    const reader = body = response.body?.getReader()
    // One decoder per response strips one leading BOM, as the spec's UTF-8 decode does.
    const decoder = new TextDecoder()
    const push = createStreamDecoder(sink, lastEventId, o.maxMessageSize)
    while (reader) {
      const { done, value } = await reader.read()
      if (done || signal.aborted)
        break
      sink.activity()
      push(decoder.decode(value, { stream: true }))
    }
    // A normal end reconnects (spec: "reestablish the connection"); an incomplete last event is dropped.
    sink.lost(new LifelineError('CLOSED_BY_SERVER', process.env.NODE_ENV !== 'production' ? 'The server ended the stream.' : ''))
  }
  run().catch((cause: unknown) => {
    if (!signal.aborted)
      sink.lost(new LifelineError('NETWORK', process.env.NODE_ENV !== 'production' ? 'The stream request failed.' : '', { cause }))
  })
  return {
    stop: () => {
      controller.abort()
      release()
    },
  }
}

/**
 * The native reader: the browser's `EventSource`, which parses in native code but hides comments and
 * statuses, and retries by itself (reported through `retrying`).
 */
export function readNative({ url, options: o, types, sink }: ReaderInit): Reader {
  const es = new (o.EventSource ?? globalThis.EventSource)(url, { withCredentials: o.withCredentials === true || o.credentials === 'include' })
  const seen = new Set<string>()
  const listen = (type: string): void => {
    if (seen.has(type))
      return
    seen.add(type)
    es.addEventListener(type, (event) => {
      // A server event named `error` or `open` shares its name with EventSource's own plain events.
      if (!('data' in event))
        return
      const { data, lastEventId } = event as MessageEvent<string>
      sink.activity()
      sink.id(lastEventId)
      if (o.maxMessageSize < Infinity && utf8Length(data) > o.maxMessageSize)
        return sink.error(tooLarge(o.maxMessageSize))
      sink.event(type, data)
    })
  }
  for (const type of types)
    listen(type)
  es.onopen = () => sink.open()
  // CONNECTING after `error` = the browser reconnects by itself (network error, end of body);
  // CLOSED = it failed for good (status, content type, CORS) and says nothing more.
  es.onerror = () => es.readyState === 2
    ? sink.fail(new LifelineError('NETWORK', process.env.NODE_ENV !== 'production' ? 'EventSource failed: the browser gives up (non-200 status, wrong content type or CORS).' : ''))
    : sink.retrying(new LifelineError('NETWORK', process.env.NODE_ENV !== 'production' ? 'EventSource lost the connection; the browser is reconnecting.' : ''))
  return { stop: () => es.close(), listen, source: es }
}
