import type { ConnectionStatus } from '../../core'

/**
 * A vue-lifeline language pack. Its shape follows Element Plus's own packs (`{ name, el: {…} }`) with
 * our strings under `lifeline`, so users merge it into the Element Plus locale they already pass to
 * `ElConfigProvider` (`{ ...elZhCn, ...zhCn }`) and one switch translates both. `{name}` placeholders
 * are filled in by the components.
 */
export interface LifelineLocale {
  /** Language tag, as in Element Plus packs (`en`, `zh-cn`); also used to format dates and numbers. */
  name: string
  lifeline: {
    /** Label of each connection status (badges, tooltips, live-region summaries). */
    status: Record<ConnectionStatus, string>
    /** `LlConnectionBadge`. */
    connectionBadge: {
      /** Accessible name of the badge: `{status}`. */
      label: string
      /** The button that reconnects at once. */
      retry: string
      /** Tooltip: retries since the last healthy connection, `{attempt}`. */
      attempt: string
      /** Tooltip: countdown to the next attempt, `{seconds}`. */
      retryIn: string
      /** Tooltip: heartbeat round trip, `{ms}`. */
      latency: string
      /** Tooltip: heading before the error message. */
      error: string
    }
    /** `LlLiveFeed`. */
    liveFeed: {
      /** Accessible name of the scrolling list. */
      label: string
      /** Shown while the feed has no item. */
      empty: string
      /** The jump-to-latest button while scrolled up: `{count}` new items. */
      newItems: string
      /** Accessible name of that button. */
      jumpToLatest: string
      /** Polite live-region summary for one new item. */
      announceOne: string
      /** Polite live-region summary for `{count}` new items. */
      announceMany: string
      /** Shown while the feed is paused. */
      paused: string
    }
    /** `LlSessionGuard`. `{time}` is `timeMinutes` or `timeSeconds`. */
    sessionGuard: {
      /** Title of a warning (expiry or inactivity). */
      warningTitle: string
      /** The inactivity warning, with its countdown: `{time}`. */
      idleWarning: string
      /** The expiry warning, with its countdown: `{time}`. */
      expiryWarning: string
      /** Title when the account was signed in elsewhere. */
      kickedTitle: string
      /** The classic question when the account was signed in elsewhere. */
      kicked: string
      /** Title when the session expired. */
      expiredTitle: string
      /** Body when the session expired. */
      expired: string
      /** Title after a sign-out for inactivity. */
      idleTitle: string
      /** Body after a sign-out for inactivity. */
      idle: string
      /** "Stay signed in" (extends the session). */
      staySignedIn: string
      /** "Sign out". */
      signOut: string
      /** "Sign in again". */
      signInAgain: string
      /** Closes a sign-out prompt and stays on the page. */
      cancel: string
      /** Closes a warning that cannot be extended (an expiry without keep-alive). */
      dismiss: string
      /** The countdown above a minute: `{minutes}`, `{seconds}`. */
      timeMinutes: string
      /** The countdown under a minute: `{seconds}`. */
      timeSeconds: string
      /** What a screen reader hears at each step of the countdown: `{time}`. */
      announce: string
      /** The non-blocking notice while the status cannot be checked. */
      unknown: string
    }
  }
}
