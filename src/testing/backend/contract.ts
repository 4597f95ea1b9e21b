// The route contract shared by the Node demo backend (`server/`) and the simulated one: defaults,
// texts and pure rules, written once so the two cannot drift. Each side only adds its transport.

/** Every route of the demo backend lives under this prefix, so it never clashes with app or HMR paths. */
export const PREFIX = '/__lifeline/'

/** Channel used when a request has no `?channel=`. */
export const DEFAULT_CHANNEL = 'default'

/**
 * The health answer. A page must check the body, not only the status: a static host's SPA fallback
 * answers every path with `index.html` and a 200.
 */
export const HEALTH = { ok: true, service: 'vue-lifeline-demo-backend' } as const

/** Defaults of the SSE routes. */
export const SSE_DEFAULTS = {
  /** `sse/ticker`, `sse/last-event-id`: ms between events. */
  interval: 1000,
  /** `sse/ticker`: first `n` of a fresh stream. */
  start: 1,
  /** `sse/chat`: ms between tokens. */
  chatDelay: 30,
  /** `sse/retry`: the `retry:` value sent. */
  retry: 500,
  /** `sse/malformed`: bytes of the oversized event's data. */
  oversized: 200_000,
  /** `sse/malformed`: good events after the bad part. */
  good: 3,
  /** `sse/heartbeat`: ms between comment lines. */
  heartbeat: 500,
  /** `sse/heartbeat`: the comment text. */
  comment: 'ping',
} as const

/** Defaults of the WebSocket routes. */
export const WS_DEFAULTS = {
  /** `ws/ticker`: ms between ticks. */
  interval: 1000,
  /** `ws/ticker`: highest `?rate=` (messages per second). */
  maxRate: 20_000,
  /** `ws/ticker` with `?rate=`: ms between the bursts that keep that rate (timers cannot fire 5,000 times a second). */
  burstEvery: 10,
  /** `ws/pong`: the message that is a ping. */
  ping: 'ping',
  /** `ws/pong`: the answer to it. */
  pong: 'pong',
  /** `ws/close/:code`: ms before closing. */
  after: 0,
  /** `ws/oversized`: bytes of the big frame. */
  bytes: 2_000_000,
} as const

/** Defaults of the polling routes. */
export const POLL_DEFAULTS = {
  /** `poll/counter`: status of an injected failure. */
  failStatus: 500,
  /** `poll/slow`: ms before the answer. */
  delay: 1000,
  /** `poll/long`: ms a request is held before `{ events: [] }`. */
  timeout: 25_000,
  /** `poll/long`: ms between produced events when `?count=` is set. */
  rate: 1000,
} as const

/** Defaults of the session routes. */
export const SESSION_DEFAULTS = {
  /** `session/status`: ms between status events. */
  interval: 2000,
  /** Cookie set by `session/login`. */
  cookie: 'lifeline_session',
} as const

/** Limits of the chaos routes' parameters. */
export const CHAOS_LIMITS = {
  /** `chaos/latency?ms=`: at most 10 minutes. */
  latency: 600_000,
  /** `chaos/offline?ms=`: at most an hour. */
  offline: 3_600_000,
} as const

/** Splits a reply into tokens that concatenate back to it exactly (leading spaces kept). */
export function tokenize(text: string): string[] {
  return text.match(/\s*\S+/g) ?? []
}

/** What `sse/chat` streams back for a prompt. */
export function chatReply(prompt: string): string {
  const echo = prompt.trim() === '' ? 'nothing' : `"${prompt.trim()}"`
  return `You said ${echo}. This reply is streamed one token at a time by the lifeline demo backend, so the client can render it as it arrives.`
}

/**
 * Close codes an endpoint may send (RFC 6455 §7.4): 1000–1003, 1007–1014 and 3000–4999. 1004–1006 and
 * 1015 are reserved and never go on the wire.
 */
export function isSendableCloseCode(code: number): boolean {
  return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999)
}

/** `If-None-Match` may list several tags, weak ones (`W/"…"`) or `*` (RFC 9110 §13.1.2). */
export function matchesEtag(ifNoneMatch: string | null | undefined, etag: string): boolean {
  if (!ifNoneMatch)
    return false
  return ifNoneMatch.split(',').map(tag => tag.trim().replace(/^W\//, '')).some(tag => tag === '*' || tag === etag)
}

/** The `poll/etag` version: manual bumps plus whole `change` periods since the epoch (no timer needed). */
export function etagVersion(bumps: number, change: number | undefined, now: number): number {
  return bumps + (change ? Math.floor(now / change) : 0)
}

/** Where a demo session stands. */
export type SessionPhase = 'none' | 'valid' | 'expired' | 'kicked'

/** Why a demo session is not valid, as a `401` message's `payload.reason` says (what `useSessionGuard` reads). */
export type SessionEndReason = 'expired' | 'kicked'

/**
 * The classic login-status protocol of the session guard (DESIGN §3): `{ status: 200 | 401, message, payload }`.
 * A `401` names its reason in `payload.reason` (a session that never signed in reads as `expired`).
 */
export interface SessionMessage {
  status: 200 | 401
  message: string
  payload: { user: string, expiresAt: number | null } | { reason: SessionEndReason }
}

/** The demo session of one channel. */
export interface Session {
  phase: SessionPhase
  token: string
  /** Clock time when a login with `?ttl=` runs out. */
  expiresAt?: number
  /** The `?ttl=` of the login: what `session/extend` gives the session again. */
  ttl?: number
  /** Open status streams, told at once when the session ends. */
  listeners: Set<() => void>
}

export const SESSION_MESSAGES: Record<SessionPhase, string> = {
  none: 'not signed in',
  valid: 'ok',
  expired: 'session expired',
  kicked: 'signed in elsewhere',
}

export const newSession = (): Session => ({ phase: 'none', token: '', listeners: new Set() })

/** Ends the session (`expired`, `kicked`) and tells every open status stream at once. */
export function endSession(session: Session, phase: SessionPhase): void {
  session.phase = phase
  notifySession(session)
}

/** The status message for the session now (a login past its `ttl` reads as expired). */
export function sessionMessage(session: Session, now: number): SessionMessage {
  if (session.phase === 'valid' && session.expiresAt !== undefined && now >= session.expiresAt)
    session.phase = 'expired'
  if (session.phase !== 'valid')
    return { status: 401, message: SESSION_MESSAGES[session.phase], payload: { reason: session.phase === 'kicked' ? 'kicked' : 'expired' } }
  return { status: 200, message: SESSION_MESSAGES.valid, payload: { user: 'demo', expiresAt: session.expiresAt ?? null } }
}

/**
 * Makes the session valid (`session/login`) or gives a valid one its `ttl` again (`session/extend`), and
 * arms its expiry with `after` (the host's timer): at `expiresAt` the open status streams get the `401`
 * at once. Returns the new `expiresAt` (`null` without a ttl). A timer armed before an extension finds
 * the session moved on and does nothing.
 */
export function startSession(session: Session, token: string, ttl: number | undefined, now: number, after: (ms: number, fn: () => void) => void): number | null {
  session.phase = 'valid'
  session.token = token
  session.ttl = ttl
  session.expiresAt = ttl === undefined ? undefined : now + ttl
  if (ttl !== undefined) {
    after(ttl, () => {
      if (session.token === token && session.phase === 'valid' && session.expiresAt! <= Date.now())
        endSession(session, 'expired')
    })
  }
  return session.expiresAt ?? null
}

/** Tells every open status stream about the session now (an extension moved `expiresAt`). */
export function notifySession(session: Session): void {
  for (const notify of [...session.listeners])
    notify()
}
