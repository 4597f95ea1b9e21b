// The scripted endpoints and the mock network, seen from plain clients (fetch, WebSocket, EventSource)
// in Node: what a test author relies on when scripting faults.
import type { MockNetwork } from './index'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { useBackend } from '../../server/testing'
import { createMockNetwork, createTestClock, MockEventSource } from './index'

const real = useBackend()
let network: MockNetwork
const clock = createTestClock()

beforeAll(async () => {
  network = createMockNetwork({ baseUrl: 'http://app.test/', clock })
  await network.start()
})
afterEach(() => network.reset())
afterAll(() => network.stop())

/** Reads an event stream with a plain fetch: the text so far and how it ended. */
async function read(url: string, init?: RequestInit): Promise<{ response: Response, text: () => string, ended: Promise<'end' | 'error'>, cancel: () => void }> {
  const response = await fetch(url, init)
  let text = ''
  const reader = response.body!.getReader()
  const ended = (async () => {
    try {
      for (;;) {
        const { done, value } = await reader.read()
        if (done)
          return 'end' as const
        text += new TextDecoder().decode(value)
      }
    }
    catch {
      return 'error' as const
    }
  })()
  return { response, text: () => text, ended, cancel: () => void reader.cancel() }
}

describe('network', () => {
  it('lets every URL it does not mock through to the real network', async () => {
    network.eventStream('/stream')
    expect(await (await fetch(real.url('health'))).json()).toMatchObject({ ok: true, simulated: false })
  })

  it('allows one running network per realm and restores fetch, WebSocket and EventSource on stop', async () => {
    const other = createMockNetwork()
    await expect(other.start()).rejects.toThrow(/another mock network is running/)
    expect(globalThis.EventSource).toBe(MockEventSource)
    const patchedFetch = globalThis.fetch
    await network.stop()
    expect(globalThis.fetch).not.toBe(patchedFetch)
    expect('EventSource' in globalThis).toBe(false)
    expect('WebSocket' in globalThis).toBe(false)
    await network.start()
    expect(globalThis.EventSource).toBe(MockEventSource)
  })

  it('reset() drops the open connections and removes the endpoints added since start', async () => {
    const stream = network.eventStream('/stream')
    const reader = await read('http://app.test/stream')
    await stream.waitForConnection(1)
    network.reset()
    expect(await reader.ended).toBe('error')
    expect((await fetch('http://app.test/stream').catch(() => null))).toBeNull()
  })
})

describe('network.eventStream', () => {
  it('sends events, comments and raw text as written, and ends or drops on demand', async () => {
    const stream = network.eventStream('/prices', { onConnection: c => c.comment('hello') })
    const a = await read('http://app.test/prices')
    expect(a.response.headers.get('content-type')).toMatch(/^text\/event-stream/)
    const conn = await stream.waitForConnection(1)
    conn.send({ id: 1, event: 'price', data: { p: 1 } }).send('plain\nline').raw('data: {oops\n\n')
    conn.end()
    expect(await a.ended).toBe('end')
    expect(a.text()).toBe(': hello\n\nevent: price\nid: 1\ndata: {"p":1}\n\ndata: plain\ndata: line\n\ndata: {oops\n\n')
    expect(await conn.whenClosed()).toBe('end')
    const b = await read('http://app.test/prices', { headers: { 'last-event-id': '1' } })
    const second = await stream.waitForConnection(2)
    expect(second.lastEventId).toBe('1')
    second.drop()
    expect(await b.ended).toBe('error')
    expect(await second.whenClosed()).toBe('drop')
  })

  it('keeps alive until silenced, and sees the client leave (cancel)', async () => {
    const stream = network.eventStream('/beat', { keepAlive: 20 })
    const client = await read('http://app.test/beat')
    const conn = await stream.waitForConnection(1)
    await vi.waitFor(() => expect(client.text()).toMatch(/^(: keep-alive\n\n){2,}$/))
    conn.silence()
    await new Promise(resolve => setTimeout(resolve, 30))
    const after = client.text()
    await new Promise(resolve => setTimeout(resolve, 100))
    expect(client.text()).toBe(after)
    client.cancel()
    expect(await conn.whenClosed()).toBe('cancel')
    expect(conn.closed).toBe(true)
  })

  it('refuses for a number of attempts or a time of the network clock, fails with a status, adds latency', async () => {
    const stream = network.eventStream('/s')
    stream.refuse({ times: 2 })
    await expect(fetch('http://app.test/s')).rejects.toThrow()
    await expect(fetch('http://app.test/s')).rejects.toThrow()
    const ok = await read('http://app.test/s')
    expect(ok.response.status).toBe(200)
    ok.cancel()

    stream.refuse({ ms: 1000 })
    await expect(fetch('http://app.test/s')).rejects.toThrow()
    await clock.advance(1000)
    ;(await read('http://app.test/s')).cancel()

    stream.fail({ status: 503, headers: { 'retry-after': '3' } }, { times: 1 })
    const failed = await fetch('http://app.test/s')
    expect([failed.status, failed.headers.get('retry-after')]).toEqual([503, '3'])
    expect(await failed.json()).toEqual({ error: 'status 503', status: 503 })

    stream.refuse()
    await expect(fetch('http://app.test/s')).rejects.toThrow()
    stream.accept().latency(150)
    const started = Date.now()
    ;(await read('http://app.test/s')).cancel()
    expect(Date.now() - started).toBeGreaterThanOrEqual(140)
    expect(stream.connections.length).toBe(3)
  })
})

describe('network.webSocket', () => {
  const open = (url: string): { ws: WebSocket, got: string[], events: string[], closed: Promise<CloseEvent> } => {
    const ws = new WebSocket(url)
    const got: string[] = []
    const events: string[] = []
    ws.addEventListener('message', e => got.push(String(e.data)))
    for (const type of ['open', 'error', 'close'])
      ws.addEventListener(type, () => events.push(type))
    const closed = new Promise<CloseEvent>(resolve => ws.addEventListener('close', resolve))
    return { ws, got, events, closed }
  }

  it('plays the server: frames both ways, automatic replies until silenced, server close codes', async () => {
    const live = network.webSocket('/live', { reply: d => d === 'ping' ? 'pong' : undefined })
    const client = open('ws://app.test/live')
    const conn = await live.waitForConnection(1)
    await vi.waitFor(() => expect(client.events).toEqual(['open']))
    conn.send('welcome')
    client.ws.send('ping')
    expect(await conn.nextMessage()).toBe('ping')
    await vi.waitFor(() => expect(client.got).toEqual(['welcome', 'pong']))
    conn.silence()
    client.ws.send('ping')
    await conn.nextMessage(m => m === 'ping')
    await new Promise(resolve => setTimeout(resolve, 20))
    expect(client.got).toEqual(['welcome', 'pong'])
    expect(conn.messages).toEqual(['ping', 'ping'])
    conn.close(4001, 'bye')
    expect((await client.closed).code).toBe(4001)
    expect(await conn.whenClosed()).toEqual({ code: 4001, reason: 'bye', byClient: false })
  })

  it('drop() is error then close 1006; a client close is reported as such', async () => {
    const live = network.webSocket('http://app.test/live')
    const a = open('ws://app.test/live')
    const first = await live.waitForConnection(1)
    await vi.waitFor(() => expect(a.events).toEqual(['open']))
    first.drop()
    expect((await a.closed).code).toBe(1006)
    expect(a.events).toEqual(['open', 'error', 'close'])
    const b = open('ws://app.test/live')
    const second = await live.waitForConnection(2)
    await vi.waitFor(() => expect(b.events).toEqual(['open']))
    b.ws.close(1000, 'done')
    expect(await second.whenClosed()).toMatchObject({ code: 1000, byClient: true })
  })

  it('refuses (error + 1006, never open), holds the handshake, adds latency, broadcasts', async () => {
    const live = network.webSocket('/live')
    live.refuse({ times: 1 })
    const refused = open('ws://app.test/live')
    expect((await refused.closed).code).toBe(1006)
    expect(refused.events).toEqual(['error', 'close'])

    live.hold({ times: 1 })
    const held = open('ws://app.test/live')
    await new Promise(resolve => setTimeout(resolve, 50))
    expect(held.ws.readyState).toBe(WebSocket.CONNECTING)
    expect(WebSocket.CONNECTING).toBe(0)
    held.ws.close()
    await held.closed
    expect(live.connections).toHaveLength(0)

    live.latency(100)
    const started = Date.now()
    const slow = open('ws://app.test/live')
    const other = open('ws://app.test/live')
    await vi.waitFor(() => expect([slow.events, other.events]).toEqual([['open'], ['open']]))
    expect(Date.now() - started).toBeGreaterThanOrEqual(90)
    live.broadcast('all')
    await vi.waitFor(() => expect([slow.got, other.got]).toEqual([['all'], ['all']]))
  })
})

describe('network.http', () => {
  it('replies with JSON, once-only answers first, failures, refusals', async () => {
    const job = network.http('/job', { reply: { state: 'running' } })
    job.replyOnce({ state: 'queued' })
    expect(await (await fetch('http://app.test/job')).json()).toEqual({ state: 'queued' })
    expect(await (await fetch('http://app.test/job')).json()).toEqual({ state: 'running' })
    job.reply((request: Request) => ({ echo: new URL(request.url).searchParams.get('q') }))
    expect(await (await fetch('http://app.test/job?q=1')).json()).toEqual({ echo: '1' })
    job.fail({ status: 502 }, { times: 1 })
    expect((await fetch('http://app.test/job')).status).toBe(502)
    job.refuse({ times: 1 })
    await expect(fetch('http://app.test/job')).rejects.toThrow()
    expect(job.requests.map(r => new URL(r.url).search)).toEqual(['', '', '?q=1', '', ''])
    expect((await fetch('http://app.test/job', { method: 'POST' }).catch(() => null))).toBeNull()
  })

  it('holds requests (a long poll) until released', async () => {
    const feed = network.http('/feed', { reply: { events: [] } })
    feed.hold()
    const a = fetch('http://app.test/feed').then(r => r.json())
    const b = fetch('http://app.test/feed').then(r => r.json())
    await feed.waitForRequest(2)
    feed.accept()
    feed.release({ events: [1] })
    expect(await Promise.all([a, b])).toEqual([{ events: [1] }, { events: [1] }])
    expect(await (await fetch('http://app.test/feed')).json()).toEqual({ events: [] })
  })
})

describe('MockEventSource', () => {
  it('opens only on 200 + text/event-stream; other answers fail for good (CLOSED, one error)', async () => {
    const stream = network.eventStream('/es')
    stream.fail({ status: 204 }, { times: 1 })
    const failed = new MockEventSource('http://app.test/es')
    await new Promise(resolve => failed.onerror = resolve)
    expect(failed.readyState).toBe(MockEventSource.CLOSED)
    const es = new MockEventSource('http://app.test/es')
    const got: Array<[string, string, string]> = []
    es.addEventListener('tick', e => got.push(['tick', (e as MessageEvent).data, (e as MessageEvent).lastEventId]))
    es.onmessage = (e) => {
      const { data, lastEventId } = e as MessageEvent
      got.push(['message', data, lastEventId])
    }
    const conn = await stream.waitForConnection(1)
    await vi.waitFor(() => expect(es.readyState).toBe(MockEventSource.OPEN))
    conn.send({ id: 'é1', data: 'a' }).send({ event: 'tick', data: 'b' }).send({ retry: 700 })
    await vi.waitFor(() => expect(got).toEqual([['message', 'a', 'é1'], ['tick', 'b', 'é1']]))

    // a network error: CONNECTING, error, then a retry after `retry:` (on the network's clock) with Last-Event-ID
    const errors: number[] = []
    es.onerror = () => errors.push(es.readyState)
    conn.drop()
    await vi.waitFor(() => expect(errors).toEqual([MockEventSource.CONNECTING]))
    await clock.advance(699)
    expect(stream.connections).toHaveLength(1)
    await clock.advance(1)
    const again = await stream.waitForConnection(2)
    expect(again.lastEventId).toBe('é1')
    es.close()
    expect(await again.whenClosed()).toBe('cancel')
    expect(es.readyState).toBe(MockEventSource.CLOSED)
  })
})

describe('route patterns', () => {
  it('match :params, a trailing *, the origin, and ignore the query and a trailing slash', async () => {
    const { compilePattern } = await import('./network/route')
    const match = compilePattern('http://app.test/api/items/:id/logs/*')
    expect(match(new URL('http://app.test/api/items/42/logs/a/b?x=1'))).toEqual({ id: '42' })
    expect(match(new URL('http://app.test/api/items/42/logs/'))).toEqual({ id: '42' })
    expect(match(new URL('http://other.test/api/items/42/logs/a'))).toBeUndefined()
    expect(match(new URL('http://app.test/api/items/42'))).toBeUndefined()
    const exact = compilePattern('ws://app.test/live')
    expect(exact(new URL('ws://app.test/live/'))).toEqual({})
    expect(exact(new URL('ws://app.test/lively'))).toBeUndefined()
    expect(exact(new URL('http://app.test/live'))).toBeUndefined()
  })
})

describe('MSW interop', () => {
  it('runs MSW handlers on the mock network through MSW\'s getResponse', async () => {
    const { getResponse, http, HttpResponse } = await import('msw')
    const handlers = [http.get('http://app.test/msw/:name', ({ params }) => HttpResponse.json({ hello: params.name }))]
    network.use(request => getResponse(handlers, request))
    expect(await (await fetch('http://app.test/msw/world')).json()).toEqual({ hello: 'world' })
  })
})
