import type { MaybeRef, MaybeRefOrGetter, ShallowRef } from 'vue'
import type { ConnectionStatus, LifelineError, PollContext, PollFetcher, PollingEvents, PollingResume, PollingSnapshot, PollingTransportOptions } from '../../core'
import { toValue, unref, watch } from 'vue'
import { PollingTransport } from '../../core'
import type { MessageStream, MESSAGES } from '../_internal'
import { useConnection, withMessages } from '../_internal'

/** Defaults of the composable-only options (the transport's are in `POLLING_DEFAULTS`). */
const DEFAULTS = {
  immediate: true,
  shared: false,
} as const

/**
 * What to poll: a fetcher, or a URL (a string, `URL`, or a ref / computed of one; `null` waits).
 * A bare function is always the fetcher, never a getter of a URL: use `computed` for a reactive URL.
 * The context's `previous` is typed `any` here on purpose: a context typed by `T` would stop
 * TypeScript from inferring `T` from what the fetcher returns.
 */
export type UsePollingTarget<T = any, C = any> = ((context: PollContext<any, C>) => T | PromiseLike<T>) | MaybeRef<string | URL | null | undefined>

/** Options of {@link usePolling}: the transport's options plus the composable's own. */
export interface UsePollingOptions<T = any, C = any> extends Omit<PollingTransportOptions<T, C>, 'interval' | 'onMessage'> {
  /**
   * Wait (ms) between the end of one poll and the start of the next; a ref or getter is watched and a
   * change reschedules the pending wait. Ignored by long polling.
   * @default 3000
   */
  interval?: MaybeRefOrGetter<number>
  /**
   * Start at once (at mount inside a component, so server rendering never polls).
   * @default true
   */
  immediate?: boolean
  /**
   * One loop per target for all callers in the page (`true` = `'tab'`), or for all tabs of the origin
   * (`'browser'`, URL targets: one request per interval however many tabs, whichever of them is visible;
   * a new leader goes on with the cursor, `ETag` and data). The first caller's options win. A fetcher is
   * shared by identity (define it once, outside the component); across tabs only a URL names the same loop.
   * @default false
   */
  shared?: boolean | 'tab' | 'browser'
  /** Status became `open`: a poll succeeded after start or after errors. */
  onOpen?: (data: T) => void
  /** A response brought new data (a `304` does not). */
  onUpdate?: (data: T) => void
  /** Same as `onUpdate` (the name every vue-lifeline composable understands). */
  onMessage?: (data: T) => void
  /** `until` ended the loop with this data. */
  onEnd?: (data: T) => void
  /** A poll failed (`RETRY_LIMIT` when retries are exhausted, `INVALID_OPTION` for bad options). */
  onError?: (error: LifelineError) => void
}

/** What {@link usePolling} returns. */
export interface UsePollingReturn<T = any> {
  /** The last accepted response (a `304` keeps it). */
  data: Readonly<ShallowRef<T | undefined>>
  status: Readonly<ShallowRef<ConnectionStatus>>
  /** The last error; cleared by the next success. */
  error: Readonly<ShallowRef<LifelineError | null>>
  /** Whether a request is in flight. */
  isFetching: Readonly<ShallowRef<boolean>>
  /** Consecutive failed polls (0 after a success). */
  attempt: Readonly<ShallowRef<number>>
  /** Backoff delay (ms) of the pending retry, else `null`. */
  retryIn: Readonly<ShallowRef<number | null>>
  /** When the last poll succeeded (ms since the epoch), a `304` included. */
  lastUpdatedAt: Readonly<ShallowRef<number | null>>
  /** Starts polling (status `connecting` at once). */
  start: () => void
  /** Stops polling and aborts the request in flight (status `closed` when it returns). */
  stop: () => void
  /** Suspends polling until `resume()` (status `paused`). */
  pause: () => void
  /** Ends a `pause()`; polls at once if the data is older than `interval`. */
  resume: () => void
  /** Polls now; the answer of a request still in flight can no longer become `data`. */
  refresh: () => void
  /** Alias of `start` (the shared vocabulary of all vue-lifeline composables). */
  open: () => void
  /** Alias of `stop`. */
  close: () => void
  /** Listens to `open`, `update`, `end` or `error`; returns the remover. */
  on: <K extends keyof PollingEvents<T>>(name: K, handler: (value: PollingEvents<T>[K]) => void) => () => void
  /** Every response that reaches `onUpdate`, for views such as `useLiveFeed` (non-enumerable). */
  readonly [MESSAGES]: MessageStream<T>
}

// a fetcher has no name to share by: its identity gets one
const ids = new WeakMap<object, number>()
let seq = 0

/**
 * Short and long polling as reactive state: never two requests at once, never a stale answer, errors
 * spaced by backoff, paused in hidden and offline pages, ended by `until`.
 */
export function usePolling<T = any, C = any>(target: UsePollingTarget<T, C>, options?: UsePollingOptions<T, C> | null): UsePollingReturn<T> {
  const { immediate = DEFAULTS.immediate, shared = DEFAULTS.shared, interval, onOpen, onUpdate, onMessage, onEnd, onError, ...rest } = options ?? {}
  type Target = PollFetcher<T, C> | string | URL | null | undefined
  const { refs, get, on, messages } = useConnection<PollingTransport<T, C>, PollingSnapshot<T>, Target>({
    target: () => unref(target),
    create: (t, invalid, resume) => {
      // shared across tabs: one request per interval whichever tab is visible, and a successor goes on
      // with the group's cursor, ETag and data
      const transport = new PollingTransport<T, C>(t, { ...rest, ...invalid, ...(invalid && { onUpdate }), ...(shared === 'browser' && typeof t !== 'function' && { pauseWhenHidden: false }), interval: toValue(interval) } as PollingTransportOptions<T, C>)
      if (resume)
        transport.seed(resume as PollingResume<T, C>)
      return transport
    },
    key: t => shared ? `poll ${rest.long ? 'long ' : ''}${typeof t === 'function' ? ids.get(t) ?? ids.set(t, ++seq).get(t) : t}` : null,
    changed: (transport, next, moved) => {
      if (!moved)
        transport.setTarget(next)
      if (wanted)
        transport.start()
    },
    // `onMessage` is `onUpdate` under the name every vue-lifeline composable understands
    hooks: [{ onOpen, onMessage: onUpdate, onEnd, onError }, { onMessage }],
    start: immediate ? t => t.start() : undefined,
    // (a fetcher has no name other tabs could know it by)
    browser: t => shared === 'browser' && typeof t !== 'function',
  })
  let wanted = immediate
  watch(() => toValue(interval), value => get().setOptions({ interval: value }))

  const start = (): void => {
    wanted = true
    get().start()
  }
  const stop = (): void => {
    wanted = false
    get().stop()
  }
  return withMessages({
    ...refs,
    start,
    stop,
    pause: () => get().pause(),
    resume: () => get().resume(),
    refresh: () => get().refresh(),
    open: start,
    close: stop,
    on: on as UsePollingReturn<T>['on'],
  }, messages) as UsePollingReturn<T>
}
