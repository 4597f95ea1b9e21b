import type { FailureInit, RuleWindow } from '../network/admission'
import type { EventStreamWriter, ServerSentEvent, StreamEnd } from '../network/eventStream'
import type { NetworkCore } from '../network/network'
import { failureResponse } from '../network/admission'
import { createEventStream } from '../network/eventStream'
import { route } from '../network/route'
import { MockEndpoint, sleep } from './endpoint'

/** Options of {@link MockEventStream} (`network.eventStream(url, options)`). */
export interface MockEventStreamOptions {
  /**
   * The HTTP method served (`'*'`: any, so a POST-driven AI stream works too).
   * @default '*'
   */
  method?: string
  /**
   * Ms between keep-alive comments (`: keep-alive`) on every open connection; `0` sends none.
   * `connection.silence()` stops them on one connection (a dead link that stays open).
   * @default 0
   */
  keepAlive?: number
  /** Extra response headers of the stream. @default {} */
  headers?: HeadersInit
  /** Scripts every new connection (say hello, replay history). */
  onConnection?: (connection: MockEventStreamConnection) => void
}

/** Defaults of {@link MockEventStreamOptions}. */
export const MOCK_EVENT_STREAM_DEFAULTS = {
  method: '*',
  keepAlive: 0,
} as const

const decodeHeader = (value: string | null): string | null =>
  value === null ? null : new TextDecoder().decode(Uint8Array.from(value, c => c.charCodeAt(0)))

/** One client connection to a {@link MockEventStream}: what the test sends on it and how it ends. */
export class MockEventStreamConnection {
  #keepAlive: ReturnType<typeof setInterval> | undefined
  readonly #ended: Promise<StreamEnd>

  constructor(
    /** The request that opened it (method, headers, body). */
    readonly request: Request,
    private readonly writer: EventStreamWriter,
    keepAlive: number,
  ) {
    if (keepAlive > 0)
      this.#keepAlive = globalThis.setInterval(() => writer.comment('keep-alive'), keepAlive)
    this.#ended = new Promise(resolve => writer.onClose((reason) => {
      globalThis.clearInterval(this.#keepAlive)
      resolve(reason)
    }))
  }

  /** The `Last-Event-ID` the client resumed from (UTF-8 decoded), `null` on a fresh start. */
  get lastEventId(): string | null {
    return decodeHeader(this.request.headers.get('last-event-id'))
  }

  /** `true` once ended, dropped, or given up by the client. */
  get closed(): boolean {
    return this.writer.closed
  }

  /** Sends one event (a string is the data of a `message` event; other data goes as JSON). */
  send(event: ServerSentEvent | string): this {
    this.writer.send(event)
    return this
  }

  /** Sends a comment line (`: text`): proof of life, no event. */
  comment(text = ''): this {
    this.writer.comment(text)
    return this
  }

  /** Writes text exactly as given: a malformed frame (`'data: {oops\n\n'`), a partial event, odd line ends. */
  raw(text: string): this {
    this.writer.raw(text)
    return this
  }

  /** Stops the keep-alive comments: the connection stays open and says nothing (what `idleTimeout` catches). */
  silence(): this {
    globalThis.clearInterval(this.#keepAlive)
    return this
  }

  /** Ends the response body normally: a spec client reconnects after its reconnection time. */
  end(): void {
    this.writer.end()
  }

  /** Cuts the connection: the client's read fails with a network error. */
  drop(): void {
    this.writer.drop()
  }

  /** Resolves with how the connection ended: `'end'`, `'drop'` or `'cancel'` (the client closed it). */
  whenClosed(): Promise<StreamEnd> {
    return this.#ended
  }
}

/**
 * A scripted `text/event-stream` endpoint. Every request it accepts opens a connection the test drives
 * by hand; faults are scripted on the endpoint (`refuse`, `fail`, `latency`) or on one connection (`drop`,
 * `end`, `silence`, `raw`).
 * @example
 * const prices = network.eventStream('/api/prices')
 * const first = await prices.waitForConnection()
 * first.send({ id: 1, data: { price: 10 } })
 * first.drop()
 * const second = await prices.waitForConnection(2)
 * expect(second.lastEventId).toBe('1')
 */
export class MockEventStream extends MockEndpoint<MockEventStreamConnection> {
  constructor(network: NetworkCore, url: string | URL, options: MockEventStreamOptions = {}) {
    super(network, url, 'event-stream connection')
    const { method = MOCK_EVENT_STREAM_DEFAULTS.method, keepAlive = MOCK_EVENT_STREAM_DEFAULTS.keepAlive, headers, onConnection } = options
    network.addHandlers([route(method, this.url, async (request) => {
      const verdict = this.admission.next()
      await sleep(this.admission.latency)
      if (verdict.kind === 'refuse')
        return Response.error()
      if (verdict.kind === 'fail')
        return failureResponse(verdict.failure)
      const { response, writer } = createEventStream({ headers }, request.signal)
      const connection = new MockEventStreamConnection(request, writer, keepAlive)
      network.onReset(() => writer.drop())
      this.served.push(connection)
      onConnection?.(connection)
      return response
    })])
  }

  /**
   * New connections get this HTTP answer instead of a stream (a 503 with `Retry-After`, a 401, a 204), for
   * `times` attempts, for `ms`, or until `accept()`. A spec client fails for good on any status but 200.
   */
  fail(failure: FailureInit = {}, window?: RuleWindow): this {
    this.admission.add({ kind: 'fail', failure: { status: 500, ...failure } }, window)
    return this
  }
}
