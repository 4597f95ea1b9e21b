import type { WebSocketClientConnection, WebSocketConnectionData } from '@mswjs/interceptors/WebSocket'
import { WebSocketInterceptor } from '@mswjs/interceptors/WebSocket'

/** The client end of an intercepted WebSocket, as a route serves it. */
export type WebSocketClient = WebSocketClientConnection

/** A mocked WebSocket endpoint of a {@link MockNetwork}. */
export interface WebSocketRoute {
  /** The route's params when it serves `url`, else `undefined`. */
  match: (url: URL) => Record<string, string> | undefined
  /**
   * Serves one connection. The socket opens only when this returns (or its promise settles), so awaiting
   * here delays the handshake, and never settling holds it (a connect timeout for the client).
   */
  connect: (client: WebSocketClient, params: Record<string, string>) => void | Promise<void>
}

/**
 * Refuses a connection that has not opened, or cuts one that has: what a browser reports when the TCP
 * connection fails or dies, an `error` event then `close` with code 1006.
 */
export function cutConnection(client: WebSocketClient): void {
  const { socket } = client
  if (socket.readyState === socket.CLOSING || socket.readyState === socket.CLOSED)
    return
  cut.add(client)
  socket.dispatchEvent(new Event('error'))
  // the client end closes with the reserved code, which no endpoint may send but every browser reports
  client.close(1006, '')
}

const cut = new WeakSet<WebSocketClient>()

/** Whether the connection was cut by {@link cutConnection} (not closed by the client or with a close frame). */
export const wasCut = (client: WebSocketClient): boolean => cut.has(client)

/** Resolves when the client end closes (at once if it has). */
export function whenClosed(client: WebSocketClient): Promise<void> {
  if (client.socket.readyState === client.socket.CLOSED)
    return Promise.resolve()
  return new Promise(resolve => client.addEventListener('close', () => resolve(), { once: true }))
}

/** Stands in for a missing platform `WebSocket` (Node 20) so the interceptor can patch it. */
class NoWebSocket extends EventTarget {
  static readonly CONNECTING = 0
  static readonly OPEN = 1
  static readonly CLOSING = 2
  static readonly CLOSED = 3

  constructor() {
    super()
    throw new Error('This environment has no WebSocket; only URLs a vue-lifeline/testing mock network serves can be opened.')
  }
}

/**
 * Intercepts the global `WebSocket` and serves the connections whose URL a route matches; others go to
 * the real network (where one exists). MSW's `ws` handlers are not used: they open the socket whatever
 * the handler does (no latency, no held handshake) and keep every client in IndexedDB for cross-tab
 * broadcast, which a docs page does not need.
 */
export function interceptWebSockets(routes: () => Iterable<WebSocketRoute>): { enable: () => void, disable: () => void } {
  let interceptor: WebSocketInterceptor | undefined
  let placeholder = false
  const onConnection = async ({ client, server }: WebSocketConnectionData): Promise<void> => {
    const url = new URL(client.url)
    for (const route of routes()) {
      const params = route.match(url)
      if (params)
        return route.connect(client, params)
    }
    if (placeholder)
      return cutConnection(client)
    server.connect()
  }
  return {
    enable: () => {
      if (typeof (globalThis as { WebSocket?: unknown }).WebSocket !== 'function') {
        placeholder = true
        Object.defineProperty(globalThis, 'WebSocket', { value: NoWebSocket, configurable: true, writable: true })
      }
      interceptor = new WebSocketInterceptor()
      interceptor.apply()
      interceptor.on('connection', onConnection)
    },
    disable: () => {
      interceptor?.dispose()
      interceptor = undefined
      if (placeholder) {
        delete (globalThis as { WebSocket?: unknown }).WebSocket
        placeholder = false
      }
    },
  }
}
