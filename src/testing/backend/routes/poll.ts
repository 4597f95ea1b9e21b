import type { RequestHandler } from '../../network/route'
import type { Channel } from '../state'
import type { HttpContext, Mount } from '../route'
import type { CounterState, Feed } from '../rules'
import { etagVersion, matchesEtag } from '../contract'
import { BadRequest } from '../query'
import { httpRoute, readJson, sendJson } from '../route'
import { armCounter, counterAnswer, longPollParams, newCounter, newFeed, page, produce, publish } from '../rules'

const counterOf = (channel: Channel): CounterState => channel.slot('poll/counter', newCounter)
const feedOf = (channel: Channel): Feed => channel.slot('poll/long', newFeed)

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
      const { status, body, headers } = counterAnswer(counterOf(ctx.channel), ctx.query)
      return sendJson(body, status, headers)
    }),
    httpRoute(mount, 'poll/counter/fail', ctx => sendJson(armCounter(counterOf(ctx.channel), ctx.query)), { methods: ['POST'], control: true }),
    httpRoute(mount, 'poll/long', async (ctx) => {
      const { timeout, cursor, count, rate, flush } = longPollParams(ctx.query)
      const feed = feedOf(ctx.channel)
      produce(feed, count, rate, (ms, fn) => ctx.backend.every(ms, fn))
      const ready = news(feed, cursor, timeout).then(() => page(feed, cursor))
      return flush ? flushed(ctx, ready) : sendJson(await ready)
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
