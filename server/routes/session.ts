import type { Channel } from '../channel'
import type { HttpContext, HttpRoute, Route, RouteContext, WsRoute } from '../types'
import type { Session, SessionMessage } from '../../src/testing/backend/contract'
import { randomUUID } from 'node:crypto'
import { endSession, newSession, notifySession, SESSION_DEFAULTS, SESSION_MESSAGES, sessionMessage, startSession } from '../../src/testing/backend/contract'
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
    const expiresAt = startSession(session, randomUUID(), ttl, Date.now(), (ms, fn) => ctx.channel.lifetime.after(ms, fn))
    sendJson(ctx.res, 200, { ok: true, expiresAt }, {
      'Set-Cookie': `${SESSION_DEFAULTS.cookie}=${session.token}; Path=/; HttpOnly; SameSite=Lax`,
    })
  },
}

const extend: HttpRoute = {
  kind: 'http',
  path: 'session/extend',
  methods: ['POST'],
  summary: 'keep-alive ("Stay signed in"): gives a valid session of ?channel= its login ?ttl= again → { ok, expiresAt }; 401 with the status message when it is not valid',
  handle: (ctx) => {
    const session = sessionOf(ctx.channel)
    const message = sessionMessage(session, Date.now())
    if (message.status !== 200) {
      sendJson(ctx.res, 401, message)
      return
    }
    const expiresAt = startSession(session, session.token, session.ttl, Date.now(), (ms, fn) => ctx.channel.lifetime.after(ms, fn))
    notifySession(session)
    sendJson(ctx.res, 200, { ok: true, expiresAt })
  },
}

/** Reports the session at once, every `?interval=` ms and whenever it changes, through `send`; `end` after a 401. */
function reportSession(ctx: RouteContext, session: Session, send: (message: SessionMessage) => void, end: () => void): void {
  const interval = ctx.query.int('interval', SESSION_DEFAULTS.interval, { min: 1 })
  const report = () => {
    const message = sessionMessage(session, Date.now())
    send(message)
    // the classic protocol closes on 401: the stream ends with it
    if (message.status === 401) {
      end()
      ctx.lifetime.dispose()
    }
  }
  session.listeners.add(report)
  ctx.lifetime.add(() => session.listeners.delete(report))
  report()
  ctx.lifetime.every(interval, report)
}

function statusStream(ctx: HttpContext, session: Session): void {
  const stream = openEventStream(ctx)
  reportSession(ctx, session, message => stream.send({ data: message }), () => stream.end())
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

const socket: WsRoute = {
  kind: 'ws',
  path: 'session/socket',
  summary: 'the session/status messages over a WebSocket (JSON text frames); after a 401 it closes with 1000',
  validate: ({ query }) => {
    query.int('interval', SESSION_DEFAULTS.interval, { min: 1 })
  },
  connect: (ws, ctx) => {
    reportSession(ctx, sessionOf(ctx.channel), message => ws.send(JSON.stringify(message)), () => ws.close(1000, 'signed out'))
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

export const sessionRoutes: Route[] = [
  login,
  extend,
  status,
  socket,
  ender('expired', 'session/expire', 'expires the session of ?channel= (status streams get 401 "session expired" at once)'),
  ender('kicked', 'session/kick', 'ends the session of ?channel= with 401 "signed in elsewhere"'),
]
