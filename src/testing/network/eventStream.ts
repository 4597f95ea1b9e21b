/** One Server-Sent Event as a mock server writes it. */
export interface ServerSentEvent {
  /** The `id:` field (sets the client's last event ID). */
  id?: string | number
  /** The `event:` field (the event type; none = `message`). */
  event?: string
  /** Text (split on line ends into several `data:` lines) or any other value, sent as JSON. */
  data?: unknown
  /** The `retry:` field: the client's new reconnection time in ms. */
  retry?: number
}

/** Serialises one event in the `text/event-stream` format (WHATWG HTML §9.2.6). */
export function formatEvent({ id, event, data, retry }: ServerSentEvent): string {
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

/** Why a mocked event stream ended. */
export type StreamEnd = 'end' | 'drop' | 'cancel'

/** The server side of one mocked `text/event-stream` response. */
export interface EventStreamWriter {
  /** Sends one event; a string is sent as the data of a `message` event. Ignored once the stream is closed. */
  send: (event: ServerSentEvent | string) => void
  /** Sends a comment line (`: text`), the usual keep-alive; it proves liveness but is no event. */
  comment: (text?: string) => void
  /** Writes text exactly as given: malformed lines, partial events, odd line ends. */
  raw: (text: string) => void
  /** Ends the body normally (a client reconnects after its reconnection time). */
  end: () => void
  /** Cuts the connection mid-body: the client's read fails with a network error. */
  drop: () => void
  /** `true` once ended, dropped or given up by the client. */
  readonly closed: boolean
  /** Calls `listener` once when the stream closes, with why; at once (async) if it already has. */
  onClose: (listener: (reason: StreamEnd) => void) => void
}

/**
 * A streamed `Response` and the writer that feeds it. Bytes are queued until the client reads them, as a
 * socket buffer would; the client leaving (cancelling its reader, or aborting the request's `signal`)
 * closes the writer with `'cancel'`, as a server sees the connection close.
 */
export function createEventStream(init: ResponseInit = {}, signal?: AbortSignal): { response: Response, writer: EventStreamWriter } {
  const encoder = new TextEncoder()
  let controller!: ReadableStreamDefaultController<Uint8Array>
  let closedBy: StreamEnd | null = null
  const listeners: Array<(reason: StreamEnd) => void> = []
  const close = (reason: StreamEnd): void => {
    if (closedBy)
      return
    closedBy = reason
    for (const listener of listeners.splice(0))
      listener(reason)
  }
  const body = new ReadableStream<Uint8Array>({
    start: (c) => {
      controller = c
    },
    cancel: () => close('cancel'),
  })
  signal?.addEventListener('abort', () => {
    if (closedBy)
      return
    close('cancel')
    try {
      controller.error(signal.reason)
    }
    catch {}
  }, { once: true })
  const write = (text: string): void => {
    if (!closedBy)
      controller.enqueue(encoder.encode(text))
  }
  const headers = new Headers(init.headers)
  if (!headers.has('content-type'))
    headers.set('content-type', 'text/event-stream; charset=utf-8')
  headers.set('cache-control', 'no-cache')
  const writer: EventStreamWriter = {
    send: event => write(formatEvent(typeof event === 'string' ? { data: event } : event)),
    comment: (text = '') => write(`: ${text}\n\n`),
    raw: write,
    end: () => {
      if (closedBy)
        return
      controller.close()
      close('end')
    },
    drop: () => {
      if (closedBy)
        return
      // what a reader sees when the TCP connection dies mid-body
      controller.error(new TypeError('network error'))
      close('drop')
    },
    get closed() {
      return closedBy !== null
    },
    onClose: (listener) => {
      if (closedBy) {
        const reason = closedBy
        queueMicrotask(() => listener(reason))
      }
      else {
        listeners.push(listener)
      }
    },
  }
  return { response: new Response(body, { status: 200, ...init, headers }), writer }
}
