import type { LiveFeedSource, UseLiveFeedReturn } from '../../composables/useLiveFeed'

/** Props of `LlLiveFeed`: what feeds it, how items look, how it follows. */
export interface LiveFeedProps<T = any> {
  /**
   * @description A vue-lifeline composable return whose every message becomes an item (through
   * `select`). Ignored when `feed` is given.
   */
  source?: LiveFeedSource | null
  /**
   * @description A `useLiveFeed()` return to show, for a feed you also fill, pause or clear yourself.
   * Then `source`, `max` and `select` are the feed's own business.
   */
  feed?: UseLiveFeedReturn<T>
  /**
   * @description Most items kept (ring buffer); older ones are dropped.
   * @default 1000
   */
  max?: number
  /** @description Maps a message of `source` to an item; `undefined` skips it. */
  select?: (message: any) => T | undefined
  /**
   * @description Key of an item: a property name or a function. By default each item gets its
   * sequence number in the feed (stable while the ring buffer drops old items).
   */
  itemKey?: string | ((item: T, index: number) => PropertyKey)
  /**
   * @description The text of an item, rendered as text (never as HTML). By default a string is shown as
   * is and anything else as JSON.
   */
  itemText?: (item: T) => string
  /**
   * @description The time of an item (ms since the epoch, a `Date` or an ISO string), shown before it,
   * formatted for the Element Plus locale. No time column without it.
   */
  itemTime?: (item: T) => number | string | Date | null | undefined
  /**
   * @description `Intl.DateTimeFormat` options of the time column.
   * @default { hour: '2-digit', minute: '2-digit', second: '2-digit' }
   */
  timeFormat?: Intl.DateTimeFormatOptions
  /**
   * @description Newest item at the top (the feed follows the top edge) instead of at the bottom.
   * @default false
   */
  newestFirst?: boolean
  /**
   * @description Height of the list (a number is px). Also settable with `--ll-live-feed-height`.
   * @default 360px, from the CSS
   */
  height?: number | string
  /**
   * @description Distance (px) from the newest edge within which the feed counts as "at the edge" and
   * follows new items.
   * @default 48
   */
  stickThreshold?: number
  /**
   * @description Polite screen-reader summaries ("5 new messages"): at most one every N ms, or `false`.
   * @default 5000
   */
  announce?: number | false
  /** @description Accessible name of the list (default: the locale's "Live feed"). */
  label?: string
}

/** Defaults of {@link LiveFeedProps}. */
export const liveFeedPropsDefaults = {
  max: 1000,
  timeFormat: () => ({ hour: '2-digit', minute: '2-digit', second: '2-digit' }) as Intl.DateTimeFormatOptions,
  newestFirst: false,
  stickThreshold: 48,
  announce: 5000,
} as const

/** Events of `LlLiveFeed`. */
export interface LiveFeedEmits {
  /** The feed started (`true`) or stopped (`false`) following the newest edge: the user scrolled away or back. */
  follow: [following: boolean]
}

/** Slots of `LlLiveFeed`. */
export interface LiveFeedSlots<T = any> {
  /** One item (replaces the time and text). */
  item?: (props: { item: T, index: number }) => any
  /** Shown while there is no item. */
  empty?: () => any
  /** Above the list: counts and state for your own controls. */
  header?: (props: { count: number, received: number, dropped: number, unseen: number, paused: boolean, following: boolean }) => any
}

/** What a template ref to `LlLiveFeed` exposes (refs unwrapped, as Vue exposes them). */
export interface LiveFeedExposed<T = any> {
  /** The headless feed shown: `push`, `pause`, `resume`, `clear`, `items`, counts. */
  feed: UseLiveFeedReturn<T>
  /** Whether the view follows the newest edge. */
  following: boolean
  /** Scrolls to the newest item and follows again (resumes a paused feed). */
  scrollToLatest: () => void
}
