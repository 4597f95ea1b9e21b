import type { BackoffOptions } from '../backoff'
import type { LifelineError } from '../errors'
import type { ConnectionSnapshot, LifecycleOptions } from '../lifecycle'

/** What a fetcher receives for every request. */
export interface PollContext<T = unknown, C = unknown> {
  /**
   * Aborted when the request is superseded (`refresh()`, a new target), stopped, paused or timed out.
   * Pass it to `fetch`: a response from an aborted request is discarded anyway.
   */
  signal: AbortSignal
  /** 0 for a regular poll, `n` for the n-th retry after consecutive errors. */
  attempt: number
  /** What `cursor(data)` returned for the last accepted response (`undefined` before the first). */
  cursor: C | undefined
  /** The current data: the last accepted response (`undefined` before the first). */
  previous: T | undefined
}

/** One poll: resolves with the new data, rejects (or throws) on failure. */
export type PollFetcher<T = unknown, C = unknown> = (context: PollContext<T, C>) => T | PromiseLike<T>

/** Where a transport polls: a fetcher, or a URL for the GET + JSON + `ETag` shorthand. */
export type PollTarget<T = unknown, C = unknown> = PollFetcher<T, C> | string | URL

/** Options of {@link PollingTransport}; `usePolling` passes its own through. */
export interface PollingTransportOptions<T = unknown, C = unknown> extends Omit<LifecycleOptions, 'minUptime'> {
  /**
   * Wait (ms) between the end of one poll and the start of the next (fixed delay, so requests never
   * overlap however slow the server is). Ignored by long polling.
   * @default 3000
   */
  interval?: number
  /**
   * Long polling: request again as soon as a response arrives (the server holds each request until
   * it has news); only errors wait, with backoff.
   * @default false
   */
  long?: boolean
  /**
   * A request that has not settled after this many ms is aborted and reported as `REQUEST_TIMEOUT`
   * (then retried with backoff). For long polling keep it above the server's hold time. `0` = none.
   * @default 30000
   */
  timeout?: number
  /**
   * Derives the cursor of the next request from an accepted response (the fetcher gets it as
   * `cursor`; the URL shorthand sends it as `?cursor=`), so long polling resumes after the last event
   * it has seen: every event exactly once, across dropped connections.
   */
  cursor?: (data: T, previous: C | undefined) => C
  /**
   * Name of the query parameter carrying the cursor in the URL shorthand.
   * @default 'cursor'
   */
  cursorParam?: string
  /** Ends the loop when it returns `true` for an accepted response: status `closed`, `end` event. */
  until?: (data: T) => boolean
  /**
   * Backoff after errors; `false` → the first error ends in `failed`. Errors never stop the loop until
   * `retries` is exhausted. A `Retry-After` header on a failed response is honoured as the floor.
   * @default true (BackoffOptions defaults: unlimited retries, 1 s doubling to 30 s, full jitter)
   */
  retry?: boolean | BackoffOptions
  /**
   * Pause while the page is hidden (status `paused`, request in flight aborted); on return, poll at
   * once if the data is older than `interval`.
   * @default true
   */
  pauseWhenHidden?: boolean
  /**
   * Pause while the browser is offline; on return, poll at once if the data is older than `interval`.
   * @default true
   */
  pauseWhenOffline?: boolean
  /** Request headers of the URL shorthand. */
  headers?: HeadersInit
  /**
   * `fetch` used by the URL shorthand.
   * @default globalThis.fetch (looked up per request)
   */
  fetch?: typeof fetch
  /** Status became `open`: a poll succeeded after start or after errors. */
  onOpen?: (data: T) => void
  /** A response brought data different from the current one (a `304`/`204` does not). */
  onMessage?: (data: T) => void
  /** `until` ended the loop with this data. */
  onEnd?: (data: T) => void
  /** A poll failed (`RETRY_LIMIT` once retries are exhausted, `INVALID_OPTION` for bad options). */
  onError?: (error: LifelineError) => void
}

/** The immutable state of a {@link PollingTransport}. */
export interface PollingSnapshot<T = unknown> extends ConnectionSnapshot {
  /** The last accepted response (a `304` or `204` keeps it). */
  data: T | undefined
  /** Whether a request is in flight. */
  isFetching: boolean
  /** When (scheduler ms) the last poll succeeded, a `304` included. */
  lastUpdatedAt: number | null
}

/** Events of a {@link PollingTransport} and their payloads. */
export interface PollingEvents<T = unknown> {
  /** Status became `open` (a poll succeeded after start or after errors). */
  open: T
  /** A response brought data different from the current one (a `304` does not). */
  update: T
  /** `until` returned `true`: the loop ended with this data. */
  end: T
  /** A poll failed (then `RETRY_LIMIT` once retries are exhausted). */
  error: LifelineError
}

/** What a poller hands to a successor (`resumeState()`, then `seed()`): where it was and what it had. */
export interface PollingResume<T = unknown, C = unknown> {
  cursor: C | undefined
  etag: string | null
  data: T | undefined
  lastUpdatedAt: number | null
}
