// Contract suite for `useEventSource` as an outside conformance / fault-injection suite sees it: only the
// public entry, plain Node (no DOM), an `effectScope()`, and either Node's own `fetch` against the real demo
// backend (real time) or a hand-made `fetch` returning `Response(ReadableStream)` (fake timers where the
// timing is the point). Every expectation is a sentence of DESIGN.md §1–§2 or issue 4.
import type { EffectScope } from 'vue'
import type { ConnectionStatus, UseEventSourceOptions, UseEventSourceReturn } from '../../src/index'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { nextTick, shallowRef, watch } from 'vue'
import { useBackend } from '../../server/testing'
import { createEnvironment } from '../../src/core'
import { LifelineError, useEventSource } from '../../src/index'
import { channel } from '../helpers/channel'
import { captureUncaught } from '../helpers/uncaught'
import { inScope, stopScopes } from '../helpers/scopes'

// ---------------------------------------------------------------------------------------------------
// Helpers

const encoder = new TextEncoder()

interface Call {
  url: string
  init: RequestInit
  /** The request headers as sent. */
  headers: Headers
  signal: AbortSignal
  /** Writes a chunk: text (UTF-8 encoded) or raw bytes. */
  push: (chunk: string | number[]) => void
  /** Ends the body normally. */
  end: () => void
  /** Errors the body mid-stream (a dropped connection). */
  fail: (error?: unknown) => void
  /** Whether the body stream was cancelled by the reader. */
  cancelled: () => boolean
}

interface Reply {
  status?: number
  /** Content-Type; `null` = none. @default 'text/event-stream' */
  type?: string | null
  headers?: Record<string, string>
  /** Reject the fetch with this instead of answering. */
  reject?: unknown
  /** Leave the request signal alone (a fetch that does not honour `signal`). */
  ignoreSignal?: boolean
}

/**
 * An injected `fetch` answering real `Response`s whose bodies the test writes chunk by chunk. `replies`
 * shape the next responses in order (then 200 `text/event-stream`).
 */
function injectedFetch(replies: Reply[] = []) {
  const calls: Call[] = []
  const spy = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const reply = replies.shift() ?? {}
    let controller!: ReadableStreamDefaultController<Uint8Array>
    let cancelled = false
    const body = new ReadableStream<Uint8Array>({
      start: (c) => {
        controller = c
      },
      cancel: () => {
        cancelled = true
      },
    })
    const call: Call = {
      url: String(input),
      init,
      headers: new Headers(init.headers),
      signal: init.signal!,
      push: chunk => controller.enqueue(typeof chunk === 'string' ? encoder.encode(chunk) : Uint8Array.from(chunk)),
      end: () => controller.close(),
      fail: (error = new TypeError('terminated')) => controller.error(error),
      cancelled: () => cancelled,
    }
    calls.push(call)
    if (!reply.ignoreSignal) {
      init.signal?.addEventListener('abort', () => {
        try {
          controller.error(init.signal!.reason)
        }
        catch {}
      })
    }
    if (reply.reject !== undefined)
      throw reply.reject
    const status = reply.status ?? 200
    const headers = new Headers(reply.headers)
    if (reply.type !== null)
      headers.set('content-type', reply.type ?? 'text/event-stream')
    // 204/205/304 are null-body statuses: `Response` refuses a body for them.
    return new Response([204, 205, 304].includes(status) ? null : body, { status, headers })
  })
  return { calls, spy, fetch: spy as unknown as typeof globalThis.fetch, last: () => calls.at(-1)! }
}

/** Lets pending promises (fetch, body reads) settle without moving fake time. */
const flush = (): Promise<unknown> => vi.advanceTimersByTimeAsync(0)

/** Records every status the composable goes through, in order (the initial one first). */
function statusLog(status: { value: ConnectionStatus }, scope: EffectScope): ConnectionStatus[] {
  const log: ConnectionStatus[] = [status.value]
  // sync watcher: every change, not just the last one per tick
  scope.run(() => watch(() => status.value, s => log.push(s), { flush: 'sync' }))
  return log
}

const URL_A = 'http://sse.test/a'

// ---------------------------------------------------------------------------------------------------
// Injected fetch: exact fault injection

describe('useEventSource contract — injected fetch (Node)', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    stopScopes()
    vi.useRealTimers()
  })

  describe('status is synchronous with the call', () => {
    it('connecting right after creation outside a component, open inside onOpen, closed right after close()', async () => {
      const { fetch, calls } = injectedFetch()
      let inOnOpen: ConnectionStatus | undefined
      const r = inScope(() => {
        const r: UseEventSourceReturn = useEventSource(URL_A, { fetch, onOpen: () => {
          inOnOpen = r.status.value
        } })
        return r
      })
      expect(r.status.value).toBe('connecting')
      await flush()
      expect(calls.map(c => c.url)).toEqual([URL_A])
      expect(inOnOpen).toBe('open')
      expect(r.status.value).toBe('open')
      r.close()
      expect(r.status.value).toBe('closed')
      expect(calls[0]!.signal.aborted).toBe(true)
    })

    it('the (url, events, options) form works and data/event/lastEventId follow the stream', async () => {
      const { fetch, last } = injectedFetch()
      const messages: unknown[] = []
      const r = inScope(() => useEventSource(URL_A, ['notice'], { fetch, onMessage: m => messages.push(m) }))
      await flush()
      last().push('id: 7\nevent: notice\ndata: hello\n\ndata: plain\n\nevent: other\ndata: unlisted\n\n')
      await flush()
      expect(r.data.value).toBe('plain')
      expect(r.event.value).toBe('message')
      expect(r.lastEventId.value).toBe('7')
      expect(messages).toEqual([
        { type: 'notice', data: 'hello', raw: 'hello', lastEventId: '7' },
        // the last event ID persists over id-less events
        { type: 'message', data: 'plain', raw: 'plain', lastEventId: '7' },
      ])
    })

    it('immediate: false stays idle, without a request, until open()', async () => {
      const { fetch, calls } = injectedFetch()
      const r = inScope(() => useEventSource(URL_A, { fetch, immediate: false }))
      expect(r.status.value).toBe('idle')
      await vi.advanceTimersByTimeAsync(10_000)
      expect(r.status.value).toBe('idle')
      expect(calls).toHaveLength(0)
      r.open()
      expect(r.status.value).toBe('connecting')
      await flush()
      expect(r.status.value).toBe('open')
      expect(calls).toHaveLength(1)
    })
  })

  describe('stream decoding (WHATWG HTML §9.2.6)', () => {
    it('byte-by-byte delivery: UTF-8 characters and CR / LF / CRLF split across chunks, one leading BOM stripped', async () => {
      const { fetch, last } = injectedFetch()
      const seen: { data: string, id: string }[] = []
      const r = inScope(() => useEventSource(URL_A, { fetch, onMessage: m => seen.push({ data: m.data, id: m.lastEventId }) }))
      await flush()
      const stream = '\uFEFFid: 1\r\ndata: é€\r\ndata: 😀\r\n\r\n'
        + 'data: cr\r\r'
        + 'data: lf\n\n'
        + ': comment\r\n'
        + 'id: 2\rdata: x\r\n\r\n'
      for (const byte of encoder.encode(stream)) {
        last().push([byte])
        await flush()
      }
      expect(seen).toEqual([
        { data: 'é€\n😀', id: '1' },
        { data: 'cr', id: '1' },
        { data: 'lf', id: '1' },
        { data: 'x', id: '2' },
      ])
      expect(r.lastEventId.value).toBe('2')
      expect(r.status.value).toBe('open')
    })

    it('a CRLF split between two chunks is one line end, not two', async () => {
      const { fetch, last } = injectedFetch()
      const seen: string[] = []
      inScope(() => useEventSource(URL_A, { fetch, onMessage: m => seen.push(m.data) }))
      await flush()
      last().push('data: 1\r')
      await flush()
      last().push('\ndata: 2\r')
      await flush()
      last().push('\n\r')
      await flush()
      last().push('\n')
      await flush()
      expect(seen).toEqual(['1\n2'])
    })

    it('an event ended by CR CR at the end of a chunk is dispatched at once, without waiting for more bytes', async () => {
      const { fetch, last } = injectedFetch()
      const r = inScope(() => useEventSource(URL_A, { fetch }))
      await flush()
      last().push('data: now\r\r')
      await flush()
      expect(r.data.value).toBe('now')
    })

    it('only one BOM is stripped: a second one makes the first line a field that does not exist', async () => {
      const { fetch, last } = injectedFetch()
      const seen: string[] = []
      inScope(() => useEventSource(URL_A, { fetch, onMessage: m => seen.push(m.data) }))
      await flush()
      // BOM bytes split across chunks as well
      last().push([0xEF])
      last().push([0xBB, 0xBF, 0xEF, 0xBB, 0xBF])
      last().push('data: ignored\n\ndata: kept\n\n')
      await flush()
      expect(seen).toEqual(['kept'])
    })

    it('empty data dispatches \'\', a block without data dispatches nothing but still commits its id', async () => {
      const { fetch, last } = injectedFetch()
      const seen: [string, string][] = []
      const r = inScope(() => useEventSource(URL_A, ['x'], { fetch, onMessage: m => seen.push([m.type, m.data]) }))
      await flush()
      last().push('data\n\nevent: x\n\nid: 5\n\n')
      await flush()
      expect(seen).toEqual([['message', '']])
      expect(r.lastEventId.value).toBe('5')
    })

    it('close() inside onMessage: the rest of the same chunk is not delivered', async () => {
      const { fetch, last } = injectedFetch()
      const seen: string[] = []
      const r = inScope(() => {
        const r: UseEventSourceReturn = useEventSource(URL_A, { fetch, onMessage: (m) => {
          seen.push(m.data)
          r.close()
        } })
        return r
      })
      await flush()
      last().push('data: 1\n\ndata: 2\n\n')
      await flush()
      expect(seen).toEqual(['1'])
      expect(r.data.value).toBe('1')
      expect(r.status.value).toBe('closed')
    })

    it('a body that ends mid-event drops that event with its id and resumes from the last complete one', async () => {
      const { fetch, calls } = injectedFetch()
      const r = inScope(() => useEventSource(URL_A, { fetch, retry: { initialDelay: 100, jitter: false } }))
      await flush()
      calls[0]!.push('id: 1\ndata: a\n\nid: 2\ndata: partial')
      await flush()
      calls[0]!.end()
      await flush()
      expect(r.data.value).toBe('a')
      expect(r.lastEventId.value).toBe('1')
      expect(calls[0]!.headers.get('last-event-id')).toBe(null)
      expect(r.status.value).toBe('reconnecting')
      expect(r.error.value).toBeInstanceOf(LifelineError)
      expect(r.error.value!.code).toBe('CLOSED_BY_SERVER')
      await vi.advanceTimersByTimeAsync(100)
      expect(calls).toHaveLength(2)
      expect(calls[1]!.headers.get('last-event-id')).toBe('1')
      expect(r.status.value).toBe('open')
    })

    it('sends Last-Event-ID as UTF-8 bytes on the reconnection', async () => {
      const { fetch, calls } = injectedFetch()
      inScope(() => useEventSource(URL_A, { fetch, retry: { initialDelay: 10, jitter: false } }))
      await flush()
      calls[0]!.push('id: …é\ndata: a\n\n')
      calls[0]!.end()
      await vi.advanceTimersByTimeAsync(10)
      expect(calls).toHaveLength(2)
      const header = calls[1]!.headers.get('last-event-id')!
      expect(new TextDecoder().decode(Uint8Array.from(header, c => c.charCodeAt(0)))).toBe('…é')
    })

    it('the server\'s retry: field is the floor of the reconnection delay', async () => {
      const { fetch, calls } = injectedFetch()
      const r = inScope(() => useEventSource(URL_A, { fetch, retry: { initialDelay: 100, jitter: false } }))
      await flush()
      calls[0]!.push('retry: 3000\ndata: a\n\n')
      calls[0]!.end()
      await flush()
      expect(r.status.value).toBe('reconnecting')
      expect(r.retryIn.value).toBe(3000)
      await vi.advanceTimersByTimeAsync(2999)
      expect(calls).toHaveLength(1)
      await vi.advanceTimersByTimeAsync(1)
      expect(calls).toHaveLength(2)
    })
  })

  describe('establishing the connection (WHATWG HTML §9.2.3)', () => {
    it.each([204, 404, 500])('HTTP %i fails at once: failed, HTTP_STATUS with status, no retry', async (code) => {
      const { fetch, calls } = injectedFetch([{ status: code }])
      const onError = vi.fn()
      const r = inScope(() => useEventSource(URL_A, { fetch, onError }))
      await flush()
      expect(r.status.value).toBe('failed')
      expect(r.error.value).toBeInstanceOf(LifelineError)
      expect(r.error.value).toMatchObject({ code: 'HTTP_STATUS', status: code })
      expect(onError).toHaveBeenCalledWith(r.error.value)
      await vi.advanceTimersByTimeAsync(120_000)
      expect(calls).toHaveLength(1)
      expect(r.status.value).toBe('failed')
    })

    it('500 with the retry opt-in reconnects, never sooner than Retry-After', async () => {
      const { fetch, calls } = injectedFetch([{ status: 500, headers: { 'retry-after': '2' } }])
      const r = inScope(() => useEventSource(URL_A, { fetch, retryOnStatus: true, retry: { initialDelay: 100, jitter: false } }))
      await flush()
      expect(r.status.value).toBe('reconnecting')
      expect(r.error.value).toMatchObject({ code: 'HTTP_STATUS', status: 500 })
      expect(r.attempt.value).toBe(1)
      expect(r.retryIn.value).toBe(2000)
      await vi.advanceTimersByTimeAsync(1999)
      expect(calls).toHaveLength(1)
      await vi.advanceTimersByTimeAsync(1)
      expect(calls).toHaveLength(2)
      expect(r.status.value).toBe('open')
      expect(r.retryIn.value).toBe(null)
      expect(r.error.value).toBe(null)
    })

    it('Retry-After as an HTTP date is honoured too', async () => {
      const at = new Date(Date.now() + 10_000).toUTCString()
      const { fetch, calls } = injectedFetch([{ status: 503, headers: { 'retry-after': at } }])
      const r = inScope(() => useEventSource(URL_A, { fetch, retryOnStatus: true, retry: { initialDelay: 100, jitter: false } }))
      await flush()
      expect(r.status.value).toBe('reconnecting')
      // the date has whole seconds: 9–10 s from now
      expect(r.retryIn.value).toBeGreaterThan(9000)
      expect(r.retryIn.value).toBeLessThanOrEqual(10_000)
      await vi.advanceTimersByTimeAsync(8900)
      expect(calls).toHaveLength(1)
      await vi.advanceTimersByTimeAsync(1100)
      expect(calls).toHaveLength(2)
    })

    it('429 with the opt-in but without Retry-After uses the backoff delay', async () => {
      const { fetch, calls } = injectedFetch([{ status: 429 }])
      const r = inScope(() => useEventSource(URL_A, { fetch, retryOnStatus: [429], retry: { initialDelay: 100, jitter: false } }))
      await flush()
      expect(r.status.value).toBe('reconnecting')
      expect(r.retryIn.value).toBe(100)
      await vi.advanceTimersByTimeAsync(100)
      expect(calls).toHaveLength(2)
    })

    it.each(['text/plain', 'application/json', null])('content type %s fails: failed, BAD_CONTENT_TYPE, no retry', async (type) => {
      const { fetch, calls } = injectedFetch([{ type }])
      const r = inScope(() => useEventSource(URL_A, { fetch }))
      await flush()
      expect(r.status.value).toBe('failed')
      expect(r.error.value).toMatchObject({ code: 'BAD_CONTENT_TYPE' })
      await vi.advanceTimersByTimeAsync(120_000)
      expect(calls).toHaveLength(1)
    })

    it('text/event-stream with parameters opens (only the MIME essence counts)', async () => {
      const { fetch } = injectedFetch([{ type: 'Text/Event-Stream; charset=windows-1252' }])
      const r = inScope(() => useEventSource(URL_A, { fetch }))
      await flush()
      expect(r.status.value).toBe('open')
    })

    it('a network TypeError reconnects with NETWORK (cause kept), attempt and retryIn set', async () => {
      const cause = new TypeError('fetch failed')
      const { fetch, calls } = injectedFetch([{ reject: cause }])
      const onError = vi.fn()
      const r = inScope(() => useEventSource(URL_A, { fetch, onError, retry: { initialDelay: 250, jitter: false } }))
      await flush()
      expect(r.status.value).toBe('reconnecting')
      expect(r.error.value).toBeInstanceOf(LifelineError)
      expect(r.error.value).toMatchObject({ code: 'NETWORK' })
      expect(r.error.value!.cause).toBe(cause)
      expect(onError).toHaveBeenCalledTimes(1)
      expect(onError.mock.calls[0]![0]).toBe(r.error.value)
      expect(r.attempt.value).toBe(1)
      expect(r.retryIn.value).toBe(250)
      await vi.advanceTimersByTimeAsync(250)
      expect(calls).toHaveLength(2)
      expect(r.status.value).toBe('open')
    })

    it('a body that errors mid-stream reconnects with NETWORK', async () => {
      const { fetch, calls } = injectedFetch()
      const r = inScope(() => useEventSource(URL_A, { fetch, retry: { initialDelay: 100, jitter: false } }))
      await flush()
      calls[0]!.fail(new TypeError('terminated'))
      await flush()
      expect(r.status.value).toBe('reconnecting')
      expect(r.error.value).toMatchObject({ code: 'NETWORK' })
      await vi.advanceTimersByTimeAsync(100)
      expect(calls).toHaveLength(2)
    })

    it('an AbortError the client did not ask for (a proxy fetch timing out) is a network error: reconnects', async () => {
      const { fetch, calls } = injectedFetch([{ reject: new DOMException('The operation was aborted.', 'AbortError') }])
      const r = inScope(() => useEventSource(URL_A, { fetch, retry: { initialDelay: 100, jitter: false } }))
      await flush()
      expect(r.status.value).toBe('reconnecting')
      expect(r.error.value).toMatchObject({ code: 'NETWORK' })
      await vi.advanceTimersByTimeAsync(100)
      expect(calls).toHaveLength(2)
    })

    it('close() aborts the request: no error, no further request', async () => {
      const { fetch, calls } = injectedFetch()
      const onError = vi.fn()
      const r = inScope(() => useEventSource(URL_A, { fetch, onError }))
      await flush()
      r.close()
      expect(r.status.value).toBe('closed')
      expect(calls[0]!.signal.aborted).toBe(true)
      await vi.advanceTimersByTimeAsync(120_000)
      expect(r.status.value).toBe('closed')
      expect(r.error.value).toBe(null)
      expect(onError).not.toHaveBeenCalled()
      expect(calls).toHaveLength(1)
    })

    it('close() while the fetch is still pending: its late response is ignored and its body released', async () => {
      let answer!: (response: Response) => void
      let signal!: AbortSignal
      let cancelled = false
      const fetch = vi.fn((_url: RequestInfo | URL, init?: RequestInit) => {
        signal = init!.signal!
        // a fetch that does not honour its signal: the response comes anyway
        return new Promise<Response>(resolve => answer = resolve)
      })
      const onMessage = vi.fn()
      const r = inScope(() => useEventSource(URL_A, { fetch: fetch as typeof globalThis.fetch, onMessage }))
      await flush()
      r.close()
      expect(signal.aborted).toBe(true)
      answer(new Response(new ReadableStream({
        start: c => c.enqueue(encoder.encode('data: late\n\n')),
        cancel: () => {
          cancelled = true
        },
      }), { headers: { 'content-type': 'text/event-stream' } }))
      await vi.advanceTimersByTimeAsync(1000)
      expect(r.status.value).toBe('closed')
      expect(r.data.value).toBe(null)
      expect(onMessage).not.toHaveBeenCalled()
      expect(cancelled).toBe(true)
    })
  })

  describe('data handling', () => {
    it('json: true — invalid JSON reports PARSE, keeps the stream open and the last good data; later events still arrive', async () => {
      const { fetch, last } = injectedFetch()
      const onError = vi.fn()
      const onMessage = vi.fn()
      const r = inScope(() => useEventSource<string[], { n: number }>(URL_A, { fetch, json: true, onError, onMessage }))
      await flush()
      last().push('data: {"n":1}\n\n')
      await flush()
      expect(r.data.value).toEqual({ n: 1 })
      last().push('data: {"n": oops\n\n')
      await flush()
      expect(r.data.value).toEqual({ n: 1 })
      expect(r.error.value).toBeInstanceOf(LifelineError)
      expect(r.error.value!.code).toBe('PARSE')
      expect(onError).toHaveBeenCalledWith(expect.objectContaining({ code: 'PARSE' }))
      expect(r.status.value).toBe('open')
      last().push('data: {"n":2}\n\n')
      await flush()
      expect(r.data.value).toEqual({ n: 2 })
      expect(onMessage.mock.calls.map(([m]) => m.data)).toEqual([{ n: 1 }, { n: 2 }])
      expect(onMessage.mock.calls[1]![0]).toMatchObject({ type: 'message', raw: '{"n":2}' })
    })

    it('parse(data) wins over json, and its failure is PARSE too', async () => {
      const { fetch, last } = injectedFetch()
      const parse = (raw: string): number => {
        const n = Number(raw)
        if (Number.isNaN(n))
          throw new Error('not a number')
        return n
      }
      const r = inScope(() => useEventSource(URL_A, { fetch, json: true, parse }))
      await flush()
      last().push('data: 41\n\ndata: x\n\n')
      await flush()
      expect(r.data.value).toBe(41)
      expect(r.error.value).toMatchObject({ code: 'PARSE' })
      expect(r.status.value).toBe('open')
    })

    it('maxMessageSize: a bigger event is dropped with MESSAGE_TOO_LARGE; the stream goes on', async () => {
      const { fetch, last } = injectedFetch()
      const onMessage = vi.fn()
      const r = inScope(() => useEventSource(URL_A, { fetch, maxMessageSize: 16, onMessage }))
      await flush()
      last().push('data: small\n\n')
      last().push(`data: ${'x'.repeat(100)}\n\n`)
      await flush()
      expect(r.error.value).toMatchObject({ code: 'MESSAGE_TOO_LARGE' })
      expect(r.data.value).toBe('small')
      // an oversized event delivered in many small chunks is dropped the same way
      last().push('data: ')
      for (let i = 0; i < 10; i++)
        last().push('yyyyyyyy')
      last().push('\n\ndata: after\n\n')
      await flush()
      expect(r.data.value).toBe('after')
      expect(r.status.value).toBe('open')
      expect(onMessage.mock.calls.map(([m]) => m.data)).toEqual(['small', 'after'])
    })

    it.each([
      ['\'[DONE]\'', '[DONE]' as const],
      ['a predicate', (raw: string) => raw === '[DONE]'],
    ])('done: %s ends the stream cleanly: closed, marker not delivered, no reconnect', async (_, done) => {
      const { fetch, calls } = injectedFetch()
      const onMessage = vi.fn()
      const onError = vi.fn()
      const r = inScope(() => useEventSource(URL_A, { fetch, done, onMessage, onError, accumulate: true }))
      await flush()
      calls[0]!.push('data: Hel\n\ndata: lo\n\ndata: [DONE]\n\ndata: after\n\n')
      await flush()
      expect(r.status.value).toBe('closed')
      expect(r.data.value).toBe('lo')
      expect(r.text.value).toBe('Hello')
      expect(r.error.value).toBe(null)
      expect(onMessage.mock.calls.map(([m]) => m.data)).toEqual(['Hel', 'lo'])
      expect(onError).not.toHaveBeenCalled()
      expect(calls[0]!.signal.aborted).toBe(true)
      await vi.advanceTimersByTimeAsync(120_000)
      expect(calls).toHaveLength(1)
    })

    it('json: true with done: \'[DONE]\' (an OpenAI-style stream): the marker is no PARSE error', async () => {
      const { fetch, last } = injectedFetch()
      const onError = vi.fn()
      const r = inScope(() => useEventSource(URL_A, { fetch, json: true, done: '[DONE]', onError }))
      await flush()
      last().push('data: {"t":"a"}\n\ndata: [DONE]\n\n')
      await flush()
      expect(r.status.value).toBe('closed')
      expect(r.data.value).toEqual({ t: 'a' })
      expect(r.error.value).toBe(null)
      expect(onError).not.toHaveBeenCalled()
    })

    it('done predicate receives (raw, type)', async () => {
      const { fetch, last } = injectedFetch()
      const done = vi.fn((_raw: string, type: string) => type === 'end')
      const r = inScope(() => useEventSource(URL_A, ['end'], { fetch, done }))
      await flush()
      last().push('data: a\n\nevent: end\ndata: bye\n\n')
      await flush()
      expect(done).toHaveBeenCalledWith('a', 'message')
      expect(done).toHaveBeenCalledWith('bye', 'end')
      expect(r.status.value).toBe('closed')
    })
  })

  describe('idleTimeout', () => {
    it('comments keep the link alive; silence for idleTimeout ms reconnects with IDLE_TIMEOUT', async () => {
      const { fetch, calls } = injectedFetch()
      const r = inScope(() => useEventSource(URL_A, { fetch, idleTimeout: 1000, retry: { initialDelay: 100, jitter: false } }))
      await flush()
      expect(r.status.value).toBe('open')
      for (let i = 0; i < 6; i++) {
        await vi.advanceTimersByTimeAsync(500)
        calls[0]!.push(': ping\n\n')
        await flush()
      }
      expect(r.status.value).toBe('open')
      expect(r.error.value).toBe(null)
      await vi.advanceTimersByTimeAsync(999)
      expect(r.status.value).toBe('open')
      await vi.advanceTimersByTimeAsync(1)
      expect(r.status.value).toBe('reconnecting')
      expect(r.error.value).toMatchObject({ code: 'IDLE_TIMEOUT' })
      expect(calls[0]!.signal.aborted).toBe(true)
      await vi.advanceTimersByTimeAsync(100)
      expect(calls).toHaveLength(2)
      expect(r.status.value).toBe('open')
    })

    it('a response that never arrives also counts as idle', async () => {
      let signal: AbortSignal | undefined
      const fetch = vi.fn((_url: RequestInfo | URL, init?: RequestInit) => {
        signal = init!.signal!
        return new Promise<Response>((_, reject) => signal!.addEventListener('abort', () => reject(signal!.reason)))
      })
      const r = inScope(() => useEventSource(URL_A, { fetch: fetch as typeof globalThis.fetch, idleTimeout: 500, retry: { initialDelay: 100, jitter: false } }))
      await vi.advanceTimersByTimeAsync(500)
      expect(r.status.value).toBe('reconnecting')
      expect(r.error.value).toMatchObject({ code: 'IDLE_TIMEOUT' })
      expect(signal!.aborted).toBe(true)
    })
  })

  describe('POST, headers and body', () => {
    it('headers (async function) and body (getter) are read once per attempt; a plain object body is JSON', async () => {
      const { fetch, calls } = injectedFetch()
      let n = 0
      const headers = vi.fn(async () => ({ Authorization: `Bearer t${++n}` }))
      const prompt = shallowRef('one')
      const body = vi.fn(() => ({ prompt: prompt.value }))
      const r = inScope(() => useEventSource(URL_A, { fetch, method: 'POST', headers, body, retry: { retries: 1, initialDelay: 100, jitter: false } }))
      expect(r.status.value).toBe('connecting')
      await flush()
      expect(calls).toHaveLength(1)
      expect(headers).toHaveBeenCalledTimes(1)
      expect(body).toHaveBeenCalledTimes(1)
      expect(calls[0]!.init.method).toBe('POST')
      expect(calls[0]!.headers.get('authorization')).toBe('Bearer t1')
      expect(calls[0]!.headers.get('content-type')).toBe('application/json')
      expect(calls[0]!.headers.get('accept')).toBe('text/event-stream')
      expect(JSON.parse(calls[0]!.init.body as string)).toEqual({ prompt: 'one' })
      prompt.value = 'two'
      calls[0]!.end()
      await vi.advanceTimersByTimeAsync(100)
      expect(calls).toHaveLength(2)
      expect(headers).toHaveBeenCalledTimes(2)
      expect(body).toHaveBeenCalledTimes(2)
      expect(calls[1]!.headers.get('authorization')).toBe('Bearer t2')
      expect(JSON.parse(calls[1]!.init.body as string)).toEqual({ prompt: 'two' })
    })

    it('close() while an async headers provider is pending: fetch is never called', async () => {
      const { fetch, calls } = injectedFetch()
      let resolveHeaders!: (h: HeadersInit) => void
      const headers = () => new Promise<HeadersInit>(resolve => resolveHeaders = resolve)
      const r = inScope(() => useEventSource(URL_A, { fetch, headers }))
      await flush()
      r.close()
      resolveHeaders({ Authorization: 'late' })
      await vi.advanceTimersByTimeAsync(10_000)
      expect(calls).toHaveLength(0)
      expect(r.status.value).toBe('closed')
    })

    it('a URL change while an async headers provider is pending: only the new URL is requested', async () => {
      const { fetch, calls } = injectedFetch()
      const pending: ((h: HeadersInit) => void)[] = []
      const headers = () => new Promise<HeadersInit>(resolve => pending.push(resolve))
      const url = shallowRef(URL_A)
      inScope(() => useEventSource(url, { fetch, headers }))
      await flush()
      url.value = 'http://sse.test/b'
      await nextTick()
      await flush()
      pending.forEach(resolve => resolve({}))
      await vi.advanceTimersByTimeAsync(10_000)
      expect(calls.map(c => c.url)).toEqual(['http://sse.test/b'])
    })

    it('headers as a getter and body as a string are sent as they are', async () => {
      const { fetch, calls } = injectedFetch()
      const token = shallowRef('a')
      inScope(() => useEventSource(URL_A, { fetch, headers: () => ({ 'X-Token': token.value }), method: 'PUT', body: 'raw text' }))
      await flush()
      expect(calls[0]!.init.method).toBe('PUT')
      expect(calls[0]!.headers.get('x-token')).toBe('a')
      expect(calls[0]!.init.body).toBe('raw text')
    })

    it('a POST stream does not reconnect unless retry is set: normal end → closed, network error → failed', async () => {
      const ended = injectedFetch()
      const a = inScope(() => useEventSource(URL_A, { fetch: ended.fetch, method: 'POST', body: { q: 1 } }))
      await flush()
      ended.calls[0]!.push('data: x\n\n')
      ended.calls[0]!.end()
      await flush()
      expect(a.status.value).toBe('closed')
      const broken = injectedFetch([{ reject: new TypeError('fetch failed') }])
      const b = inScope(() => useEventSource(URL_A, { fetch: broken.fetch, method: 'POST', body: { q: 1 } }))
      await flush()
      expect(b.status.value).toBe('failed')
      expect(b.error.value).toMatchObject({ code: 'NETWORK' })
      await vi.advanceTimersByTimeAsync(120_000)
      expect(ended.calls).toHaveLength(1)
      expect(broken.calls).toHaveLength(1)
    })
  })

  describe('retry and lifecycle', () => {
    it('retry: { retries: 2 } → exactly 3 attempts, then failed with RETRY_LIMIT', async () => {
      const { fetch, calls } = injectedFetch(Array.from({ length: 5 }, () => ({ reject: new TypeError('fetch failed') })))
      const onError = vi.fn()
      const r = inScope(() => useEventSource(URL_A, { fetch, onError, retry: { retries: 2 } }))
      const log = statusLog(r.status, r.scope)
      const delays: number[] = []
      const attempts: number[] = []
      r.scope.run(() => {
        watch(() => r.retryIn.value, d => d !== null && delays.push(d), { flush: 'sync' })
        watch(() => r.attempt.value, a => attempts.push(a), { flush: 'sync' })
      })
      // full jitter makes each delay random: let all of them pass
      await vi.advanceTimersByTimeAsync(120_000)
      expect(calls).toHaveLength(3)
      expect(attempts).toEqual([1, 2])
      expect(delays).toHaveLength(2)
      // each delay ≤ initialDelay · factor^attempt (defaults 1000 · 2^n)
      expect(delays[0]).toBeLessThanOrEqual(1000)
      expect(delays[1]).toBeLessThanOrEqual(2000)
      expect(r.status.value).toBe('failed')
      expect(r.error.value).toBeInstanceOf(LifelineError)
      expect(r.error.value!.code).toBe('RETRY_LIMIT')
      expect(r.retryIn.value).toBe(null)
      expect(onError).toHaveBeenLastCalledWith(expect.objectContaining({ code: 'RETRY_LIMIT' }))
      // `reconnecting` covers the wait and the retry itself (DESIGN §1), never `closed` on the way
      expect(log).toEqual(['connecting', 'reconnecting', 'failed'])
    })

    it('retries: 0 → one attempt only', async () => {
      const { fetch, calls } = injectedFetch([{ reject: new TypeError('fetch failed') }])
      const r = inScope(() => useEventSource(URL_A, { fetch, retry: { retries: 0 } }))
      await vi.advanceTimersByTimeAsync(120_000)
      expect(calls).toHaveLength(1)
      expect(r.status.value).toBe('failed')
      expect(r.error.value).toMatchObject({ code: 'RETRY_LIMIT' })
    })

    it('retry: false → a normal end closes, a network error fails', async () => {
      const { fetch, calls } = injectedFetch()
      const r = inScope(() => useEventSource(URL_A, { fetch, retry: false }))
      await flush()
      calls[0]!.end()
      await vi.advanceTimersByTimeAsync(120_000)
      expect(r.status.value).toBe('closed')
      expect(calls).toHaveLength(1)
    })

    it('close() during backoff: closed at once, retryIn null, no further request', async () => {
      const { fetch, calls } = injectedFetch([{ reject: new TypeError('fetch failed') }])
      const r = inScope(() => useEventSource(URL_A, { fetch, retry: { initialDelay: 500, jitter: false } }))
      await flush()
      expect(r.status.value).toBe('reconnecting')
      expect(r.retryIn.value).toBe(500)
      r.close()
      expect(r.status.value).toBe('closed')
      expect(r.retryIn.value).toBe(null)
      await vi.advanceTimersByTimeAsync(120_000)
      expect(calls).toHaveLength(1)
      expect(r.status.value).toBe('closed')
    })

    it('open() after close() starts a fresh stream (attempt 0, error cleared)', async () => {
      const { fetch, calls } = injectedFetch([{ reject: new TypeError('fetch failed') }])
      const r = inScope(() => useEventSource(URL_A, { fetch, retry: { initialDelay: 500, jitter: false } }))
      await flush()
      r.close()
      r.open()
      expect(r.status.value).toBe('connecting')
      expect(r.attempt.value).toBe(0)
      expect(r.error.value).toBe(null)
      await flush()
      expect(calls).toHaveLength(2)
      expect(r.status.value).toBe('open')
    })

    it('disposing the scope aborts the request and nothing runs afterwards', async () => {
      const { fetch, calls } = injectedFetch()
      const onMessage = vi.fn()
      const r = inScope(() => useEventSource(URL_A, { fetch, onMessage }))
      await flush()
      expect(calls[0]!.signal.aborted).toBe(false)
      r.scope.stop()
      expect(calls[0]!.signal.aborted).toBe(true)
      // DESIGN §1: `closed` = stopped by the user, by the server's clean end, or by scope disposal
      expect(r.status.value).toBe('closed')
      await vi.advanceTimersByTimeAsync(120_000)
      expect(calls).toHaveLength(1)
      expect(onMessage).not.toHaveBeenCalled()
    })

    it('disposing the scope during backoff cancels the retry', async () => {
      const { fetch, calls } = injectedFetch([{ reject: new TypeError('fetch failed') }])
      const r = inScope(() => useEventSource(URL_A, { fetch, retry: { initialDelay: 500, jitter: false } }))
      await flush()
      expect(r.status.value).toBe('reconnecting')
      r.scope.stop()
      await vi.advanceTimersByTimeAsync(120_000)
      expect(calls).toHaveLength(1)
    })

    it('open() twice in a row → one request; disposal before it went out → none', async () => {
      const twice = injectedFetch()
      const r = inScope(() => useEventSource(URL_A, { fetch: twice.fetch }))
      r.open()
      r.open()
      await flush()
      expect(twice.calls).toHaveLength(1)
      expect(r.status.value).toBe('open')
      const never = injectedFetch()
      const d = inScope(() => useEventSource(URL_A, { fetch: never.fetch }))
      d.scope.stop()
      await vi.advanceTimersByTimeAsync(10_000)
      expect(never.calls).toHaveLength(0)
      expect(d.status.value).toBe('closed')
    })

    it('a fetch that ignores its signal: dispose still cancels the body', async () => {
      const { fetch, calls } = injectedFetch([{ ignoreSignal: true }])
      const onMessage = vi.fn()
      const r = inScope(() => useEventSource(URL_A, { fetch, onMessage }))
      await flush()
      r.scope.stop()
      await flush()
      expect(calls[0]!.cancelled()).toBe(true)
      expect(onMessage).not.toHaveBeenCalled()
    })

    it('a reactive URL change → exactly one new request, to the new URL; the old one is aborted', async () => {
      const { fetch, calls } = injectedFetch()
      const url = shallowRef(URL_A)
      const r = inScope(() => useEventSource(url, { fetch }))
      await flush()
      expect(calls.map(c => c.url)).toEqual([URL_A])
      url.value = 'http://sse.test/b'
      await nextTick()
      await flush()
      expect(calls.map(c => c.url)).toEqual([URL_A, 'http://sse.test/b'])
      expect(calls[0]!.signal.aborted).toBe(true)
      expect(r.status.value).toBe('open')
      await vi.advanceTimersByTimeAsync(120_000)
      expect(calls).toHaveLength(2)
    })

    it('a URL change during backoff → one request to the new URL, none to the old one', async () => {
      const { fetch, calls } = injectedFetch([{ reject: new TypeError('fetch failed') }])
      const url = shallowRef(URL_A)
      const r = inScope(() => useEventSource(() => url.value, { fetch, retry: { initialDelay: 500, jitter: false } }))
      await flush()
      expect(r.status.value).toBe('reconnecting')
      url.value = 'http://sse.test/c'
      await nextTick()
      await flush()
      await vi.advanceTimersByTimeAsync(120_000)
      expect(calls.map(c => c.url)).toEqual([URL_A, 'http://sse.test/c'])
      expect(r.status.value).toBe('open')
    })

    it('a URL ref that becomes undefined closes the stream', async () => {
      const { fetch, calls } = injectedFetch()
      const url = shallowRef<string | undefined>(URL_A)
      const r = inScope(() => useEventSource(url, { fetch }))
      await flush()
      url.value = undefined
      await nextTick()
      expect(r.status.value).toBe('closed')
      expect(calls[0]!.signal.aborted).toBe(true)
    })
  })

  describe('returns and options beyond VueUse', () => {
    it('on(name, handler) gets every event of that type with { type, data, raw, lastEventId }; off() stops it', async () => {
      const { fetch, last } = injectedFetch()
      const seen: unknown[] = []
      const r = inScope(() => useEventSource(URL_A, { fetch, json: true }))
      const off = r.on('presence', m => seen.push(m))
      await flush()
      last().push('id: 9\nevent: presence\ndata: {"who":"ann"}\n\n')
      await flush()
      expect(seen).toEqual([{ type: 'presence', data: { who: 'ann' }, raw: '{"who":"ann"}', lastEventId: '9' }])
      // unlisted named events reach on() only, not data
      expect(r.data.value).toBe(null)
      off()
      last().push('event: presence\ndata: {"who":"bob"}\n\n')
      await flush()
      expect(seen).toHaveLength(1)
    })

    it('accumulate: text is the concatenated data of the current stream and starts empty on open()', async () => {
      const { fetch, calls } = injectedFetch()
      const r = inScope(() => useEventSource(URL_A, { fetch, accumulate: true }))
      await flush()
      calls[0]!.push('data: Hello\n\ndata: , world\n\n')
      await flush()
      expect(r.text.value).toBe('Hello, world')
      r.open()
      expect(r.text.value).toBe('')
      await flush()
      calls[1]!.push('data: again\n\n')
      await flush()
      expect(r.text.value).toBe('again')
    })

    it('withCredentials: true sends credentials: include; a URL object is accepted', async () => {
      const { fetch, calls } = injectedFetch()
      inScope(() => useEventSource(new URL(URL_A), { fetch, withCredentials: true }))
      await flush()
      expect(calls[0]!.url).toBe(URL_A)
      expect(calls[0]!.init.credentials).toBe('include')
    })

    it('shared: true — two callers, one request; one scope disposed leaves the other connected', async () => {
      const { fetch, calls } = injectedFetch()
      const a = inScope(() => useEventSource(URL_A, { fetch, shared: true }))
      const b = inScope(() => useEventSource(URL_A, { fetch, shared: true }))
      await flush()
      expect(calls).toHaveLength(1)
      calls[0]!.push('data: both\n\n')
      await flush()
      expect([a.data.value, b.data.value]).toEqual(['both', 'both'])
      a.scope.stop()
      expect(a.status.value).toBe('closed')
      await vi.advanceTimersByTimeAsync(10_000)
      expect(calls[0]!.signal.aborted).toBe(false)
      expect(b.status.value).toBe('open')
      b.scope.stop()
      await vi.advanceTimersByTimeAsync(10_000)
      expect(calls[0]!.signal.aborted).toBe(true)
    })

    it('pauseWhenHidden: hidden → paused (request aborted), visible → resumes with Last-Event-ID', async () => {
      const { fetch, calls } = injectedFetch()
      const environment = createEnvironment()
      environment.visibility.set(true)
      const r = inScope(() => useEventSource(URL_A, { fetch, environment, pauseWhenHidden: true }))
      await flush()
      calls[0]!.push('id: 4\ndata: a\n\n')
      await flush()
      environment.visibility.set(false)
      expect(r.status.value).toBe('paused')
      expect(calls[0]!.signal.aborted).toBe(true)
      await vi.advanceTimersByTimeAsync(60_000)
      expect(calls).toHaveLength(1)
      environment.visibility.set(true)
      expect(r.status.value).toBe('connecting')
      await flush()
      expect(calls).toHaveLength(2)
      expect(calls[1]!.headers.get('last-event-id')).toBe('4')
      expect(r.status.value).toBe('open')
    })
  })

  describe('robustness against the caller and odd responses', () => {
    it('throwing onOpen / onMessage / onError / on() handlers neither break nor restart the stream', async () => {
      const uncaught = captureUncaught()
      try {
        const { fetch, calls } = injectedFetch()
        const boom = (): never => {
          throw new Error('user bug')
        }
        const r = inScope(() => useEventSource(URL_A, { fetch, json: true, onOpen: boom, onMessage: boom, onError: boom }))
        r.on('message', boom)
        await flush()
        expect(r.status.value).toBe('open')
        calls[0]!.push('data: 1\n\ndata: not json\n\ndata: 2\n\n')
        await vi.advanceTimersByTimeAsync(10_000)
        expect(r.status.value).toBe('open')
        expect(r.data.value).toBe(2)
        expect(calls).toHaveLength(1)
        // the user's bug is not swallowed either
        expect(uncaught.errors.length).toBeGreaterThanOrEqual(1)
        expect(uncaught.errors.every(e => (e as Error).message === 'user bug')).toBe(true)
      }
      finally {
        uncaught.restore()
      }
    })

    it('a Response with a whole string body: events delivered, then the normal end reconnects', async () => {
      let n = 0
      const fetch = vi.fn(async () => new Response(`id: ${++n}\ndata: chunk ${n}\n\n`, { headers: { 'content-type': 'text/event-stream' } }))
      const r = inScope(() => useEventSource(URL_A, { fetch: fetch as unknown as typeof globalThis.fetch, retry: { initialDelay: 100, jitter: false } }))
      await flush()
      expect(r.data.value).toBe('chunk 1')
      expect(r.status.value).toBe('reconnecting')
      expect(r.error.value).toMatchObject({ code: 'CLOSED_BY_SERVER' })
      await vi.advanceTimersByTimeAsync(100)
      expect(fetch).toHaveBeenCalledTimes(2)
      expect(r.data.value).toBe('chunk 2')
      expect(r.lastEventId.value).toBe('2')
    })

    it('a 200 event-stream with no body at all is a normal end: reconnects with CLOSED_BY_SERVER', async () => {
      const fetch = vi.fn(async () => new Response(null, { headers: { 'content-type': 'text/event-stream' } }))
      const r = inScope(() => useEventSource(URL_A, { fetch: fetch as unknown as typeof globalThis.fetch, retry: { initialDelay: 100, jitter: false } }))
      await flush()
      expect(r.status.value).toBe('reconnecting')
      expect(r.error.value).toMatchObject({ code: 'CLOSED_BY_SERVER' })
    })

    it('a headers provider that rejects is a failed attempt (typed error), not a crash', async () => {
      const { fetch, calls } = injectedFetch()
      let fail = true
      const headers = async (): Promise<HeadersInit> => {
        if (fail)
          throw new Error('token service down')
        return { Authorization: 'Bearer ok' }
      }
      const r = inScope(() => useEventSource(URL_A, { fetch, headers, retry: { initialDelay: 100, jitter: false } }))
      await flush()
      expect(r.status.value).toBe('reconnecting')
      expect(r.error.value).toBeInstanceOf(LifelineError)
      expect(calls).toHaveLength(0)
      fail = false
      await vi.advanceTimersByTimeAsync(100)
      expect(calls).toHaveLength(1)
      expect(calls[0]!.headers.get('authorization')).toBe('Bearer ok')
      expect(r.status.value).toBe('open')
    })

    it('attempt resets only after a connection stayed open minUptime', async () => {
      const { fetch, calls } = injectedFetch()
      const r = inScope(() => useEventSource(URL_A, { fetch, minUptime: 1000, retry: { initialDelay: 100, jitter: false } }))
      await flush()
      calls[0]!.end()
      await flush()
      expect([r.attempt.value, r.retryIn.value]).toEqual([1, 100])
      await vi.advanceTimersByTimeAsync(100)
      expect(r.status.value).toBe('open')
      // dropped again before minUptime: the count goes on, and so does the backoff
      calls[1]!.end()
      await flush()
      expect([r.attempt.value, r.retryIn.value]).toEqual([2, 200])
      await vi.advanceTimersByTimeAsync(200)
      expect(r.status.value).toBe('open')
      await vi.advanceTimersByTimeAsync(999)
      expect(r.attempt.value).toBe(2)
      await vi.advanceTimersByTimeAsync(1)
      expect(r.attempt.value).toBe(0)
      calls[2]!.end()
      await flush()
      expect([r.attempt.value, r.retryIn.value]).toEqual([1, 100])
    })
  })

  describe('native mode with an injected EventSource', () => {
    /** A scriptable stand-in for the browser's EventSource. */
    class FakeEventSource extends EventTarget {
      static instances: FakeEventSource[] = []
      readyState = 0
      onopen: ((event: Event) => void) | null = null
      onerror: ((event: Event) => void) | null = null
      closed = false
      constructor(readonly url: string, readonly init?: EventSourceInit) {
        super()
        FakeEventSource.instances.push(this)
      }

      close(): void {
        this.closed = true
        this.readyState = 2
      }

      open(): void {
        this.readyState = 1
        this.onopen?.(new Event('open'))
      }

      message(data: string, type = 'message', lastEventId = ''): void {
        this.dispatchEvent(new MessageEvent(type, { data, lastEventId }))
      }

      /** `reconnecting`: the browser retries by itself; otherwise it gave up. */
      error(reconnecting: boolean): void {
        this.readyState = reconnecting ? 0 : 2
        this.onerror?.(new Event('error'))
      }
    }
    beforeEach(() => {
      FakeEventSource.instances = []
    })
    const EventSource = FakeEventSource as unknown as typeof globalThis.EventSource

    it('maps the browser\'s own retry to reconnecting, not closed; close() stops it; a superseded source is ignored', async () => {
      const r = inScope(() => useEventSource(URL_A, { EventSource, mode: 'native' }))
      const es = FakeEventSource.instances[0]!
      expect(r.status.value).toBe('connecting')
      expect(r.eventSource.value).toBe(es)
      es.open()
      expect(r.status.value).toBe('open')
      es.message('hi', 'message', '1')
      expect([r.data.value, r.lastEventId.value]).toEqual(['hi', '1'])
      es.error(true)
      expect(r.status.value).toBe('reconnecting')
      expect(r.error.value).toMatchObject({ code: 'NETWORK' })
      es.open()
      expect(r.status.value).toBe('open')
      r.open()
      const next = FakeEventSource.instances[1]!
      expect(es.closed).toBe(true)
      es.message('stale')
      expect(r.data.value).toBe('hi')
      next.open()
      r.close()
      expect(r.status.value).toBe('closed')
      expect(next.closed).toBe(true)
    })

    it('auto mode with an injected fetch uses that fetch even where the platform has an EventSource', async () => {
      vi.stubGlobal('EventSource', FakeEventSource)
      try {
        const { fetch, calls } = injectedFetch()
        const viaFetch = inScope(() => useEventSource(URL_A, { fetch }))
        await flush()
        expect(calls).toHaveLength(1)
        expect(viaFetch.status.value).toBe('open')
        expect(viaFetch.eventSource.value).toBe(null)
        expect(FakeEventSource.instances).toHaveLength(0)
        // and without an injected fetch, auto picks the platform's EventSource
        const native = inScope(() => useEventSource(URL_A))
        expect(FakeEventSource.instances).toHaveLength(1)
        expect(native.eventSource.value).toBe(FakeEventSource.instances[0])
      }
      finally {
        vi.unstubAllGlobals()
      }
    })

    it('retries still bound the browser\'s own retries: RETRY_LIMIT closes the EventSource', async () => {
      const r = inScope(() => useEventSource(URL_A, { EventSource, mode: 'native', retry: { retries: 1 } }))
      const es = FakeEventSource.instances[0]!
      es.open()
      es.error(true)
      expect([r.status.value, r.attempt.value]).toEqual(['reconnecting', 1])
      expect(r.retryIn.value).toBe(null)
      es.error(true)
      expect(r.status.value).toBe('failed')
      expect(r.error.value).toMatchObject({ code: 'RETRY_LIMIT' })
      expect(es.closed).toBe(true)
    })

    it('the browser giving up (readyState CLOSED) is failed', async () => {
      const r = inScope(() => useEventSource(URL_A, { EventSource, mode: 'native' }))
      FakeEventSource.instances[0]!.error(false)
      expect(r.status.value).toBe('failed')
      expect(r.error.value).toBeInstanceOf(LifelineError)
    })

    it('a constructor that throws (invalid URL) is reported, never thrown', () => {
      class Throwing {
        constructor() {
          throw new DOMException('The URL is invalid.', 'SyntaxError')
        }
      }
      let r!: ReturnType<typeof useEventSource>
      expect(() => {
        r = inScope(() => useEventSource('http://[', { EventSource: Throwing as unknown as typeof globalThis.EventSource, mode: 'native' }))
      }).not.toThrow()
      expect(r.status.value).toBe('failed')
      expect(r.error.value).toBeInstanceOf(LifelineError)
    })

    it('mode: \'native\' where there is no EventSource (Node) is reported, never thrown', () => {
      let r!: ReturnType<typeof useEventSource>
      expect(() => {
        r = inScope(() => useEventSource(URL_A, { mode: 'native' }))
      }).not.toThrow()
      expect(r.status.value).toBe('failed')
      expect(r.error.value).toBeInstanceOf(LifelineError)
    })
  })

  describe('invalid options → INVALID_OPTION on error, status failed, never thrown', () => {
    const cases: [string, UseEventSourceOptions][] = [
      ['idleTimeout', { idleTimeout: -1 }],
      ['idleTimeout', { idleTimeout: Number.NaN }],
      ['maxMessageSize', { maxMessageSize: Number.NaN }],
      ['maxMessageSize', { maxMessageSize: -5 }],
      ['minUptime', { minUptime: -1 }],
      ['mode', { mode: 'websocket' as never }],
      ['retry.retries', { retry: { retries: -1 } }],
      ['retry.initialDelay', { retry: { initialDelay: Number.NaN } }],
      ['parse', { parse: 'json' as never }],
      ['fetch', { fetch: 'fetch' as never }],
      ['onMessage', { onMessage: 'log' as never }],
      ['onOpen', { onOpen: 42 as never }],
      ['onError', { onError: {} as never }],
      ['retry', { retry: 'yes' as never }],
    ]
    it.each(cases)('%s: %o', async (option, options) => {
      const { fetch, calls } = injectedFetch()
      const onError = vi.fn()
      let r!: ReturnType<typeof useEventSource>
      expect(() => {
        r = inScope(() => useEventSource(URL_A, { fetch, ...(option === 'onError' ? {} : { onError }), ...options }))
      }).not.toThrow()
      expect(r.status.value).toBe('failed')
      expect(r.error.value).toBeInstanceOf(LifelineError)
      expect(r.error.value!.code).toBe('INVALID_OPTION')
      expect(r.error.value!.message).toContain(option)
      expect((r.error.value as LifelineError & { option?: string }).option).toBe(option)
      if (option !== 'onError')
        expect(onError).toHaveBeenCalledWith(r.error.value)
      // open() reports the same failure instead of connecting
      expect(() => r.open()).not.toThrow()
      expect(r.status.value).toBe('failed')
      await vi.advanceTimersByTimeAsync(10_000)
      expect(calls).toHaveLength(0)
    })
  })
})

// ---------------------------------------------------------------------------------------------------
// The real demo backend, Node's own fetch, real time

describe('useEventSource contract — real demo backend (Node fetch)', () => {
  // one backend for the file, started before and closed after its tests
  const backend = useBackend()
  afterEach(stopScopes)

  const route = (path: string, ch: string, query = ''): string => `${backend.server.url}/__lifeline/${path}?channel=${ch}${query ? `&${query}` : ''}`

  interface Stats {
    open: { sse: number }
    closed: { sse: number }
    requests: { route: string, method: string, at: number, headers: Record<string, string | null> }[]
  }
  const stats = async (ch: string): Promise<Stats> => (await fetch(route('stats', ch))).json() as Promise<Stats>
  const wait = { timeout: 10_000, interval: 20 }

  it('ticker: opens, parses JSON, resumes after chaos/drop with Last-Event-ID, every event exactly once and in order', async () => {
    const ch = channel('contract-ticker')
    const seen: number[] = []
    const r = inScope(() => useEventSource<string[], { n: number }>(route('sse/ticker', ch, 'interval=30'), {
      fetch,
      json: true,
      retry: { initialDelay: 50 },
      onMessage: m => seen.push(m.data.n),
    }))
    expect(r.status.value).toBe('connecting')
    await vi.waitFor(() => expect(seen.length).toBeGreaterThanOrEqual(3), wait)
    expect(r.status.value).toBe('open')
    expect(r.eventSource.value).toBe(null)
    for (let drop = 0; drop < 3; drop++) {
      const before = seen.length
      await fetch(route('chaos/drop', ch), { method: 'POST' })
      await vi.waitFor(() => expect(seen.length).toBeGreaterThanOrEqual(before + 2), wait)
    }
    r.close()
    expect(r.status.value).toBe('closed')
    expect(seen).toEqual(seen.map((_, i) => i + 1))
    expect(r.lastEventId.value).toBe(String(seen.at(-1)))
    expect(r.data.value).toMatchObject({ n: seen.at(-1) })
    const ids = (await stats(ch)).requests.filter(q => q.route === 'sse/ticker').map(q => q.headers['last-event-id'])
    expect(ids).toHaveLength(4)
    expect(ids[0]).toBe(null)
    expect(ids.slice(1).every(id => Number(id) >= 1)).toBe(true)
  })

  it('chat: POST a JSON prompt, accumulate tokens, [DONE] closes cleanly with no reconnect', async () => {
    const ch = channel('contract-chat')
    const r = inScope(() => useEventSource(route('sse/chat', ch, 'delay=1'), { fetch, method: 'POST', body: { prompt: 'hi there' }, done: '[DONE]', accumulate: true }))
    await vi.waitFor(() => expect(r.status.value).toBe('closed'), wait)
    expect(r.text.value).toContain('You said "hi there".')
    expect(r.text.value).not.toContain('[DONE]')
    expect(r.error.value).toBe(null)
    await new Promise(resolve => setTimeout(resolve, 200))
    const requests = (await stats(ch)).requests.filter(q => q.route === 'sse/chat')
    expect(requests.map(q => q.method)).toEqual(['POST'])
  })

  it.each([204, 404, 500])('status %i: failed with HTTP_STATUS, exactly one request', async (code) => {
    const ch = channel('contract-status')
    const r = inScope(() => useEventSource(route(`sse/status/${code}`, ch), { fetch, retry: { initialDelay: 10 } }))
    await vi.waitFor(() => expect(r.status.value).toBe('failed'), wait)
    expect(r.error.value).toMatchObject({ code: 'HTTP_STATUS', status: code })
    await new Promise(resolve => setTimeout(resolve, 200))
    expect((await stats(ch)).requests.filter(q => q.route === `sse/status/${code}`)).toHaveLength(1)
  })

  it('503 with the retry opt-in waits Retry-After before the next request', async () => {
    const ch = channel('contract-503')
    const r = inScope(() => useEventSource(route('sse/status/503', ch, 'retryAfter=1'), { fetch, retryOnStatus: true, retry: { initialDelay: 10, retries: 1 } }))
    await vi.waitFor(() => expect(r.status.value).toBe('reconnecting'), wait)
    expect(r.retryIn.value).toBe(1000)
    expect(r.error.value).toMatchObject({ code: 'HTTP_STATUS', status: 503 })
    await vi.waitFor(() => expect(r.status.value).toBe('failed'), wait)
    expect(r.error.value).toMatchObject({ code: 'RETRY_LIMIT' })
    const times = (await stats(ch)).requests.map(q => q.at)
    expect(times).toHaveLength(2)
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(950)
  })

  it('a wrong content type fails with BAD_CONTENT_TYPE', async () => {
    const ch = channel('contract-type')
    const r = inScope(() => useEventSource(route('sse/ticker', ch, 'contentType=text/plain'), { fetch }))
    await vi.waitFor(() => expect(r.status.value).toBe('failed'), wait)
    expect(r.error.value).toMatchObject({ code: 'BAD_CONTENT_TYPE' })
  })

  it('malformed stream: typed errors, no crash, the good events after it still arrive', async () => {
    const ch = channel('contract-malformed')
    const errors: string[] = []
    const seen: unknown[] = []
    const r = inScope(() => useEventSource(route('sse/malformed', ch, 'size=5000'), ['invalid-json', 'oversized'], {
      fetch,
      json: true,
      maxMessageSize: 1000,
      onError: e => errors.push(e.code),
      onMessage: m => seen.push(m.data),
    }))
    await vi.waitFor(() => expect(seen).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]), wait)
    expect(errors).toContain('PARSE')
    expect(errors).toContain('MESSAGE_TOO_LARGE')
    expect(r.status.value).toBe('open')
    expect(r.lastEventId.value).toBe('3')
  })

  it('idleTimeout: a comment-only heartbeat keeps it open; a silent stream reconnects with IDLE_TIMEOUT', async () => {
    const ch = channel('contract-idle')
    const alive = inScope(() => useEventSource(route('sse/heartbeat', ch, 'interval=50'), { fetch, idleTimeout: 800 }))
    const silent = inScope(() => useEventSource(route('sse/ticker', ch, 'interval=60000'), { fetch, idleTimeout: 800, retry: { initialDelay: 10_000, jitter: false } }))
    await vi.waitFor(() => expect(silent.status.value).toBe('reconnecting'), wait)
    expect(silent.error.value).toMatchObject({ code: 'IDLE_TIMEOUT' })
    await new Promise(resolve => setTimeout(resolve, 600))
    expect(alive.status.value).toBe('open')
    expect(alive.error.value).toBe(null)
  })

  it('close() during backoff: the server sees no further request', async () => {
    const ch = channel('contract-backoff')
    const r = inScope(() => useEventSource(route('sse/retry', ch, 'retry=300'), { fetch }))
    await vi.waitFor(() => expect(r.status.value).toBe('reconnecting'), wait)
    expect(r.retryIn.value).toBeGreaterThanOrEqual(300)
    r.close()
    expect(r.status.value).toBe('closed')
    await new Promise(resolve => setTimeout(resolve, 800))
    expect((await stats(ch)).requests.filter(q => q.route === 'sse/retry')).toHaveLength(1)
  })

  it('a server that sends one event and hangs up still reaches `retries` (an event is not health, minUptime is)', async () => {
    const ch = channel('contract-one-event')
    const r = inScope(() => useEventSource(route('sse/ticker', ch, 'interval=5&count=1'), { fetch, retry: { retries: 2, initialDelay: 20 } }))
    await vi.waitFor(() => expect(r.status.value).toBe('failed'), wait)
    expect(r.error.value?.code).toBe('RETRY_LIMIT')
    expect((await stats(ch)).requests.filter(q => q.route === 'sse/ticker')).toHaveLength(3)
  })

  it('disposing the scope aborts the request: the server sees the stream close', async () => {
    const ch = channel('contract-dispose')
    const r = inScope(() => useEventSource(route('sse/heartbeat', ch, 'interval=100'), { fetch }))
    await vi.waitFor(() => expect(r.status.value).toBe('open'), wait)
    await vi.waitFor(async () => expect((await stats(ch)).open.sse).toBe(1), wait)
    r.scope.stop()
    await vi.waitFor(async () => {
      const s = await stats(ch)
      expect(s.open.sse).toBe(0)
      expect(s.closed.sse).toBe(1)
    }, wait)
  })

  it('Last-Event-ID round trip as UTF-8 (WPT last-event-id)', async () => {
    const ch = channel('contract-leid')
    const seen: string[] = []
    const r = inScope(() => useEventSource(route('wpt/last-event-id', ch), { fetch, onMessage: m => seen.push(m.data) }))
    // first response: id "…", retry: 200, data hello, then the body ends; the reconnection echoes the id
    await vi.waitFor(() => expect(seen.slice(0, 2)).toEqual(['hello', '…']), wait)
    expect(r.lastEventId.value).toBe('…')
  })

  it('a reactive URL change → one request to the new URL', async () => {
    const a = channel('contract-url-a')
    const b = channel('contract-url-b')
    const url = shallowRef(route('sse/heartbeat', a, 'interval=100'))
    const r = inScope(() => useEventSource(url, { fetch }))
    await vi.waitFor(() => expect(r.status.value).toBe('open'), wait)
    url.value = route('sse/heartbeat', b, 'interval=100')
    await vi.waitFor(async () => expect((await stats(b)).open.sse).toBe(1), wait)
    await vi.waitFor(async () => expect((await stats(a)).open.sse).toBe(0), wait)
    await new Promise(resolve => setTimeout(resolve, 200))
    expect((await stats(a)).requests.filter(q => q.route === 'sse/heartbeat')).toHaveLength(1)
    expect((await stats(b)).requests.filter(q => q.route === 'sse/heartbeat')).toHaveLength(1)
    expect(r.status.value).toBe('open')
  })
})
