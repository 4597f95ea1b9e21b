import type { HttpRoute } from '../types'
import { chatReply, SSE_DEFAULTS, tokenize } from '../../src/testing/backend/contract'
import { chatPrompt, startTicker, tickerPlan } from '../../src/testing/backend/rules'
import { BadRequest } from '../errors'
import { readJson, sendJson, utf8Header } from '../http'
import { openEventStream } from '../sse'

export { SSE_DEFAULTS, tokenize }

const ticker: HttpRoute = {
  kind: 'http',
  path: 'sse/ticker',
  summary: 'id: n / data: {"n","t"} every ?interval= ms; resumes after Last-Event-ID; ends after ?count=; ?start=, ?retry=, ?contentType=',
  handle: (ctx) => {
    const plan = tickerPlan(ctx.query, utf8Header(ctx.req, 'last-event-id'))
    const stream = openEventStream(ctx, { contentType: ctx.query.optionalString('contentType') })
    const ticker = startTicker(plan, stream)
    if (!ticker.ended())
      ctx.lifetime.every(plan.interval, ticker.tick)
  },
}

const chat: HttpRoute = {
  kind: 'http',
  path: 'sse/chat',
  methods: ['GET', 'POST'],
  summary: 'POST { prompt } (or GET ?prompt=) → data: <token> every ?delay= ms, then data: [DONE]; 400 on a bad body',
  handle: async (ctx) => {
    const delay = ctx.query.int('delay', SSE_DEFAULTS.chatDelay, { min: 0 })
    const post = ctx.req.method === 'POST'
    const tokens = tokenize(chatReply(chatPrompt(ctx.query, post, post ? await readJson(ctx) : undefined)))
    const stream = openEventStream(ctx)
    let i = 0
    const next = () => {
      if (i < tokens.length) {
        stream.send({ data: tokens[i++] })
        ctx.lifetime.after(delay, next)
      }
      else {
        stream.send({ data: '[DONE]' })
        stream.end()
      }
    }
    next()
  },
}

const retry: HttpRoute = {
  kind: 'http',
  path: 'sse/retry',
  summary: 'retry: ?retry= ms, one event { attempt, t }, then ends (the client must wait ≥ retry to reconnect)',
  handle: (ctx) => {
    const ms = ctx.query.int('retry', SSE_DEFAULTS.retry, { min: 0 })
    const state = ctx.channel.slot('sse/retry', () => ({ attempt: 0 }))
    const attempt = ++state.attempt
    const stream = openEventStream(ctx)
    stream.send({ retry: ms, id: attempt, data: { attempt, t: Date.now() } })
    stream.end()
  },
}

const lastEventId: HttpRoute = {
  kind: 'http',
  path: 'sse/last-event-id',
  summary: 'first event\'s data = the received Last-Event-ID header (\'\' if none), then ids continue every ?interval= ms',
  handle: (ctx) => {
    const interval = ctx.query.int('interval', SSE_DEFAULTS.interval, { min: 1 })
    const count = ctx.query.optionalInt('count', { min: 1 })
    const received = utf8Header(ctx.req, 'last-event-id') ?? ''
    const numeric = Number(received)
    let n = received !== '' && Number.isInteger(numeric) ? numeric : 0
    const stream = openEventStream(ctx)
    stream.send({ id: ++n, event: 'last-event-id', data: received })
    let sent = 1
    const tick = () => {
      if (count !== undefined && sent >= count) {
        stream.end()
        return
      }
      stream.send({ id: ++n, data: { n, t: Date.now() } })
      sent++
    }
    ctx.lifetime.every(interval, tick)
  },
}

/**
 * Bad lines the spec says to ignore, an event whose data is not JSON, an oversized (but valid JSON) event,
 * then good JSON events with every line ending (LF, CRLF, CR).
 */
export function malformedStream(size: number, good: number): string[] {
  const bigText = size >= 10 ? `{"big":"${'x'.repeat(size - 10)}"}` : 'x'.repeat(size)
  const parts = [
    ': a comment is fine\n',
    'this line has no colon\n',
    'unknown: field\n',
    'id: bad\0id\n',
    'retry: soon\n',
    'retry: -5\n',
    '\n',
    'event: invalid-json\ndata: {"n": oops\n\n',
    `event: oversized\ndata: ${bigText}\n\n`,
  ]
  const endings = ['\r\n', '\r', '\n']
  for (let n = 1; n <= good; n++) {
    // the last event always ends in LF: after a trailing CR a parser cannot tell CR from CRLF until
    // the next byte, and on an idle stream that byte never comes
    const eol = n === good ? '\n' : endings[(n - 1) % endings.length]
    parts.push(`id: ${n}${eol}data: {"n":${n}}${eol}${eol}`)
  }
  return parts
}

const malformed: HttpRoute = {
  kind: 'http',
  path: 'sse/malformed',
  summary: 'bad lines, an invalid-JSON event, an oversized event (?size= bytes), then ?good= JSON events {"n"}; ?end=1 ends the stream',
  handle: (ctx) => {
    const size = ctx.query.int('size', SSE_DEFAULTS.oversized, { min: 0, max: 50_000_000 })
    const good = ctx.query.int('good', SSE_DEFAULTS.good, { min: 0, max: 10_000 })
    const stream = openEventStream(ctx)
    for (const part of malformedStream(size, good))
      stream.raw(part)
    if (ctx.query.flag('end'))
      stream.end()
  },
}

const status: HttpRoute = {
  kind: 'http',
  path: 'sse/status/:code',
  methods: ['GET', 'POST'],
  summary: 'answers that status (200–599) with a JSON body; ?retryAfter= sets Retry-After',
  handle: (ctx) => {
    const raw = ctx.params.code
    const code = Number(raw)
    if (!Number.isInteger(code) || code < 200 || code > 599)
      throw new BadRequest(`invalid status ${raw}: expected 200–599 (1xx cannot be a final status)`)
    const headers: Record<string, string> = {}
    const retryAfter = ctx.query.optionalString('retryAfter')
    if (retryAfter)
      headers['Retry-After'] = retryAfter
    if (code === 204 || code === 304) {
      ctx.res.writeHead(code, headers).end()
      return
    }
    sendJson(ctx.res, code, { error: `status ${code}`, status: code }, headers)
  },
}

const heartbeat: HttpRoute = {
  kind: 'http',
  path: 'sse/heartbeat',
  summary: '200 event-stream that only sends comment lines ": ?comment=" every ?interval= ms',
  handle: (ctx) => {
    const interval = ctx.query.int('interval', SSE_DEFAULTS.heartbeat, { min: 1 })
    const comment = ctx.query.string('comment', SSE_DEFAULTS.comment)
    const stream = openEventStream(ctx)
    ctx.lifetime.every(interval, () => stream.comment(comment))
  },
}

export const sseRoutes: HttpRoute[] = [ticker, chat, retry, lastEventId, malformed, status, heartbeat]
