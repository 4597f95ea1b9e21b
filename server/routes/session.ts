import type { Channel } from '../channel'
import type { HttpContext, HttpRoute } from '../types'
import type { Session, SessionMessage } from '../../src/testing/backend/contract'
import { randomUUID } from 'node:crypto'
import { endSession, newSession, SESSION_DEFAULTS, SESSION_MESSAGES, sessionMessage } from '../../src/testing/backend/contract'
import { sendJson } from '../http'
import { openEventStream } from '../sse'

export { SESSION_DEFAULTS }
export type { SessionMessage }

const sessionOf = (channel: Channel) => channel.slot<Session>('session', newSession)

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
          endSession(session, 'expired')
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
    const message = sessionMessage(session, Date.now())
    stream.send({ data: message })
    if (message.status === 401) {
      // the classic protocol closes on 401: the stream ends with it
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
      const message = sessionMessage(session, Date.now())
      // the classic protocol carries the status in the body; ?httpStatus=1 mirrors it on the response too
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
      endSession(session, phase)
      sendJson(ctx.res, 200, { ok: true, message: SESSION_MESSAGES[phase] })
    },
  }
}

export const sessionRoutes: HttpRoute[] = [
  login,
  status,
  ender('expired', 'session/expire', 'expires the session of ?channel= (status streams get 401 "session expired" at once)'),
  ender('kicked', 'session/kick', 'ends the session of ?channel= with 401 "signed in elsewhere"'),
]
