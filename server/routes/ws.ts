import type { RouteContext, WsRoute } from '../types'
import { isSendableCloseCode, WS_DEFAULTS } from '../../src/testing/backend/contract'
import { BadRequest } from '../errors'

export { isSendableCloseCode, WS_DEFAULTS }

const echo: WsRoute = {
  kind: 'ws',
  path: 'ws/echo',
  summary: 'echoes every frame (text or binary)',
  connect: (ws) => {
    ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }))
  },
}

const ticker: WsRoute = {
  kind: 'ws',
  path: 'ws/ticker',
  summary: '{"type":"tick","data":{"n"}} at once and every ?interval= ms, or ?rate= messages a second (sent in bursts every 10 ms); ?count= stops after that many',
  validate: ({ query }) => {
    query.int('interval', WS_DEFAULTS.interval, { min: 1 })
    query.optionalInt('rate', { min: 1, max: WS_DEFAULTS.maxRate })
    query.optionalInt('count', { min: 0 })
  },
  connect: (ws, { query, lifetime }) => {
    const interval = query.int('interval', WS_DEFAULTS.interval, { min: 1 })
    const rate = query.optionalInt('rate', { min: 1, max: WS_DEFAULTS.maxRate })
    const count = query.optionalInt('count', { min: 0 })
    let n = 0
    let stop = (): void => {}
    const send = (): boolean => {
      if (count !== undefined && n >= count) {
        stop()
        return false
      }
      n++
      ws.send(JSON.stringify({ type: 'tick', data: { n } }))
      return true
    }
    if (rate === undefined) {
      stop = lifetime.every(interval, send)
      send()
      return
    }
    // ?rate=: as many as are due by the clock at each burst, so the rate holds however late a timer fires
    const start = performance.now()
    const burst = (): void => {
      const due = Math.floor((performance.now() - start) * rate / 1000) + 1
      while (n < due && send())
        continue
    }
    stop = lifetime.every(WS_DEFAULTS.burstEvery, burst)
    burst()
  },
}

const pong: WsRoute = {
  kind: 'ws',
  path: 'ws/pong',
  summary: 'answers the ?ping= message with ?pong= (first ?pongs= only, then silent to pings); echoes other frames',
  validate: ({ query }) => {
    query.optionalInt('pongs', { min: 0 })
  },
  connect: (ws, { query }) => {
    const ping = query.string('ping', WS_DEFAULTS.ping)
    const answer = query.string('pong', WS_DEFAULTS.pong)
    let left = query.optionalInt('pongs', { min: 0 }) ?? Infinity
    ws.on('message', (data, isBinary) => {
      if (!isBinary && data.toString() === ping) {
        if (left > 0) {
          left--
          ws.send(answer)
        }
        return
      }
      ws.send(data, { binary: isBinary })
    })
  },
}

const silent: WsRoute = {
  kind: 'ws',
  path: 'ws/silent',
  summary: 'accepts and never sends (frames are still logged in stats)',
}

function closeParams({ params, query }: RouteContext) {
  const code = Number(params.code)
  if (!Number.isInteger(code) || !isSendableCloseCode(code))
    throw new BadRequest(`invalid close code ${params.code}: expected 1000–1003, 1007–1014 or 3000–4999`)
  const reason = query.string('reason', '')
  if (Buffer.byteLength(reason) > 123)
    throw new BadRequest('?reason= is longer than 123 bytes (RFC 6455 §5.5)')
  return { code, reason, after: query.int('after', WS_DEFAULTS.after, { min: 0 }) }
}

const close: WsRoute = {
  kind: 'ws',
  path: 'ws/close/:code',
  summary: 'closes with that code and ?reason= after ?after= ms',
  validate: (ctx) => {
    closeParams(ctx)
  },
  connect: (ws, ctx) => {
    const { code, reason, after } = closeParams(ctx)
    ctx.lifetime.after(after, () => ws.close(code, reason))
  },
}

const oversized: WsRoute = {
  kind: 'ws',
  path: 'ws/oversized',
  summary: 'one text frame of ?bytes= (valid JSON), then a non-JSON frame, then {"type":"ok"}',
  validate: ({ query }) => {
    query.int('bytes', WS_DEFAULTS.bytes, { min: 0, max: 50_000_000 })
  },
  connect: (ws, { query }) => {
    const bytes = query.int('bytes', WS_DEFAULTS.bytes, { min: 0, max: 50_000_000 })
    // `{"type":"big","data":"…"}` puts 24 bytes around the filler
    const big = bytes >= 24 ? `{"type":"big","data":"${'x'.repeat(bytes - 24)}"}` : 'x'.repeat(bytes)
    ws.send(big)
    ws.send('this is not JSON {')
    ws.send(JSON.stringify({ type: 'ok' }))
  },
}

const hang: WsRoute = {
  kind: 'ws',
  path: 'ws/hang',
  summary: 'takes the TCP connection but never completes the handshake (a connect timeout)',
  hold: true,
}

export const wsRoutes: WsRoute[] = [echo, ticker, pong, silent, close, oversized, hang]
