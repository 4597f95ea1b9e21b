// Issue 9, "Why" items 5, 6, 9, 10 and 11 as regression tests (Node, injected fetch / WebSocket /
// EventSource, fake timers): bad input gets a typed `LifelineError`, at once, never a throw or a loop.
import type { LifelineError } from '../../src/index'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { useEventSource, usePolling, useWebSocketAuto } from '../../src/index'
import { FakeWebSocket } from '../helpers/fakeWebSocket'
import { inScope, stopScopes } from '../helpers/scopes'
import { captureUncaught } from '../helpers/uncaught'
import { after, flush } from './harness'
import { fakeSseServer, FakeEventSource } from './sse'

const Fake = FakeWebSocket as unknown as typeof WebSocket

beforeEach(() => {
  vi.useFakeTimers()
  FakeWebSocket.reset()
})
afterEach(() => {
  stopScopes()
  vi.unstubAllGlobals()
  vi.useRealTimers()
})

/** `failed` with `INVALID_OPTION` naming `option`, told to `onError` exactly once. */
function expectInvalid(r: { status: { value: string }, error: { value: LifelineError | null } }, onError: ReturnType<typeof vi.fn>, option: string): void {
  expect(r.status.value).toBe('failed')
  expect(r.error.value).toMatchObject({ name: 'LifelineError', code: 'INVALID_OPTION', option })
  expect(onError.mock.calls).toEqual([[r.error.value]])
}

describe('issue 9 #5: an unusable URL is `failed` + INVALID_OPTION naming `url`, at once, with no request', () => {
  const urls: [string, unknown][] = [
    ['empty', ''],
    ['relative, where there is no base', 'stream'],
    ['a path, where there is no base', '/stream'],
    ['another scheme', 'ftp://files.test/stream'],
    ['a number', 42],
    ['an object', { href: 'http://objects.test/' }],
  ]

  // each composable with an injected constructor that counts what it was asked to make
  const makers: [string, (url: unknown, onError: () => void) => { r: Parameters<typeof expectInvalid>[0], made: () => number }][] = [
    ['useEventSource (fetch mode)', (url, onError) => {
      const fetch = vi.fn()
      return { r: inScope(() => useEventSource(url as string, { fetch, onError })), made: () => fetch.mock.calls.length }
    }],
    ['useWebSocketAuto', (url, onError) => {
      const WebSocket = vi.fn()
      return { r: inScope(() => useWebSocketAuto(url as string, { WebSocket: WebSocket as unknown as typeof Fake, onError })), made: () => WebSocket.mock.calls.length }
    }],
    ['usePolling (URL shorthand)', (url, onError) => {
      const fetch = vi.fn()
      return { r: inScope(() => usePolling(url as string, { fetch, onError })), made: () => fetch.mock.calls.length }
    }],
  ]

  describe.each(makers)('%s', (_, make) => {
    it.each(urls)('%s', async (_, url) => {
      const onError = vi.fn()
      const { r, made } = make(url, onError)
      expectInvalid(r, onError, 'url')
      await after(60_000)
      expect(made()).toBe(0)
      expectInvalid(r, onError, 'url')
    })
  })
})

describe('issue 9 #6: options and payloads are checked, never thrown', () => {
  it.each(['onUpdate', 'onOpen', 'onEnd', 'onError'])('usePolling: %s: 42 fails at once with INVALID_OPTION naming it; nothing is polled or thrown', async (name) => {
    const uncaught = captureUncaught()
    try {
      const fetcher = vi.fn(async () => 1)
      const onError = vi.fn()
      const r = inScope(() => usePolling(fetcher, name === 'onError' ? { onError: 42 as never } : { [name]: 42, onError }))
      expect(r.status.value).toBe('failed')
      expect(r.error.value).toMatchObject({ code: 'INVALID_OPTION', option: name })
      await after(10_000)
      expect(fetcher).not.toHaveBeenCalled()
      expect(uncaught.errors).toEqual([])
    }
    finally {
      uncaught.restore()
    }
  })

  it('useWebSocketAuto(url, null) and usePolling(fn, null) work with the defaults', async () => {
    vi.stubGlobal('WebSocket', FakeWebSocket)
    const ws = inScope(() => useWebSocketAuto('ws://ws.test/', null))
    const polled = inScope(() => usePolling(async () => 7, null))
    expect(ws.status.value).toBe('connecting')
    FakeWebSocket.last.accept()
    await flush()
    expect([ws.status.value, polled.status.value, polled.data.value]).toEqual(['open', 'open', 7])
  })

  const circular: Record<string, unknown> = { name: 'loop' }
  circular.self = circular
  const unserialisable: [string, unknown][] = [['a circular object', circular], ['a BigInt', { n: 10n }]]

  it.each(unserialisable)('send() of %s returns false with a PARSE error; nothing is thrown or sent', async (_, payload) => {
    const onError = vi.fn()
    const r = inScope(() => useWebSocketAuto('ws://ws.test/', { WebSocket: Fake, onError }))
    FakeWebSocket.last.accept()
    let returned: unknown
    expect(() => returned = r.send(payload as object)).not.toThrow()
    expect(returned).toBe(false)
    expect(r.error.value).toMatchObject({ name: 'LifelineError', code: 'PARSE' })
    expect(onError).toHaveBeenCalledWith(r.error.value)
    expect([FakeWebSocket.last.sent, r.queued.value, r.status.value]).toEqual([[], 0, 'open'])
  })

  it.each(unserialisable)('request() of %s rejects with a LifelineError PARSE; nothing is thrown or sent', async (_, payload) => {
    const r = inScope(() => useWebSocketAuto('ws://ws.test/', { WebSocket: Fake, json: true }))
    FakeWebSocket.last.accept()
    let promise!: Promise<unknown>
    expect(() => promise = r.request(payload as Record<string, unknown>)).not.toThrow()
    await expect(promise).rejects.toMatchObject({ name: 'LifelineError', code: 'PARSE' })
    expect(FakeWebSocket.last.sent).toEqual([])
  })

  it.each([['heartbeat', 'yes'], ['binaryType', 'bogus']])('useWebSocketAuto %s: %j fails at once with INVALID_OPTION naming it, no socket', async (option, value) => {
    const onError = vi.fn()
    const r = inScope(() => useWebSocketAuto('ws://ws.test/', { WebSocket: Fake, [option]: value, onError }))
    expectInvalid(r, onError, option)
    expect(FakeWebSocket.instances).toEqual([])
  })

  it('request({ timeout: NaN }) rejects with INVALID_OPTION naming `timeout`, sends nothing, never "times out at once"', async () => {
    const r = inScope(() => useWebSocketAuto('ws://ws.test/', { WebSocket: Fake, json: true }))
    FakeWebSocket.last.accept()
    await expect(r.request({ op: 'q' }, { timeout: Number.NaN })).rejects.toMatchObject({ code: 'INVALID_OPTION', option: 'timeout' })
    expect(FakeWebSocket.last.sent).toEqual([])
  })
})

describe('issue 9 #9: the polling URL shorthand', () => {
  const json = (body: unknown, headers: Record<string, string> = {}): Response =>
    new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json', ...headers } })

  it('a response cut mid-body stores no ETag: the next request gets the new data, not a 304 pinning the old one', async () => {
    let version = 1
    const sent: (string | null)[] = []
    const fetch = vi.fn(async (_url: RequestInfo | URL, init: RequestInit = {}) => {
      const ifNoneMatch = new Headers(init.headers).get('if-none-match')
      sent.push(ifNoneMatch)
      const etag = `"v${version}"`
      if (ifNoneMatch === etag)
        return new Response(null, { status: 304, headers: { etag } })
      if (sent.length === 2) {
        // the connection drops after the headers and part of the body
        const body = new ReadableStream({ start: (c) => {
          c.enqueue(new TextEncoder().encode('{"version":'))
          c.error(new TypeError('terminated'))
        } })
        return new Response(body, { headers: { 'content-type': 'application/json', etag } })
      }
      return json({ version }, { etag })
    })
    const r = inScope(() => usePolling<{ version: number }>('http://poll.test/etag', { fetch, interval: 1000, retry: { initialDelay: 100, jitter: false } }))
    await flush()
    expect(r.data.value).toEqual({ version: 1 })
    version = 2
    await after(1000)
    expect(r.status.value).toBe('reconnecting')
    expect(r.error.value).toMatchObject({ code: 'NETWORK' })
    await after(100)
    expect(r.data.value).toEqual({ version: 2 })
    expect([r.status.value, r.error.value]).toEqual(['open', null])
    // the validator of the cut body was never sent
    expect(sent.slice(0, 3)).toEqual([null, '"v1"', '"v1"'])
  })

  it('204 before any data is "nothing new": cursor and until never see undefined, no error, no RETRY_LIMIT', async () => {
    const answers = [204, 204, 204, 200]
    const urls: string[] = []
    const fetch = vi.fn((url: RequestInfo | URL) => {
      urls.push(String(url))
      const status = answers.shift()
      // after the script: a long poll held open by the server
      if (status === undefined)
        return new Promise<Response>(() => {})
      return Promise.resolve(status === 204 ? new Response(null, { status }) : json({ cursor: 5, done: false }))
    })
    const cursor = vi.fn((data: { cursor: number, done: boolean }) => data.cursor)
    const until = vi.fn((data: { cursor: number, done: boolean }) => data.done)
    const onError = vi.fn()
    const r = inScope(() => usePolling('http://poll.test/long', { fetch, long: true, cursor, until, onError, retry: { retries: 1 } }))
    await after(1000)
    expect(onError).not.toHaveBeenCalled()
    expect([r.status.value, r.error.value, r.attempt.value]).toEqual(['open', null, 0])
    expect(cursor.mock.calls).toEqual([[{ cursor: 5, done: false }, undefined]])
    expect(until.mock.calls).toEqual([[{ cursor: 5, done: false }]])
    expect(urls).toHaveLength(5)
    expect(urls[4]).toContain('cursor=5')
  })
})

describe('issue 9 #10: maxMessageSize is the UTF-8 byte size of one event\'s data, in both modes', () => {
  // [data of one event, as the stream sends it, and whether it fits in 10 bytes]
  const events: [lines: string[], fits: boolean][] = [
    [['0123456789'], true],
    [['01234567890'], false],
    [['01234', '5678'], true], // "01234\n5678": 10 bytes on two data lines (16 + 10 characters on the wire)
    [['ééééé'], true], // 5 characters, 10 bytes
    [['ééééé1'], false], // 6 characters, 11 bytes
  ]
  const fitting = events.filter(([, fits]) => fits).map(([lines]) => lines.join('\n'))
  const tooLarge = events.filter(([, fits]) => !fits).length

  it('fetch mode', async () => {
    const { fetch, calls } = fakeSseServer()
    const got: string[] = []
    const onError = vi.fn()
    inScope(() => useEventSource('http://sse.test/', { fetch, maxMessageSize: 10, onMessage: m => got.push(m.data), onError }))
    await flush()
    calls[0]!.push(events.map(([lines]) => `${lines.map(l => `data: ${l}`).join('\n')}\n\n`).join(''))
    await flush()
    expect(got).toEqual(fitting)
    expect(onError.mock.calls.map(([e]) => e.code)).toEqual(Array.from({ length: tooLarge }, () => 'MESSAGE_TOO_LARGE'))
  })

  it('native mode', async () => {
    const sources: FakeEventSource[] = []
    const EventSource = function (url: string) {
      return new FakeEventSource(url, sources)
    } as unknown as typeof globalThis.EventSource
    const got: string[] = []
    const onError = vi.fn()
    inScope(() => useEventSource('http://sse.test/', { EventSource, mode: 'native', maxMessageSize: 10, onMessage: m => got.push(m.data), onError }))
    await flush()
    for (const [lines] of events)
      sources[0]!.dispatchEvent(new MessageEvent('message', { data: lines.join('\n') }))
    expect(got).toEqual(fitting)
    expect(onError.mock.calls.map(([e]) => e.code)).toEqual(Array.from({ length: tooLarge }, () => 'MESSAGE_TOO_LARGE'))
  })
})

describe('issue 9 #11: VueUse compatibility', () => {
  it('useEventSource(url, undefined, options) honours the options', async () => {
    const { fetch, calls } = fakeSseServer()
    const r = inScope(() => useEventSource('http://sse.test/', undefined, { fetch, immediate: false }))
    await after(1000)
    expect([r.status.value, calls.length]).toEqual(['idle', 0])
    r.open()
    await flush()
    expect([r.status.value, calls.length]).toEqual(['open', 1])
  })

  it('autoReconnect.retries as a function is asked before each retry and stops them with false; onFailed once', async () => {
    const { fetch, calls } = fakeSseServer(['reject', 'reject', 'reject', 'reject', 'reject'])
    let allowed = 2
    const retries = vi.fn(() => allowed-- > 0)
    const onFailed = vi.fn()
    const r = inScope(() => useEventSource('http://sse.test/', undefined, { fetch, autoReconnect: { retries, delay: 100, onFailed } }))
    await after(10_000)
    expect(calls).toHaveLength(3)
    expect(retries).toHaveBeenCalledTimes(3)
    expect(r.status.value).toBe('failed')
    expect(r.error.value).toMatchObject({ code: 'RETRY_LIMIT' })
    expect(onFailed).toHaveBeenCalledTimes(1)
  })
})
