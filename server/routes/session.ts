import type { Channel } from '../channel'
import type { HttpContext, HttpRoute } from '../types'
import { randomUUID } from 'node:crypto'
import { sendJson } from '../http'
import { openEventStream } from '../sse'

/** Defaults of the session routes. */
export const SESSION_DEFAULTS = {
  /** `session/status`: ms between status events. */
  interval: 2000,
  /** Cookie set by `session/login`. */
  cookie: 'lifeline_session',
} as const

type SessionPhase = 'none' | 'valid' | 'expired' | 'kicked'

interface Session {
  phase: SessionPhase
  token: string
  /** `Date.now()` when a login with `?ttl=` runs out. */
  expiresAt?: number
  /** Open status streams, told at once when the session ends. */
  listeners: Set<() => void>
}

/** The seed protocol of the session guard (DESIGN §3): `{ status: 200 | 401, message, payload }`. */
export interface SessionMessage {
  status: 200 | 401
  message: string
  payload: { user: string, expiresAt: number | null } | null
}

const MESSAGES: Record<SessionPhase, string> = {
  none: 'not signed in',
  valid: 'ok',
  expired: 'session expired',
  kicked: 'signed in elsewhere',
}

const sessionOf = (channel: Channel) =>
  channel.slot<Session>('session', () => ({ phase: 'none', token: '', listeners: new Set() }))

function end(session: Session, phase: SessionPhase): void {
  session.phase = phase
  for (const notify of [...session.listeners])
    notify()
}

function current(session: Session): SessionMessage {
  if (session.phase === 'valid' && session.expiresAt !== undefined && Date.now() >= session.expiresAt)
    session.phase = 'expired'
  if (session.phase !== 'valid')
    return { status: 401, message: MESSAGES[session.phase], payload: null }
  return { status: 200, message: MESSAGES.valid, payload: { user: 'demo', expiresAt: session.expiresAt ?? null } }
}

const login: HttpRoute = {
  kind: 'http',
  path: 'session/login',
  methods: ['GET', 'POST'],
  summary: 'sets the lifeline_session cookie and makes the session of ?channel= valid (for ?ttl= ms if given)',
  handle: (ctx) => {
    const ttl = ctx.query.optionalInt('ttl', { min: 1 })
    const session = sessionOf(ctx.channel)
    session.phase = 'valid'
    session.token = randomUUID()
    session.expiresAt = ttl === undefined ? undefined : Date.now() + ttl
    if (ttl !== undefined) {
      const token = session.token
      ctx.channel.lifetime.after(ttl, () => {
        if (session.token === token && session.phase === 'valid')
          end(session, 'expired')
      })
    }
    sendJson(ctx.res, 200, { ok: true, expiresAt: session.expiresAt ?? null }, {
      'Set-Cookie': `${SESSION_DEFAULTS.cookie}=${session.token}; Path=/; HttpOnly; SameSite=Lax`,
    })
  },
}

function statusStream(ctx: HttpContext, session: Session): void {
  const interval = ctx.query.int('interval', SESSION_DEFAULTS.interval, { min: 1 })
  const stream = openEventStream(ctx)
  const report = () => {
    const message = current(session)
    stream.send({ data: message })
    if (message.status === 401) {
      // the seed closes on 401: the stream ends with it
      stream.end()
      ctx.lifetime.dispose()
    }
  }
  session.listeners.add(report)
  ctx.lifetime.add(() => session.listeners.delete(report))
  report()
  ctx.lifetime.every(interval, report)
}

const status: HttpRoute = {
  kind: 'http',
  path: 'session/status',
  summary: 'SSE of { status: 200|401, message, payload } every ?interval= ms, 401 (then end) once expired/kicked; ?format=json answers once',
  handle: (ctx) => {
    const session = sessionOf(ctx.channel)
    if (ctx.query.string('format', 'sse') === 'json') {
      const message = current(session)
      // the seed protocol carries the status in the body; ?httpStatus=1 mirrors it on the response too
      sendJson(ctx.res, ctx.query.flag('httpStatus') ? message.status : 200, message)
      return
    }
    statusStream(ctx, session)
  },
}

function ender(phase: 'expired' | 'kicked', path: string, summary: string): HttpRoute {
  return {
    kind: 'http',
    path,
    methods: ['GET', 'POST'],
    summary,
    control: true,
    handle: (ctx) => {
      const session = sessionOf(ctx.channel)
      end(session, phase)
      sendJson(ctx.res, 200, { ok: true, message: MESSAGES[phase] })
    },
  }
}

export const sessionRoutes: HttpRoute[] = [
  login,
  status,
  ender('expired', 'session/expire', 'expires the session of ?channel= (status streams get 401 "session expired" at once)'),
  ender('kicked', 'session/kick', 'ends the session of ?channel= with 401 "signed in elsewhere"'),
]
