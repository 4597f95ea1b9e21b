import type { MockNetworkOptions } from '../network/network'
import type { ChannelStats, ChaosSettings } from './state'
import { coreOf, MockNetwork } from '../network'
import { PREFIX } from './contract'
import { chaosRoutes } from './routes/chaos'
import { metaRoutes, notFound } from './routes/meta'
import { pollRoutes } from './routes/poll'
import { sessionRoutes, sessionSocketRoutes } from './routes/session'
import { sseRoutes } from './routes/sse'
import { wsRoutes } from './routes/ws'
import { BackendState } from './state'

/** Options of {@link mountSimulatedBackend}. */
export interface SimulatedBackendOptions {
  /**
   * The origin whose `/__lifeline/` the backend answers.
   * @default location.origin in a browser, 'http://localhost' elsewhere
   */
  origin?: string
}

/**
 * The demo backend of the repository (`server/`), simulated in the page or process: the same routes
 * under `/__lifeline/` for what the demos use (SSE ticker, chat and heartbeat; WS echo, ticker, pong,
 * silent, close codes, hang; short, long and ETag polling; the session over SSE, JSON and WebSocket; chaos), the same query
 * parameters, per-`?channel=` state and chaos, and a `health` that says `simulated: true`.
 */
export interface SimulatedBackend {
  /** The origin it answers on. */
  readonly origin: string
  /** The network it is mounted on. */
  readonly network: MockNetwork
  /** Absolute URL of a route: `url('sse/ticker?interval=500')`. */
  url: (route: string) => string
  /** The same as a `ws:` / `wss:` URL. */
  wsUrl: (route: string) => string
  /** The chaos of one channel, or the global one without a name (read-only view). */
  chaos: (channel?: string) => Readonly<ChaosSettings>
  /** The connection counts of one channel. */
  stats: (channel?: string) => Readonly<ChannelStats>
  /** Cuts every connection and stops the backend's timers (the network keeps running). */
  close: () => void
}

/** Adds the simulated demo backend's routes to `network` (they stay through `network.reset()`). */
export function mountSimulatedBackend(network: MockNetwork, options: SimulatedBackendOptions = {}): SimulatedBackend {
  const core = coreOf(network)
  const origin = options.origin ?? core.resolve('/').origin
  const state = new BackendState(core.now)
  const mount = { origin, backend: state }
  core.addHandlers([
    ...metaRoutes(mount),
    ...sseRoutes(mount),
    ...pollRoutes(mount),
    ...sessionRoutes(mount),
    ...chaosRoutes(mount),
    notFound(mount),
  ], true)
  for (const route of [...wsRoutes(mount), ...sessionSocketRoutes(mount)])
    core.addWebSocketRoute(route, true)
  const url = (route: string): string => `${origin}${PREFIX}${route}`
  return {
    origin,
    network,
    url,
    wsUrl: route => url(route).replace(/^http/, 'ws'),
    chaos: name => name === undefined ? state.chaos : state.channel(name).chaos,
    stats: (name = 'default') => state.channel(name).stats,
    close: () => state.dispose(),
  }
}

/** Options of {@link startSimulatedBackend}: where it answers, and the network's options. */
export interface StartSimulatedBackendOptions extends SimulatedBackendOptions, MockNetworkOptions {}

/** A simulated backend on a network of its own; `stop()` ends both. */
export interface StartedSimulatedBackend extends SimulatedBackend {
  /** Stops the backend and its network (`fetch`, `WebSocket`, `EventSource` are the platform's again). */
  stop: () => Promise<void>
}

/**
 * Starts the simulated demo backend on a new {@link MockNetwork}: what a statically hosted docs page
 * runs its demos on, and what a test of a component written against the demo routes can use.
 * @example
 * const backend = await startSimulatedBackend()
 * // useEventSource('/__lifeline/sse/ticker') now streams from the page itself
 * await backend.stop()
 */
export async function startSimulatedBackend(options: StartSimulatedBackendOptions = {}): Promise<StartedSimulatedBackend> {
  const network = new MockNetwork(options)
  const backend = mountSimulatedBackend(network, options)
  await network.start()
  return {
    ...backend,
    stop: async () => {
      backend.close()
      await network.stop()
    },
  }
}
