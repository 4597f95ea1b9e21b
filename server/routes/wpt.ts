// Node ports of the web-platform-tests `eventsource/resources/*.py` handlers (reference/sse.md §4.2),
// for the conformance suite of `useEventSource`. Cookie-keyed state of the originals is kept per
// `?channel=` and `?id=` instead, so browser tests need no cookies. Every response ends after its
// body, as the originals do: the end of the body is what makes a client reconnect.
import type { HttpContext, HttpRoute } from '../types'
import { header } from '../http'

function sendStream(ctx: HttpContext, body: string | Buffer, { status = 200, mime = 'text/event-stream' } = {}): void {
  ctx.res.writeHead(status, { 'Content-Type': mime, 'Cache-Control': 'no-cache' })
  ctx.res.end(body)
}

/** Raw bytes of a request header (Node decodes header values as latin1, one char per byte). */
function headerBytes(ctx: HttpContext, name: string): Buffer | null {
  const value = header(ctx.req, name)
  return value === null ? null : Buffer.from(value, 'latin1')
}

/** A per-channel, per-`?id=` state slot. */
function state<T>(ctx: HttpContext, route: string, init: () => T): T {
  const slots = ctx.channel.slot(`wpt/${route}`, () => new Map<string, T>())
  const id = ctx.query.string('id', '')
  if (!slots.has(id))
    slots.set(id, init())
  return slots.get(id)!
}

/** `message.py`: `?message=` (or `?b64=` for bytes that are not UTF-8), `?mime=`, `?newline=none`, `?sleep=` ms. */
const message: HttpRoute = {
  kind: 'http',
  path: 'wpt/message',
  summary: 'WPT message.py: body = ?message= (default "data: data") + "\\n\\n" (none with ?newline=none) + "\\n"; ?mime=, ?sleep=, ?b64=',
  handle: async (ctx) => {
    const { query } = ctx
    const b64 = query.optionalString('b64')
    const text = query.string('message', 'data: data')
    const end = query.string('newline', '') === 'none' ? '\n' : '\n\n\n'
    const body = b64 !== undefined ? Buffer.concat([Buffer.from(b64, 'base64'), Buffer.from(end)]) : `${text}${end}`
    const sleep = query.int('sleep', 0)
    if (sleep > 0)
      await ctx.lifetime.sleep(sleep)
    sendStream(ctx, body, { mime: query.string('mime', 'text/event-stream') })
  },
}

/** `message2.py`: an endless stream written in small flushed pieces, a round every 2 s. */
const message2: HttpRoute = {
  kind: 'http',
  path: 'wpt/message2',
  summary: 'WPT message2.py: endless stream of small writes (events "msg\\nmsg", "", "end" per round, every ?interval=2000 ms)',
  handle: (ctx) => {
    const pieces = ['data:msg', '\n', 'data: msg', '\n\n', ':', '\n', 'falsefield:msg', '\n\n', 'falsefield:msg', '\n', 'Data:data', '\n\n', 'data', '\n\n', 'data:end', '\n\n']
    ctx.markStream()
    ctx.res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' })
    ctx.res.flushHeaders()
    const round = async (): Promise<void> => {
      for (const piece of pieces) {
        if (ctx.res.destroyed || ctx.lifetime.isDisposed)
          return
        ctx.res.write(piece)
        // separate TCP writes, so the client really gets the event in pieces
        await ctx.lifetime.sleep(5)
      }
    }
    void round()
    ctx.lifetime.every(ctx.query.int('interval', 2000, { min: 10 }), () => void round())
  },
}

/** `last-event-id.py`: echoes the `Last-Event-ID` bytes, else sends `?idvalue=` (default `…`) with `retry: 200`. */
const lastEventId: HttpRoute = {
  kind: 'http',
  path: 'wpt/last-event-id',
  summary: 'WPT last-event-id.py: with Last-Event-ID → "data: <its bytes>"; else "id: ?idvalue= (…)", "retry: 200", "data: hello"',
  handle: (ctx) => {
    const received = headerBytes(ctx, 'last-event-id')
    if (received && received.length > 0)
      return sendStream(ctx, Buffer.concat([Buffer.from('data: '), received, Buffer.from('\n\n')]))
    sendStream(ctx, `id: ${ctx.query.string('idvalue', '…')}\nretry: 200\ndata: hello\n\n`)
  },
}

const LAST_EVENT_ID2: Record<string, string> = {
  1: 'id: 1\ndata: 1\n\ndata: 2\n\nid: 2\ndata:3\n\ndata:4\n\n',
  2: 'id: 1\ndata: 1\n\nid:\ndata:2\n\ndata:3\n\n',
  3: 'id: 1\ndata: 1\n\nid\ndata:2\n\ndata:3\n\n',
}

/** `last-event-id2.py`: `?type=1|2|3`. */
const lastEventId2: HttpRoute = {
  kind: 'http',
  path: 'wpt/last-event-id2',
  summary: 'WPT last-event-id2.py: ?type=1 id persistence, 2 reset by "id:", 3 reset by bare "id"',
  handle: ctx => sendStream(ctx, LAST_EVENT_ID2[ctx.query.string('type', '1')] ?? LAST_EVENT_ID2[1]!),
}

/** `status-error.py`: `?status=` (default 404), empty body for 204/205. */
const statusError: HttpRoute = {
  kind: 'http',
  path: 'wpt/status-error',
  summary: 'WPT status-error.py: ?status= (default 404) with an event-stream body (empty for 204/205)',
  handle: (ctx) => {
    const status = ctx.query.int('status', 404, { min: 200, max: 599 })
    ctx.res.statusMessage = 'HAHAHAHA'
    sendStream(ctx, status === 204 || status === 205 ? '' : 'data: data\n\n', { status })
  },
}

/** `status-reconnect.py`: first request `?status=` with `retry: 2` (+ `data: ok` with `?ok_first`), then 200 `data: data`. */
const statusReconnect: HttpRoute = {
  kind: 'http',
  path: 'wpt/status-reconnect',
  summary: 'WPT status-reconnect.py: 1st request → ?status= (204) + "retry: 2" (+ "data: ok" with ?ok_first), next → 200 "data: data"; per ?id=',
  handle: (ctx) => {
    const s = state(ctx, 'status-reconnect', () => ({ seen: false }))
    if (s.seen) {
      s.seen = false
      return sendStream(ctx, 'data: data\n\n')
    }
    s.seen = true
    sendStream(ctx, `retry: 2\n${ctx.query.flag('ok_first') ? 'data: ok\n\n' : ''}`, { status: ctx.query.int('status', 204, { min: 200, max: 599 }) })
  },
}

/** `reconnect-fail.py`: `opened` → `reconnected` → 204. */
const reconnectFail: HttpRoute = {
  kind: 'http',
  path: 'wpt/reconnect-fail',
  summary: 'WPT reconnect-fail.py: 1st → "retry: 2" + "data: opened", 2nd → "data: reconnected", 3rd → 204; per ?id=',
  handle: (ctx) => {
    const s = state(ctx, 'reconnect-fail', () => ({ step: 0 }))
    const step = s.step
    s.step = (step + 1) % 3
    if (step === 0)
      return sendStream(ctx, 'retry: 2\ndata: opened\n\n')
    if (step === 1)
      return sendStream(ctx, 'data: reconnected\n\n')
    sendStream(ctx, '', { status: 204 })
  },
}

/** `accept.event_stream` / `cache-control.event_stream`: echo a request header as the data. */
const echoHeader = (name: string): HttpRoute => ({
  kind: 'http',
  path: `wpt/${name}`,
  summary: `WPT ${name}.event_stream: "data: <request ${name} header>"`,
  handle: ctx => sendStream(ctx, `data: ${header(ctx.req, name) ?? ''}\n\n`),
})

/** `/common/redirect.py`: `?status=` (302) and `Location: ?location=`. */
const redirect: HttpRoute = {
  kind: 'http',
  path: 'wpt/redirect',
  summary: 'WPT common/redirect.py: ?status= (302) with Location: ?location=',
  handle: (ctx) => {
    ctx.res.writeHead(ctx.query.int('status', 302, { min: 300, max: 399 }), { Location: ctx.query.string('location', '') })
    ctx.res.end()
  },
}

export const wptRoutes: HttpRoute[] = [message, message2, lastEventId, lastEventId2, statusError, statusReconnect, reconnectFail, echoHeader('accept'), echoHeader('cache-control'), redirect]
