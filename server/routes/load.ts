import type { WebSocket } from 'ws'
import type { HttpContext, HttpRoute, Route, RouteContext, WsRoute } from '../types'
import type { Lifetime } from '../lifetime'
import { openEventStream } from '../sse'
import { WS_DEFAULTS } from './ws'

/** Defaults of the load and dead-link routes (`npm run bench` drives them; demos may too). */
export const LOAD_DEFAULTS = {
  /** `ws/burst`, `sse/burst`: messages sent. */
  count: 1000,
  /** `ws/burst`, `sse/burst`: filler characters added to each message. */
  size: 0,
  /** `ws/burst`: frames per second; 0 sends as fast as the socket drains. */
  rate: 0,
  /** `sse/mute`: ms between events while the link is alive. */
  interval: 500,
  /** `ws/mute`, `sse/mute`: ms after connect before the server goes silent (when `?at=` is absent). */
  after: 2000,
  /** `ws/mute`, `sse/mute`: ms a silent connection is held before the server drops it. */
  hold: 60_000,
} as const

/** Upper bounds, so a typo cannot make the backend build gigabytes. */
const MAX = { count: 10_000_000, size: 1_000_000, rate: 1_000_000 }

/**
 * Frames written before waiting for the socket: large enough that the server is never what limits a
 * client's receive rate, small enough that other connections are served in between.
 */
const BATCH = 1024
/** ms between two paced sends (`?rate=`): fine enough for 5 000/s without one timer per message. */
const PACE_MS = 10
/** Bytes of SSE text written at once. */
const CHUNK = 64 * 1024

/** `{"type":"tick","data":{"n":1}}`, with `size` filler characters in `data.pad` when asked. */
export function tickFrame(n: number, size = 0): string {
  return size > 0 ? `{"type":"tick","data":{"n":${n},"pad":"${'x'.repeat(size)}"}}` : `{"type":"tick","data":{"n":${n}}}`
}

/** One SSE event `data: {"n":1}` (with `size` filler characters in `pad`). */
export function burstEvent(n: number, size = 0): string {
  return size > 0 ? `data: {"n":${n},"pad":"${'x'.repeat(size)}"}\n\n` : `data: {"n":${n}}\n\n`
}

function loadParams({ query }: RouteContext) {
  return {
    count: query.int('count', LOAD_DEFAULTS.count, { min: 0, max: MAX.count }),
    size: query.int('size', LOAD_DEFAULTS.size, { min: 0, max: MAX.size }),
    rate: query.int('rate', LOAD_DEFAULTS.rate, { min: 0, max: MAX.rate }),
  }
}

/**
 * Calls `send(n, last)` for n = 1…count: unpaced in batches of `BATCH` (`last` marks a batch's end), or
 * `rate` per second on a 10 ms pace. When `send` returns a promise (the socket is full), the next
 * message waits for it.
 */
function produce(lifetime: Lifetime, count: number, rate: number, send: (n: number, last: boolean) => Promise<void> | void): void {
  let n = 0
  if (rate === 0) {
    const batch = async (): Promise<void> => {
      while (n < count && !lifetime.isDisposed) {
        const end = Math.min(count, n + BATCH)
        while (n < end) {
          const full = send(++n, n === end)
          if (full)
            await full
        }
        // let other sockets and requests in between two batches
        await new Promise(resolve => setImmediate(resolve))
      }
    }
    void batch()
    return
  }
  const started = Date.now()
  const stop = lifetime.every(PACE_MS, () => {
    const due = Math.min(count, Math.floor((Date.now() - started) * rate / 1000))
    while (n < due)
      send(++n, false)
    if (n >= count)
      stop()
  })
}

/** Resolves with the time (epoch ms) at which the connection goes silent: `?at=`, else `?after=` from now. */
function muteAt({ query }: RouteContext): { at: number, hold: number } {
  const at = query.optionalInt('at', { min: 0 })
  return {
    at: at ?? Date.now() + query.int('after', LOAD_DEFAULTS.after, { min: 0, max: 3_600_000 }),
    hold: query.int('hold', LOAD_DEFAULTS.hold, { min: 0, max: 3_600_000 }),
  }
}

const wsBurst: WsRoute = {
  kind: 'ws',
  path: 'ws/burst',
  summary: '?count= frames {"type":"tick","data":{"n"}} at once, as fast as the socket drains (?rate= per second paces them; ?size= pads data.pad)',
  validate: (ctx) => {
    loadParams(ctx)
  },
  connect: (ws, ctx) => {
    const { count, size, rate } = loadParams(ctx)
    produce(ctx.lifetime, count, rate, (n, last) => {
      if (ws.readyState !== ws.OPEN)
        return
      if (!last)
        return ws.send(tickFrame(n, size))
      // the batch's last frame carries the callback: the next batch waits until this one is written
      // (a frame-level wait would cost a promise per frame and make the server what limits the rate)
      return new Promise<void>(resolve => ws.send(tickFrame(n, size), () => resolve()))
    })
  },
}

/** Answers like `ws/pong` (ping → pong, anything else echoed) while `alive()`. */
function answer(ws: WebSocket, ctx: RouteContext, alive: () => boolean): void {
  const ping = ctx.query.string('ping', WS_DEFAULTS.ping)
  const pong = ctx.query.string('pong', WS_DEFAULTS.pong)
  ws.on('message', (data, isBinary) => {
    if (!alive())
      return
    if (!isBinary && data.toString() === ping)
      ws.send(pong)
    else
      ws.send(data, { binary: isBinary })
  })
}

const wsMute: WsRoute = {
  kind: 'ws',
  path: 'ws/mute',
  summary: 'a dead link: answers ?ping= with ?pong= and echoes until ?at= (epoch ms) or ?after= ms, then reads and sends nothing and keeps TCP open (dropped after ?hold= ms)',
  validate: (ctx) => {
    muteAt(ctx)
  },
  connect: (ws, ctx) => {
    const { at, hold } = muteAt(ctx)
    let alive = true
    answer(ws, ctx, () => alive)
    ctx.lifetime.after(Math.max(0, at - Date.now()), () => {
      alive = false
      // stop reading too: the client's frames (and its close frame) go unanswered, as over a dead link
      ws.pause()
      ctx.lifetime.after(hold, () => ws.terminate())
    })
  },
}

const sseBurst: HttpRoute = {
  kind: 'http',
  path: 'sse/burst',
  summary: '?count= events data: {"n"} at once, written as fast as the client reads (?size= pads "pad"); stays open unless ?end=1',
  handle: (ctx: HttpContext) => {
    const { count, size } = loadParams(ctx)
    const stream = openEventStream(ctx)
    const { res } = ctx
    let chunk = ''
    produce(ctx.lifetime, count, 0, (n, last) => {
      chunk += burstEvent(n, size)
      if (chunk.length < CHUNK && !last)
        return
      const full = chunk
      chunk = ''
      stream.raw(full)
      if (n === count && ctx.query.flag('end'))
        stream.end()
      // backpressure: wait until the client has taken what is buffered
      if (res.writableNeedDrain) {
        return new Promise<void>((resolve) => {
          const done = (): void => {
            res.off('drain', done).off('close', done)
            resolve()
          }
          res.on('drain', done).on('close', done)
        })
      }
    })
  },
}

const sseMute: HttpRoute = {
  kind: 'http',
  path: 'sse/mute',
  summary: 'a dead link: data: {"n","t"} every ?interval= ms until ?at= (epoch ms) or ?after= ms, then nothing, connection held (dropped after ?hold= ms)',
  handle: (ctx) => {
    const { at, hold } = muteAt(ctx)
    const interval = ctx.query.int('interval', LOAD_DEFAULTS.interval, { min: 1 })
    const stream = openEventStream(ctx)
    let n = 0
    const tick = () => stream.send({ data: { n: ++n, t: Date.now() } })
    tick()
    const stop = ctx.lifetime.every(interval, tick)
    ctx.lifetime.after(Math.max(0, at - Date.now()), () => {
      stop()
      ctx.lifetime.after(hold, () => ctx.res.destroy())
    })
  },
}

/** Load generators and dead links: what `npm run bench` measures the clients against. */
export const loadRoutes: Route[] = [wsBurst, wsMute, sseBurst, sseMute]
