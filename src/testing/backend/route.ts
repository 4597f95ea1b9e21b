import type { RequestHandler } from '../network/route'
import type { WebSocketClient, WebSocketRoute } from '../network/webSocket'
import type { BackendState, Channel } from './state'
import { sleep } from '../mocks/endpoint'
import { compilePattern, route } from '../network/route'
import { cutConnection } from '../network/webSocket'
import { DEFAULT_CHANNEL, PREFIX } from './contract'
import { BadRequest, Query } from './query'
import { parseJsonBody } from './rules'

/** What every simulated route receives. */
export interface RouteContext {
  url: URL
  query: Query
  params: Record<string, string>
  /** `?channel=` given explicitly (chaos routes act globally without it). */
  channelGiven: boolean
  channel: Channel
  backend: BackendState
}

export interface HttpContext extends RouteContext {
  request: Request
}

export interface WsContext extends RouteContext {
  client: WebSocketClient
}

/** Where the simulated backend answers: `<origin>/__lifeline/…`. */
export interface Mount {
  origin: string
  backend: BackendState
}

/** The JSON answer of a route: 200 unless told. */
export const sendJson = (body: unknown, status = 200, headers: Record<string, string> = {}): Response =>
  Response.json(body, { status, headers: { 'cache-control': 'no-store', ...headers } })

/** The request body as JSON (`undefined` when empty); invalid JSON is a 400. */
export async function readJson(ctx: HttpContext): Promise<unknown> {
  return parseJsonBody(await ctx.request.text())
}

function context(mount: Mount, url: URL, params: Record<string, string>): RouteContext {
  const given = url.searchParams.get('channel')
  return {
    url,
    query: new Query(url.searchParams),
    params,
    channelGiven: Boolean(given),
    channel: mount.backend.channel(given || DEFAULT_CHANNEL),
    backend: mount.backend,
  }
}

/** Options of {@link httpRoute}. */
export interface HttpRouteOptions {
  /** @default ['GET'] */
  methods?: string[]
  /** Control-plane route (chaos, stats): never delayed, refused or dropped. @default false */
  control?: boolean
}

/**
 * One HTTP route as an MSW handler, with the demo backend's rules around it: `?channel=`, chaos offline
 * (a network error) and latency, `chaos/drop` of the request while it is handled, and `BadRequest` → 4xx.
 */
export function httpRoute(mount: Mount, path: string, handle: (ctx: HttpContext) => Response | Promise<Response>, options: HttpRouteOptions = {}): RequestHandler {
  const { methods = ['GET'], control = false } = options
  return route('*', `${mount.origin}${PREFIX}${path}`, async (request, params) => {
    if (!methods.includes(request.method))
      return new Response(JSON.stringify({ error: `${request.method} not allowed on ${PREFIX}${path}` }), { status: 405, headers: { 'allow': methods.join(', '), 'content-type': 'application/json' } })
    const ctx: HttpContext = { ...context(mount, new URL(request.url), params), request }
    const { channel, backend } = ctx
    try {
      if (control)
        return await handle(ctx)
      channel.stats.requests++
      if (backend.isOffline(channel))
        return Response.error()
      let cut!: (response: Response) => void
      const dropped = new Promise<Response>(resolve => cut = resolve)
      const release = channel.track('http', () => cut(Response.error()))
      // a client that gives up (aborts) ends its request as a closed connection would
      request.signal.addEventListener('abort', () => cut(Response.error()), { once: true })
      try {
        await Promise.race([sleep(backend.latencyOf(channel)), dropped])
        return await Promise.race([handle(ctx), dropped])
      }
      finally {
        release()
      }
    }
    catch (error) {
      if (error instanceof BadRequest)
        return sendJson({ error: error.message }, error.status)
      throw error
    }
  })
}

/** Options of {@link wsRoute}. */
export interface WsRouteOptions {
  /** Checks parameters before the handshake; a thrown `BadRequest` refuses the connection. */
  validate?: (ctx: RouteContext) => void
  /** Never completes the handshake (a connect timeout for the client). @default false */
  hold?: boolean
}

/**
 * One WebSocket route with the demo backend's rules: `?channel=`, chaos offline (refused) and latency
 * (the handshake waits), `chaos/drop` (cut with 1006), and parameters checked before the socket opens.
 */
export function wsRoute(mount: Mount, path: string, connect: (ctx: WsContext) => void, options: WsRouteOptions = {}): WebSocketRoute {
  return {
    match: compilePattern(`${mount.origin.replace(/^http/, 'ws')}${PREFIX}${path}`),
    connect: async (client, params) => {
      const ctx: WsContext = { ...context(mount, new URL(client.url), params), client }
      const { channel, backend } = ctx
      channel.stats.requests++
      if (backend.isOffline(channel))
        return cutConnection(client)
      try {
        options.validate?.(ctx)
      }
      catch (error) {
        // the Node backend answers the handshake with an HTTP error: the client sees a failed connection
        if (error instanceof BadRequest)
          return cutConnection(client)
        throw error
      }
      // pending and held handshakes are cut by chaos/drop too
      const releaseHeld = channel.hold(() => cutConnection(client))
      const closed = new Promise<void>(resolve => client.addEventListener('close', () => resolve(), { once: true }))
      await Promise.race([sleep(backend.latencyOf(channel)), closed])
      if (options.hold)
        await closed
      releaseHeld()
      if (client.socket.readyState !== client.socket.CONNECTING)
        return
      const release = channel.track('ws', () => cutConnection(client))
      client.addEventListener('close', release, { once: true })
      connect(ctx)
    },
  }
}
