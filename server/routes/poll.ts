import type { Channel } from '../channel'
import type { CounterState, Feed } from '../../src/testing/backend/rules'
import type { HttpContext, HttpRoute } from '../types'
import { etagVersion, matchesEtag, POLL_DEFAULTS } from '../../src/testing/backend/contract'
import { armCounter, counterAnswer, longPollParams, newCounter, newFeed, page, produce, publish } from '../../src/testing/backend/rules'
import { BadRequest } from '../errors'
import { readJson, sendJson } from '../http'

export { matchesEtag, POLL_DEFAULTS }

const counterOf = (channel: Channel): CounterState => channel.slot('poll/counter', newCounter)
const feedOf = (channel: Channel): Feed => channel.slot('poll/long', newFeed)

const counter: HttpRoute = {
  kind: 'http',
  path: 'poll/counter',
  summary: '{ n, at }, n counts successful answers per channel; the first ?fail=K requests answer ?status= (500)',
  handle: (ctx) => {
    const { status, body, headers } = counterAnswer(counterOf(ctx.channel), ctx.query)
    sendJson(ctx.res, status, body, headers)
  },
}

const counterFail: HttpRoute = {
  kind: 'http',
  path: 'poll/counter/fail',
  methods: ['POST'],
  summary: 'arms ?fail=K more failures with ?status= for the next poll/counter requests',
  control: true,
  handle: ctx => sendJson(ctx.res, 200, armCounter(counterOf(ctx.channel), ctx.query)),
}

const slow: HttpRoute = {
  kind: 'http',
  path: 'poll/slow',
  summary: 'answers { n, requestedAt, servedAt } after ?delay= ms; n is taken on arrival (out-of-order answers)',
  handle: async (ctx) => {
    const delay = ctx.query.int('delay', POLL_DEFAULTS.delay, { min: 0 })
    const state = ctx.channel.slot('poll/slow', () => ({ n: 0 }))
    const n = ++state.n
    const requestedAt = Date.now()
    await ctx.lifetime.sleep(delay)
    sendJson(ctx.res, 200, { n, requestedAt, servedAt: Date.now() })
  },
}

const long: HttpRoute = {
  kind: 'http',
  path: 'poll/long',
  summary: 'long poll: held until events after ?cursor= exist → { events: [{ id, data }], cursor }, or { events: [], cursor } after ?timeout= ms; ?count= events are produced every ?rate= ms; ?flush=1 sends the headers at once',
  handle: (ctx) => {
    const { timeout, cursor, count, rate, flush } = longPollParams(ctx.query)
    const feed = feedOf(ctx.channel)
    // on the channel's (backend's) lifetime: the producer outlives single requests
    produce(feed, count, rate, (ms, fn) => ctx.channel.lifetime.every(ms, fn))
    if (flush) {
      ctx.res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' })
      ctx.res.flushHeaders()
    }
    const answer = () => {
      const body = page(feed, cursor)
      if (flush) {
        if (!ctx.res.destroyed)
          ctx.res.end(JSON.stringify(body))
        return
      }
      sendJson(ctx.res, 200, body)
    }
    if (feed.events.length > cursor) {
      answer()
      return
    }
    const finish = () => {
      answer()
      // clears the timeout and the waiter
      ctx.lifetime.dispose()
    }
    // a publish wakes every waiter of the channel: answer only when it is past this cursor
    const wake = () => {
      if (feed.events.length > cursor)
        finish()
    }
    feed.waiters.add(wake)
    ctx.lifetime.add(() => feed.waiters.delete(wake))
    ctx.lifetime.after(timeout, finish)
  },
}

const publishRoute: HttpRoute = {
  kind: 'http',
  path: 'poll/publish',
  methods: ['POST'],
  summary: 'publishes the JSON body as the next poll/long event of ?channel= → { id }',
  control: true,
  handle: async (ctx) => {
    const body = await readJson(ctx)
    if (body === undefined)
      throw new BadRequest('expected a JSON body to publish')
    const event = publish(feedOf(ctx.channel), body)
    sendJson(ctx.res, 200, { id: event.id })
  },
}

interface EtagState {
  bumps: number
}

const etagState = (channel: Channel) => channel.slot<EtagState>('poll/etag', () => ({ bumps: 0 }))

/** Version = manual bumps + whole `change` periods since the epoch (computed lazily: no timer). */
const versionOf = (ctx: HttpContext): number =>
  etagVersion(etagState(ctx.channel).bumps, ctx.query.optionalInt('change', { min: 1 }), Date.now())

const etag: HttpRoute = {
  kind: 'http',
  path: 'poll/etag',
  summary: '{ version, at } with ETag; 304 when If-None-Match matches; changes every ?change= ms or on POST poll/etag/bump',
  handle: (ctx) => {
    const version = versionOf(ctx)
    const tag = `"v${version}"`
    const headers = { 'ETag': tag, 'Cache-Control': 'no-cache' }
    if (matchesEtag(ctx.req.headers['if-none-match'], tag)) {
      ctx.res.writeHead(304, headers).end()
      return
    }
    sendJson(ctx.res, 200, { version, at: Date.now() }, headers)
  },
}

const etagBump: HttpRoute = {
  kind: 'http',
  path: 'poll/etag/bump',
  methods: ['POST'],
  summary: 'changes the poll/etag version of ?channel=',
  control: true,
  handle: (ctx) => {
    const state = etagState(ctx.channel)
    state.bumps++
    sendJson(ctx.res, 200, { bumps: state.bumps })
  },
}

export const pollRoutes: HttpRoute[] = [counter, counterFail, slow, long, publishRoute, etag, etagBump]
