import type { ConnectionStatus } from '../lifecycle'
import type { EventSourceTransportOptions } from './types'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createEnvironment } from '../environment'
import { EventSourceTransport } from './transport'

interface Call {
  url: string
  init: RequestInit
  headers: Headers
  aborted: boolean
  push: (text: string) => void
  end: () => void
  fail: () => void
}

interface Reply { status?: number, type?: string, headers?: Record<string, string>, reject?: boolean }

/**
 * A `fetch` answering with real `Response`s whose bodies the test writes to; `replies` shape the next
 * responses (then 200 text/event-stream).
 */
function fakeServer(replies: Reply[] = []) {
  const calls: Call[] = []
  const fetch = async (url: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const reply = replies.shift() ?? {}
    let controller!: ReadableStreamDefaultController<Uint8Array>
    const body = new ReadableStream<Uint8Array>({ start: (c) => { controller = c } })
    const call: Call = {
      url: String(url),
      init,
      headers: new Headers(init.headers),
      aborted: false,
      push: text => controller.enqueue(new TextEncoder().encode(text)),
      end: () => controller.close(),
      fail: () => controller.error(new TypeError('network')),
    }
    calls.push(call)
    init.signal?.addEventListener('abort', () => {
      call.aborted = true
      try {
        controller.error(new DOMException('aborted', 'AbortError'))
      }
      catch {}
    })
    if (reply.reject)
      throw new TypeError('Failed to fetch')
    return new Response(reply.status === 204 ? null : body, {
      status: reply.status ?? 200,
      headers: { 'content-type': reply.type ?? 'text/event-stream', ...reply.headers },
    })
  }
  return { calls, fetch: fetch as typeof globalThis.fetch, last: () => calls.at(-1)! }
}

const flush = () => vi.advanceTimersByTimeAsync(0)

function setup(options: EventSourceTransportOptions = {}, replies: Reply[] = []) {
  const server = fakeServer(replies)
  const transport = new EventSourceTransport({ url: 'http://x/sse', mode: 'fetch', fetch: server.fetch, retry: { jitter: false, initialDelay: 100 }, ...options })
  const statuses: ConnectionStatus[] = []
  transport.subscribe((s, prev) => {
    if (s.status !== prev.status)
      statuses.push(s.status)
  })
  return { server, transport, statuses, snap: () => transport.getSnapshot() }
}

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

describe('EventSourceTransport state machine (table-driven)', () => {
  const scenarios: { name: string, options?: EventSourceTransportOptions, replies?: Reply[], act: (t: ReturnType<typeof setup>) => Promise<void>, expected: ConnectionStatus[], requests: number, error?: string | null }[] = [
    { name: 'opens', act: async () => {}, expected: ['connecting', 'open'], requests: 1, error: null },
    { name: 'normal end → reconnect after the delay', act: async ({ server }) => {
      server.last().end()
      await flush()
      await vi.advanceTimersByTimeAsync(100)
    }, expected: ['connecting', 'open', 'reconnecting', 'open'], requests: 2, error: null },
    { name: '204 fails without retry', replies: [{ status: 204 }], act: () => vi.advanceTimersByTimeAsync(60_000).then(() => {}), expected: ['connecting', 'failed'], requests: 1, error: 'HTTP_STATUS' },
    { name: '404 with the right content type fails', replies: [{ status: 404 }], act: () => vi.advanceTimersByTimeAsync(60_000).then(() => {}), expected: ['connecting', 'failed'], requests: 1, error: 'HTTP_STATUS' },
    { name: 'wrong content type fails', replies: [{ type: 'text/plain' }], act: () => vi.advanceTimersByTimeAsync(60_000).then(() => {}), expected: ['connecting', 'failed'], requests: 1, error: 'BAD_CONTENT_TYPE' },
    { name: 'network error before the response reconnects', replies: [{ reject: true }], act: () => vi.advanceTimersByTimeAsync(100).then(() => {}), expected: ['connecting', 'reconnecting', 'open'], requests: 2, error: null },
    { name: 'network error mid-stream reconnects', act: async ({ server }) => {
      server.last().fail()
      await vi.advanceTimersByTimeAsync(100)
    }, expected: ['connecting', 'open', 'reconnecting', 'open'], requests: 2, error: null },
    { name: 'close() during backoff sends nothing more', act: async ({ server, transport }) => {
      server.last().end()
      await flush()
      transport.close()
      await vi.advanceTimersByTimeAsync(60_000)
    }, expected: ['connecting', 'open', 'reconnecting', 'closed'], requests: 1, error: 'CLOSED_BY_SERVER' },
    { name: 'retries: 2 → at most 3 attempts, then failed', options: { retry: { retries: 2, jitter: false, initialDelay: 100 } }, replies: [{ reject: true }, { reject: true }, { reject: true }], act: () => vi.advanceTimersByTimeAsync(60_000).then(() => {}), expected: ['connecting', 'reconnecting', 'failed'], requests: 3, error: 'RETRY_LIMIT' },
    { name: 'opt-in retry on 503', options: { retryOnStatus: true }, replies: [{ status: 503 }], act: () => vi.advanceTimersByTimeAsync(100).then(() => {}), expected: ['connecting', 'reconnecting', 'open'], requests: 2, error: null },
    { name: 'POST ends → closed, no retry', options: { method: 'POST', retry: undefined }, act: async ({ server }) => {
      server.last().end()
      await vi.advanceTimersByTimeAsync(60_000)
    }, expected: ['connecting', 'open', 'closed'], requests: 1, error: null },
    { name: 'POST network error → failed, no retry', options: { method: 'POST', retry: undefined }, replies: [{ reject: true }], act: () => vi.advanceTimersByTimeAsync(60_000).then(() => {}), expected: ['connecting', 'failed'], requests: 1, error: 'NETWORK' },
    { name: '[DONE] ends cleanly', options: { done: true }, act: async ({ server }) => {
      server.last().push('data: a\n\ndata: [DONE]\n\n')
      await vi.advanceTimersByTimeAsync(60_000)
    }, expected: ['connecting', 'open', 'closed'], requests: 1, error: null },
    { name: 'idle timeout reconnects', options: { idleTimeout: 1000 }, act: () => vi.advanceTimersByTimeAsync(1150).then(() => {}), expected: ['connecting', 'open', 'reconnecting', 'open'], requests: 2, error: null },
    // fails in the constructor, before anyone subscribed: no transition is seen, the status is `failed`
    { name: 'invalid option → failed, not thrown', options: { idleTimeout: -1 }, act: async ({ snap }) => expect(snap().status).toBe('failed'), expected: [], requests: 0, error: 'INVALID_OPTION' },
  ]

  for (const s of scenarios) {
    it(s.name, async () => {
      const t = setup(s.options, s.replies)
      t.transport.open()
      await flush()
      await s.act(t)
      expect(t.statuses).toEqual(s.expected)
      expect(t.server.calls.length).toBe(s.requests)
      if (s.error !== undefined)
        expect(t.snap().error?.code ?? null).toBe(s.error)
      t.transport.close()
    })
  }
})

describe('EventSourceTransport behaviour', () => {
  it('status is synchronous: connecting on open(), closed right after close()', () => {
    const { transport, snap } = setup()
    expect(snap().status).toBe('idle')
    transport.open()
    expect(snap().status).toBe('connecting')
    transport.close()
    expect(snap().status).toBe('closed')
  })

  it('delivers data, event, lastEventId; resumes with a UTF-8 Last-Event-ID; the retry: floor applies', async () => {
    const { transport, server, snap } = setup({ events: ['tick'] })
    const seen: unknown[] = []
    transport.on('other', m => seen.push(m))
    transport.open()
    await flush()
    server.last().push('retry: 5000\nid: …1\ndata: a\n\nevent: tick\ndata: b\n\nevent: other\ndata: c\n\n')
    await flush()
    expect(snap()).toMatchObject({ data: 'b', event: 'tick', lastEventId: '…1' })
    expect(seen).toEqual([{ type: 'other', data: 'c', raw: 'c', lastEventId: '…1' }])
    server.last().end()
    await flush()
    expect(snap()).toMatchObject({ status: 'reconnecting', retryIn: 5000 })
    await vi.advanceTimersByTimeAsync(4999)
    expect(server.calls.length).toBe(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(server.calls.length).toBe(2)
    const header = server.last().headers.get('last-event-id')!
    expect(new TextDecoder().decode(Uint8Array.from(header, c => c.charCodeAt(0)))).toBe('…1')
    expect(server.last().headers.get('accept')).toBe('text/event-stream')
    expect(server.last().init.cache).toBe('no-store')
    transport.close()
  })

  it('honours Retry-After on an opted-in status', async () => {
    const { transport, snap } = setup({ retryOnStatus: [429] }, [{ status: 429, headers: { 'retry-after': '3' } }])
    transport.open()
    await flush()
    expect(snap()).toMatchObject({ status: 'reconnecting', retryIn: 3000, attempt: 1 })
    expect(snap().error).toMatchObject({ code: 'HTTP_STATUS', status: 429 })
    transport.close()
  })

  it('backoff grows per failed attempt; the count resets only after minUptime of a healthy stream', async () => {
    const { transport, server, snap } = setup({}, [{ reject: true }, { reject: true }])
    transport.open()
    await flush()
    expect(snap().retryIn).toBe(100)
    await vi.advanceTimersByTimeAsync(100)
    expect(snap()).toMatchObject({ retryIn: 200, attempt: 2 })
    await vi.advanceTimersByTimeAsync(200)
    expect(snap()).toMatchObject({ status: 'open', attempt: 2 })
    // an event is not proof of health (a server that sends one event and ends must still hit `retries`)
    server.last().push('data: x\n\n')
    await flush()
    expect(snap().attempt).toBe(2)
    await vi.advanceTimersByTimeAsync(5000) // minUptime default
    expect(snap().attempt).toBe(0)
    server.last().end()
    await flush()
    expect(snap().retryIn).toBe(100)
    transport.close()
  })

  it('events nobody listens to are not parsed (no PARSE error for them)', async () => {
    const { transport, server, snap } = setup({ json: true })
    transport.open()
    await flush()
    server.last().push('event: ping\ndata: not json\n\ndata: {"ok":1}\n\n')
    await flush()
    expect(snap()).toMatchObject({ data: { ok: 1 }, error: null })
    transport.close()
  })

  it('a parse failure reports PARSE and keeps the stream and the last good data', async () => {
    const { transport, server, snap } = setup({ json: true })
    transport.open()
    await flush()
    server.last().push('data: {"n":1}\n\ndata: {oops\n\ndata: {"n":3}\n\n')
    await flush()
    expect(snap().data).toEqual({ n: 3 })
    expect(snap().error?.code).toBe('PARSE')
    expect(snap().status).toBe('open')
    transport.close()
  })

  it('maxMessageSize drops the big event with MESSAGE_TOO_LARGE and keeps going', async () => {
    const errors: string[] = []
    const { transport, server, snap } = setup({ maxMessageSize: 10, onError: e => errors.push(e.code) })
    transport.open()
    await flush()
    server.last().push(`data: ${'x'.repeat(50)}\n\ndata: ok\n\n`)
    await flush()
    expect(errors).toEqual(['MESSAGE_TOO_LARGE'])
    expect(snap()).toMatchObject({ data: 'ok', status: 'open' })
    transport.close()
  })

  it('comments keep an idle timer alive', async () => {
    const { transport, server, statuses } = setup({ idleTimeout: 1000 })
    transport.open()
    await flush()
    for (let i = 0; i < 5; i++) {
      await vi.advanceTimersByTimeAsync(600)
      server.last().push(': ping\n\n')
    }
    expect(statuses).toEqual(['connecting', 'open'])
    await vi.advanceTimersByTimeAsync(1000)
    expect(transport.getSnapshot().error?.code).toBe('IDLE_TIMEOUT')
    expect(server.calls[0]!.aborted).toBe(true)
    transport.close()
  })

  it('accumulate concatenates the current stream; open() starts a new one', async () => {
    const { transport, server, snap } = setup({ accumulate: true, done: true })
    transport.open()
    await flush()
    server.last().push('data: Hel\n\ndata: lo\n\ndata: [DONE]\n\n')
    await flush()
    expect(snap()).toMatchObject({ text: 'Hello', status: 'closed' })
    transport.open()
    expect(snap().text).toBe('')
    transport.close()
  })

  it('ignores events of a superseded connection', async () => {
    const { transport, server, snap } = setup()
    transport.open()
    await flush()
    const first = server.last()
    transport.open()
    await flush()
    try {
      first.push('data: stale\n\n')
    }
    catch {}
    server.last().push('data: fresh\n\n')
    await flush()
    expect(first.aborted).toBe(true)
    expect(snap().data).toBe('fresh')
    transport.close()
  })

  it('a throwing handler does not break the stream', async () => {
    const { transport, server, snap } = setup()
    transport.on('message', () => {
      throw new Error('user bug')
    })
    const errors: unknown[] = []
    const onError = (e: unknown) => errors.push(e)
    process.on('uncaughtException', onError)
    transport.open()
    await flush()
    server.last().push('data: 1\n\ndata: 2\n\n')
    await flush()
    process.off('uncaughtException', onError)
    expect(snap()).toMatchObject({ data: '2', status: 'open' })
    transport.close()
  })

  it('pauseWhenHidden pauses while hidden and resumes with Last-Event-ID', async () => {
    const environment = createEnvironment()
    const { transport, server, statuses } = setup({ pauseWhenHidden: true, environment })
    transport.open()
    await flush()
    server.last().push('id: 9\ndata: x\n\n')
    await flush()
    environment.visibility.set(false)
    expect(server.last().aborted).toBe(true)
    environment.visibility.set(true)
    await flush()
    expect(statuses).toEqual(['connecting', 'open', 'paused', 'connecting', 'open'])
    expect(server.last().headers.get('last-event-id')).toBe('9')
    transport.close()
  })

  it('setOptions applies from the next attempt; an invalid value fails the transport', async () => {
    const { transport, server, snap } = setup()
    transport.open()
    await flush()
    transport.setOptions({ url: 'http://x/other' })
    await flush()
    expect(server.calls.map(c => c.url)).toEqual(['http://x/sse'])
    transport.open()
    await flush()
    expect(server.calls.map(c => c.url)).toEqual(['http://x/sse', 'http://x/other'])
    transport.setOptions({ mode: 'xhr' as 'fetch' })
    expect(snap()).toMatchObject({ status: 'failed', error: { code: 'INVALID_OPTION', option: 'mode' } })
  })

  it('withCredentials / credentials reach fetch', async () => {
    const { transport, server } = setup({ withCredentials: true })
    transport.open()
    await flush()
    transport.setOptions({ withCredentials: false, credentials: 'omit' })
    transport.open()
    await flush()
    expect(server.calls.map(c => c.init.credentials)).toEqual(['include', 'omit'])
    transport.close()
  })

  it('async headers and a JSON body are resolved per attempt', async () => {
    let token = 0
    const { transport, server } = setup({ method: 'POST', retry: true, headers: async () => ({ authorization: `Bearer ${++token}` }), body: { prompt: 'hi' } })
    transport.open()
    await flush()
    server.last().end()
    await vi.advanceTimersByTimeAsync(1000)
    expect(server.calls.map(c => c.headers.get('authorization'))).toEqual(['Bearer 1', 'Bearer 2'])
    expect(server.last().init.body).toBe('{"prompt":"hi"}')
    expect(server.last().headers.get('content-type')).toBe('application/json')
    transport.close()
  })
})

describe('EventSourceTransport native reader mapping', () => {
  class FakeEventSource extends EventTarget {
    static instances: FakeEventSource[] = []
    readyState = 0
    onopen: (() => void) | null = null
    onerror: (() => void) | null = null
    closed = false
    constructor(readonly url: string) {
      super()
      FakeEventSource.instances.push(this)
    }

    close() {
      this.closed = true
      this.readyState = 2
    }

    emit(kind: 'open' | 'error', readyState: number) {
      this.readyState = readyState
      ;(kind === 'open' ? this.onopen : this.onerror)?.()
    }

    message(data: string, lastEventId = '', type = 'message') {
      this.dispatchEvent(new MessageEvent(type, { data, lastEventId }))
    }
  }

  beforeEach(() => {
    FakeEventSource.instances = []
  })

  const create = (options: EventSourceTransportOptions = {}) => {
    const transport = new EventSourceTransport({ url: 'http://x/sse', EventSource: FakeEventSource as unknown as typeof EventSource, retry: { retries: 2 }, ...options })
    const statuses: ConnectionStatus[] = []
    transport.subscribe((s, p) => s.status !== p.status && statuses.push(s.status))
    return { transport, statuses, es: () => FakeEventSource.instances.at(-1)! }
  }

  it('maps the browser\'s silent retry to reconnecting, counts attempts, resets after minUptime', () => {
    const { transport, statuses, es } = create()
    transport.open()
    expect(transport.getSnapshot().eventSource).toBe(es())
    es().emit('open', 1)
    es().emit('error', 0)
    expect(transport.getSnapshot()).toMatchObject({ status: 'reconnecting', attempt: 1, retryIn: null })
    es().emit('open', 1)
    es().message('x', '5')
    expect(transport.getSnapshot()).toMatchObject({ status: 'open', attempt: 1, data: 'x', lastEventId: '5' })
    vi.advanceTimersByTime(5000) // minUptime default
    expect(transport.getSnapshot().attempt).toBe(0)
    expect(statuses).toEqual(['connecting', 'open', 'reconnecting', 'open'])
    transport.close()
    expect(es().closed).toBe(true)
  })

  it('gives up after `retries` silent retries and closes the EventSource', () => {
    const { transport, es } = create()
    transport.open()
    for (let i = 0; i < 3; i++)
      es().emit('error', 0)
    expect(transport.getSnapshot()).toMatchObject({ status: 'failed', eventSource: null })
    expect(transport.getSnapshot().error?.code).toBe('RETRY_LIMIT')
    expect(es().closed).toBe(true)
  })

  it('CLOSED after error = failed; events of a superseded EventSource are ignored', () => {
    const { transport, es } = create()
    transport.open()
    const first = es()
    transport.open()
    first.message('stale')
    expect(transport.getSnapshot().data).toBe(null)
    es().emit('error', 2)
    expect(transport.getSnapshot().status).toBe('failed')
  })

  it('auto picks fetch when native cannot do what is asked', () => {
    const server = fakeServer()
    for (const options of [{ headers: { a: 'b' } }, { method: 'POST' }, { idleTimeout: 5 }, { retryOnStatus: true }] as EventSourceTransportOptions[]) {
      const t = new EventSourceTransport({ url: 'http://x/sse', EventSource: FakeEventSource as unknown as typeof EventSource, fetch: server.fetch, ...options })
      t.open()
      t.close()
    }
    expect(FakeEventSource.instances.length).toBe(0)
    expect(server.calls.length).toBe(0) // fetch is called after async header resolution; the request was aborted first
  })
})
