import type { RequestHandler } from 'msw'
import type { Scheduler } from '../../core'
import type { WebSocketRoute } from './webSocket'
import { FetchInterceptor } from '@mswjs/interceptors/fetch'
import { XMLHttpRequestInterceptor } from '@mswjs/interceptors/XMLHttpRequest'
import { defineNetwork, InterceptorSource } from 'msw/experimental'
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
  /** Adds MSW request handlers, matched before those added earlier (as MSW `use()`); `reset()` removes them unless `keep`. */
  addHandlers: (handlers: RequestHandler[], keep?: boolean) => void
  /** Adds a WebSocket route; `reset()` removes it unless `keep`. */
  addWebSocketRoute: (route: WebSocketRoute, keep?: boolean) => void
  /** Registers what `reset()` and `stop()` must end (open connections, pending requests). */
  onReset: (cleanup: () => void) => void
}

type Interceptors = ConstructorParameters<typeof InterceptorSource>[0]['interceptors']

// one network at a time per realm: two would both answer (or both pass through) every request
const ACTIVE = Symbol.for('vue-lifeline/testing:active-network')
type Realm = typeof globalThis & { [ACTIVE]?: object }

/**
 * The interception under a mock network: `fetch`, `XMLHttpRequest`, `WebSocket` and `EventSource` of
 * this page or process, the URLs its handlers match served, every other request let through. Built on
 * MSW's network (`msw/experimental` `defineNetwork`, MSW 2.13+) and the interceptors MSW itself uses, so it
 * runs the same in Node, happy-dom and Chromium, with no service worker.
 */
export class NetworkBase implements NetworkCore {
  readonly #options: MockNetworkOptions
  readonly #webSockets = interceptWebSockets(() => [...this.#keptRoutes, ...this.#routes])
  readonly #network = defineNetwork({
    // (cast: MSW types the list as HTTP-and-WebSocket interceptors, which no single interceptor is)
    sources: [new InterceptorSource({ interceptors: [new FetchInterceptor(), new XMLHttpRequestInterceptor()] as Interceptors })],
    handlers: [],
    // requests nobody mocks (the app's own assets, other APIs) go out unchanged and unreported
    onUnhandledFrame: 'bypass',
    context: { quiet: true },
  })

  #keptHandlers: RequestHandler[] = []
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
    if (keep) {
      this.#keptHandlers.push(...handlers)
      this.#network.resetHandlers(...this.#keptHandlers)
    }
    else {
      // `use()` prepends; added in reverse, the first one added is matched first
      for (const handler of [...handlers].reverse())
        this.#network.use(handler)
    }
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
    await this.#network.enable()
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
    this.#network.resetHandlers(...this.#keptHandlers)
  }

  /** Resets, then stops intercepting and restores `fetch`, `XMLHttpRequest`, `WebSocket` and `EventSource`. */
  async stop(): Promise<void> {
    if (!this.#started)
      return
    this.reset()
    await this.#network.disable()
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
