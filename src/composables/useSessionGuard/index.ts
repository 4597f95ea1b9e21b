import type { LifelineError } from '../../core'
import type { EngineOptions, GuardEngine } from './engine'
import type { SessionGuardConnection, SessionGuardHooks, SessionStatusMessage, UseSessionGuardOptions, UseSessionGuardReturn } from './types'
import { getCurrentInstance, inject, onMounted, onScopeDispose, shallowRef, ssrContextKey, toValue } from 'vue'
import { Registry } from '../../core'
import { warn } from '../../core/dev'
import { safe } from '../../core/lifecycle'
import { BOOLEAN, check, FUNCTION, invalid, oneOf, url } from '../../core/validate'
import { createGuardEngine } from './engine'
import { expiredBy401 } from './read'
import { sameOriginUrl } from './redirect'

export type { SessionGuardConnection, SessionGuardHooks, SessionGuardOwnOptions, SessionGuardReason, SessionGuardState, SessionGuardTransport, SessionKeepAlive, SessionKeepAliveContext, SessionStatusMessage, UseSessionGuardOptions, UseSessionGuardReturn } from './types'

/** Defaults of the guard's own options (the transports' are their own, see `TRANSPORT_DEFAULTS`). */
export const SESSION_GUARD_DEFAULTS = {
  url: '/authorize/session-auth-status',
  transport: 'sse',
  logoutUrl: '/authorize/logout',
  warnBefore: 60_000,
  idleTimeout: false,
  activityEvents: ['pointermove', 'pointerdown', 'keydown', 'touchstart', 'wheel', 'scroll'],
  autoRedirect: true,
  shared: 'browser',
} as const

/** WCAG 2.2.1 (Timing Adjustable): at least 20 s to answer a warning. */
export const MIN_WARN_BEFORE = 20_000

/** Engines of this page by name: guards of one name share one (held 1 s more, so a route change keeps it). */
const engines = /* @__PURE__ */ new Registry<GuardEngine>({ gcTime: 1000 })

const HOOK_NAMES = ['onKicked', 'onExpired', 'onIdle', 'onWarning', 'onExtended', 'onLogout', 'onUnknown', 'onError'] as const

const RULES = {
  transport: /* @__PURE__ */ oneOf(['sse', 'ws', 'poll']),
  warnBefore: [(v: unknown) => typeof v === 'number' && v >= 0 && v < Infinity, process.env.NODE_ENV !== 'production' ? 'a finite number ≥ 0' : ''] as const,
  idleTimeout: [(v: unknown) => v === false || (typeof v === 'number' && v >= 0 && v < Infinity), process.env.NODE_ENV !== 'production' ? 'false or a finite number ≥ 0' : ''] as const,
  keepAlive: [(v: unknown) => v === undefined || typeof v === 'function' || url(['http:', 'https:'])[0](v), process.env.NODE_ENV !== 'production' ? 'a function or an http(s) URL' : ''] as const,
  isExpired: FUNCTION,
  navigate: FUNCTION,
  autoRedirect: BOOLEAN,
  shared: /* @__PURE__ */ oneOf([false, 'tab', 'browser']),
}

/** Checks and defaults the options; throws `INVALID_OPTION` (an unsafe redirect target included). */
function resolve(options: UseSessionGuardOptions): EngineOptions {
  const {
    url: target = SESSION_GUARD_DEFAULTS.url,
    transport = SESSION_GUARD_DEFAULTS.transport,
    isExpired = expiredBy401,
    logoutUrl = SESSION_GUARD_DEFAULTS.logoutUrl,
    loginUrl,
    expiresAt,
    warnBefore = SESSION_GUARD_DEFAULTS.warnBefore,
    idleTimeout = SESSION_GUARD_DEFAULTS.idleTimeout,
    activityEvents = [...SESSION_GUARD_DEFAULTS.activityEvents],
    keepAlive,
    navigate = (to: string) => globalThis.location.assign(to),
    autoRedirect = SESSION_GUARD_DEFAULTS.autoRedirect,
    origin = (globalThis as { location?: Location }).location?.origin,
    name,
    shared = SESSION_GUARD_DEFAULTS.shared,
    scheduler,
    tabs,
    ...rest
  } = options
  for (const hook of HOOK_NAMES)
    delete (rest as Record<string, unknown>)[hook]
  const o = { transport, warnBefore, idleTimeout, keepAlive, isExpired, navigate, autoRedirect, shared }
  for (const option in RULES)
    check(option, o[option as keyof typeof o], RULES[option as keyof typeof RULES])
  // an unsafe target is refused before anything runs: the guard never gets to follow it
  for (const [option, value] of [['logoutUrl', toValue(logoutUrl)], ['loginUrl', toValue(loginUrl)]] as const) {
    if ((option === 'logoutUrl' || value !== undefined) && sameOriginUrl(value, origin) === null)
      throw invalid(option, process.env.NODE_ENV !== 'production' ? `a URL of this origin (${origin ?? 'a path'})` : '', value)
  }
  if (process.env.NODE_ENV !== 'production' && warnBefore < MIN_WARN_BEFORE)
    warn(`useSessionGuard: warnBefore ${warnBefore} ms is raised to ${MIN_WARN_BEFORE} ms (WCAG 2.2.1: at least 20 s to respond).`)
  return {
    name: name ?? `${transport} ${String(toValue(target))}`,
    url: target,
    transport,
    isExpired,
    logoutUrl,
    loginUrl,
    expiresAt,
    warnBefore: Math.max(warnBefore, MIN_WARN_BEFORE),
    idleTimeout: idleTimeout || 0,
    activityEvents,
    keepAlive,
    navigate,
    autoRedirect,
    origin,
    shared,
    scheduler,
    tabs,
    rest,
  }
}

/**
 * A guard that could not start (server rendering, or refused options): the same shape, nothing runs,
 * `state` stays `checking` (server) or `unknown` with the error (refused).
 */
function inert(error: LifelineError | null): UseSessionGuardReturn {
  const ref = <T>(value: T) => shallowRef(value)
  const connection = { status: ref(error ? 'failed' : 'idle'), error: ref(error), attempt: ref(0), retryIn: ref(null), open: () => {}, close: () => {} } as unknown as SessionGuardConnection
  return {
    state: ref(error ? 'unknown' : 'checking'),
    reason: ref(null),
    remaining: ref(null),
    expiresAt: ref(null),
    message: ref<SessionStatusMessage | null>(null),
    error: ref(error),
    dismissed: ref(false),
    canExtend: ref(false),
    extending: ref(false),
    connection,
    extend: () => Promise.resolve(false),
    logout: () => {},
    dismiss: () => {},
  }
}

/**
 * Watches the login status and guards the session's end: "signed in elsewhere" (the classic SSE
 * protocol by default), an expiry warning with a live countdown, an idle warning shared by every tab,
 * and one decision for all tabs of the origin over one status connection (`shared: 'browser'`).
 * An unreachable or failing status endpoint is `unknown`, never a logout; redirects stay on the origin.
 *
 * @example
 * const { state, reason, remaining, extend, logout } = useSessionGuard({
 *   keepAlive: '/api/session/extend',
 *   idleTimeout: 15 * 60_000,
 * })
 */
export function useSessionGuard(options: UseSessionGuardOptions = {}): UseSessionGuardReturn {
  const instance = getCurrentInstance()
  // server rendering: nothing may connect, listen or start a timer
  if (instance && inject(ssrContextKey, null) !== null)
    return inert(null)
  let resolved: EngineOptions
  try {
    resolved = resolve(options)
  }
  catch (error) {
    const e = error as LifelineError
    safe(options.onError, [e])
    if (process.env.NODE_ENV !== 'production')
      warn(`useSessionGuard: ${e.message} The guard does not start.`)
    return inert(e)
  }
  // guards in this page share an engine per name; a Node test gives each simulated tab its own
  const key = `${resolved.name}\n${resolved.tabs?.id ?? ''}`
  const engine = engines.acquire(key, () => createGuardEngine(resolved), e => e.dispose())
  const hooks: SessionGuardHooks = {}
  for (const hook of HOOK_NAMES)
    (hooks as Record<string, unknown>)[hook] = options[hook]
  const off = engine.listen(hooks)
  let released = false
  const release = (): void => {
    if (released)
      return
    released = true
    off()
    engines.release(key)
  }
  onScopeDispose(release, true)
  // inside a component the connection opens at mount (never during server rendering); elsewhere at once
  if (instance)
    onMounted(engine.start)
  else
    engine.start()

  const { state, reason, remaining, expiresAt, message, error, dismissed, canExtend, extending, connection, extend, logout, dismiss } = engine
  return { state, reason, remaining, expiresAt, message, error, dismissed, canExtend, extending, connection, extend, logout, dismiss }
}
