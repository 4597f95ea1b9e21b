import type { RequestHandler } from '../../network/route'
import type { WebSocketRoute } from '../../network/webSocket'
import type { Session, SessionMessage } from '../contract'
import type { HttpContext, Mount, RouteContext } from '../route'
import { endSession, newSession, notifySession, SESSION_DEFAULTS, SESSION_MESSAGES, sessionMessage, startSession } from '../contract'
import { httpRoute, sendJson, wsRoute } from '../route'
import { openStream } from './sse'

const sessionOf = (ctx: RouteContext): Session => ctx.channel.slot('session', newSession)

/**
 * Reports the session at once, every `?interval=` ms and whenever it changes, through `send`; `end` after
 * a 401 (the classic protocol closes then). Returns the clean-up for when the connection closes.
 */
function reportSession(ctx: RouteContext, session: Session, send: (message: SessionMessage) => void, end: () => void): () => void {
  const interval = ctx.query.int('interval', SESSION_DEFAULTS.interval, { min: 1 })
  let timer: ReturnType<typeof setInterval> | undefined
  const stop = (): void => {
    session.listeners.delete(report)
    globalThis.clearInterval(timer)
  }
  function report(): void {
    const message = sessionMessage(session, Date.now())
    send(message)
    if (message.status === 401) {
      stop()
      end()
    }
  }
  session.listeners.add(report)
  report()
  if (session.listeners.has(report))
    timer = globalThis.setInterval(report, interval)
  return stop
}

function statusStream(ctx: HttpContext, session: Session): Response {
  const { response, writer } = openStream(ctx)
  writer.onClose(reportSession(ctx, session, message => writer.send({ data: message }), () => writer.end()))
  return response
}

function ender(mount: Mount, phase: 'expired' | 'kicked', path: string): RequestHandler {
  return httpRoute(mount, path, (ctx) => {
    endSession(sessionOf(ctx), phase)
    return sendJson({ ok: true, message: SESSION_MESSAGES[phase] })
  }, { methods: ['GET', 'POST'], control: true })
}

export function sessionRoutes(mount: Mount): RequestHandler[] {
  return [
    httpRoute(mount, 'session/login', (ctx) => {
      const session = sessionOf(ctx)
      const expiresAt = startSession(session, Math.random().toString(36).slice(2), ctx.query.optionalInt('ttl', { min: 1 }), Date.now(), (ms, fn) => ctx.backend.after(ms, fn))
      return sendJson({ ok: true, expiresAt }, 200, {
        'set-cookie': `${SESSION_DEFAULTS.cookie}=${session.token}; Path=/; HttpOnly; SameSite=Lax`,
      })
    }, { methods: ['GET', 'POST'] }),
    httpRoute(mount, 'session/extend', (ctx) => {
      const session = sessionOf(ctx)
      const message = sessionMessage(session, Date.now())
      if (message.status !== 200)
        return sendJson(message, 401)
      const expiresAt = startSession(session, session.token, session.ttl, Date.now(), (ms, fn) => ctx.backend.after(ms, fn))
      notifySession(session)
      return sendJson({ ok: true, expiresAt })
    }, { methods: ['POST'] }),
    httpRoute(mount, 'session/status', (ctx) => {
      const session = sessionOf(ctx)
      if (ctx.query.string('format', 'sse') === 'json') {
        const message = sessionMessage(session, Date.now())
        // the classic protocol carries the status in the body; ?httpStatus=1 mirrors it on the response too
        return sendJson(message, ctx.query.flag('httpStatus') ? message.status : 200)
      }
      return statusStream(ctx, session)
    }),
    ender(mount, 'expired', 'session/expire'),
    ender(mount, 'kicked', 'session/kick'),
  ]
}

/** `session/socket`: the status messages over a WebSocket; after a 401 it closes with 1000. */
export function sessionSocketRoutes(mount: Mount): WebSocketRoute[] {
  return [
    wsRoute(mount, 'session/socket', (ctx) => {
      // (the close waits a task: the interceptor would otherwise deliver it before the 401 frame sent just before)
      const stop = reportSession(ctx, sessionOf(ctx), message => ctx.client.send(JSON.stringify(message)), () => globalThis.setTimeout(() => ctx.client.close(1000, 'signed out')))
      ctx.client.addEventListener('close', stop, { once: true })
    }, { validate: ({ query }) => void query.int('interval', SESSION_DEFAULTS.interval, { min: 1 }) }),
  ]
}
