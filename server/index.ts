// The demo backend: one plain Node `(req, res)` handler plus a `ws` upgrade handler, every route under
// `/__lifeline/`. Hosted by the Vite plugin (playground, docs), by `listen()` (Vitest globalSetup, Node
// tests) and by `npm run backend`. No Vite imports: VitePress brings its own Vite.
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Duplex } from 'node:stream'
import type { Channel, RequestLogEntry } from './channel'
import type { BackendState, HttpContext, HttpRoute, Route, RouteContext, WsRoute } from './types'
import { STATUS_CODES } from 'node:http'
import { WebSocketServer } from 'ws'
import { Channels } from './channel'
import { DEFAULT_CHANNEL, PREFIX } from './defaults'
import { BadRequest } from './errors'
import { applyCors, header, sendJson, utf8Header } from './http'
import { Lifetime } from './lifetime'
import { Query } from './query'
import { findRoute } from './router'
import { routes as builtInRoutes } from './routes'

export { PREFIX } from './defaults'
export type { ChannelStats, RequestLogEntry } from './channel'
export type { BackendState, HttpRoute, Route, WsRoute } from './types'

/** Options of `createDemoBackend`. */
export interface DemoBackendOptions {
  /** The route table. @default the built-in routes of `server/routes` */
  routes?: readonly Route[]
}

export interface DemoBackend {
  /** Connect-style middleware: requests outside `/__lifeline/` go to `next()` (404 without it). */
  handle: (req: IncomingMessage, res: ServerResponse, next?: (error?: unknown) => void) => void
  /** Takes WebSocket upgrades under the prefix; returns `false` for others (Vite's HMR socket). */
  upgrade: (req: IncomingMessage, socket: Duplex, head: Buffer) => boolean
  /** Ends every stream, socket and timer at once. */
  close: () => void
  state: BackendState
  routes: readonly Route[]
}

const noop = () => {}

function routeSummary(routes: readonly Route[]): string[] {
  return routes.map(r => `${r.kind === 'ws' ? 'WS  ' : (r.methods ?? ['GET']).join('|').padEnd(4)} ${PREFIX}${r.path} — ${r.summary}`)
}

function logEntry(req: IncomingMessage, path: string, query: Query): RequestLogEntry {
  return {
    route: path,
    method: req.method ?? 'GET',
    at: Date.now(),
    query: query.entries(),
    headers: {
      'last-event-id': utf8Header(req, 'last-event-id'),
      'if-none-match': header(req, 'if-none-match'),
      'authorization': header(req, 'authorization'),
      'cookie': header(req, 'cookie'),
      'origin': header(req, 'origin'),
    },
  }
}

/** Answers a WebSocket handshake with a plain HTTP error (the client sees a failed connection). */
function rejectUpgrade(socket: Duplex, status: number, message: string): void {
  const body = JSON.stringify({ error: message })
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`)
}

/** Creates one demo backend with its own channels, chaos and timers. */
export function createDemoBackend(options: DemoBackendOptions = {}): DemoBackend {
  const routes = options.routes ?? builtInRoutes
  const lifetime = new Lifetime()
  const channels = new Channels(lifetime)
  const state: BackendState = {
    channels,
    chaos: { latency: 0, offlineUntil: 0 },
    lifetime,
    stats: (name = DEFAULT_CHANNEL) => channels.get(name).stats,
  }
  // noServer: the host (Vite, listen()) owns the HTTP server and forwards only our upgrades
  const wss = new WebSocketServer({ noServer: true })

  lifetime.add(() => {
    for (const channel of channels.all())
      channel.dropAll()
    for (const ws of wss.clients)
      ws.terminate()
    wss.close()
  })

  const isOffline = (channel: Channel) => {
    const now = Date.now()
    return now < channel.chaos.offlineUntil || now < state.chaos.offlineUntil
  }
  const latencyOf = (channel: Channel) => Math.max(channel.chaos.latency, state.chaos.latency)

  /** A lifetime for one request or socket that also ends when the backend closes. */
  const requestLifetime = () => {
    const own = new Lifetime()
    own.add(lifetime.add(() => own.dispose()))
    return own
  }

  function baseContext(req: IncomingMessage, url: URL, path: string, params: Record<string, string>, own: Lifetime): RouteContext {
    const given = url.searchParams.get('channel')
    return {
      req,
      url,
      path,
      params,
      query: new Query(url.searchParams),
      channelGiven: Boolean(given),
      channel: channels.get(given || DEFAULT_CHANNEL),
      backend: state,
      lifetime: own,
    }
  }

  function fail(res: ServerResponse, error: unknown): void {
    if (error instanceof BadRequest) {
      sendJson(res, error.status, { error: error.message })
      return
    }
    console.error('[lifeline] route failed', error)
    if (res.headersSent)
      res.destroy()
    else
      sendJson(res, 500, { error: String((error as Error)?.message ?? error) })
  }

  function handle(req: IncomingMessage, res: ServerResponse, next?: (error?: unknown) => void): void {
    const url = new URL(req.url ?? '/', 'http://localhost')
    if (!url.pathname.startsWith(PREFIX)) {
      if (next)
        next()
      else
        sendJson(res, 404, { error: `not a demo backend path: ${url.pathname}` })
      return
    }
    // an aborted request must not crash the host process
    req.on('error', noop)
    res.on('error', noop)
    applyCors(req, res)
    if (req.method === 'OPTIONS') {
      res.writeHead(204, { 'Content-Length': '0' }).end()
      return
    }
    if (lifetime.isDisposed) {
      sendJson(res, 503, { error: 'demo backend closed' })
      return
    }
    const path = url.pathname.slice(PREFIX.length)
    const match = findRoute(routes, 'http', path)
    if (!match) {
      if (findRoute(routes, 'ws', path))
        sendJson(res, 426, { error: `${path} is a WebSocket route: connect with ws://` }, { Upgrade: 'websocket' })
      else
        sendJson(res, 404, { error: `no route ${PREFIX}${path}`, routes: routeSummary(routes) })
      return
    }
    const route: HttpRoute = match.route
    const methods = route.methods ?? ['GET']
    if (!methods.includes(req.method ?? 'GET')) {
      sendJson(res, 405, { error: `${req.method} not allowed on ${PREFIX}${route.path}` }, { Allow: methods.join(', ') })
      return
    }
    const own = requestLifetime()
    res.on('close', () => own.dispose())
    const base = baseContext(req, url, path, match.params, own)
    const { channel } = base
    res.setHeader('X-Lifeline-Channel', channel.name)
    res.setHeader('X-Lifeline-Route', route.path)
    const ctx: HttpContext = { ...base, res, markStream: noop }

    if (!route.control) {
      const entry = logEntry(req, path, base.query)
      channel.log(entry)
      ctx.logEntry = entry
      if (isOffline(channel)) {
        // chaos/offline: the client gets a network error, not an HTTP status
        entry.refused = true
        req.socket.destroy()
        return
      }
      let release = channel.track('http', () => res.destroy())
      own.add(() => release())
      ctx.markStream = () => {
        release()
        release = channel.track('sse', () => res.destroy())
      }
    }

    const run = async () => {
      const latency = route.control ? 0 : latencyOf(channel)
      if (latency > 0)
        await own.sleep(latency)
      await route.handle(ctx)
    }
    run().catch(error => fail(res, error))
  }

  function upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const url = new URL(req.url ?? '/', 'http://localhost')
    if (!url.pathname.startsWith(PREFIX))
      return false
    socket.on('error', noop)
    if (lifetime.isDisposed) {
      socket.destroy()
      return true
    }
    const path = url.pathname.slice(PREFIX.length)
    const match = findRoute(routes, 'ws', path)
    if (!match) {
      rejectUpgrade(socket, 404, `no WebSocket route ${PREFIX}${path}`)
      return true
    }
    const route: WsRoute = match.route
    const own = requestLifetime()
    socket.on('close', () => own.dispose())
    const ctx = baseContext(req, url, path, match.params, own)
    const { channel } = ctx
    const entry = logEntry(req, path, ctx.query)
    channel.log(entry)
    if (isOffline(channel)) {
      entry.refused = true
      socket.destroy()
      return true
    }
    try {
      route.validate?.(ctx)
    }
    catch (error) {
      if (!(error instanceof BadRequest))
        console.error('[lifeline] ws route failed', error)
      rejectUpgrade(socket, error instanceof BadRequest ? error.status : 500, String((error as Error)?.message ?? error))
      return true
    }
    // pending (latency) and held (ws/hang) handshakes are cut by chaos/drop and close() too
    const releaseHeld = channel.hold(() => socket.destroy())
    own.add(releaseHeld)
    if (route.hold)
      return true

    const complete = () => {
      if (socket.destroyed)
        return
      releaseHeld()
      wss.handleUpgrade(req, socket, head, (ws) => {
        const release = channel.track('ws', () => ws.terminate())
        ws.on('error', noop)
        ws.on('close', () => {
          release()
          own.dispose()
        })
        // registered before the route's own listener, so a reply is never seen before its cause is logged
        ws.on('message', (data, isBinary) => {
          if (!isBinary)
            channel.logWsFrame(data.toString())
        })
        try {
          route.connect?.(ws, ctx)
        }
        catch (error) {
          console.error('[lifeline] ws route failed', error)
          ws.close(1011, 'demo backend route failed')
        }
      })
    }
    const latency = latencyOf(channel)
    if (latency > 0)
      own.after(latency, complete)
    else
      complete()
    return true
  }

  return {
    handle,
    upgrade,
    close: () => lifetime.dispose(),
    state,
    routes,
  }
}

/** One line per route, for the CLI and the 404 answer. */
export function describeRoutes(routes: readonly Route[] = builtInRoutes): string[] {
  return routeSummary(routes)
}
