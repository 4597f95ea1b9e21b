import type { ComputedRef, ShallowRef } from 'vue'
import type { VListHandle } from 'virtua/vue'
import type { UseLiveFeedReturn } from '../../composables/useLiveFeed'
import type { LiveFeedProps } from './props'
import { computed, nextTick, onScopeDispose, shallowRef, watch } from 'vue'
import { useLiveFeed } from '../../composables/useLiveFeed'
import type { Translate } from '../_internal'
import { useLocale } from '../_internal'
import { liveFeedEn } from '../locale/lang/enParts'

/** A scroll event this soon after wheel, touch or key input is the user's (else: layout or our own scrolling). */
const USER_INPUT_MS = 400

/** What the template needs. */
export interface LiveFeedView<T> {
  t: Translate
  feed: ComputedRef<UseLiveFeedReturn<T>>
  /** The items as rendered (newest last, or first with `newestFirst`). */
  data: Readonly<ShallowRef<readonly T[]>>
  /** virtua's `shift`: keep the view anchored at the far edge while the near edge changes. */
  shift: Readonly<ShallowRef<boolean>>
  following: Readonly<ShallowRef<boolean>>
  /** Items arrived while scrolled away or paused. */
  newCount: ComputedRef<number>
  announcement: Readonly<ShallowRef<string>>
  keyOf: (item: T, index: number) => PropertyKey
  textOf: (item: T) => string
  timeOf: (item: T) => { text: string, iso: string } | null
  onScroll: (offset: number) => void
  onResize: () => void
  markUserInput: (event: Event) => void
  jump: () => void
}

/**
 * `fn`, or `fallback` when it throws: a throwing `item-text`/`item-time`/`item-key` must not take the whole
 * list down; the error is rethrown asynchronously, so it still reaches the app's error reporting.
 */
function guarded<A extends unknown[], R>(fn: (...args: A) => R, fallback: (...args: A) => R): (...args: A) => R {
  return (...args) => {
    try {
      return fn(...args)
    }
    catch (error) {
      queueMicrotask(() => {
        throw error
      })
      return fallback(...args)
    }
  }
}

function defaultText(item: unknown): string {
  if (typeof item === 'string')
    return item
  if (item === null || item === undefined)
    return ''
  try {
    return JSON.stringify(item) ?? String(item)
  }
  catch {
    // circular or BigInt: still text, never a crash in render
    return String(item)
  }
}

/**
 * The view logic of `LlLiveFeed` over a headless `useLiveFeed`: following the newest edge, keeping the
 * reading position while items arrive and old ones drop, "N new", throttled announcements.
 */
export function useLiveFeedView<T>(
  props: LiveFeedProps<T>,
  list: Readonly<ShallowRef<(VListHandle & { $el?: HTMLElement }) | null>>,
  onFollow: (following: boolean) => void,
): LiveFeedView<T> {
  const { t, lang } = useLocale({ liveFeed: liveFeedEn })
  const own = useLiveFeed<any, T>(() => (props.feed ? null : props.source), {
    max: () => props.max!,
    select: message => (props.select ? props.select(message) : message),
  })
  const feed = computed(() => props.feed ?? own)

  const data = shallowRef<readonly T[]>([])
  const shift = shallowRef(false)
  const following = shallowRef(true)
  // sequence number (in the feed) of the oldest rendered item: keys stay stable while old items drop
  let firstSeq = 0
  let followedUntil = 0
  const setFollowing = (value: boolean): void => {
    if (following.value === value)
      return
    following.value = value
    followedUntil = feed.value.received.value
    onFollow(value)
  }

  const view = (items: readonly T[]): readonly T[] => (props.newestFirst ? items.slice().reverse() : items)
  let generation = 0
  watch(() => feed.value.items.value, async (items) => {
    const run = ++generation
    const nextFirst = feed.value.received.value - items.length
    const current = data.value
    const removed = nextFirst - firstSeq
    if (removed > 0 && removed < current.length) {
      // virtua keys its size cache by index and learns where items went from `shift` and a change of
      // length. A full ring buffer drops as many old items as it gets new ones, so its length stays: apply
      // the drop alone first, then the arrivals (two renders inside one frame). Both keep the rows in view
      // where they are, and the measured sizes stay with their rows.
      shift.value = !props.newestFirst
      data.value = props.newestFirst ? current.slice(0, current.length - removed) : current.slice(removed)
      firstSeq += removed
      await nextTick()
      if (run !== generation)
        return
    }
    else if (removed > 0 && current.length) {
      // nothing in common with what is rendered (more arrived in one update than `max`): at the same
      // length virtua's index-keyed size cache would lend the old rows' sizes to the new ones; an empty
      // list in between clears it
      data.value = []
      await nextTick()
      if (run !== generation)
        return
    }
    // arrivals at the top (newest first) are a shift too; following the top, the view returns there after
    shift.value = !!props.newestFirst
    firstSeq = nextFirst
    data.value = view(items)
  })
  // a new order renders anew
  watch(() => props.newestFirst, () => {
    data.value = view(feed.value.items.value)
    scrollToEdge()
  })

  const scrollToEdge = (): void => {
    const el = list.value?.$el
    if (!el)
      return
    // (the browser clamps scrollTop to its maximum: the bottom)
    el.scrollTop = props.newestFirst ? 0 : el.scrollHeight
    // virtua moves its rendered range on `scroll` events, which the browser dispatches at the next frame:
    // until then the new position would show no rows (a blank frame at every update while following).
    // Telling it now renders and measures the rows there in this frame, before paint.
    el.dispatchEvent(new Event('scroll'))
  }
  watch(data, () => {
    if (following.value)
      scrollToEdge()
  }, { flush: 'post' })

  let userUntil = 0
  let pointerDown = false
  const markUserInput = (event: Event): void => {
    if (event.type === 'pointerdown') {
      pointerDown = true
      addEventListener('pointerup', () => (pointerDown = false), { once: true })
    }
    userUntil = performance.now() + USER_INPUT_MS
  }
  const onScroll = (offset: number): void => {
    const handle = list.value
    if (!handle)
      return
    const distance = props.newestFirst ? offset : handle.scrollSize - offset - handle.viewportSize
    if (distance <= props.stickThreshold!)
      setFollowing(true)
    // only the user leaves the edge: measuring rows and our own scrolling move the offset too
    else if (pointerDown || performance.now() < userUntil)
      setFollowing(false)
  }
  // Rows measured after they rendered change the height: return to the edge, at the next frame. Now (inside
  // virtua's ResizeObserver callback) rows that come into view would be mounted too late to be measured
  // before paint, and virtua hides unmeasured rows: the view would flash empty.
  let restick: number | undefined
  const onResize = (): void => {
    if (following.value && restick === undefined) {
      restick = requestAnimationFrame(() => {
        restick = undefined
        if (following.value)
          scrollToEdge()
      })
    }
  }
  onScopeDispose(() => restick !== undefined && cancelAnimationFrame(restick))

  const newCount = computed(() => {
    const f = feed.value
    return f.unseen.value + (following.value ? 0 : f.received.value - followedUntil)
  })
  const jump = (): void => {
    feed.value.resume()
    setFollowing(true)
    scrollToEdge()
  }

  // Polite summaries, never one per item (CleverCloud #1296: a live region on a virtualised list
  // re-announces recycled rows): the count since the last one, at most every `announce` ms.
  const announcement = shallowRef('')
  let announcedUpTo = feed.value.received.value
  let announceTimer: ReturnType<typeof setTimeout> | undefined
  watch(() => feed.value.received.value, () => {
    if (props.announce === false || announceTimer !== undefined)
      return
    announceTimer = setTimeout(() => {
      announceTimer = undefined
      const count = feed.value.received.value - announcedUpTo
      announcedUpTo += count
      if (count <= 0)
        return
      const text = count === 1 ? t('lifeline.liveFeed.announceOne') : t('lifeline.liveFeed.announceMany', { count })
      // the same words twice are not announced twice: make the second differ invisibly
      announcement.value = text === announcement.value.trim() ? `${text}\u00A0` : text
    }, Math.min(props.announce!, 2 ** 31 - 1))
  })
  onScopeDispose(() => clearTimeout(announceTimer))

  const seqKey = (_item: T, index: number): PropertyKey => (props.newestFirst ? firstSeq + data.value.length - 1 - index : firstSeq + index)
  const keyOf = guarded((item: T, index: number): PropertyKey => {
    const key = props.itemKey
    if (typeof key === 'function')
      return key(item, index)
    return key ? (item as Record<string, PropertyKey>)[key]! : seqKey(item, index)
  }, seqKey)
  const formatter = computed(() => new Intl.DateTimeFormat(lang.value, props.timeFormat))
  const timeOf = guarded((item: T): { text: string, iso: string } | null => {
    const value = props.itemTime?.(item)
    const date = value === null || value === undefined ? null : new Date(value)
    return date && !Number.isNaN(date.getTime()) ? { text: formatter.value.format(date), iso: date.toISOString() } : null
  }, () => null)
  const textOf = guarded((item: T): string => (props.itemText ?? defaultText)(item), defaultText)

  return {
    t,
    feed,
    data,
    shift,
    following,
    newCount,
    announcement,
    keyOf,
    textOf,
    timeOf,
    onScroll,
    onResize,
    markUserInput,
    jump,
  }
}
