/** How long a rule of an endpoint lasts: a number of connections / requests, a time, or until `accept()`. */
export interface RuleWindow {
  /**
   * How many connections (or requests) the rule applies to.
   * @default Infinity
   */
  times?: number
  /**
   * For how many ms (of the network's clock) from now the rule applies.
   * @default Infinity
   */
  ms?: number
}

/** An HTTP answer that replaces the normal one (an event stream that fails, a poll that errors). */
export interface FailureInit {
  /** @default 500 */
  status?: number
  /** Extra response headers (`Retry-After`, …). @default {} */
  headers?: HeadersInit
  /** Response body; a value other than a string is sent as JSON. @default { error: 'status <status>' } */
  body?: unknown
}

/** What happens to the next connection or request. */
export type Verdict
  = | { kind: 'accept' }
  /** a network error: no response, the socket is destroyed */
    | { kind: 'refuse' }
  /** WebSocket: the handshake never completes; HTTP: no answer until released */
    | { kind: 'hold' }
    | { kind: 'fail', failure: Required<Pick<FailureInit, 'status'>> & FailureInit }

interface Rule {
  verdict: Verdict
  left: number
  until: number
}

const ACCEPT: Verdict = { kind: 'accept' }

/**
 * The faults scripted on one endpoint, consumed in order: the newest rule wins while it lasts, then the
 * one before it applies again. Times come from the network's clock (a test clock moves them too).
 */
export class Admission {
  #rules: Rule[] = []
  latency = 0

  constructor(private readonly now: () => number) {}

  add(verdict: Verdict, { times = Infinity, ms = Infinity }: RuleWindow = {}): void {
    if (!(times >= 0) || !(ms >= 0))
      throw new RangeError(`expected times ≥ 0 and ms ≥ 0, got times=${times}, ms=${ms}`)
    this.#rules.push({ verdict, left: times, until: this.now() + ms })
  }

  /** Clears every rule (latency stays). */
  clear(): void {
    this.#rules = []
  }

  /** The verdict for the next connection or request (uses up one of its rule's `times`). */
  next(): Verdict {
    const now = this.now()
    this.#rules = this.#rules.filter(rule => rule.left > 0 && now < rule.until)
    const rule = this.#rules.at(-1)
    if (!rule)
      return ACCEPT
    rule.left--
    return rule.verdict
  }
}

/** JSON for anything but a string, as the mocks answer. */
export function failureResponse({ status, headers, body }: Required<Pick<FailureInit, 'status'>> & FailureInit): Response {
  const payload = body === undefined ? { error: `status ${status}`, status } : body
  const isText = typeof payload === 'string'
  const all = new Headers(headers)
  if (!all.has('content-type'))
    all.set('content-type', isText ? 'text/plain; charset=utf-8' : 'application/json')
  // 204 and 304 carry no body by definition
  const empty = status === 204 || status === 304
  return new Response(empty ? null : isText ? payload : JSON.stringify(payload), { status, headers: all })
}
