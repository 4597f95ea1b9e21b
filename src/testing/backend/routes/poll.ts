import type { RequestHandler } from '../../network/route'
import type { Channel } from '../state'
import type { HttpContext, Mount } from '../route'
import { etagVersion, matchesEtag, POLL_DEFAULTS } from '../contract'
import { BadRequest } from '../query'
import { httpRoute, readJson, sendJson } from '../route'

interface CounterState {
  /** Successful answers so far (the `n` of the last one). */
  n: number
  /** Failures already served for `?fail=`. */
  failed: number
  /** Failures still to serve, armed by `POST poll/counter/fail`. */
  armed: number
  armedStatus: number
}

const counterState = (channel: Channel): CounterState =>
  channel.slot('poll/counter', () => ({ n: 0, failed: 0, armed: 0, armedStatus: POLL_DEFAULTS.failStatus }))

function failure(ctx: HttpContext, status: number): Response {
  const retryAfter = ctx.query.optionalString('retryAfter')
  return sendJson({ error: `injected failure (status ${status})`, status }, status, retryAfter ? { 'retry-after': retryAfter } : {})
}

interface FeedEvent { id: number, data: unknown }

interface Feed {
  events: FeedEvent[]
  waiters: Set<() => void>
  /** Set once `?count=` started the producer, so later requests do not start another one. */
  producing: boolean
}

const feedOf = (channel: Channel): Feed => channel.slot('poll/long', () => ({ events: [], waiters: new Set(), producing: false }))

function publish(feed: Feed, data: unknown): FeedEvent {
  const event = { id: feed.events.length + 1, data }
  feed.events.push(event)
  for (const wake of [...feed.waiters])
    wake()
  return event
}

/** The `poll/long` answer for `cursor`: ids are 1, 2, 3… so the events after it are a plain slice. */
function page(feed: Feed, cursor: number): { events: FeedEvent[], cursor: number } {
  const events = feed.events.slice(cursor)
  return { events, cursor: events.length ? events[events.length - 1].id : cursor }
}

/** Resolves when `feed` has events after `cursor`, or after `timeout` ms. */
function news(feed: Feed, cursor: number, timeout: number): Promise<void> {
  if (feed.events.length > cursor)
    return Promise.resolve()
  return new Promise((resolve) => {
    const done = (): void => {
      globalThis.clearTimeout(timer)
      feed.waiters.delete(wake)
      resolve()
    }
    // a publish wakes every waiter of the channel: answer only when it is past this cursor
    const wake = (): void => {
      if (feed.events.length > cursor)
        done()
    }
    const timer = globalThis.setTimeout(done, timeout)
    feed.waiters.add(wake)
  })
}

/** `?flush=1`: headers at once, the body when ready, so a drop fails mid-response (as on the Node backend). */
function flushed(ctx: HttpContext, body: Promise<unknown>): Response {
  const encoder = new TextEncoder()
  let controller!: ReadableStreamDefaultController<Uint8Array>
  const stream = new ReadableStream<Uint8Array>({ start: c => void (controller = c) })
  const cut = (): void => {
    try {
      controller.error(new TypeError('network error'))
    }
    catch {}
    release()
  }
  const release = ctx.channel.track('http', cut)
  ctx.request.signal.addEventListener('abort', cut, { once: true })
  void body.then((value) => {
    try {
      controller.enqueue(encoder.encode(JSON.stringify(value)))
      controller.close()
    }
    catch {}
    release()
  })
  return new Response(stream, { headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' } })
}

export function pollRoutes(mount: Mount): RequestHandler[] {
  return [
    httpRoute(mount, 'poll/counter', (ctx) => {
      const fail = ctx.query.int('fail', 0, { min: 0 })
      const status = ctx.query.int('status', POLL_DEFAULTS.failStatus, { min: 200, max: 599 })
      const state = counterState(ctx.channel)
      if (state.armed > 0) {
        state.armed--
        return failure(ctx, state.armedStatus)
      }
      // counted per channel, so a client repeating the same URL fails K times, then succeeds
      if (state.failed < fail) {
        state.failed++
        return failure(ctx, status)
      }
      state.n++
      return sendJson({ n: state.n, at: Date.now() })
    }),
    httpRoute(mount, 'poll/counter/fail', (ctx) => {
      const state = counterState(ctx.channel)
      state.armed = ctx.query.int('fail', 1, { min: 0 })
      state.armedStatus = ctx.query.int('status', POLL_DEFAULTS.failStatus, { min: 200, max: 599 })
      return sendJson({ armed: state.armed, status: state.armedStatus })
    }, { methods: ['POST'], control: true }),
    httpRoute(mount, 'poll/long', async (ctx) => {
      const { query, channel, backend } = ctx
      const timeout = query.int('timeout', POLL_DEFAULTS.timeout, { min: 0 })
      const cursor = query.int('cursor', 0, { min: 0 })
      const count = query.optionalInt('count', { min: 1 })
      const rate = query.int('rate', POLL_DEFAULTS.rate, { min: 1 })
      const feed = feedOf(channel)
      if (count !== undefined && !feed.producing) {
        // one producer per channel, living as long as the backend: it outlives single requests
        feed.producing = true
        let produced = 0
        const stop = backend.every(rate, () => {
          produced++
          publish(feed, { n: produced, t: Date.now() })
          if (produced >= count)
            stop()
        })
      }
      const ready = news(feed, cursor, timeout).then(() => page(feed, cursor))
      if (query.optionalString('flush') === '1')
        return flushed(ctx, ready)
      return sendJson(await ready)
    }),
    httpRoute(mount, 'poll/publish', async (ctx) => {
      const body = await readJson(ctx)
      if (body === undefined)
        throw new BadRequest('expected a JSON body to publish')
      return sendJson({ id: publish(feedOf(ctx.channel), body).id })
    }, { methods: ['POST'], control: true }),
    httpRoute(mount, 'poll/etag', (ctx) => {
      const bumps = ctx.channel.slot('poll/etag', () => ({ bumps: 0 })).bumps
      const version = etagVersion(bumps, ctx.query.optionalInt('change', { min: 1 }), Date.now())
      const tag = `"v${version}"`
      const headers = { 'etag': tag, 'cache-control': 'no-cache' }
      if (matchesEtag(ctx.request.headers.get('if-none-match'), tag))
        return new Response(null, { status: 304, headers })
      return sendJson({ version, at: Date.now() }, 200, headers)
    }),
    httpRoute(mount, 'poll/etag/bump', (ctx) => {
      const state = ctx.channel.slot('poll/etag', () => ({ bumps: 0 }))
      state.bumps++
      return sendJson({ bumps: state.bumps })
    }, { methods: ['POST'], control: true }),
  ]
}
