import type { RequestHandler } from '../../network/route'
import type { EventStreamWriter } from '../../network/eventStream'
import type { HttpContext, Mount } from '../route'
import { createEventStream } from '../../network/eventStream'
import { chatReply, SSE_DEFAULTS, tokenize } from '../contract'
import { BadRequest } from '../query'
import { httpRoute, readJson, sendJson } from '../route'

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

/** The event number after `Last-Event-ID` (header first, then `?lastEventId=`); undefined if not numeric. */
function resumeAfter(ctx: HttpContext): number | undefined {
  const raw = ctx.request.headers.get('last-event-id') ?? ctx.query.optionalString('lastEventId')
  if (raw === null || raw === undefined || raw.trim() === '')
    return undefined
  const n = Number(raw)
  return Number.isInteger(n) ? n : undefined
}

export function sseRoutes(mount: Mount): RequestHandler[] {
  return [
    httpRoute(mount, 'sse/ticker', (ctx) => {
      const { query } = ctx
      const interval = query.int('interval', SSE_DEFAULTS.interval, { min: 1 })
      const count = query.optionalInt('count', { min: 0 })
      const retry = query.optionalInt('retry', { min: 0 })
      const last = resumeAfter(ctx)
      let n = last === undefined ? query.int('start', SSE_DEFAULTS.start, { min: 0 }) : last + 1
      const { response, writer, every } = openStream(ctx, query.optionalString('contentType'))
      if (retry !== undefined)
        writer.send({ retry })
      let sent = 0
      const tick = (): void => {
        if (count !== undefined && sent >= count)
          return writer.end()
        writer.send({ id: n, data: { n, t: Date.now() } })
        n++
        sent++
        if (count !== undefined && sent >= count)
          writer.end()
      }
      // first event at once: clients need not wait a whole interval
      tick()
      if (!writer.closed)
        every(interval, tick)
      return response
    }),
    httpRoute(mount, 'sse/chat', async (ctx) => {
      const delay = ctx.query.int('delay', SSE_DEFAULTS.chatDelay, { min: 0 })
      let prompt: unknown = ctx.query.optionalString('prompt')
      if (ctx.request.method === 'POST') {
        const body = await readJson(ctx)
        if (typeof body !== 'object' || body === null || Array.isArray(body))
          throw new BadRequest('expected a JSON object body { "prompt": string }')
        prompt = (body as { prompt?: unknown }).prompt
      }
      if (typeof prompt !== 'string')
        throw new BadRequest('"prompt" must be a string')
      const tokens = tokenize(chatReply(prompt))
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
