import type { MaybeRefOrGetter, ShallowRef } from 'vue'
import type { Scheduler } from '../../core'
import type { MessageSource } from '../_internal'
import type { LiveFeedFlush } from './batch'
import { getCurrentScope, onScopeDispose, shallowRef, toValue, watch } from 'vue'
import { defaultScheduler, LifelineError } from '../../core'
import { warn } from '../../core/dev'
import { checkFunction, checkNumberAtLeast } from '../../core/validate'
import { MESSAGES } from '../_internal'
import { createBatcher } from './batch'

export type { LiveFeedFlush } from './batch'

/** Defaults of {@link UseLiveFeedOptions}. */
const DEFAULTS = {
  max: 1000,
  flush: 'frame',
  paused: false,
} as const

/** The longest delay a timer takes (2³¹−1 ms); above it `setTimeout` fires at once. */
const MAX_DELAY = 2 ** 31 - 1

/** What feeds a live feed: any vue-lifeline composable return (`useEventSource`, `useWebSocketAuto`, `usePolling`). */
export type LiveFeedSource<M = any> = MessageSource<M>

/** Options of {@link useLiveFeed}. */
export interface UseLiveFeedOptions<M = any, T = M> {
  /**
   * Capacity of the ring buffer: beyond it the oldest items are dropped (and counted in `dropped`).
   * A ref or getter is read at every update. A value that is not a whole number ≥ 1 sets `error`
   * (`INVALID_OPTION`) and the default is used.
   * @default 1000
   */
  max?: MaybeRefOrGetter<number>
  /**
   * Maps a message of `source` to the item to keep; `undefined` skips the message. Not applied to `push()`.
   * A `select` that throws skips that message only; the error is rethrown asynchronously (it still
   * reaches your error reporting) and the feed goes on.
   * @default the message itself
   */
  select?: (message: M) => T | undefined
  /**
   * When arrivals are applied to `items`: `'frame'` (once per animation frame, with a timer fallback in
   * hidden tabs, where frames stop), or every N ms.
   * @default 'frame'
   */
  flush?: LiveFeedFlush
  /**
   * Start paused: items are held (and counted in `unseen`) until `resume()`.
   * @default false
   */
  paused?: boolean
  /** Timers (tests). @default the platform timers */
  scheduler?: Scheduler
}

/** What {@link useLiveFeed} returns. */
export interface UseLiveFeedReturn<T = any> {
  /** The kept items, oldest first, newest last; a new array at each update (never deep-reactive). */
  items: Readonly<ShallowRef<readonly T[]>>
  /**
   * How many items arrived, counted at each update of `items` (so not while paused); dropped and
   * cleared ones included. `items` is always the newest run of them: the item at index `i` is number
   * `received - items.length + i` in that sequence, a stable key for views.
   */
  received: Readonly<ShallowRef<number>>
  /** How many items the ring buffer dropped (oldest first) to stay within `max`. */
  dropped: Readonly<ShallowRef<number>>
  /** Items that arrived while paused (shown at `resume()`); reset by `resume()` and `clear()`. */
  unseen: Readonly<ShallowRef<number>>
  /** Whether arrivals are held back. */
  paused: Readonly<ShallowRef<boolean>>
  /** An invalid option (`INVALID_OPTION`), else `null`. */
  error: Readonly<ShallowRef<LifelineError | null>>
  /** Adds one item, or each item of an array, at the next update. */
  push: (item: T | readonly T[]) => void
  /** Holds arrivals back: `items` stays as it is, `unseen` counts what waits. */
  pause: () => void
  /** Shows what arrived while paused (at the next update) and follows again. */
  resume: () => void
  /** Empties `items` and what waits; `unseen` back to 0 (`received` and `dropped` keep counting). */
  clear: () => void
}

/**
 * A live list for thousands of messages a second: a ring buffer of the last `max` items, updated at
 * most once per animation frame, fed by `push()` or by any vue-lifeline composable (`source`), with
 * pause/resume and unseen counts. Headless: `LlLiveFeed` is its view.
 */
export function useLiveFeed<M = any, T = M>(
  source?: MaybeRefOrGetter<LiveFeedSource<M> | null | undefined>,
  options: UseLiveFeedOptions<M, T> = {},
): UseLiveFeedReturn<T> {
  const { scheduler = defaultScheduler } = options
  const items = shallowRef<readonly T[]>([])
  const received = shallowRef(0)
  const dropped = shallowRef(0)
  const unseen = shallowRef(0)
  const paused = shallowRef(options.paused ?? DEFAULTS.paused)
  const error = shallowRef<LifelineError | null>(null)

  /** `check(value)` or, when it throws, `error` and `fallback`. */
  const valid = <V>(check: () => V, fallback: V): V => {
    try {
      return check()
    }
    catch (e) {
      error.value = e as LifelineError
      return fallback
    }
  }
  const select = valid(() => checkFunction<(message: M) => T | undefined>('select', options.select), undefined)
  const flushMode = valid((): LiveFeedFlush => {
    const value = options.flush ?? DEFAULTS.flush
    return value === 'frame' ? value : Math.min(checkNumberAtLeast('flush', value, 0), MAX_DELAY)
  }, DEFAULTS.flush)
  // validated once per value (a reactive `max` is read at every update)
  let lastMax: unknown
  let validMax: number = DEFAULTS.max
  const capacity = (): number => {
    const value = toValue(options.max) ?? DEFAULTS.max
    if (value !== lastMax) {
      lastMax = value
      validMax = valid(() => {
        if (!Number.isInteger(value))
          throw new LifelineError('INVALID_OPTION', `Invalid option \`max\`: expected a whole number ≥ 1, got ${String(value)}.`, { option: 'max' })
        return checkNumberAtLeast('max', value, 1)
      }, DEFAULTS.max)
    }
    return validMax
  }
  capacity()

  // Arrivals wait here until the next update; bounded by `max` too, so a hidden tab (timers clamped to
  // ≥ 1 s) or a long pause cannot grow memory without end.
  let waiting: T[] = []
  // counted per item, published per update (one reactive change per frame, not per message)
  let arrivedWhilePaused = 0
  let arrived = 0

  const trim = (max: number): void => {
    if (waiting.length > max) {
      dropped.value += waiting.length - max
      waiting = waiting.slice(-max)
    }
  }

  const apply = (): void => {
    const max = capacity()
    trim(max)
    if (arrivedWhilePaused) {
      unseen.value += arrivedWhilePaused
      arrivedWhilePaused = 0
    }
    const current = items.value
    if (paused.value || (!waiting.length && current.length <= max))
      return
    const overflow = Math.max(0, current.length + waiting.length - max)
    // one new array per update (views compare identities); the oldest `overflow` items fall out
    items.value = overflow ? current.slice(overflow).concat(waiting) : current.concat(waiting)
    received.value = arrived
    dropped.value += overflow
    waiting = []
  }
  const batcher = createBatcher(apply, flushMode, scheduler)

  const add = (item: T): void => {
    // (trimmed here too: under Chrome's intensive throttling a hidden tab's timer may wait a minute)
    arrived++
    if (waiting.push(item) > 2 * validMax)
      trim(validMax)
    if (paused.value)
      arrivedWhilePaused++
    batcher.schedule()
  }

  const push = (item: T | readonly T[]): void => {
    if (Array.isArray(item))
      item.forEach(add)
    else
      add(item as T)
  }

  const accept = (message: M): void => {
    let item: T | undefined
    try {
      item = select ? select(message) : message as unknown as T
    }
    catch (e) {
      // the policy of every vue-lifeline callback: the feed goes on, the app still hears of it
      queueMicrotask(() => {
        throw e
      })
      return
    }
    if (item !== undefined)
      add(item)
  }

  watch(() => toValue(source), (next, _previous, onCleanup) => {
    if (!next)
      return
    const stream = next[MESSAGES]
    if (typeof stream !== 'function') {
      if (process.env.NODE_ENV !== 'production')
        warn('useLiveFeed: `source` is not a vue-lifeline composable return (it has no message stream); use push() instead.')
      return
    }
    onCleanup(stream(accept))
    // sync: a message delivered right after the source changed must come from the new one only
  }, { immediate: true, flush: 'sync' })

  // a smaller `max` applies at once, not only with the next arrival
  watch(() => toValue(options.max), batcher.schedule)
  if (getCurrentScope())
    onScopeDispose(batcher.cancel)

  return {
    items,
    received,
    dropped,
    unseen,
    paused,
    error,
    push,
    pause: () => {
      paused.value = true
    },
    resume: () => {
      if (!paused.value)
        return
      paused.value = false
      unseen.value = arrivedWhilePaused = 0
      batcher.schedule()
    },
    clear: () => {
      waiting = []
      unseen.value = arrivedWhilePaused = 0
      batcher.cancel()
      items.value = []
    },
  }
}
