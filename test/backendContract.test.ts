// One route contract, two backends: every scenario below runs against the Node demo backend (`server/`,
// real sockets) and against the simulated one of `vue-lifeline/testing` (intercepted fetch / WebSocket),
// with the same client code and the same expectations. A difference is a failing test, not a surprise
// on a statically hosted docs page.
import type { StartedSimulatedBackend } from '../src/testing'
import type { ListeningBackend } from '../server/listen'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { WebSocket as NodeWebSocket } from 'ws'
import { listen } from '../server/listen'
import { readSse } from '../server/testing'
import { chatReply } from '../src/testing/backend/contract'
import { startSimulatedBackend } from '../src/testing'
import { channel } from './helpers/channel'

type SocketCtor = new (url: string) => WebSocket

interface Target {
  name: string
  simulated: boolean
  start: () => Promise<{ base: string, WebSocket: SocketCtor, stop: () => Promise<void> }>
}

const targets: Target[] = [
  {
    name: 'Node demo backend',
    simulated: false,
    start: async () => {
      const server: ListeningBackend = await listen()
      return { base: server.url, WebSocket: NodeWebSocket as unknown as SocketCtor, stop: server.close }
    },
  },
  {
    name: 'simulated backend (vue-lifeline/testing)',
    simulated: true,
    start: async () => {
      const backend: StartedSimulatedBackend = await startSimulatedBackend({ origin: 'http://lifeline.test' })
      return { base: backend.origin, WebSocket: globalThis.WebSocket as SocketCtor, stop: backend.stop }
    },
  },
]

/** A socket with the frames it got and its close, listened to from the start (none is missed). */
interface Socket {
  ws: WebSocket
  got: string[]
  opened: Promise<boolean>
  closed: Promise<{ code: number, reason: string }>
}

function connect(Ctor: SocketCtor, url: string): Socket {
  const ws = new Ctor(url)
  const got: string[] = []
  ws.addEventListener('message', event => got.push(String(event.data)))
  const closed = new Promise<{ code: number, reason: string }>(resolve => ws.addEventListener('close', event => resolve({ code: event.code, reason: event.reason })))
  const opened = new Promise<boolean>((resolve) => {
    ws.addEventListener('open', () => resolve(true))
    ws.addEventListener('close', () => resolve(false))
  })
  return { ws, got, opened, closed }
}

describe.each(targets)('route contract: $name', ({ start, simulated }) => {
  let base = ''
  let Socket!: SocketCtor
  let stop = async (): Promise<void> => {}
  beforeAll(async () => {
    ({ base, WebSocket: Socket, stop } = await start())
  })
  afterAll(() => stop())

  const url = (route: string): string => `${base}/__lifeline/${route}`
  const wsUrl = (route: string): string => url(route).replace(/^http/, 'ws')
  const json = async (route: string, init?: RequestInit): Promise<any> => (await fetch(url(route), init)).json()

  it('health: a JSON body that names the service and says whether it is simulated', async () => {
    const response = await fetch(url('health'))
    expect(response.headers.get('content-type')).toMatch(/^application\/json/)
    expect(await response.json()).toEqual({ ok: true, service: 'vue-lifeline-demo-backend', simulated })
  })

  it('a malformed parameter is a 400 naming it, before any stream opens', async () => {
    const response = await fetch(url('sse/ticker?interval=soon'))
    expect(response.status).toBe(400)
    expect((await response.json()).error).toMatch(/\?interval=soon/)
  })

  it('an unknown route is a JSON 404', async () => {
    const response = await fetch(url('no/such/route'))
    expect(response.status).toBe(404)
    expect(await response.json()).toHaveProperty('error')
  })

  it('sse/ticker: id n with { n, t }, resumes after Last-Event-ID, ends after ?count=, sends ?retry=', async () => {
    const fresh = await readSse(url('sse/ticker?interval=20&count=3&retry=250'))
    expect(fresh.res.headers.get('content-type')).toMatch(/^text\/event-stream/)
    expect(await fresh.finished).toBe('end')
    expect(fresh.retries).toEqual([250])
    expect(fresh.events.map(e => [e.id, JSON.parse(e.data).n])).toEqual([['1', 1], ['2', 2], ['3', 3]])
    const resumed = await readSse(url('sse/ticker?interval=20&count=2'), { headers: { 'Last-Event-ID': '41' } })
    await resumed.finished
    expect(resumed.events.map(e => e.id)).toEqual(['42', '43'])
  })

  it('sse/chat: POST { prompt } streams the reply token by token, then [DONE]; a bad body is a 400', async () => {
    const chat = await readSse(url('sse/chat?delay=1'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ prompt: 'hi' }) })
    expect(await chat.finished).toBe('end')
    const data = chat.events.map(e => e.data)
    expect(data.at(-1)).toBe('[DONE]')
    expect(data.slice(0, -1).join('')).toBe(chatReply('hi'))
    const bad = await fetch(url('sse/chat'), { method: 'POST', body: '{oops' })
    expect(bad.status).toBe(400)
    expect(await bad.json()).toEqual({ error: 'request body is not valid JSON' })
  })

  it('sse/status/:code and sse/heartbeat', async () => {
    const failed = await fetch(url('sse/status/503?retryAfter=2'))
    expect([failed.status, failed.headers.get('retry-after')]).toEqual([503, '2'])
    expect(await failed.json()).toEqual({ error: 'status 503', status: 503 })
    expect((await fetch(url('sse/status/204'))).status).toBe(204)
    expect((await fetch(url('sse/status/99'))).status).toBe(400)
    const beat = await readSse(url('sse/heartbeat?interval=20&comment=still-here'))
    await vi.waitFor(() => expect(beat.comments.length).toBeGreaterThanOrEqual(2))
    expect(beat.comments[0].trim()).toBe('still-here')
    expect(beat.events).toEqual([])
    beat.abort()
  })

  it('ws/echo, ws/ticker and ws/pong', async () => {
    const echo = connect(Socket, wsUrl('ws/echo'))
    expect(await echo.opened).toBe(true)
    echo.ws.send('one')
    echo.ws.send('two')
    await vi.waitFor(() => expect(echo.got).toEqual(['one', 'two']))
    echo.ws.close()
    const ticker = connect(Socket, wsUrl('ws/ticker?interval=20&count=3'))
    await vi.waitFor(() => expect(ticker.got.map(f => JSON.parse(f))).toEqual([1, 2, 3].map(n => ({ type: 'tick', data: { n } }))))
    ticker.ws.close()
    const pong = connect(Socket, wsUrl('ws/pong?pongs=1'))
    await pong.opened
    pong.ws.send('ping')
    pong.ws.send('ping')
    pong.ws.send('hello')
    await vi.waitFor(() => expect(pong.got).toEqual(['pong', 'hello']))
    pong.ws.close()
  })

  it('ws/close/:code closes with that code and reason; a reserved code refuses the handshake; ws/silent says nothing', async () => {
    const closing = connect(Socket, wsUrl('ws/close/4001?reason=bye&after=10'))
    expect(await closing.opened).toBe(true)
    expect(await closing.closed).toEqual({ code: 4001, reason: 'bye' })
    const reserved = connect(Socket, wsUrl('ws/close/1006'))
    reserved.ws.addEventListener('error', () => {})
    expect(await reserved.opened).toBe(false)
    expect((await reserved.closed).code).toBe(1006)
    const silent = connect(Socket, wsUrl('ws/silent'))
    await silent.opened
    silent.ws.send('anyone?')
    await new Promise(resolve => setTimeout(resolve, 50))
    expect(silent.got).toEqual([])
    silent.ws.close()
  })

  it('ws/hang never completes the handshake', async () => {
    const hang = connect(Socket, wsUrl('ws/hang'))
    hang.ws.addEventListener('error', () => {})
    const outcome = await Promise.race([hang.opened, new Promise(resolve => setTimeout(() => resolve('still connecting'), 300))])
    expect(outcome).toBe('still connecting')
    expect(hang.ws.readyState).toBe(0)
    hang.ws.close()
  })

  it('poll/counter counts per channel, fails ?fail= times first, and poll/counter/fail arms more', async () => {
    const ch = channel('counter')
    const statuses: number[] = []
    for (let i = 0; i < 3; i++)
      statuses.push((await fetch(url(`poll/counter?channel=${ch}&fail=2&status=503`))).status)
    expect(statuses).toEqual([503, 503, 200])
    expect(await json(`poll/counter?channel=${ch}`)).toMatchObject({ n: 2 })
    expect(await json(`poll/counter/fail?channel=${ch}&fail=1&status=502`, { method: 'POST' })).toEqual({ armed: 1, status: 502 })
    expect((await fetch(url(`poll/counter?channel=${ch}`))).status).toBe(502)
    expect(await json(`poll/counter?channel=${ch}`)).toMatchObject({ n: 3 })
  })

  it('poll/long holds until an event is published after ?cursor=, or answers empty after ?timeout=', async () => {
    const ch = channel('long')
    expect(await json(`poll/long?channel=${ch}&timeout=30`)).toEqual({ events: [], cursor: 0 })
    const held = json(`poll/long?channel=${ch}&timeout=5000`)
    await new Promise(resolve => setTimeout(resolve, 30))
    expect(await json(`poll/publish?channel=${ch}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'hi' }) })).toEqual({ id: 1 })
    expect(await held).toEqual({ events: [{ id: 1, data: { text: 'hi' } }], cursor: 1 })
    expect(await json(`poll/long?channel=${ch}&cursor=0&flush=1`)).toEqual({ events: [{ id: 1, data: { text: 'hi' } }], cursor: 1 })
  })

  it('poll/etag answers 304 to a matching If-None-Match until bumped', async () => {
    const ch = channel('etag')
    const first = await fetch(url(`poll/etag?channel=${ch}`))
    const tag = first.headers.get('etag')!
    expect(tag).toBe('"v0"')
    expect((await fetch(url(`poll/etag?channel=${ch}`), { headers: { 'if-none-match': tag } })).status).toBe(304)
    await fetch(url(`poll/etag/bump?channel=${ch}`), { method: 'POST' })
    expect((await fetch(url(`poll/etag?channel=${ch}`), { headers: { 'if-none-match': tag } })).status).toBe(200)
  })

  it('session: not signed in → login → kicked, told at once on the open status stream', async () => {
    const ch = channel('session')
    expect(await json(`session/status?channel=${ch}&format=json`)).toEqual({ status: 401, message: 'not signed in', payload: { reason: 'expired' } })
    expect(await json(`session/login?channel=${ch}`, { method: 'POST' })).toMatchObject({ ok: true })
    const stream = await readSse(url(`session/status?channel=${ch}&interval=60000`))
    await vi.waitFor(() => expect(stream.events.length).toBe(1))
    expect(JSON.parse(stream.events[0].data)).toMatchObject({ status: 200, message: 'ok' })
    await json(`session/kick?channel=${ch}`, { method: 'POST' })
    expect(await stream.finished).toBe('end')
    expect(JSON.parse(stream.events[1].data)).toEqual({ status: 401, message: 'signed in elsewhere', payload: { reason: 'kicked' } })
  })

  it('session/extend gives the login ttl again and tells the open stream at once; status checks do not extend', async () => {
    const ch = channel('extend')
    expect(await fetch(url(`session/extend?channel=${ch}`), { method: 'POST' }).then(r => r.status)).toBe(401)
    const { expiresAt: first } = await json(`session/login?channel=${ch}&ttl=60000`, { method: 'POST' })
    const stream = await readSse(url(`session/status?channel=${ch}&interval=20`))
    await vi.waitFor(() => expect(stream.events.length).toBeGreaterThanOrEqual(3))
    // every status message so far carries the login's expiry: reading the status never slides the session
    expect(new Set(stream.events.map(e => JSON.parse(e.data).payload.expiresAt))).toEqual(new Set([first]))
    await new Promise(resolve => setTimeout(resolve, 5))
    const extended = await json(`session/extend?channel=${ch}`, { method: 'POST' })
    expect(extended.ok).toBe(true)
    expect(extended.expiresAt).toBeGreaterThan(first)
    await vi.waitFor(() => expect(JSON.parse(stream.events.at(-1)!.data).payload.expiresAt).toBe(extended.expiresAt))
    stream.abort()
  })

  it('session/socket carries the same messages over a WebSocket and closes with 1000 after the 401', async () => {
    const ch = channel('socket')
    await json(`session/login?channel=${ch}`, { method: 'POST' })
    const ws = connect(Socket, wsUrl(`session/socket?channel=${ch}&interval=60000`))
    await ws.opened
    await vi.waitFor(() => expect(ws.got).toHaveLength(1))
    expect(JSON.parse(ws.got[0]!)).toEqual({ status: 200, message: 'ok', payload: { user: 'demo', expiresAt: null } })
    await json(`session/kick?channel=${ch}`, { method: 'POST' })
    expect((await ws.closed).code).toBe(1000)
    expect(JSON.parse(ws.got[1]!)).toEqual({ status: 401, message: 'signed in elsewhere', payload: { reason: 'kicked' } })
  })

  it('channels lists the channels with open connections (what a chaos panel can target)', async () => {
    const ch = channel('listed')
    const sse = await readSse(url(`sse/heartbeat?channel=${ch}&interval=1000`))
    await vi.waitFor(async () => expect((await json('channels')).channels).toContainEqual({ name: ch, open: { sse: 1, ws: 0, http: 0 } }))
    sse.abort()
    await vi.waitFor(async () => expect((await json('channels')).channels.map((c: { name: string }) => c.name)).not.toContain(ch))
  })

  it('chaos/drop cuts the SSE streams, long polls and sockets of one channel', async () => {
    const ch = channel('drop')
    const sse = await readSse(url(`sse/ticker?channel=${ch}&interval=20`))
    const long = fetch(url(`poll/long?channel=${ch}&timeout=10000`)).then(r => r.json()).then(() => 'answered', () => 'network error')
    const ws = connect(Socket, wsUrl(`ws/silent?channel=${ch}`))
    ws.ws.addEventListener('error', () => {})
    await ws.opened
    await vi.waitFor(async () => expect((await json(`stats?channel=${ch}`)).open).toEqual({ sse: 1, ws: 1, http: 1 }))
    expect(await json(`chaos/drop?channel=${ch}`, { method: 'POST' })).toEqual({ dropped: 3, channel: ch })
    expect(await sse.finished).toBe('error')
    expect(await long).toBe('network error')
    expect((await ws.closed).code).toBe(1006)
  })

  it('chaos/latency delays answers and handshakes; chaos/offline refuses (and with ?drop=1 cuts); chaos/state and reset', async () => {
    const ch = channel('chaos')
    expect(await json(`chaos/latency?channel=${ch}&ms=300`, { method: 'POST' })).toMatchObject({ channel: ch, latency: 300, offlineUntil: 0 })
    let started = Date.now()
    await json(`poll/counter?channel=${ch}`)
    expect(Date.now() - started).toBeGreaterThanOrEqual(280)
    started = Date.now()
    const slow = connect(Socket, wsUrl(`ws/echo?channel=${ch}`))
    expect(await slow.opened).toBe(true)
    expect(Date.now() - started).toBeGreaterThanOrEqual(280)
    slow.ws.close()
    await slow.closed
    expect(await json(`chaos/state?channel=${ch}`)).toMatchObject({ latency: 300 })

    const kept = await readSse(url(`sse/heartbeat?channel=${ch}&interval=20`))
    const offline = await json(`chaos/offline?channel=${ch}&ms=60000`, { method: 'POST' })
    expect(offline.offlineUntil - offline.now).toBeGreaterThan(59_000)
    expect(offline.dropped).toBe(0)
    await expect(fetch(url(`poll/counter?channel=${ch}`))).rejects.toThrow()
    const refused = connect(Socket, wsUrl(`ws/echo?channel=${ch}`))
    refused.ws.addEventListener('error', () => {})
    expect(await refused.opened).toBe(false)
    expect((await json(`chaos/offline?channel=${ch}&ms=60000&drop=1`)).dropped).toBe(1)
    expect(await kept.finished).toBe('error')
    expect(await json(`chaos/reset?channel=${ch}`, { method: 'POST' })).toMatchObject({ ok: true, latency: 0, offlineUntil: 0 })
    expect((await fetch(url(`poll/counter?channel=${ch}`))).status).toBe(200)
  })
})
