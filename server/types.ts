import type { IncomingMessage, ServerResponse } from 'node:http'
import type { WebSocket } from 'ws'
import type { Channel, ChannelStats, ChaosState, Channels } from './channel'
import type { Lifetime } from './lifetime'
import type { Query } from './query'

/** Backend-wide state, shared by all routes. */
export interface BackendState {
  channels: Channels
  /** Chaos that applies to every channel (set by chaos routes called without `?channel=`). */
  chaos: ChaosState
  /** Ends with `close()`. */
  lifetime: Lifetime
  /** The stats of one channel (for Node tests that hold the backend object). */
  stats: (channel?: string) => ChannelStats
}

/** What every route handler receives. */
export interface RouteContext {
  req: IncomingMessage
  url: URL
  /** Path below the prefix, e.g. `sse/status/503`. */
  path: string
  /** `:name` segments of the route pattern. */
  params: Record<string, string>
  query: Query
  /** `?channel=` given explicitly (chaos routes act globally without it). */
  channelGiven: boolean
  channel: Channel
  backend: BackendState
  /** Ends when this request / socket ends (or the backend closes): timers of the route hang on it. */
  lifetime: Lifetime
}

export interface HttpContext extends RouteContext {
  res: ServerResponse
  /** Counts this request as an open SSE stream instead of a plain HTTP request. */
  markStream: () => void
  /** The request log entry (routes may attach the body). */
  logEntry?: { body?: string }
}

export interface HttpRoute {
  kind: 'http'
  /** Pattern below the prefix; `:name` captures one segment. */
  path: string
  /** Allowed methods. @default ['GET'] */
  methods?: string[]
  /** One line for the route list (`npm run backend`, `GET /__lifeline/routes`). */
  summary: string
  /** Control-plane route (chaos, stats): never delayed, refused, logged or dropped. */
  control?: boolean
  handle: (ctx: HttpContext) => void | Promise<void>
}

export interface WsRoute {
  kind: 'ws'
  path: string
  summary: string
  /** Checks parameters before the upgrade; a thrown `BadRequest` answers the handshake with that status. */
  validate?: (ctx: RouteContext) => void
  /** Never completes the upgrade: the socket is held open until the client, `chaos/drop` or `close()` ends it. */
  hold?: boolean
  connect?: (ws: WebSocket, ctx: RouteContext) => void
}

export type Route = HttpRoute | WsRoute
