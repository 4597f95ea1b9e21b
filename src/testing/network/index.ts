import type { MockEventStreamOptions } from '../mocks/eventStream'
import type { MockHttpEndpointOptions } from '../mocks/http'
import type { MockWebSocketServerOptions } from '../mocks/webSocket'
import type { MockNetworkOptions, NetworkCore } from './network'
import type { RequestHandler } from './route'
import { MockEventStream } from '../mocks/eventStream'
import { MockHttpEndpoint } from '../mocks/http'
import { MockWebSocketServer } from '../mocks/webSocket'
import { NetworkBase } from './network'

const cores = new WeakMap<MockNetwork, NetworkBase>()

/** The interception core of `network` (for the simulated backend; not public). */
export const coreOf = (network: MockNetwork): NetworkCore => cores.get(network)!

/**
 * A network for tests and offline demos: `fetch`, `XMLHttpRequest`, `WebSocket` and `EventSource` are
 * intercepted while it runs; the endpoints scripted on it answer, everything else goes out unchanged.
 * Works the same in Vitest browser mode (Chromium) and in Node or happy-dom, with no server and no
 * service worker. One network at a time per page or process.
 * @example
 * const network = createMockNetwork()
 * beforeAll(() => network.start())
 * afterEach(() => network.reset())
 * afterAll(() => network.stop())
 */
export class MockNetwork {
  readonly #core: NetworkBase

  constructor(options: MockNetworkOptions = {}) {
    this.#core = new NetworkBase(options)
    cores.set(this, this.#core)
  }

  /** Whether the network intercepts right now. */
  get started(): boolean {
    return this.#core.started
  }

  /** Starts intercepting (a no-op when started). Rejects when another mock network runs in this realm. */
  start(): Promise<void> {
    return this.#core.start()
  }

  /** Ends every mocked connection and pending request and removes the endpoints and handlers added since start. */
  reset(): void {
    this.#core.reset()
  }

  /** Resets, then stops intercepting: `fetch`, `XMLHttpRequest`, `WebSocket` and `EventSource` are the platform's again. */
  stop(): Promise<void> {
    return this.#core.stop()
  }

  /** A scripted Server-Sent Events endpoint (GET or any method). */
  eventStream(url: string | URL, options?: MockEventStreamOptions): MockEventStream {
    return new MockEventStream(this.#core, url, options)
  }

  /** A scripted WebSocket endpoint; an `http(s):` or relative URL means `ws(s):` on that host. */
  webSocket(url: string | URL, options?: MockWebSocketServerOptions): MockWebSocketServer {
    return new MockWebSocketServer(this.#core, url, options)
  }

  /** A scripted HTTP endpoint (polling, long polling). */
  http(url: string | URL, options?: MockHttpEndpointOptions): MockHttpEndpoint {
    return new MockHttpEndpoint(this.#core, url, options)
  }

  /**
   * Adds your own request handlers, asked before the endpoints added earlier. A handler returns a
   * `Response` (`Response.error()` for a network error) or `undefined` to pass. MSW handlers plug in
   * through MSW's `getResponse`: `network.use(request => getResponse(handlers, request))`.
   */
  use(...handlers: RequestHandler[]): void {
    this.#core.addHandlers(handlers)
  }
}

/** Creates a {@link MockNetwork} (not started). */
export function createMockNetwork(options?: MockNetworkOptions): MockNetwork {
  return new MockNetwork(options)
}
