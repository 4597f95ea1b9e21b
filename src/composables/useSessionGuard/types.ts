import type { MaybeRefOrGetter, ShallowRef } from 'vue'
import type { LifelineError, Scheduler, TabGroupOptions } from '../../core'
import type { UseEventSourceOptions, UseEventSourceReturn } from '../useEventSource'
import type { UsePollingOptions, UsePollingReturn } from '../usePolling'
import type { UseWebSocketAutoOptions, UseWebSocketAutoReturn } from '../useWebSocketAuto'

/**
 * Where the session stands, in this guard's own vocabulary (the connection keeps the shared status one):
 * `checking` until the first answer; `signed-in`; `warning` while a countdown runs (`reason` says what
 * ends it); `signed-out` (kicked, expired, idle, or left); `unknown` when the status endpoint cannot be
 * reached or answers with a failure: never a logout.
 */
export type SessionGuardState = 'checking' | 'signed-in' | 'warning' | 'signed-out' | 'unknown'

/**
 * Why the session ends or is about to: `kicked` (signed in elsewhere, revoked), `expired` (its
 * `expiresAt` passed, or the server says so), `idle` (no activity in any tab for `idleTimeout`).
 */
export type SessionGuardReason = 'kicked' | 'expired' | 'idle'

/** How the status reaches the guard. */
export type SessionGuardTransport = 'sse' | 'ws' | 'poll'

/**
 * One status message. The classic protocol: `{ status: 200 | 401, message, payload }`. The guard reads
 * `payload.expiresAt` (ms since the epoch; `payload.now`, the server's clock, corrects the client's skew),
 * `payload.reason` (`'kicked'` or `'expired'` on a 401) and `payload.redirect` (where "Sign in again"
 * goes: same-origin only).
 */
export interface SessionStatusMessage<P = any> {
  status?: number
  message?: string
  payload?: P
}

/** What the guard's own `keepAlive` function receives. */
export interface SessionKeepAliveContext {
  /** Aborted when the guard gives up waiting (10 s) or is disposed. */
  signal: AbortSignal
}

/**
 * "Stay signed in": a URL to `POST` (its JSON answer may carry `{ expiresAt }`), or a function that
 * extends the session and may return the new `expiresAt` (a number, or an object carrying it). A `401`
 * or `403` (an `HTTP_STATUS` error with that `status`) means the session is gone.
 */
export type SessionKeepAlive = string | URL | ((context: SessionKeepAliveContext) => unknown)

/** The guard's events, as callbacks (`LlSessionGuard` emits them under the same names). */
export interface SessionGuardHooks {
  /** A status message said the session ended elsewhere (signed in elsewhere, revoked). */
  onKicked?: (message: SessionStatusMessage | null) => void
  /** The session expired (its `expiresAt` passed, a 401 said so, or the status endpoint answered 401/403). */
  onExpired?: (message: SessionStatusMessage | null) => void
  /** No activity in any tab for `idleTimeout` and then the whole warning: signed out for inactivity. */
  onIdle?: () => void
  /** A countdown started (`reason`: what ends it). */
  onWarning?: (reason: SessionGuardReason, remaining: number) => void
  /** "Stay signed in" worked, in this tab or another (`expiresAt`: the new expiry when known). */
  onExtended?: (expiresAt: number | null) => void
  /** The guard is leaving for `url` (a decision in this tab or another, or the end of a countdown). */
  onLogout?: (url: string) => void
  /** The status endpoint cannot be reached or fails (`error` says how); the guard keeps retrying. */
  onUnknown?: (error: LifelineError | null) => void
  /**
   * A problem of the guard itself: an unsafe redirect (`INVALID_OPTION`), a status message it cannot
   * read (`PARSE`), a keep-alive that failed. Connection errors are on `connection.error`.
   */
  onError?: (error: LifelineError) => void
}

/** The guard's own options, whatever the transport. */
export interface SessionGuardOwnOptions extends SessionGuardHooks {
  /**
   * The status endpoint (a value, ref or getter).
   * @default '/authorize/session-auth-status'
   */
  url?: MaybeRefOrGetter<string | URL | undefined>
  /**
   * Whether a status message means the session ended; return a reason (`'kicked'`, `'expired'`) to pick
   * the dialog. `true` takes `payload.reason`, else `'kicked'` (the classic protocol's 401 means
   * "signed in elsewhere"). A message that is not expired counts as signed in when its `status` is
   * absent or 2xx, and as `unknown` otherwise.
   * @default message => message.status === 401
   */
  isExpired?: (message: SessionStatusMessage) => boolean | SessionGuardReason | null | undefined
  /**
   * Where "Sign out" goes, and "Sign in again" when there is no `loginUrl`: it ends the server session
   * (the classic flow). Same-origin only, checked at setup (`INVALID_OPTION`).
   * @default '/authorize/logout'
   */
  logoutUrl?: MaybeRefOrGetter<string | URL>
  /**
   * Where "Sign in again" goes once the server session is already gone (kicked, expired), instead of
   * `logoutUrl`. Same-origin only, checked at setup.
   */
  loginUrl?: MaybeRefOrGetter<string | URL | undefined>
  /**
   * When the session expires (ms since the epoch): a value, ref or getter. Without it, the guard reads
   * `payload.expiresAt` of the status messages. `null`: no expiry.
   */
  expiresAt?: MaybeRefOrGetter<number | null | undefined>
  /**
   * How long (ms) before the end the warning appears with its countdown. Never less than 20 000
   * (WCAG 2.2.1: at least 20 s to respond); a smaller value is raised to it.
   * @default 60000
   */
  warnBefore?: number
  /**
   * Ms without pointer, key, touch, scroll or visibility activity in any tab of the origin after which
   * the idle warning appears (then `warnBefore` more until sign-out). `false` or `0`: off.
   * @default false
   */
  idleTimeout?: number | false
  /**
   * What counts as activity for `idleTimeout` (window events; the page becoming visible always counts).
   * @default ['pointermove', 'pointerdown', 'keydown', 'touchstart', 'wheel', 'scroll']
   */
  activityEvents?: string[]
  /** "Stay signed in": extends the server session. Status checks never do. */
  keepAlive?: SessionKeepAlive
  /**
   * Leaves the page (tests inject a recorder).
   * @default url => location.assign(url)
   */
  navigate?: (url: string) => void
  /**
   * At the end of a countdown, leave at once (to `logoutUrl`, or where "Sign in again" goes once the
   * server session is gone) instead of waiting for a click: nobody answered for `warnBefore`.
   * @default true
   */
  autoRedirect?: boolean
  /**
   * The origin redirects must stay on.
   * @default location.origin (without a page: only paths are accepted)
   */
  origin?: string
  /**
   * Names the guard: guards with the same name in a page share one engine, and the tabs of the origin
   * with the same name share idle activity and decisions.
   * @default `${transport} ${url}`
   */
  name?: string
  /**
   * One status connection for all tabs (`'browser'`), per tab (`'tab'`), or per guard (`false`).
   * @default 'browser'
   */
  shared?: false | 'tab' | 'browser'
  /** Timers and clock of the guard and its connection (tests inject a test clock). */
  scheduler?: Scheduler
  /** Platform and timing of the tab group that carries activity and decisions between tabs. */
  tabs?: TabGroupOptions
}

/** Transport options the guard sets itself. */
type Owned = 'immediate' | 'shared' | 'json' | 'onMessage' | 'onOpen' | 'onError' | 'scheduler'

/** Options of {@link useSessionGuard}: its own, plus those of the composable its `transport` uses. */
export type UseSessionGuardOptions
  = | (SessionGuardOwnOptions & { transport?: 'sse' } & Omit<UseEventSourceOptions<SessionStatusMessage>, Owned>)
    | (SessionGuardOwnOptions & { transport: 'ws' } & Omit<UseWebSocketAutoOptions<SessionStatusMessage>, Owned | 'onClose'>)
    | (SessionGuardOwnOptions & { transport: 'poll' } & Omit<UsePollingOptions<SessionStatusMessage>, Owned | 'onUpdate' | 'onEnd'>)

/** The status connection: the return of `useEventSource`, `useWebSocketAuto` or `usePolling`. */
export type SessionGuardConnection
  = | UseEventSourceReturn<string[], SessionStatusMessage>
    | UseWebSocketAutoReturn<SessionStatusMessage>
    | UsePollingReturn<SessionStatusMessage>

/** What {@link useSessionGuard} returns. */
export interface UseSessionGuardReturn {
  /** Where the session stands (see {@link SessionGuardState}). */
  state: Readonly<ShallowRef<SessionGuardState>>
  /** While `warning`: what ends the countdown; while `signed-out`: why (`null` after a plain "Sign out"). */
  reason: Readonly<ShallowRef<SessionGuardReason | null>>
  /** Whole seconds left while `warning`, else `null`. */
  remaining: Readonly<ShallowRef<number | null>>
  /** When the session expires (ms since the epoch, on this client's clock), or `null` when unknown or never. */
  expiresAt: Readonly<ShallowRef<number | null>>
  /** The last status message that was read. */
  message: Readonly<ShallowRef<SessionStatusMessage | null>>
  /** The guard's own last problem (see `onError`); `INVALID_OPTION` means it refused to start. */
  error: Readonly<ShallowRef<LifelineError | null>>
  /** Whether the current warning or sign-out was dismissed (in any tab): a dialog stays closed until the next one. */
  dismissed: Readonly<ShallowRef<boolean>>
  /** Whether `extend()` can end the current warning (an expiry warning needs `keepAlive`). */
  canExtend: Readonly<ShallowRef<boolean>>
  /** Whether a keep-alive is in flight. */
  extending: Readonly<ShallowRef<boolean>>
  /** The status connection (show it with `LlConnectionBadge`). */
  connection: SessionGuardConnection
  /**
   * "Stay signed in": counts as activity in every tab and, with `keepAlive`, extends the server session;
   * the warning closes in every tab. Resolves with whether the session goes on; never rejects (a failure
   * is on `error`). Nothing to extend once signed out.
   */
  extend: () => Promise<boolean>
  /**
   * Leaves in every tab: to where "Sign in again" goes once the session is gone, else to `logoutUrl`
   * ("Sign out").
   */
  logout: () => void
  /** Closes the current prompt in every tab without deciding: a warning still counts down. */
  dismiss: () => void
}
