import type { ServerSentEvent } from '../src/testing/network/eventStream'
import type { HttpContext } from './types'
import { formatEvent } from '../src/testing/network/eventStream'

export { formatEvent }

/** One event as a route writes it (the same wire format as the simulated backend's). */
export type SseEvent = ServerSentEvent

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
