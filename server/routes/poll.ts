import type { Channel } from '../channel'
import type { HttpContext, HttpRoute } from '../types'
import { etagVersion, matchesEtag, POLL_DEFAULTS } from '../../src/testing/backend/contract'
import { BadRequest } from '../errors'
import { readJson, sendJson } from '../http'

export { matchesEtag, POLL_DEFAULTS }

interface CounterState {
  /** Successful answers so far (the `n` of the last one). */
  n: number
  /** Failures already served for `?fail=`. */
  failed: number
  /** Failures still to serve, armed by `POST poll/counter/fail`. */
  armed: number
  armedStatus: number
}

const counterState = (channel: Channel) =>
  channel.slot<CounterState>('poll/counter', () => ({ n: 0, failed: 0, armed: 0, armedStatus: POLL_DEFAULTS.failStatus }))

function failure(ctx: HttpContext, status: number): void {
  const headers: Record<string, string> = {}
  const retryAfter = ctx.query.optionalString('retryAfter')
  if (retryAfter)
    headers['Retry-After'] = retryAfter
  sendJson(ctx.res, status, { error: `injected failure (status ${status})`, status }, headers)
}

const counter: HttpRoute = {
  kind: 'http',
  path: 'poll/counter',
  summary: '{ n, at }, n counts successful answers per channel; the first ?fail=K requests answer ?status= (500)',
  handle: (ctx) => {
    const { query } = ctx
    const fail = query.int('fail', 0, { min: 0 })
    const status = query.int('status', POLL_DEFAULTS.failStatus, { min: 200, max: 599 })
    const state = counterState(ctx.channel)
    if (state.armed > 0) {
      state.armed--
      failure(ctx, state.armedStatus)
      return
    }
    // the failures are counted per channel, so a client repeating the same URL fails K times, then succeeds
    if (state.failed < fail) {
      state.failed++
      failure(ctx, status)
      return
    }
    state.n++
    sendJson(ctx.res, 200, { n: state.n, at: Date.now() })
  },
}

const counterFail: HttpRoute = {
  kind: 'http',
  path: 'poll/counter/fail',
  methods: ['POST'],
  summary: 'arms ?fail=K more failures with ?status= for the next poll/counter requests',
  control: true,
  handle: (ctx) => {
    const state = counterState(ctx.channel)
    state.armed = ctx.query.int('fail', 1, { min: 0 })
    state.armedStatus = ctx.query.int('status', POLL_DEFAULTS.failStatus, { min: 200, max: 599 })
    sendJson(ctx.res, 200, { armed: state.armed, status: state.armedStatus })
  },
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

interface FeedEvent { id: number, data: unknown }

interface Feed {
  events: FeedEvent[]
  waiters: Set<() => void>
  /** Set once `?count=` started the producer, so later requests do not start another one. */
  producing: boolean
}

const feedOf = (channel: Channel) => channel.slot<Feed>('poll/long', () => ({ events: [], waiters: new Set(), producing: false }))

function publish(feed: Feed, data: unknown): FeedEvent {
  const event = { id: feed.events.length + 1, data }
  feed.events.push(event)
  for (const wake of [...feed.waiters])
    wake()
  return event
}

/** Events after `cursor`: ids are 1, 2, 3… so the slice is a plain index. */
const after = (feed: Feed, cursor: number) => feed.events.slice(cursor)

const long: HttpRoute = {
  kind: 'http',
  path: 'poll/long',
  summary: 'long poll: held until events after ?cursor= exist → { events: [{ id, data }], cursor }, or { events: [], cursor } after ?timeout= ms; ?count= events are produced every ?rate= ms; ?flush=1 sends the headers at once',
  handle: (ctx) => {
    const { query, channel } = ctx
    const timeout = query.int('timeout', POLL_DEFAULTS.timeout, { min: 0 })
    const cursor = query.int('cursor', 0, { min: 0 })
    const count = query.optionalInt('count', { min: 1 })
    const rate = query.int('rate', POLL_DEFAULTS.rate, { min: 1 })
    const feed = feedOf(channel)
    if (count !== undefined && !feed.producing) {
      // one producer per channel, on the channel's (backend's) lifetime: it outlives single requests
      feed.producing = true
      let produced = 0
      const stop = channel.lifetime.every(rate, () => {
        produced++
        publish(feed, { n: produced, t: Date.now() })
        if (produced >= count)
          stop()
      })
    }
    // ?flush=1 sends the headers at once: a drop is then a failure in the middle of a response, which a
    // browser cannot retry by itself (Chromium silently resends a GET whose reused socket closed before
    // any byte of the answer arrived, hiding `chaos/drop` from the client)
    const flush = query.optionalString('flush') === '1'
    if (flush) {
      ctx.res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' })
      ctx.res.flushHeaders()
    }
    const answer = () => {
      const events = after(feed, cursor)
      const body = { events, cursor: events.length ? events[events.length - 1].id : cursor }
      if (flush) {
        if (!ctx.res.destroyed)
          ctx.res.end(JSON.stringify(body))
        return
      }
      sendJson(ctx.res, 200, body)
    }
    if (after(feed, cursor).length) {
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
      if (after(feed, cursor).length)
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
