import type { MaybeRefOrGetter, ShallowRef } from 'vue'
import type { Environment, LifelineError, Scheduler, TabGroupOptions } from '../../core'
import type { SessionGuardConnection, SessionGuardHooks, SessionGuardReason, SessionGuardState, SessionGuardTransport, SessionKeepAlive, SessionStatusMessage } from './types'
import { throttleFilter, useIdle } from '@vueuse/core'
import { effectScope, shallowRef, toValue, watch } from 'vue'
import { createTabGroup, createTimer, defaultEnvironment, defaultScheduler, LifelineError as Err, MAX_DELAY, toLifelineError } from '../../core'
import { safe } from '../../core/lifecycle'
import { invalid, isObject } from '../../core/validate'
import { connectStatus } from './connect'
import { isDenied, keepSessionAlive } from './keepAlive'
import { readStatus } from './read'
import { sameOriginUrl } from './redirect'
import { judge } from './verdict'

/** Activity is passed on to the other tabs at most once per this many ms (the first at once). */
export const ACTIVITY_THROTTLE = 1000

/** The options of an engine, checked and defaulted. */
export interface EngineOptions {
  name: string
  url: MaybeRefOrGetter<string | URL | undefined>
  transport: SessionGuardTransport
  isExpired: (message: SessionStatusMessage) => unknown
  logoutUrl: MaybeRefOrGetter<string | URL>
  loginUrl: MaybeRefOrGetter<string | URL | undefined>
  expiresAt: MaybeRefOrGetter<number | null | undefined>
  warnBefore: number
  idleTimeout: number
  activityEvents: string[]
  keepAlive: SessionKeepAlive | undefined
  navigate: (url: string) => void
  autoRedirect: boolean
  origin: string | undefined
  shared: false | 'tab' | 'browser'
  scheduler: Scheduler | undefined
  tabs: TabGroupOptions | undefined
  /** The transport's own options. */
  rest: Record<string, unknown>
}

/**
 * What tabs tell each other. Hints only: any script of the origin can post on the channel, so no URL
 * or token ever travels, every field is checked, and a time from the future is taken as now.
 */
type Packet
  = | { t: 'active', at: number }
    /** "Stay signed in" worked. `expiresAt`: the new expiry (`null`: not said; absent: no keep-alive ran). */
    | { t: 'extended', at: number, expiresAt?: number | null }
    /** A tab decided to leave: every tab leaves. */
    | { t: 'leave' }
    /** A tab closed the prompt `key` without deciding. */
    | { t: 'dismiss', key: string }
    /** A tab read "signed in": a tab that was signed out checks again. */
    | { t: 'in' }

/** The guard behind every `useSessionGuard` of one name in a page: one connection, one clock, one decision. */
export interface GuardEngine {
  state: ShallowRef<SessionGuardState>
  reason: ShallowRef<SessionGuardReason | null>
  remaining: ShallowRef<number | null>
  expiresAt: ShallowRef<number | null>
  message: ShallowRef<SessionStatusMessage | null>
  error: ShallowRef<LifelineError | null>
  dismissed: ShallowRef<boolean>
  canExtend: ShallowRef<boolean>
  extending: ShallowRef<boolean>
  connection: SessionGuardConnection
  /** Opens the status connection (once). */
  start: () => void
  extend: () => Promise<boolean>
  logout: () => void
  dismiss: () => void
  /** Adds one caller's callbacks; returns the remover. */
  listen: (hooks: SessionGuardHooks) => () => void
  dispose: () => void
}

const finite = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value)

/** Creates the engine; its effects live in a scope of their own, so it outlives the caller that made it. */
export function createGuardEngine(o: EngineOptions): GuardEngine {
  const scope = effectScope(true)
  const scheduler = o.scheduler ?? defaultScheduler
  const now = (): number => scheduler.now()
  const hooks = new Set<SessionGuardHooks>()
  const emit = <K extends keyof SessionGuardHooks>(name: K, ...args: Parameters<NonNullable<SessionGuardHooks[K]>>): void =>
    [...hooks].forEach(set => safe(set[name], args))

  const state = shallowRef<SessionGuardState>('checking')
  const reason = shallowRef<SessionGuardReason | null>(null)
  const remaining = shallowRef<number | null>(null)
  const expiresAt = shallowRef<number | null>(null)
  const message = shallowRef<SessionStatusMessage | null>(null)
  const error = shallowRef<LifelineError | null>(null)
  const dismissed = shallowRef(false)
  const canExtend = shallowRef(false)
  const extending = shallowRef(false)

  /** What the status endpoint last said. */
  let server: 'checking' | 'signed-in' | 'unknown' = 'checking'
  let serverExpiresAt: number | null = null
  /** The connection's error while `unknown`. */
  let failure: LifelineError | null = null
  /** The sign-out, sticky; `redirect`: a checked target a server message gave. */
  let out: { reason: SessionGuardReason | null, redirect: string | null } | null = null
  let leaving = false
  let extendedFor: number | null = null
  let lastActive = now()
  let idleWarnedAt: number | null = null
  let dismissedKey: string | null = null
  let started = false
  let disposed = false
  let inflight: Promise<boolean> | null = null
  const stopKeepAlive = new AbortController()
  const wake = createTimer(scheduler)

  const report = (e: LifelineError): void => {
    error.value = e
    emit('onError', e)
  }

  const group = createTabGroup<Packet>(`session-guard:${o.name}`, { scheduler, ...o.tabs, onError: report })
  const post = (packet: Packet): void => {
    try {
      group.post(packet)
    }
    catch (e) {
      report(toLifelineError(e, 'PARSE', ''))
    }
  }

  const effectiveExpiry = (): number | null => {
    const given = toValue(o.expiresAt)
    return given === undefined ? serverExpiresAt : finite(given) ? given : null
  }

  /** The prompt on show (a warning or a sign-out), as a key tabs can compare. */
  const promptKey = (): string | null => state.value === 'warning' || state.value === 'signed-out' ? `${state.value}:${reason.value}` : null

  /** Re-reads every input and commits the state; calls out (callbacks) last. */
  const update = (): void => {
    if (disposed)
      return
    const at = now()
    const expiry = effectiveExpiry()
    // the idle warning holds until a decision, whatever activity follows it
    if (o.idleTimeout && !out && idleWarnedAt === null && at >= lastActive + o.idleTimeout)
      idleWarnedAt = lastActive + o.idleTimeout
    const v = judge({ now: at, out, server, expiresAt: expiry, extendedFor, warnBefore: o.warnBefore, idleTimeout: o.idleTimeout, lastActive, idleWarnedAt })
    if (v.ends)
      return signOut(v.ends, null, null, true)
    const before = promptKey()
    const was = state.value
    const wasReason = reason.value
    state.value = v.state
    reason.value = v.reason
    remaining.value = v.remaining
    expiresAt.value = expiry
    canExtend.value = v.state === 'warning' && (v.reason === 'idle' || !!o.keepAlive)
    const key = promptKey()
    if (key !== before && key !== dismissedKey)
      dismissedKey = null
    dismissed.value = key !== null && key === dismissedKey
    if (v.wakeAt === null)
      wake.cancel()
    else
      wake.start(Math.min(v.wakeAt - at, MAX_DELAY), update)
    if (was === v.state && wasReason === v.reason)
      return
    if (v.state === 'warning')
      emit('onWarning', v.reason!, v.remaining!)
    else if (v.state === 'unknown')
      emit('onUnknown', failure)
  }

  /** Signs out (once: the first trigger wins, so there is one prompt whatever fires at the same time). */
  const signOut = (why: SessionGuardReason, status: SessionStatusMessage | null, redirect: string | null, byClock: boolean): void => {
    if (out)
      return
    out = { reason: why, redirect }
    idleWarnedAt = null
    // the classic protocol: the stream closes on sign-out
    connection.close()
    update()
    if (why === 'kicked')
      emit('onKicked', status)
    else if (why === 'expired')
      emit('onExpired', status)
    else
      emit('onIdle')
    // nobody answered the whole countdown: leave without waiting for a click
    if (byClock && o.autoRedirect)
      leave(false)
  }

  /** Where leaving goes: where "Sign in again" goes once the server session is gone, else `logoutUrl`. */
  const target = (): string | null => {
    // (a server's redirect was checked when it arrived; the options are checked again: they may be getters)
    if ((out?.reason === 'kicked' || out?.reason === 'expired') && out.redirect)
      return out.redirect
    const login = out?.reason === 'kicked' || out?.reason === 'expired' ? toValue(o.loginUrl) : undefined
    const option = login === undefined ? 'logoutUrl' : 'loginUrl'
    const raw = login ?? toValue(o.logoutUrl)
    const url = sameOriginUrl(raw, o.origin)
    if (url === null)
      report(invalid(option, process.env.NODE_ENV !== 'production' ? 'a URL of this origin' : '', raw))
    return url
  }

  const leave = (tell: boolean): void => {
    if (leaving || disposed)
      return
    const url = target()
    if (url === null)
      return
    leaving = true
    out ??= { reason: null, redirect: null }
    connection.close()
    if (tell)
      post({ t: 'leave' })
    update()
    // decided: the prompt has done its job (where navigation is intercepted, it must not stay open)
    dismissLocal()
    emit('onLogout', url)
    safe(o.navigate, [url])
  }

  const activity = (at: number, local: boolean): void => {
    if (at > lastActive)
      lastActive = at
    // activity from before the idle warning (another tab's, passed on late) means it came too early
    if (idleWarnedAt !== null && at < idleWarnedAt)
      idleWarnedAt = null
    if (local)
      post({ t: 'active', at })
    update()
  }

  /** "Stay signed in" worked here or in another tab. `expiry`: see the `extended` packet. */
  const extended = (at: number, expiry: number | null | undefined): void => {
    if (at > lastActive)
      lastActive = at
    idleWarnedAt = null
    if (finite(expiry))
      serverExpiresAt = expiry
    else if (expiry === null)
      extendedFor = effectiveExpiry()
    update()
    emit('onExtended', expiresAt.value)
  }

  const dismissLocal = (): void => {
    dismissedKey = promptKey()
    dismissed.value = dismissedKey !== null
  }

  const onStatus = (data: unknown): void => {
    if (leaving || disposed)
      return
    const at = now()
    const reading = readStatus(data, o.isExpired, at)
    if (isObject(data))
      message.value = data as SessionStatusMessage
    if (reading.t === 'out') {
      let redirect: string | null = null
      if (reading.redirect !== undefined && reading.redirect !== null) {
        redirect = sameOriginUrl(reading.redirect, o.origin)
        if (redirect === null)
          report(invalid('payload.redirect', process.env.NODE_ENV !== 'production' ? 'a URL of this origin' : '', reading.redirect))
      }
      return signOut(reading.reason, data as SessionStatusMessage, redirect, false)
    }
    if (reading.t === 'in') {
      // signed in again (in another tab): the prompt goes, unless the session just ran out again or it
      // was for inactivity (the server session being valid says nothing about the user being back)
      if (out && out.reason !== 'idle' && (reading.expiresAt === null || reading.expiresAt > at)) {
        out = null
        dismissedKey = null
      }
      serverExpiresAt = reading.expiresAt
      if (server !== 'signed-in')
        post({ t: 'in' })
      server = 'signed-in'
      failure = null
    }
    else {
      if (reading.t === 'bad')
        report(new Err('PARSE', process.env.NODE_ENV !== 'production' ? 'A session status message could not be read.' : ''))
      server = 'unknown'
    }
    update()
  }

  const connection = scope.run(() => connectStatus(o.transport, o.url, o.rest, { shared: o.shared, scheduler: o.scheduler }, {
    message: onStatus,
    error: () => {},
  }))!

  scope.run(() => {
    // the connection's state, not its callbacks: the same in a tab that follows another's connection
    watch([connection.status, connection.error], ([status, e]) => {
      if (isDenied(e))
        return signOut('expired', null, null, false)
      if (out || leaving)
        return
      if (e?.code === 'PARSE')
        report(e)
      if (e?.code === 'PARSE' || status === 'paused' || ((status === 'reconnecting' || status === 'failed') && e && e.code !== 'CLOSED_BY_SERVER')) {
        failure = e
        server = 'unknown'
        update()
      }
    }, { flush: 'sync' })
    watch(() => toValue(o.expiresAt), update, { flush: 'sync' })
    if (o.idleTimeout) {
      // VueUse's activity tracking (pointer, keys, touch, scroll, the page becoming visible); the clock is ours
      const { lastActive: seen } = useIdle(Math.min(o.idleTimeout, MAX_DELAY), { events: o.activityEvents as any, eventFilter: throttleFilter(ACTIVITY_THROTTLE) })
      watch(seen, () => activity(now(), true), { flush: 'sync' })
    }
  })

  group.onMessage((packet) => {
    if (!isObject(packet) || disposed)
      return
    const p = packet as Record<string, unknown>
    const at = finite(p.at) ? Math.min(p.at, now()) : null
    if (p.t === 'active' && at !== null)
      activity(at, false)
    else if (p.t === 'extended' && at !== null && (p.expiresAt === undefined || p.expiresAt === null || finite(p.expiresAt)))
      extended(at, p.expiresAt as number | null | undefined)
    else if (p.t === 'leave')
      leave(false)
    else if (p.t === 'dismiss' && p.key === promptKey())
      dismissLocal()
    else if (p.t === 'in' && out && out.reason !== 'idle' && !leaving)
      connection.open() // check with the server: a message is no proof
  })

  // timers are throttled in hidden tabs: a tab shown again recomputes the countdown at once
  const offVisibility = ((o.rest.environment as Environment | undefined) ?? defaultEnvironment).visibility.subscribe(visible => visible && update())

  const extend = (): Promise<boolean> => {
    if (out || disposed)
      return Promise.resolve(false)
    if (inflight)
      return inflight
    const at = now()
    activity(at, true)
    if (!o.keepAlive) {
      post({ t: 'extended', at })
      extended(at, undefined)
      return Promise.resolve(state.value !== 'warning')
    }
    extending.value = true
    inflight = keepSessionAlive(o.keepAlive, o.rest.fetch as typeof fetch | undefined, scheduler, stopKeepAlive.signal).then((expiry) => {
      if (out || disposed)
        return false
      post({ t: 'extended', at, expiresAt: expiry })
      extended(at, expiry)
      return true
    }, (e: LifelineError) => {
      if (isDenied(e))
        signOut('expired', null, null, false)
      else
        report(e)
      return false
    }).finally(() => {
      extending.value = false
      inflight = null
    })
    return inflight
  }

  update()

  return {
    state,
    reason,
    remaining,
    expiresAt,
    message,
    error,
    dismissed,
    canExtend,
    extending,
    connection,
    start: () => {
      if (started || disposed)
        return
      started = true
      if (!out)
        connection.open()
    },
    extend,
    logout: () => leave(true),
    dismiss: () => {
      const key = promptKey()
      if (key === null)
        return
      dismissLocal()
      post({ t: 'dismiss', key })
    },
    listen: (set) => {
      hooks.add(set)
      return () => hooks.delete(set)
    },
    dispose: () => {
      disposed = true
      wake.cancel()
      stopKeepAlive.abort()
      offVisibility()
      group.close()
      hooks.clear()
      scope.stop()
    },
  }
}
