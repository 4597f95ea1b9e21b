import type { HttpContext } from './types'

export interface SseEvent {
  id?: string | number
  event?: string
  /** Text (split on newlines into several `data:` lines) or a value sent as JSON. */
  data?: unknown
  retry?: number
}

export interface EventStream {
  /** Sends one event; ignored once the stream has ended. */
  send: (event: SseEvent) => void
  /** Sends a comment line (`: text`), the usual keep-alive. */
  comment: (text: string) => void
  /** Writes bytes as they are (for malformed-stream tests). */
  raw: (text: string) => void
  end: () => void
  readonly ended: boolean
}

/** Options of `openEventStream`. */
export interface EventStreamOptions {
  /** Overrides the content type (tests of a wrong one). @default 'text/event-stream; charset=utf-8' */
  contentType?: string
  /** Extra response headers. @default {} */
  headers?: Record<string, string>
}

/** Serialises one event in the wire format (WHATWG HTML §9.2.6). */
export function formatEvent({ id, event, data, retry }: SseEvent): string {
  let out = ''
  if (retry !== undefined)
    out += `retry: ${retry}\n`
  if (event !== undefined)
    out += `event: ${event}\n`
  if (id !== undefined)
    out += `id: ${id}\n`
  if (data !== undefined) {
    const text = typeof data === 'string' ? data : JSON.stringify(data)
    for (const line of text.split(/\r\n|\r|\n/))
      out += `data: ${line}\n`
  }
  return `${out}\n`
}

/** Starts a 200 event-stream response, counted as an open SSE connection of the channel. */
export function openEventStream(ctx: HttpContext, options: EventStreamOptions = {}): EventStream {
  const { res } = ctx
  ctx.markStream()
  res.writeHead(200, {
    'Content-Type': options.contentType ?? 'text/event-stream; charset=utf-8',
    // no-transform: proxies (and compression middleware) must not buffer the stream
    'Cache-Control': 'no-cache, no-transform',
    'Connection': 'keep-alive',
    // nginx buffers proxied responses unless told not to
    'X-Accel-Buffering': 'no',
    ...options.headers,
  })
  // flush the headers now: the client's `open` must not wait for the first event
  res.flushHeaders()
  let ended = false
  ctx.lifetime.add(() => {
    ended = true
  })
  const write = (text: string) => {
    if (!ended && !res.writableEnded && !res.destroyed)
      res.write(text)
  }
  return {
    send: event => write(formatEvent(event)),
    comment: text => write(`: ${text}\n\n`),
    raw: write,
    end: () => {
      if (ended)
        return
      ended = true
      res.end()
    },
    get ended() {
      return ended || res.destroyed
    },
  }
}
