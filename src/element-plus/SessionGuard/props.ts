import type { LifelineError } from '../../core'
import type { SessionGuardReason, SessionGuardState, SessionGuardTransport, SessionKeepAlive, SessionStatusMessage, UseSessionGuardReturn } from '../../composables/useSessionGuard'
import type { LifelineLocale } from '../locale'

/** The strings of the dialog; each replaces the locale's `lifeline.sessionGuard.*` one. */
export type SessionGuardTexts = Partial<LifelineLocale['lifeline']['sessionGuard']>

/**
 * Props of `LlSessionGuard`: the options of `useSessionGuard` (their JSDoc has the details) and how the
 * dialog looks. Every prop left unset takes the `sessionGuard` install option of `LifelinePlugin`, then
 * the default.
 */
export interface SessionGuardProps {
  /**
   * @description The status endpoint.
   * @default '/authorize/session-auth-status'
   */
  url?: string
  /**
   * @description `sse`, `ws` or `poll`.
   * @default 'sse'
   */
  transport?: SessionGuardTransport
  /**
   * @description Whether a status message means the session ended (may return `'kicked'` or `'expired'`).
   * @default message => message.status === 401
   */
  isExpired?: (message: SessionStatusMessage) => boolean | SessionGuardReason | null | undefined
  /**
   * @description Where "Sign out" goes (and "Sign in again" without `login-url`). Same origin only.
   * @default '/authorize/logout'
   */
  logoutUrl?: string
  /** @description Where "Sign in again" goes once the session is gone. Same origin only. */
  loginUrl?: string
  /** @description When the session expires (ms since the epoch); else `payload.expiresAt` of the messages. */
  expiresAt?: number | null
  /**
   * @description Ms before the end that the warning shows (never under 20 000).
   * @default 60000
   */
  warnBefore?: number
  /**
   * @description Ms without activity in any tab before the idle warning; `false`: off.
   * @default false
   */
  idleTimeout?: number | false
  /** @description "Stay signed in": a URL to POST or a function. */
  keepAlive?: SessionKeepAlive
  /**
   * @description Leaves the page.
   * @default url => location.assign(url)
   */
  navigate?: (url: string) => void
  /**
   * @description Leave by itself when a countdown ends.
   * @default true
   */
  autoRedirect?: boolean
  /** @description Names the guard (tabs with the same name share activity and decisions). */
  name?: string
  /**
   * @description One status connection for all tabs (`'browser'`), per tab, or per guard (`false`).
   * @default 'browser'
   */
  shared?: false | 'tab' | 'browser'
  /** @description The transport's own options (`retry`, `headers`, `interval`, `heartbeat`, …). */
  connectionOptions?: Record<string, unknown>
  /** @description Replaces strings of the locale (`kicked`, `staySignedIn`, …). */
  texts?: SessionGuardTexts
  /**
   * @description Offer "Cancel" on a sign-out prompt (stay on the page, e.g. to copy unsaved work).
   * @default true
   */
  dismissible?: boolean
  /**
   * @description Show a non-blocking notice while the status cannot be checked.
   * @default true
   */
  showUnknown?: boolean
  /**
   * @description Width of the dialog.
   * @default '420px'
   */
  width?: string | number
}

/**
 * Defaults of the component's own {@link SessionGuardProps} (the guard's options default in
 * `useSessionGuard`). Applied after the install options, so `app.use(LifelinePlugin, { sessionGuard })`
 * can change them too.
 */
export const sessionGuardPropsDefaults = {
  dismissible: true,
  showUnknown: true,
  width: '420px',
} as const

/** Events of `LlSessionGuard` (in every tab that shows the guard). */
export interface SessionGuardEmits {
  /** Signed in elsewhere (revoked): the status message that said so. */
  kicked: [message: SessionStatusMessage | null]
  /** The session expired. */
  expired: [message: SessionStatusMessage | null]
  /** Signed out for inactivity. */
  idle: []
  /** A countdown started. */
  warning: [reason: SessionGuardReason, remaining: number]
  /** "Stay signed in" worked (here or in another tab). */
  extended: [expiresAt: number | null]
  /** Leaving for `url`. */
  logout: [url: string]
  /** The status cannot be checked; the guard keeps retrying. */
  unknown: [error: LifelineError | null]
}

/** What the slots receive. */
export interface SessionGuardSlotProps {
  state: SessionGuardState
  reason: SessionGuardReason | null
  /** Seconds left while `warning`. */
  remaining: number | null
  /** The countdown as text (`1 min 20 s`). */
  time: string
  /** The last status message (a kick may say when and where). */
  message: SessionStatusMessage | null
  canExtend: boolean
  extending: boolean
  extend: () => Promise<boolean>
  logout: () => void
  dismiss: () => void
}

/** Slots of `LlSessionGuard`. */
export interface SessionGuardSlots {
  /** The dialog's title. */
  title?: (props: SessionGuardSlotProps) => any
  /** The dialog's body (replaces the message and the countdown). */
  default?: (props: SessionGuardSlotProps) => any
  /** The dialog's buttons. */
  footer?: (props: SessionGuardSlotProps) => any
  /** The notice while the status cannot be checked. */
  unknown?: (props: { error: LifelineError | null }) => any
}

/** What a template ref to `LlSessionGuard` exposes. */
export interface SessionGuardExposed {
  /** The headless guard (refs unwrapped, as Vue exposes them). */
  guard: UseSessionGuardReturn
}
