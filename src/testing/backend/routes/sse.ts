import type { RequestHandler } from '../../network/route'
import type { EventStreamWriter } from '../../network/eventStream'
import type { HttpContext, Mount } from '../route'
import { createEventStream } from '../../network/eventStream'
import { chatReply, SSE_DEFAULTS, tokenize } from '../contract'
import { BadRequest } from '../query'
import { httpRoute, readJson, sendJson } from '../route'
import { chatPrompt, startTicker, tickerPlan } from '../rules'

/** A 200 event stream counted as an open SSE connection of the channel, cut by `chaos/drop`. */
export function openStream(ctx: HttpContext, contentType?: string): { response: Response, writer: EventStreamWriter, every: (ms: number, fn: () => void) => void, after: (ms: number, fn: () => void) => void } {
  const { response, writer } = createEventStream(contentType ? { headers: { 'content-type': contentType } } : {}, ctx.request.signal)
  const timers: Array<ReturnType<typeof setTimeout>> = []
  const release = ctx.channel.track('sse', () => writer.drop())
  writer.onClose(() => {
    release()
    for (const timer of timers)
      globalThis.clearTimeout(timer)
  })
  return {
    response,
    writer,
    every: (ms, fn) => void timers.push(globalThis.setInterval(fn, ms)),
    after: (ms, fn) => void timers.push(globalThis.setTimeout(fn, ms)),
  }
}

export function sseRoutes(mount: Mount): RequestHandler[] {
  return [
    httpRoute(mount, 'sse/ticker', (ctx) => {
      const plan = tickerPlan(ctx.query, ctx.request.headers.get('last-event-id'))
      const { response, writer, every } = openStream(ctx, ctx.query.optionalString('contentType'))
      const ticker = startTicker(plan, writer)
      if (!ticker.ended())
        every(plan.interval, ticker.tick)
      return response
    }),
    httpRoute(mount, 'sse/chat', async (ctx) => {
      const delay = ctx.query.int('delay', SSE_DEFAULTS.chatDelay, { min: 0 })
      const post = ctx.request.method === 'POST'
      const tokens = tokenize(chatReply(chatPrompt(ctx.query, post, post ? await readJson(ctx) : undefined)))
      const { response, writer, after } = openStream(ctx)
      let i = 0
      const next = (): void => {
        if (i < tokens.length) {
          writer.send({ data: tokens[i++] })
          after(delay, next)
        }
        else {
          writer.send({ data: '[DONE]' })
          writer.end()
        }
      }
      next()
      return response
    }, { methods: ['GET', 'POST'] }),
    httpRoute(mount, 'sse/heartbeat', (ctx) => {
      const interval = ctx.query.int('interval', SSE_DEFAULTS.heartbeat, { min: 1 })
      const comment = ctx.query.string('comment', SSE_DEFAULTS.comment)
      const { response, writer, every } = openStream(ctx)
      every(interval, () => writer.comment(comment))
      return response
    }),
    httpRoute(mount, 'sse/status/:code', (ctx) => {
      const raw = ctx.params.code
      const code = Number(raw)
      if (!Number.isInteger(code) || code < 200 || code > 599)
        throw new BadRequest(`invalid status ${raw}: expected 200–599 (1xx cannot be a final status)`)
      const retryAfter = ctx.query.optionalString('retryAfter')
      const headers: Record<string, string> = retryAfter ? { 'retry-after': retryAfter } : {}
      if (code === 204 || code === 304)
        return new Response(null, { status: code, headers })
      return sendJson({ error: `status ${code}`, status: code }, code, headers)
    }, { methods: ['GET', 'POST'] }),
  ]
}
