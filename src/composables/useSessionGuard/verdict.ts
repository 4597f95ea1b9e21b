import type { SessionGuardReason, SessionGuardState } from './types'

/** Everything the guard's state follows from, at one instant. */
export interface GuardInputs {
  now: number
  /** The sign-out that happened (sticky until the server says signed in again), or `null`. */
  out: { reason: SessionGuardReason | null } | null
  /** What the status endpoint last said: nothing yet, signed in, or it cannot be read. */
  server: 'checking' | 'signed-in' | 'unknown'
  /** When the session expires (client clock), `null`: never or unknown. */
  expiresAt: number | null
  /** An extension was answered without a new expiry: no warning for this one again. */
  extendedFor: number | null
  warnBefore: number
  /** 0: no idle tracking. */
  idleTimeout: number
  /** The latest activity in any tab. */
  lastActive: number
  /** When the idle warning began (it holds until a decision), or `null`. */
  idleWarnedAt: number | null
}

/** The state at that instant, and when it may change next by the clock alone. */
export interface Verdict {
  state: SessionGuardState
  reason: SessionGuardReason | null
  /** Whole seconds left while `warning`. */
  remaining: number | null
  /** While `warning`: when the countdown ends. */
  endsAt: number | null
  /** When to look again (a countdown starts or ends), `null`: only when an input changes. */
  wakeAt: number | null
  /** A countdown reached zero now: the guard must sign out for this reason. */
  ends?: SessionGuardReason
}

interface Countdown { reason: SessionGuardReason, warnAt: number, endsAt: number }

/**
 * The guard's state machine as one pure function: deadlines compared with the wall clock (timers do not
 * tick reliably in background tabs), the earliest countdown first, a sign-out sticky.
 */
export function judge(i: GuardInputs): Verdict {
  if (i.out)
    return { state: 'signed-out', reason: i.out.reason, remaining: null, endsAt: null, wakeAt: null }
  const countdowns: Countdown[] = []
  if (i.expiresAt !== null)
    countdowns.push({ reason: 'expired', warnAt: i.expiresAt === i.extendedFor ? Infinity : i.expiresAt - i.warnBefore, endsAt: i.expiresAt })
  if (i.idleTimeout > 0) {
    const warnAt = i.idleWarnedAt ?? i.lastActive + i.idleTimeout
    countdowns.push({ reason: 'idle', warnAt, endsAt: warnAt + i.warnBefore })
  }
  let wakeAt = Infinity
  let warning: Countdown | undefined
  for (const c of countdowns) {
    // (an expiry without a warning still ends the session at its time)
    if (i.now >= c.endsAt)
      return { state: 'signed-out', reason: c.reason, remaining: null, endsAt: null, wakeAt: null, ends: c.reason }
    if (i.now >= c.warnAt) {
      if (!warning || c.endsAt < warning.endsAt)
        warning = c
      wakeAt = Math.min(wakeAt, c.endsAt)
    }
    else {
      // (a warning that will not show still ends the session on time)
      wakeAt = Math.min(wakeAt, c.warnAt, c.endsAt)
    }
  }
  if (warning) {
    const left = warning.endsAt - i.now
    // the next whole second of the countdown
    wakeAt = Math.min(wakeAt, i.now + (left % 1000 || 1000))
    return { state: 'warning', reason: warning.reason, remaining: Math.ceil(left / 1000), endsAt: warning.endsAt, wakeAt }
  }
  return { state: i.server, reason: null, remaining: null, endsAt: null, wakeAt: wakeAt === Infinity ? null : wakeAt }
}
