import type { WebSocketRoute } from '../../network/webSocket'
import type { Mount, RouteContext, WsContext } from '../route'
import { isSendableCloseCode, WS_DEFAULTS } from '../contract'
import { BadRequest } from '../query'
import { wsRoute } from '../route'

/** Runs `cleanup` when the socket closes. */
function onClose(ctx: WsContext, cleanup: () => void): void {
  ctx.client.addEventListener('close', cleanup, { once: true })
}

function closeParams({ params, query }: RouteContext): { code: number, reason: string, after: number } {
  const code = Number(params.code)
  if (!Number.isInteger(code) || !isSendableCloseCode(code))
    throw new BadRequest(`invalid close code ${params.code}: expected 1000–1003, 1007–1014 or 3000–4999`)
  const reason = query.string('reason', '')
  if (new TextEncoder().encode(reason).length > 123)
    throw new BadRequest('?reason= is longer than 123 bytes (RFC 6455 §5.5)')
  return { code, reason, after: query.int('after', WS_DEFAULTS.after, { min: 0 }) }
}

export function wsRoutes(mount: Mount): WebSocketRoute[] {
  return [
    wsRoute(mount, 'ws/echo', ({ client }) => {
      client.addEventListener('message', event => client.send(event.data))
    }),
    wsRoute(mount, 'ws/ticker', (ctx) => {
      const interval = ctx.query.int('interval', WS_DEFAULTS.interval, { min: 1 })
      const rate = ctx.query.optionalInt('rate', { min: 1, max: WS_DEFAULTS.maxRate })
      const count = ctx.query.optionalInt('count', { min: 0 })
      let n = 0
      const send = (): boolean => {
        if (count !== undefined && n >= count) {
          globalThis.clearInterval(timer)
          return false
        }
        n++
        ctx.client.send(JSON.stringify({ type: 'tick', data: { n } }))
        return true
      }
      // ?rate=: as many as are due by the clock at each burst, so the rate holds however late a timer fires
      const start = performance.now()
      const burst = (): void => {
        const due = Math.floor((performance.now() - start) * rate! / 1000) + 1
        while (n < due && send())
          continue
      }
      const tick = rate === undefined ? send : burst
      const timer = globalThis.setInterval(tick, rate === undefined ? interval : WS_DEFAULTS.burstEvery)
      onClose(ctx, () => globalThis.clearInterval(timer))
      tick()
    }, {
      validate: ({ query }) => {
        query.int('interval', WS_DEFAULTS.interval, { min: 1 })
        query.optionalInt('rate', { min: 1, max: WS_DEFAULTS.maxRate })
        query.optionalInt('count', { min: 0 })
      },
    }),
    wsRoute(mount, 'ws/pong', ({ client, query }) => {
      const ping = query.string('ping', WS_DEFAULTS.ping)
      const answer = query.string('pong', WS_DEFAULTS.pong)
      let left = query.optionalInt('pongs', { min: 0 }) ?? Infinity
      client.addEventListener('message', (event) => {
        if (event.data === ping) {
          if (left > 0) {
            left--
            client.send(answer)
          }
          return
        }
        client.send(event.data)
      })
    }, {
      validate: ({ query }) => void query.optionalInt('pongs', { min: 0 }),
    }),
    wsRoute(mount, 'ws/silent', () => {}),
    wsRoute(mount, 'ws/close/:code', (ctx) => {
      const { code, reason, after } = closeParams(ctx)
      const timer = globalThis.setTimeout(() => ctx.client.close(code, reason), after)
      onClose(ctx, () => globalThis.clearTimeout(timer))
    }, { validate: closeParams }),
    wsRoute(mount, 'ws/hang', () => {}, { hold: true }),
  ]
}
