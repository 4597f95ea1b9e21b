import type { WebSocketData } from '@mswjs/interceptors/WebSocket'
import type { RuleWindow } from '../network/admission'
import type { NetworkCore } from '../network/network'
import type { WaitOptions } from '../network/waitList'
import type { WebSocketClient } from '../network/webSocket'
import { compilePattern } from '../network/route'
import { WaitList } from '../network/waitList'
import { cutConnection, wasCut, whenClosed } from '../network/webSocket'
import { MockEndpoint, sleep } from './endpoint'

/** A frame as the client sent it: text, or binary as `Blob` / `ArrayBuffer`. */
export type { WebSocketData }

/** Options of {@link MockWebSocketServer} (`network.webSocket(url, options)`). */
export interface MockWebSocketServerOptions {
  /**
   * Answers frames by itself (a heartbeat's pong, an echo): return the reply, or `undefined` for none.
   * `connection.silence()` stops it on one connection (a peer that no longer answers pings).
   */
  reply?: (data: WebSocketData, connection: MockWebSocketConnection) => WebSocketData | undefined
  /** Scripts every new connection (a welcome frame, a subscription ack). */
  onConnection?: (connection: MockWebSocketConnection) => void
}

/** How a mocked WebSocket connection closed. */
export interface MockCloseInfo {
  code: number
  reason: string
  /** `true` when the client closed it (its `close()`), `false` when the test or the network did. */
  byClient: boolean
}

/** One client connected to a {@link MockWebSocketServer}: the peer the test plays. */
export class MockWebSocketConnection {
  readonly #client: WebSocketClient
  readonly #messages = new WaitList<WebSocketData>('frame from the client')
  readonly #closed: Promise<MockCloseInfo>
  #silent = false
  #byServer = false

  constructor(client: WebSocketClient, reply: MockWebSocketServerOptions['reply']) {
    this.#client = client
    client.addEventListener('message', (event) => {
      this.#messages.push(event.data)
      const answer = this.#silent ? undefined : reply?.(event.data, this)
      if (answer !== undefined)
        client.send(answer)
    })
    this.#closed = new Promise(resolve => client.addEventListener('close', event =>
      resolve({ code: event.code, reason: event.reason, byClient: !this.#byServer && !wasCut(client) }), { once: true }))
  }

  /** The URL the client connected to. */
  get url(): URL {
    return this.#client.url
  }

  /** Every frame the client sent, in order. */
  get messages(): readonly WebSocketData[] {
    return this.#messages.items
  }

  /** `true` once closed by either side. */
  get closed(): boolean {
    return this.#client.socket.readyState === this.#client.socket.CLOSED
  }

  /** Sends a frame to the client (a string, or binary). Objects are not stringified: send `JSON.stringify(x)`. */
  send(data: WebSocketData): this {
    this.#client.send(data)
    return this
  }

  /**
   * Resolves with the next frame the client sends after this call (that `match`es, if given): `await
   * conn.nextMessage(m => m === 'ping')`.
   */
  nextMessage(match: (data: WebSocketData) => boolean = () => true, options?: WaitOptions): Promise<WebSocketData> {
    return this.#messages.waitFor(this.#messages.items.length + 1, match, options)
  }

  /** Stops the automatic `reply` on this connection: it stays open and never answers (a heartbeat timeout). */
  silence(): this {
    this.#silent = true
    return this
  }

  /** Closes from the server side with `code` (1000, 1008, 4000–4999, …) and `reason`: a clean close frame. */
  close(code = 1000, reason = ''): void {
    this.#byServer = true
    this.#client.close(code, reason)
  }

  /** Cuts the connection without a close frame: the client sees `error`, then `close` with 1006. */
  drop(): void {
    cutConnection(this.#client)
  }

  /** Resolves with how the connection closed. */
  whenClosed(): Promise<MockCloseInfo> {
    return this.#closed
  }
}

/**
 * A scripted WebSocket endpoint: the test plays the server. Faults are scripted on the endpoint
 * (`refuse`, `hold`, `latency`) or on one connection (`drop`, `close(code)`, `silence`).
 * @example
 * const live = network.webSocket('wss://api.example.com/live', { reply: d => d === 'ping' ? 'pong' : undefined })
 * const first = await live.waitForConnection()
 * first.send(JSON.stringify({ type: 'tick', data: 1 }))
 * live.refuse({ times: 2 })
 * first.drop() // the next two attempts are refused, the third connects
 */
export class MockWebSocketServer extends MockEndpoint<MockWebSocketConnection> {
  constructor(network: NetworkCore, url: string | URL, options: MockWebSocketServerOptions = {}) {
    super(network, wsUrl(network.resolve(url)), 'WebSocket connection')
    network.addWebSocketRoute({
      match: compilePattern(this.url),
      connect: async (client) => {
        const verdict = this.admission.next()
        network.onReset(() => cutConnection(client))
        await sleep(this.admission.latency)
        if (verdict.kind === 'refuse')
          return cutConnection(client)
        // the handshake never completes: the client's connect timeout has to give up
        if (verdict.kind === 'hold')
          return whenClosed(client)
        if (client.socket.readyState !== client.socket.CONNECTING)
          return
        const connection = new MockWebSocketConnection(client, options.reply)
        this.served.push(connection)
        options.onConnection?.(connection)
      },
    })
  }

  /**
   * New handshakes never complete (the socket stays `CONNECTING` until the client gives up), for `times`
   * attempts, for `ms`, or until `accept()`: what a client's connect timeout is for.
   */
  hold(window?: RuleWindow): this {
    this.admission.add({ kind: 'hold' }, window)
    return this
  }

  /** Sends `data` to every open connection. */
  broadcast(data: WebSocketData): void {
    for (const connection of this.connections) {
      if (!connection.closed)
        connection.send(data)
    }
  }
}

/** `http(s):` → `ws(s):`, so `network.webSocket('/live')` in a page means the page's own host. */
function wsUrl(url: URL): URL {
  const out = new URL(url)
  if (out.protocol === 'http:' || out.protocol === 'https:')
    out.protocol = out.protocol === 'https:' ? 'wss:' : 'ws:'
  return out
}
