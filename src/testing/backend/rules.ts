// What the routes do, without a transport: the Node demo backend (`server/`) and the simulated one run
// these same functions, each writing the result to its own kind of response.
import type { ServerSentEvent } from '../network/eventStream'
import type { Query } from './query'
import { POLL_DEFAULTS, SSE_DEFAULTS } from './contract'
import { BadRequest } from './query'

/** A request body as JSON: `undefined` when empty, a 400 when it is not JSON. */
export function parseJsonBody(text: string): unknown {
  if (text.trim() === '')
    return undefined
  try {
    return JSON.parse(text)
  }
  catch {
    throw new BadRequest('request body is not valid JSON')
  }
}

/** The `sse/chat` prompt: a POST's JSON `{ prompt }`, else the `?prompt=` of a GET; anything else is a 400. */
export function chatPrompt(query: Query, post: boolean, body: unknown): string {
  let prompt: unknown = query.optionalString('prompt')
  if (post) {
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      throw new BadRequest('expected a JSON object body { "prompt": string }')
    prompt = (body as { prompt?: unknown }).prompt
  }
  if (typeof prompt !== 'string')
    throw new BadRequest('"prompt" must be a string')
  return prompt
}

/** Where an event stream goes: the two backends' writers both have these. */
export interface EventSink {
  send: (event: ServerSentEvent) => void
  end: () => void
}

/** The parameters of one `sse/ticker` stream, checked before anything is sent (a bad one is a 400). */
export interface TickerPlan {
  interval: number
  count: number | undefined
  retry: number | undefined
  /** The first `n`: after `lastEventId` (the header, else `?lastEventId=`) when numeric, else `?start=`. */
  first: number
}

export function tickerPlan(query: Query, lastEventId: string | null): TickerPlan {
  const raw = lastEventId ?? query.optionalString('lastEventId') ?? ''
  const resumed = raw.trim() !== '' && Number.isInteger(Number(raw)) ? Number(raw) : undefined
  return {
    interval: query.int('interval', SSE_DEFAULTS.interval, { min: 1 }),
    count: query.optionalInt('count', { min: 0 }),
    retry: query.optionalInt('retry', { min: 0 }),
    first: resumed === undefined ? query.int('start', SSE_DEFAULTS.start, { min: 0 }) : resumed + 1,
  }
}

/**
 * Runs one `sse/ticker` stream: `retry:` first when asked, then `id: n` / `{ n, t }` at once and on every
 * `tick()`, ending after `count` events.
 */
export function startTicker({ count, retry, first }: TickerPlan, sink: EventSink): { tick: () => void, ended: () => boolean } {
  let n = first
  let sent = 0
  let ended = false
  const end = (): void => {
    ended = true
    sink.end()
  }
  if (retry !== undefined)
    sink.send({ retry })
  const tick = (): void => {
    if (ended)
      return
    if (count !== undefined && sent >= count)
      return end()
    sink.send({ id: n, data: { n, t: Date.now() } })
    n++
    sent++
    if (count !== undefined && sent >= count)
      end()
  }
  // first event at once: clients and tests need not wait a whole interval
  tick()
  return { tick, ended: () => ended }
}

/** The `poll/counter` state of a channel. */
export interface CounterState {
  /** Successful answers so far (the `n` of the last one). */
  n: number
  /** Failures already served for `?fail=`. */
  failed: number
  /** Failures still to serve, armed by `POST poll/counter/fail`. */
  armed: number
  armedStatus: number
}

export const newCounter = (): CounterState => ({ n: 0, failed: 0, armed: 0, armedStatus: POLL_DEFAULTS.failStatus })

/** A JSON answer of a route, before it is written. */
export interface Answer {
  status: number
  body: unknown
  headers: Record<string, string>
}

/** The next `poll/counter` answer: an armed failure, one of the first `?fail=` failures, or `{ n, at }`. */
export function counterAnswer(state: CounterState, query: Query): Answer {
  const fail = query.int('fail', 0, { min: 0 })
  const status = query.int('status', POLL_DEFAULTS.failStatus, { min: 200, max: 599 })
  const retryAfter = query.optionalString('retryAfter')
  const failure = (code: number): Answer => ({
    status: code,
    body: { error: `injected failure (status ${code})`, status: code },
    headers: retryAfter ? { 'Retry-After': retryAfter } : {},
  })
  if (state.armed > 0) {
    state.armed--
    return failure(state.armedStatus)
  }
  // the failures are counted per channel, so a client repeating the same URL fails K times, then succeeds
  if (state.failed < fail) {
    state.failed++
    return failure(status)
  }
  state.n++
  return { status: 200, body: { n: state.n, at: Date.now() }, headers: {} }
}

/** `POST poll/counter/fail`: arms `?fail=` more failures with `?status=`. */
export function armCounter(state: CounterState, query: Query): { armed: number, status: number } {
  state.armed = query.int('fail', 1, { min: 0 })
  state.armedStatus = query.int('status', POLL_DEFAULTS.failStatus, { min: 200, max: 599 })
  return { armed: state.armed, status: state.armedStatus }
}

export interface FeedEvent { id: number, data: unknown }

/** The `poll/long` events of a channel. */
export interface Feed {
  events: FeedEvent[]
  waiters: Set<() => void>
  /** Set once `?count=` started the producer, so later requests do not start another one. */
  producing: boolean
}

export const newFeed = (): Feed => ({ events: [], waiters: new Set(), producing: false })

export function publish(feed: Feed, data: unknown): FeedEvent {
  const event = { id: feed.events.length + 1, data }
  feed.events.push(event)
  for (const wake of [...feed.waiters])
    wake()
  return event
}

/** The `poll/long` answer for `cursor`: ids are 1, 2, 3… so the events after it are a plain slice. */
export function page(feed: Feed, cursor: number): { events: FeedEvent[], cursor: number } {
  const events = feed.events.slice(cursor)
  return { events, cursor: events.length ? events[events.length - 1].id : cursor }
}

/** The parameters of one `poll/long` request. */
export function longPollParams(query: Query): { timeout: number, cursor: number, count: number | undefined, rate: number, flush: boolean } {
  return {
    timeout: query.int('timeout', POLL_DEFAULTS.timeout, { min: 0 }),
    cursor: query.int('cursor', 0, { min: 0 }),
    count: query.optionalInt('count', { min: 1 }),
    rate: query.int('rate', POLL_DEFAULTS.rate, { min: 1 }),
    // ?flush=1 sends the headers at once: a drop is then a failure in the middle of a response, which a
    // browser cannot retry by itself (Chromium silently resends a GET whose reused socket closed before
    // any byte of the answer arrived, hiding `chaos/drop` from the client)
    flush: query.optionalString('flush') === '1',
  }
}

/**
 * Starts the channel's `?count=` producer (one per channel, living as long as the backend) on the
 * backend's `every` timer, unless it runs already.
 */
export function produce(feed: Feed, count: number | undefined, rate: number, every: (ms: number, fn: () => void) => () => void): void {
  if (count === undefined || feed.producing)
    return
  feed.producing = true
  let produced = 0
  const stop = every(rate, () => {
    produced++
    publish(feed, { n: produced, t: Date.now() })
    if (produced >= count)
      stop()
  })
}
