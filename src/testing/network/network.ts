import type { Scheduler } from '../../core'
import type { RequestHandler } from './route'
import type { WebSocketRoute } from './webSocket'
import { FetchInterceptor } from '@mswjs/interceptors/fetch'
import { XMLHttpRequestInterceptor } from '@mswjs/interceptors/XMLHttpRequest'
import { defaultScheduler } from '../../core'
import { MockEventSource, useEventSourceScheduler } from './eventSource'
import { interceptWebSockets } from './webSocket'

/** Options of {@link createMockNetwork}. */
export interface MockNetworkOptions {
  /**
   * What relative endpoint URLs resolve against.
   * @default location.href in a browser, 'http://localhost/' elsewhere
   */
  baseUrl?: string | URL
  /**
   * Replace the global `EventSource` with {@link MockEventSource} while started, so native-mode streams
   * reach the mocks too (a page cannot intercept the browser's own `EventSource`; Node 20 has none).
   * @default true
   */
  eventSource?: boolean
  /**
   * The clock of refusal windows (`refuse({ ms })`) and of {@link MockEventSource}'s reconnection timer:
   * pass the test clock given to the composables, and native-mode retries wait for `clock.advance()` too.
   * @default real time (defaultScheduler)
   */
  clock?: Scheduler
}

/** Defaults of {@link createMockNetwork}. */
export const MOCK_NETWORK_DEFAULTS = {
  baseUrl: 'http://localhost/',
  eventSource: true,
} as const

/** The part of a mock network its endpoints and the simulated backend build on. */
export interface NetworkCore {
  /** Absolute URL of `url` (relative ones against `baseUrl`). */
  resolve: (url: string | URL) => URL
  /** The network's clock. */
  now: () => number
  /** Adds request handlers, asked before those added earlier; `reset()` removes them unless `keep`. */
  addHandlers: (handlers: RequestHandler[], keep?: boolean) => void
  /** Adds a WebSocket route; `reset()` removes it unless `keep`. */
  addWebSocketRoute: (route: WebSocketRoute, keep?: boolean) => void
  /** Registers what `reset()` and `stop()` must end (open connections, pending requests). */
  onReset: (cleanup: () => void) => void
}

// one network at a time per realm: two would both answer (or both pass through) every request
const ACTIVE = Symbol.for('vue-lifeline/testing:active-network')
type Realm = typeof globalThis & { [ACTIVE]?: object }

/**
 * The interception under a mock network: `fetch`, `XMLHttpRequest`, `WebSocket` and `EventSource` of
 * this page or process, the URLs its handlers match served, every other request let through. Built on
 * `@mswjs/interceptors`, the interception layer of MSW, so it runs the same in Node, happy-dom and
 * Chromium, with no service worker. Why not MSW itself: see `docs/guide/testing.md` ("How it works").
 */
export class NetworkBase implements NetworkCore {
  readonly #options: MockNetworkOptions
  readonly #webSockets = interceptWebSockets(() => [...this.#keptRoutes, ...this.#routes])
  #http: Array<FetchInterceptor | XMLHttpRequestInterceptor> = []
  #keptHandlers: RequestHandler[] = []
  #handlers: RequestHandler[] = []
  #keptRoutes: WebSocketRoute[] = []
  #routes: WebSocketRoute[] = []
  #cleanups: Array<() => void> = []
  #savedEventSource: PropertyDescriptor | undefined
  #started = false

  constructor(options: MockNetworkOptions = {}) {
    this.#options = options
  }

  /** Whether the network intercepts right now. */
  get started(): boolean {
    return this.#started
  }

  resolve(url: string | URL): URL {
    const base = this.#options.baseUrl ?? (globalThis as { location?: Location }).location?.href ?? MOCK_NETWORK_DEFAULTS.baseUrl
    return new URL(url, base)
  }

  now = (): number => (this.#options.clock ?? defaultScheduler).now()

  addHandlers(handlers: RequestHandler[], keep = false): void {
    if (keep)
      this.#keptHandlers.push(...handlers)
    else
      this.#handlers = [...handlers, ...this.#handlers]
  }

  readonly #onRequest = async ({ request, controller }: { request: Request, controller: { respondWith: (response: Response) => void } }): Promise<void> => {
    for (const handler of [...this.#handlers, ...this.#keptHandlers]) {
      const response = await handler(request)
      if (response) {
        controller.respondWith(response)
        return
      }
    }
    // requests nobody mocks (the app's own assets, other APIs) go out unchanged: no respondWith
  }

  addWebSocketRoute(route: WebSocketRoute, keep = false): void {
    (keep ? this.#keptRoutes : this.#routes).push(route)
  }

  onReset(cleanup: () => void): void {
    this.#cleanups.push(cleanup)
  }

  /** Starts intercepting. Only one mock network may run at a time in a page or process. */
  async start(): Promise<void> {
    if (this.#started)
      return
    const realm = globalThis as Realm
    if (realm[ACTIVE])
      throw new Error('[vue-lifeline/testing] another mock network is running in this realm: stop() it first (two would both answer every request).')
    realm[ACTIVE] = this
    this.#started = true
    if (this.#options.eventSource ?? MOCK_NETWORK_DEFAULTS.eventSource) {
      this.#savedEventSource = Object.getOwnPropertyDescriptor(globalThis, 'EventSource')
      Object.defineProperty(globalThis, 'EventSource', { value: MockEventSource, configurable: true, writable: true })
      useEventSourceScheduler(this.#options.clock ?? defaultScheduler)
    }
    this.#webSockets.enable()
    this.#http = [new FetchInterceptor(), new XMLHttpRequestInterceptor()]
    for (const interceptor of this.#http) {
      interceptor.apply()
      interceptor.on('request', this.#onRequest)
    }
  }

  /** Ends every mocked connection and pending request, and removes the handlers and routes added since start. */
  reset(): void {
    for (const cleanup of this.#cleanups.splice(0)) {
      try {
        cleanup()
      }
      catch (error) {
        console.error('[vue-lifeline/testing] clean-up failed', error)
      }
    }
    this.#routes = []
    this.#handlers = []
  }

  /** Resets, then stops intercepting and restores `fetch`, `XMLHttpRequest`, `WebSocket` and `EventSource`. */
  async stop(): Promise<void> {
    if (!this.#started)
      return
    this.reset()
    for (const interceptor of this.#http.splice(0))
      interceptor.dispose()
    this.#webSockets.disable()
    if (this.#savedEventSource)
      Object.defineProperty(globalThis, 'EventSource', this.#savedEventSource)
    else if (this.#options.eventSource ?? MOCK_NETWORK_DEFAULTS.eventSource)
      delete (globalThis as { EventSource?: unknown }).EventSource
    this.#savedEventSource = undefined
    useEventSourceScheduler(defaultScheduler)
    this.#started = false
    delete (globalThis as Realm)[ACTIVE]
  }
}
