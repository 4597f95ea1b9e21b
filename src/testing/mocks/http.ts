import type { FailureInit, RuleWindow } from '../network/admission'
import type { NetworkCore } from '../network/network'
import type { WaitOptions } from '../network/waitList'
import { failureResponse } from '../network/admission'
import { route } from '../network/route'
import { MockEndpoint, sleep } from './endpoint'

/** An answer of a {@link MockHttpEndpoint}: a `Response`, a value sent as JSON, or a function of the request. */
export type MockReply = Response | unknown | ((request: Request) => Response | unknown | Promise<Response | unknown>)

/** Options of {@link MockHttpEndpoint} (`network.http(url, options)`). */
export interface MockHttpEndpointOptions {
  /**
   * The HTTP method served (`'*'`: any).
   * @default 'GET'
   */
  method?: string
  /**
   * The answer until `reply()` sets another.
   * @default {} (200, JSON)
   */
  reply?: MockReply
}

async function answer(reply: MockReply, request: Request): Promise<Response> {
  const value = typeof reply === 'function' ? await (reply as (request: Request) => unknown)(request) : reply
  return value instanceof Response ? value.clone() : Response.json(value)
}

/**
 * A scripted HTTP endpoint for polling tests: answers with `reply` (JSON), and can fail, refuse, be slow,
 * or hold requests open until the test releases them (a long poll).
 * @example
 * const job = network.http('/api/jobs/42', { reply: { state: 'running' } })
 * job.fail({ status: 503, headers: { 'Retry-After': '2' } }, { times: 1 })
 * job.reply({ state: 'done' })
 */
export class MockHttpEndpoint extends MockEndpoint<Request> {
  #reply: MockReply
  #once: MockReply[] = []
  #held = new Set<(reply: MockReply | undefined) => void>()

  constructor(network: NetworkCore, url: string | URL, options: MockHttpEndpointOptions = {}) {
    super(network, url, 'request')
    const { method = 'GET', reply = {} } = options
    this.#reply = reply
    network.onReset(() => this.release())
    network.addHandlers([route(method, this.url, async (request) => {
      const verdict = this.admission.next()
      // held before it is announced: a test that awaits the request and then releases it must find it held
      const held = verdict.kind === 'hold' ? new Promise<MockReply | undefined>(resolve => this.#held.add(resolve)) : undefined
      this.served.push(request)
      await sleep(this.admission.latency)
      if (verdict.kind === 'refuse')
        return Response.error()
      if (verdict.kind === 'fail')
        return failureResponse(verdict.failure)
      return answer((await held) ?? this.#once.shift() ?? this.#reply, request)
    })])
  }

  /** Every request so far, oldest first (the same list as `connections`). */
  get requests(): readonly Request[] {
    return this.connections
  }

  /** Resolves with the `count`-th request (1-based) once received; by default the next one. */
  waitForRequest(count?: number, options?: WaitOptions): Promise<Request> {
    return this.waitForConnection(count, options)
  }

  /** Sets the answer to every later request. */
  reply(reply: MockReply): this {
    this.#reply = reply
    return this
  }

  /** Queues an answer for the next request only (several calls queue several answers). */
  replyOnce(reply: MockReply): this {
    this.#once.push(reply)
    return this
  }

  /** Later requests get this HTTP error, for `times` requests, for `ms`, or until `accept()`. */
  fail(failure: FailureInit = {}, window?: RuleWindow): this {
    this.admission.add({ kind: 'fail', failure: { status: 500, ...failure } }, window)
    return this
  }

  /** Later requests get no answer until {@link release} (a long poll waiting for news), for `times`/`ms` or until `accept()`. */
  hold(window?: RuleWindow): this {
    this.admission.add({ kind: 'hold' }, window)
    return this
  }

  /** Answers every held request now, with `reply` if given (else the queued or current answer). */
  release(reply?: MockReply): this {
    for (const resume of [...this.#held]) {
      this.#held.delete(resume)
      resume(reply)
    }
    return this
  }
}
