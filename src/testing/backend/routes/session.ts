import type { RequestHandler } from '../../network/route'
import type { Session } from '../contract'
import type { HttpContext, Mount } from '../route'
import { endSession, newSession, SESSION_DEFAULTS, SESSION_MESSAGES, sessionMessage } from '../contract'
import { httpRoute, sendJson } from '../route'
import { openStream } from './sse'

const sessionOf = (ctx: HttpContext): Session => ctx.channel.slot('session', newSession)

function statusStream(ctx: HttpContext, session: Session): Response {
  const interval = ctx.query.int('interval', SESSION_DEFAULTS.interval, { min: 1 })
  const { response, writer, every } = openStream(ctx)
  const report = (): void => {
    const message = sessionMessage(session, Date.now())
    writer.send({ data: message })
    // the classic protocol closes on 401: the stream ends with it
    if (message.status === 401)
      writer.end()
  }
  session.listeners.add(report)
  writer.onClose(() => session.listeners.delete(report))
  report()
  if (!writer.closed)
    every(interval, report)
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
      const ttl = ctx.query.optionalInt('ttl', { min: 1 })
      const session = sessionOf(ctx)
      session.phase = 'valid'
      session.token = Math.random().toString(36).slice(2)
      session.expiresAt = ttl === undefined ? undefined : Date.now() + ttl
      if (ttl !== undefined) {
        const token = session.token
        ctx.backend.after(ttl, () => {
          if (session.token === token && session.phase === 'valid')
            endSession(session, 'expired')
        })
      }
      return sendJson({ ok: true, expiresAt: session.expiresAt ?? null }, 200, {
        'set-cookie': `${SESSION_DEFAULTS.cookie}=${session.token}; Path=/; HttpOnly; SameSite=Lax`,
      })
    }, { methods: ['GET', 'POST'] }),
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
