// Contract suite for `useWebSocketAuto` as an outside conformance / fault-injection suite sees it: only the
// public entry, plain Node (no DOM, no global WebSocket), an `effectScope()`, and an injected `WebSocket`:
// the `ws` package's against the real demo backend (real time), or the scripted `FakeWebSocket` with fake
// timers where the exact timing is the point. Every expectation is a sentence of DESIGN.md §1–§2 or issue 5.
import type { EffectScope } from 'vue'
import type { ConnectionStatus, UseWebSocketAutoOptions, UseWebSocketAutoReturn } from '../../src/index'
import { createServer } from 'node:net'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createSSRApp, defineComponent, h, nextTick, shallowRef, watch } from 'vue'
import { renderToString } from 'vue/server-renderer'
import { WebSocket as NodeWebSocket } from 'ws'
import { useBackend } from '../../server/testing'
import { LifelineError, useWebSocketAuto } from '../../src/index'
import { channel } from '../helpers/channel'
import { inScope, stopScopes } from '../helpers/scopes'
import { FakeWebSocket } from '../helpers/fakeWebSocket'

// ---------------------------------------------------------------------------------------------------
// Helpers

type Ctor = NonNullable<UseWebSocketAutoOptions['WebSocket']>

/** `useWebSocketAuto` in its own scope. */
function use<T = any>(url: Parameters<typeof useWebSocketAuto>[0], options: UseWebSocketAutoOptions<T>): UseWebSocketAutoReturn<T> & { scope: EffectScope } {
  return inScope(() => useWebSocketAuto<T>(url, options))
}

/** Every value `status` takes, synchronously. */
function statuses(r: UseWebSocketAutoReturn): ConnectionStatus[] {
  const seen: ConnectionStatus[] = [r.status.value]
  watch(r.status, s => seen.push(s), { flush: 'sync' })
  return seen
}

const sleep = (ms: number): Promise<void> => new Promise(resolve => setTimeout(resolve, ms))

/** The `ws` package's WebSocket, counting every socket it creates (one per attempt). */
function countingWebSocket(): { urls: string[], WebSocket: Ctor } {
  const urls: string[] = []
  class Counting extends NodeWebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols)
      urls.push(url)
    }
  }
  return { urls, WebSocket: Counting as unknown as Ctor }
}

const WebSocket = NodeWebSocket as unknown as Ctor
const Fake = FakeWebSocket as unknown as Ctor

// one backend for the file, started before and closed after its tests
const backend = useBackend()
const wsUrl = (path: string, ch: string, query = ''): string => `${backend.server.url.replace(/^http/, 'ws')}/__lifeline/${path}?channel=${ch}${query}`
const stats = async (ch: string): Promise<any> => (await fetch(`${backend.server.url}/__lifeline/stats?channel=${ch}`)).json()
const poll = { timeout: 5000, interval: 20 }

/** A URL where nothing listens: every attempt is refused (ECONNREFUSED → close 1006). */
async function refusingUrl(): Promise<string> {
  const probe = createServer()
  await new Promise<void>(resolve => probe.listen(0, '127.0.0.1', resolve))
  const { port } = probe.address() as { port: number }
  await new Promise<void>(resolve => probe.close(() => resolve()))
  return `ws://127.0.0.1:${port}/`
}

afterEach(() => {
  stopScopes()
})

// ---------------------------------------------------------------------------------------------------
// Real sockets (`ws`) against the real demo backend

describe('useWebSocketAuto in Node with `ws` against the demo backend', () => {
  describe('status is synchronous with the call that causes it', () => {
    it('connecting right after creation outside a component, open inside onOpen, closed right after close()', async () => {
      const ch = channel('wsc-status')
      const inOpen: ConnectionStatus[] = []
      const r = use(wsUrl('ws/echo', ch), { WebSocket, onOpen: () => inOpen.push(r.status.value) })
      expect(r.status.value).toBe('connecting')
      await expect.poll(() => inOpen, poll).toEqual(['open'])
      expect(r.ws.value).toBeInstanceOf(NodeWebSocket)
      r.close()
      expect(r.status.value).toBe('closed')
      expect(r.ws.value).toBeNull()
      await expect.poll(async () => (await stats(ch)).open.ws, poll).toBe(0)
      await sleep(200)
      expect((await stats(ch)).opened.ws).toBe(1) // close() never reconnects
    })

    it('close() while still connecting reads closed at once and never opens', async () => {
      const ch = channel('wsc-status-early')
      const onOpen = vi.fn()
      const r = use(wsUrl('ws/echo', ch), { WebSocket, onOpen })
      expect(r.status.value).toBe('connecting')
      r.close()
      expect(r.status.value).toBe('closed')
      await sleep(300)
      expect(onOpen).not.toHaveBeenCalled()
      expect(r.status.value).toBe('closed')
      expect((await stats(ch)).open.ws).toBe(0)
    })

    it('immediate: false stays idle (no socket) until open()', async () => {
      const ch = channel('wsc-idle')
      const { urls, WebSocket } = countingWebSocket()
      const r = use(wsUrl('ws/echo', ch), { WebSocket, immediate: false })
      await sleep(100)
      expect(r.status.value).toBe('idle')
      expect(urls).toEqual([])
      r.open()
      expect(r.status.value).toBe('connecting')
      await expect.poll(() => r.status.value, poll).toBe('open')
      expect(urls).toHaveLength(1)
    })
  })

  describe('connect timeout, reconnect and close codes', () => {
    it('connectTimeout against ws/hang → CONNECT_TIMEOUT, then a retry', async () => {
      const ch = channel('wsc-hang')
      const { urls, WebSocket } = countingWebSocket()
      const errors: LifelineError[] = []
      const started = Date.now()
      const r = use(wsUrl('ws/hang', ch), { WebSocket, connectTimeout: 300, reconnect: { initialDelay: 20, jitter: false }, onError: e => errors.push(e) })
      const seen = statuses(r)
      await expect.poll(() => errors[0]?.code, poll).toBe('CONNECT_TIMEOUT')
      expect(Date.now() - started).toBeGreaterThanOrEqual(290)
      expect(errors[0]).toBeInstanceOf(LifelineError)
      await expect.poll(() => urls.length, poll).toBeGreaterThanOrEqual(2)
      expect(seen).not.toContain('open')
      expect(seen).toContain('reconnecting')
    })

    it('reconnect: { retries: 2 } against a refusing endpoint → exactly 3 attempts, then failed + RETRY_LIMIT', async () => {
      const { urls, WebSocket } = countingWebSocket()
      const r = use(await refusingUrl(), { WebSocket, reconnect: { retries: 2, initialDelay: 20 } })
      await expect.poll(() => r.status.value, poll).toBe('failed')
      expect(r.error.value).toBeInstanceOf(LifelineError)
      expect(r.error.value?.code).toBe('RETRY_LIMIT')
      expect(r.error.value?.closeCode).toBe(1006) // the real code of a network failure, not a made-up 1000
      expect(r.retryIn.value).toBeNull()
      expect(urls).toHaveLength(3)
      await sleep(400)
      expect(urls).toHaveLength(3)
      expect(r.status.value).toBe('failed')
    })

    it('fatalCloseCodes defaults to [1008]: failed + CLOSED_BY_SERVER with closeCode 1008, no retry', async () => {
      const ch = channel('wsc-1008')
      const onError = vi.fn()
      const r = use(wsUrl('ws/close/1008', ch, '&reason=policy'), { WebSocket, reconnect: { initialDelay: 20 }, onError })
      await expect.poll(() => r.status.value, poll).toBe('failed')
      expect(r.error.value).toMatchObject({ code: 'CLOSED_BY_SERVER', closeCode: 1008 })
      expect(onError).toHaveBeenCalledWith(expect.objectContaining({ code: 'CLOSED_BY_SERVER', closeCode: 1008 }))
      await sleep(400)
      expect((await stats(ch)).opened.ws).toBe(1)
      expect(r.retryIn.value).toBeNull()
    })

    it('a 4000 close from the server reports closeCode 4000 (not a substitute) and reconnects', async () => {
      const ch = channel('wsc-4000')
      const errors: LifelineError[] = []
      const r = use(wsUrl('ws/close/4000', ch, '&reason=bye'), { WebSocket, reconnect: { initialDelay: 50, jitter: false }, onError: e => errors.push(e) })
      const seen = statuses(r)
      await expect.poll(() => errors.length, poll).toBeGreaterThan(0)
      expect(errors[0]).toMatchObject({ code: 'CLOSED_BY_SERVER', closeCode: 4000 })
      expect(seen).toContain('reconnecting')
      await expect.poll(async () => (await stats(ch)).opened.ws, poll).toBeGreaterThanOrEqual(2)
      expect(errors.every(e => e.closeCode === 4000)).toBe(true)
    })

    it('chaos/drop: the real close code (1006) is reported and the socket comes back; sends meanwhile are delivered', async () => {
      const ch = channel('wsc-drop')
      const errors: LifelineError[] = []
      const r = use(wsUrl('ws/silent', ch), { WebSocket, reconnect: { initialDelay: 200, jitter: false }, onError: e => errors.push(e) })
      await expect.poll(() => r.status.value, poll).toBe('open')
      await fetch(`${backend.server.url}/__lifeline/chaos/drop?channel=${ch}`, { method: 'POST' })
      await expect.poll(() => r.status.value, poll).toBe('reconnecting')
      expect(errors[0]).toMatchObject({ closeCode: 1006 })
      expect(r.send('while down')).toBe(true)
      expect(r.queued.value).toBe(1)
      await expect.poll(() => r.status.value, poll).toBe('open')
      await expect.poll(async () => (await stats(ch)).wsReceived, poll).toEqual(['while down'])
      expect((await stats(ch)).opened.ws).toBe(2)
    })

    it('shouldReconnect(closeEvent) returning false → no reconnect', async () => {
      const ch = channel('wsc-should')
      const codes: number[] = []
      const r = use(wsUrl('ws/close/4000', ch), {
        WebSocket,
        reconnect: { initialDelay: 20, jitter: false },
        shouldReconnect: (event) => {
          codes.push(event.code)
          return false
        },
      })
      await expect.poll(() => codes, poll).toEqual([4000])
      await sleep(400)
      expect((await stats(ch)).opened.ws).toBe(1)
      expect(['closed', 'failed']).toContain(r.status.value)
      expect(r.retryIn.value).toBeNull()
      expect(codes).toEqual([4000])
    })

    it('close() during backoff → no further attempt, retryIn null', async () => {
      const ch = channel('wsc-backoff')
      const r = use(wsUrl('ws/close/4000', ch), { WebSocket, reconnect: { initialDelay: 500, jitter: false } })
      await expect.poll(() => r.status.value, poll).toBe('reconnecting')
      expect(r.retryIn.value).toBe(500)
      r.close()
      expect(r.status.value).toBe('closed')
      expect(r.retryIn.value).toBeNull()
      await sleep(900)
      expect((await stats(ch)).opened.ws).toBe(1)
      expect(r.status.value).toBe('closed')
    })

    it('fatalCloseCodes: [4001] makes 4001 fatal: failed + CLOSED_BY_SERVER with closeCode 4001, no retry', async () => {
      const ch = channel('wsc-fatal-custom')
      const r = use(wsUrl('ws/close/4001', ch), { WebSocket, fatalCloseCodes: [4001], reconnect: { initialDelay: 20 } })
      await expect.poll(() => r.status.value, poll).toBe('failed')
      expect(r.error.value).toMatchObject({ code: 'CLOSED_BY_SERVER', closeCode: 4001 })
      await sleep(300)
      expect((await stats(ch)).opened.ws).toBe(1)
    })

    it('close() then open() connects again', async () => {
      const ch = channel('wsc-reopen')
      const r = use(wsUrl('ws/echo', ch), { WebSocket })
      await expect.poll(() => r.status.value, poll).toBe('open')
      r.close()
      expect(r.status.value).toBe('closed')
      r.open()
      expect(r.status.value).toBe('connecting')
      await expect.poll(() => r.status.value, poll).toBe('open')
      expect((await stats(ch)).opened.ws).toBe(2)
    })

    it('reconnect() while open drops the socket and connects again', async () => {
      const ch = channel('wsc-reconnect-open')
      const r = use(wsUrl('ws/echo', ch), { WebSocket })
      await expect.poll(() => r.status.value, poll).toBe('open')
      const first = r.ws.value
      r.reconnect()
      expect(r.status.value).toBe('connecting')
      await expect.poll(() => r.status.value, poll).toBe('open')
      expect(r.ws.value).not.toBe(first)
      await expect.poll(async () => (await stats(ch)).open.ws, poll).toBe(1)
      expect((await stats(ch)).opened.ws).toBe(2)
    })

    it('scope dispose during backoff → no further attempt', async () => {
      const ch = channel('wsc-dispose-backoff')
      const r = use(wsUrl('ws/close/4000', ch), { WebSocket, reconnect: { initialDelay: 300, jitter: false } })
      await expect.poll(() => r.status.value, poll).toBe('reconnecting')
      r.scope.stop()
      expect(r.status.value).toBe('closed')
      await sleep(700)
      expect((await stats(ch)).opened.ws).toBe(1)
    })

    it('reconnect() after failed connects again with a fresh budget', async () => {
      const ch = channel('wsc-again')
      const r = use(wsUrl('ws/close/1008', ch), { WebSocket })
      await expect.poll(() => r.status.value, poll).toBe('failed')
      r.reconnect()
      expect(r.status.value).toBe('connecting')
      await expect.poll(async () => (await stats(ch)).opened.ws, poll).toBe(2)
    })
  })

  describe('heartbeat', () => {
    it('a silent server (ws/silent) is detected within interval + timeout and reconnected with HEARTBEAT_TIMEOUT', async () => {
      const ch = channel('wsc-silent')
      const interval = 300
      const timeout = 200
      let openedAt = 0
      let detectedAt = 0
      const r = use(wsUrl('ws/silent', ch), {
        WebSocket,
        heartbeat: { interval, timeout },
        reconnect: { initialDelay: 20, jitter: false },
        onOpen: () => openedAt ||= performance.now(),
        onError: e => e.code === 'HEARTBEAT_TIMEOUT' && (detectedAt ||= performance.now()),
      })
      await expect.poll(() => detectedAt, poll).toBeGreaterThan(0)
      const detection = detectedAt - openedAt
      expect(detection).toBeGreaterThanOrEqual(interval + timeout - 5)
      expect(detection).toBeLessThan(interval + timeout + 400) // slack for a loaded machine
      expect((await stats(ch)).wsReceived[0]).toBe('ping')
      await expect.poll(async () => (await stats(ch)).opened.ws, poll).toBeGreaterThanOrEqual(2)
      await expect.poll(() => r.status.value, poll).toBe('open')
    })

    it('against ws/pong: pongs never reach data or onMessage, latency is a number', async () => {
      const ch = channel('wsc-pong')
      const delivered: unknown[] = []
      const r = use<string>(wsUrl('ws/pong', ch), { WebSocket, heartbeat: { interval: 60, timeout: 2000 }, onMessage: data => delivered.push(data) })
      const dataSeen: unknown[] = []
      watch(r.data, d => dataSeen.push(d), { flush: 'sync' })
      await expect.poll(() => r.status.value, poll).toBe('open')
      r.send('hello')
      await expect.poll(() => r.data.value, poll).toBe('hello')
      await expect.poll(async () => (await stats(ch)).wsReceived.filter((m: string) => m === 'ping').length, poll).toBeGreaterThanOrEqual(3)
      await expect.poll(() => r.latency.value, poll).not.toBeNull()
      expect(typeof r.latency.value).toBe('number')
      expect(r.latency.value).toBeGreaterThanOrEqual(0)
      expect(delivered).toEqual(['hello'])
      expect(dataSeen).toEqual(['hello'])
      expect(r.data.value).toBe('hello')
      expect(r.status.value).toBe('open')
      expect(typeof r.lastMessageAt.value).toBe('number')
    })
  })

  describe('send queue', () => {
    it('sends while connecting are queued (queued counts) and flushed in order exactly once on open', async () => {
      const ch = channel('wsc-queue')
      const r = use(wsUrl('ws/silent', ch), { WebSocket, onOpen: () => r.send('d') })
      expect(r.status.value).toBe('connecting')
      expect(r.send('a')).toBe(true)
      expect(r.queued.value).toBe(1)
      expect(r.send('b')).toBe(true)
      expect(r.send('c')).toBe(true)
      expect(r.queued.value).toBe(3)
      await expect.poll(async () => (await stats(ch)).wsReceived, poll).toEqual(['a', 'b', 'c', 'd'])
      expect(r.queued.value).toBe(0)
      await sleep(200)
      expect((await stats(ch)).wsReceived).toEqual(['a', 'b', 'c', 'd'])
    })

    it('queue: { max: 2 } overflow → send() returns false + QUEUE_FULL; the held two still go out', async () => {
      const ch = channel('wsc-full')
      const onError = vi.fn()
      const r = use(wsUrl('ws/silent', ch), { WebSocket, queue: { max: 2 }, onError })
      expect(r.send('a')).toBe(true)
      expect(r.send('b')).toBe(true)
      expect(r.send('c')).toBe(false)
      expect(r.error.value).toBeInstanceOf(LifelineError)
      expect(r.error.value?.code).toBe('QUEUE_FULL')
      expect(onError).toHaveBeenCalledWith(expect.objectContaining({ code: 'QUEUE_FULL' }))
      expect(r.queued.value).toBe(2)
      await expect.poll(async () => (await stats(ch)).wsReceived, poll).toEqual(['a', 'b'])
      expect(r.queued.value).toBe(0)
    })
  })

  describe('json, routing and request/reply', () => {
    it('json: true stringifies objects out, parses frames in; onMessage(data, event) gets parsed data and the raw event', async () => {
      const ch = channel('wsc-json')
      const calls: [unknown, any][] = []
      const r = use(wsUrl('ws/echo', ch), { WebSocket, json: true, onMessage: (data, event) => calls.push([data, event]) })
      r.send({ type: 'x', n: 1 })
      await expect.poll(() => r.data.value, poll).toEqual({ type: 'x', n: 1 })
      expect((await stats(ch)).wsReceived).toEqual(['{"type":"x","n":1}'])
      expect(calls).toHaveLength(1)
      expect(calls[0]![0]).toEqual({ type: 'x', n: 1 })
      expect(calls[0]![1].data).toBe('{"type":"x","n":1}')
    })

    it('json: true, a non-JSON frame → PARSE; the socket stays open and later frames still arrive', async () => {
      const ch = channel('wsc-parse')
      const errors: string[] = []
      const r = use(wsUrl('ws/echo', ch), { WebSocket, json: true, onError: e => errors.push(e.code) })
      await expect.poll(() => r.status.value, poll).toBe('open')
      r.send('this is not JSON {')
      await expect.poll(() => r.error.value?.code, poll).toBe('PARSE')
      expect(r.status.value).toBe('open')
      r.send({ n: 2 })
      await expect.poll(() => r.data.value, poll).toEqual({ n: 2 })
      expect(errors).toEqual(['PARSE'])
      expect(r.status.value).toBe('open')
      expect((await stats(ch)).opened.ws).toBe(1)
    })

    it('ws/oversized with defaults: the big frame is not refused for its size, the non-JSON one is PARSE; socket kept', async () => {
      const ch = channel('wsc-oversized')
      const errors: string[] = []
      const types: string[] = []
      const r = use(wsUrl('ws/oversized', ch, '&bytes=2000000'), { WebSocket, json: true, onError: e => errors.push(e.code), onMessage: d => types.push(d.type) })
      await expect.poll(() => r.data.value, poll).toEqual({ type: 'ok' })
      expect(errors).toEqual(['PARSE'])
      expect(types).toEqual(['big', 'ok'])
      expect(r.status.value).toBe('open')
    })

    it('ws/oversized with an explicit maxMessageSize: MESSAGE_TOO_LARGE then PARSE; socket kept', async () => {
      const ch = channel('wsc-toolarge')
      const errors: string[] = []
      const r = use(wsUrl('ws/oversized', ch, '&bytes=2000000'), { WebSocket, json: true, maxMessageSize: 1_048_576, onError: e => errors.push(e.code) })
      await expect.poll(() => r.data.value, poll).toEqual({ type: 'ok' })
      expect(errors).toEqual(['MESSAGE_TOO_LARGE', 'PARSE'])
      expect(r.status.value).toBe('open')
    })

    it('on(type, handler) routes { type, data } messages; the remover stops it', async () => {
      const ch = channel('wsc-on')
      const r = use(wsUrl('ws/ticker', ch, '&interval=40'), { WebSocket, json: true })
      const ticks: unknown[] = []
      const messages: unknown[] = []
      const other = vi.fn()
      const off = r.on('tick', (data, message) => {
        ticks.push(data)
        messages.push(message)
      })
      r.on('tock', other)
      await expect.poll(() => ticks.length, poll).toBeGreaterThanOrEqual(3)
      off()
      const n = ticks.length
      expect(ticks.slice(0, 3)).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }])
      expect(messages[0]).toEqual({ type: 'tick', data: { n: 1 } })
      await sleep(200)
      expect(ticks).toHaveLength(n)
      expect(other).not.toHaveBeenCalled()
      expect((r.data.value as any).type).toBe('tick')
    })

    it('request(message, { timeout }) resolves with the echo carrying the correlation id', async () => {
      const ch = channel('wsc-request')
      const r = use(wsUrl('ws/echo', ch), { WebSocket, json: true })
      const reply = await r.request({ type: 'ask', q: 42 }, { timeout: 3000 })
      const sent = JSON.parse((await stats(ch)).wsReceived[0])
      expect(sent).toMatchObject({ type: 'ask', q: 42 })
      expect(sent.id).toBeDefined()
      expect(reply).toEqual(sent)
    })

    it('request() while connecting is queued, sent on open, and resolves with the reply', async () => {
      const ch = channel('wsc-request-early')
      const r = use(wsUrl('ws/echo', ch), { WebSocket, json: true })
      expect(r.status.value).toBe('connecting')
      const pending = r.request<{ q: number }>({ q: 7 }, { timeout: 3000 })
      expect(r.queued.value).toBe(1)
      expect((await pending).q).toBe(7)
      expect((await stats(ch)).wsReceived).toHaveLength(1)
    })

    it('binaryType: arraybuffer delivers binary frames as ArrayBuffer', async () => {
      const ch = channel('wsc-binary')
      const r = use(wsUrl('ws/echo', ch), { WebSocket, binaryType: 'arraybuffer' })
      r.send(new Uint8Array([1, 2, 3]))
      await expect.poll(() => r.data.value, poll).toBeInstanceOf(ArrayBuffer)
      expect([...new Uint8Array(r.data.value as ArrayBuffer)]).toEqual([1, 2, 3])
    })

    it('protocols are offered in the handshake', async () => {
      const ch = channel('wsc-protocols')
      const r = use(wsUrl('ws/echo', ch), { WebSocket, protocols: ['chat.v2', 'chat.v1'] })
      await expect.poll(() => r.status.value, poll).toBe('open')
      expect(r.ws.value?.protocol).toBe('chat.v2')
    })

    it('request() against ws/silent rejects with REQUEST_TIMEOUT after its timeout', async () => {
      const ch = channel('wsc-request-timeout')
      const r = use(wsUrl('ws/silent', ch), { WebSocket, json: true })
      const started = Date.now()
      const error = await r.request({ type: 'ask' }, { timeout: 250 }).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(LifelineError)
      expect((error as LifelineError).code).toBe('REQUEST_TIMEOUT')
      expect(Date.now() - started).toBeGreaterThanOrEqual(240)
      expect(r.status.value).toBe('open')
    })
  })

  describe('URL sources', () => {
    it('an async URL provider is called once per attempt (fresh token each time)', async () => {
      const ch = channel('wsc-provider')
      let calls = 0
      const r = use(async () => {
        await sleep(5)
        return wsUrl('ws/close/4002', ch, `&token=t${++calls}`)
      }, { WebSocket, reconnect: { retries: 2, initialDelay: 20 } })
      await expect.poll(() => r.status.value, poll).toBe('failed')
      expect(calls).toBe(3)
      const tokens = (await stats(ch)).requests.filter((q: any) => q.route.startsWith('ws/')).map((q: any) => q.query.token)
      expect(tokens).toEqual(['t1', 't2', 't3'])
    })

    it('an async URL provider with immediate: false is not called before open()', async () => {
      const ch = channel('wsc-provider-lazy')
      let calls = 0
      const r = use(async () => wsUrl('ws/echo', ch, `&token=t${++calls}`), { WebSocket, immediate: false })
      await sleep(50)
      expect(calls).toBe(0)
      expect(r.status.value).toBe('idle')
      r.open()
      await expect.poll(() => r.status.value, poll).toBe('open')
      expect(calls).toBe(1)
    })

    it('no URL yet (a ref holding null) reads idle with no socket; setting it connects', async () => {
      const ch = channel('wsc-nourl')
      const { urls, WebSocket } = countingWebSocket()
      const url = shallowRef<string | null>(null)
      const r = use(url, { WebSocket })
      await sleep(50)
      expect(r.status.value).toBe('idle')
      expect(urls).toEqual([])
      url.value = wsUrl('ws/echo', ch)
      await nextTick()
      await expect.poll(() => r.status.value, poll).toBe('open')
      expect(urls).toHaveLength(1)
    })

    it('a malformed URL is INVALID_OPTION with status failed, never a throw, and stays failed', async () => {
      const onError = vi.fn()
      let r!: UseWebSocketAutoReturn
      expect(() => {
        r = use('not a websocket url', { WebSocket, connectTimeout: 100, reconnect: { initialDelay: 10 }, onError })
      }).not.toThrow()
      expect(r.status.value).toBe('failed')
      expect(r.error.value).toMatchObject({ code: 'INVALID_OPTION' })
      await sleep(300) // past connectTimeout: a failed attempt must not time out and retry later
      expect(r.status.value).toBe('failed')
      expect(onError).toHaveBeenCalledTimes(1)
      expect(onError).toHaveBeenCalledWith(expect.objectContaining({ code: 'INVALID_OPTION' }))
    })

    it('a reactive URL (ref) change closes the old socket and connects to the new URL', async () => {
      const ch1 = channel('wsc-ref-a')
      const ch2 = channel('wsc-ref-b')
      const url = shallowRef(wsUrl('ws/echo', ch1))
      const r = use(url, { WebSocket })
      await expect.poll(() => r.status.value, poll).toBe('open')
      url.value = wsUrl('ws/echo', ch2)
      await nextTick()
      await expect.poll(async () => (await stats(ch2)).open.ws, poll).toBe(1)
      await expect.poll(async () => (await stats(ch1)).open.ws, poll).toBe(0)
      await expect.poll(() => r.status.value, poll).toBe('open')
      expect(r.ws.value?.url).toContain(ch2)
      expect((await stats(ch1)).opened.ws).toBe(1)
    })
  })

  describe('lifetime and sharing', () => {
    it('scope dispose closes the socket (server open.ws back to 0) and status reads closed', async () => {
      const ch = channel('wsc-dispose')
      const r = use(wsUrl('ws/echo', ch), { WebSocket })
      await expect.poll(async () => (await stats(ch)).open.ws, poll).toBe(1)
      r.scope.stop()
      expect(r.status.value).toBe('closed')
      await expect.poll(async () => (await stats(ch)).open.ws, poll).toBe(0)
      await sleep(200)
      expect((await stats(ch)).opened.ws).toBe(1)
    })

    it('shared: true → two scopes share one socket, closed only after both are disposed (after the grace time)', async () => {
      const ch = channel('wsc-shared')
      const url = wsUrl('ws/echo', ch)
      const gotA: unknown[] = []
      const gotB: unknown[] = []
      const a = use(url, { WebSocket, shared: true, onMessage: d => gotA.push(d) })
      const b = use(url, { WebSocket, shared: true, onMessage: d => gotB.push(d) })
      await expect.poll(() => [a.status.value, b.status.value], poll).toEqual(['open', 'open'])
      expect((await stats(ch)).opened.ws).toBe(1)
      a.scope.stop()
      await sleep(1300) // longer than the registry's grace time
      expect((await stats(ch)).open.ws).toBe(1)
      expect(b.status.value).toBe('open')
      b.send('still here')
      await expect.poll(async () => (await stats(ch)).wsReceived, poll).toEqual(['still here'])
      await expect.poll(() => gotB, poll).toEqual(['still here'])
      expect(gotA).toEqual([]) // a's scope is gone: its callbacks went with it
      const stopped = Date.now()
      b.scope.stop()
      expect((await stats(ch)).open.ws).toBe(1) // grace time: not closed at once
      await expect.poll(async () => (await stats(ch)).open.ws, poll).toBe(0)
      expect(Date.now() - stopped).toBeGreaterThanOrEqual(900)
      expect((await stats(ch)).opened.ws).toBe(1)
    })
  })

  describe('sharing with reactive URLs and immediate: false', () => {
    it('shared: true with immediate: false shares one socket once opened', async () => {
      const ch = channel('wsc-shared-lazy')
      const url = wsUrl('ws/echo', ch)
      const a = use(url, { WebSocket, shared: true, immediate: false })
      const b = use(url, { WebSocket, shared: true, immediate: false })
      await sleep(50)
      expect([a.status.value, b.status.value]).toEqual(['idle', 'idle'])
      expect((await stats(ch)).opened.ws).toBe(0)
      expect(a.send('queued before open')).toBe(true)
      a.open()
      b.open()
      await expect.poll(() => [a.status.value, b.status.value], poll).toEqual(['open', 'open'])
      expect((await stats(ch)).opened.ws).toBe(1)
      await expect.poll(async () => (await stats(ch)).wsReceived, poll).toEqual(['queued before open'])
    })

    it('shared: true, one caller\'s URL changes: it moves to the new socket, the other stays', async () => {
      const ch1 = channel('wsc-shared-move-a')
      const ch2 = channel('wsc-shared-move-b')
      const url = shallowRef(wsUrl('ws/echo', ch1))
      const a = use(url, { WebSocket, shared: true })
      const b = use(wsUrl('ws/echo', ch1), { WebSocket, shared: true })
      await expect.poll(() => [a.status.value, b.status.value], poll).toEqual(['open', 'open'])
      expect((await stats(ch1)).opened.ws).toBe(1)
      url.value = wsUrl('ws/echo', ch2)
      await nextTick()
      await expect.poll(async () => (await stats(ch2)).open.ws, poll).toBe(1)
      await expect.poll(() => a.status.value, poll).toBe('open')
      expect(a.ws.value?.url).toContain(ch2)
      expect(b.ws.value?.url).toContain(ch1)
      await sleep(1300) // past the grace time: ch1 is still held by b
      expect((await stats(ch1)).open.ws).toBe(1)
      expect(b.status.value).toBe('open')
    })
  })

  describe('invalid options: INVALID_OPTION on error naming the option, status failed, no throw', () => {
    it.each([
      ['connectTimeout', { connectTimeout: -1 }],
      ['heartbeat.interval', { heartbeat: { interval: Number.NaN } }],
      ['onMessage', { onMessage: 'not a function' as unknown as () => void }],
      ['onOpen', { onOpen: 42 as unknown as () => void }],
      ['reconnect.retries', { reconnect: { retries: -1 } }],
    ] as [string, UseWebSocketAutoOptions][])('%s', async (option, options) => {
      const ch = channel('wsc-invalid')
      const { urls, WebSocket } = countingWebSocket()
      const onError = vi.fn()
      let r!: UseWebSocketAutoReturn
      expect(() => {
        r = use(wsUrl('ws/echo', ch), { WebSocket, onError, ...options })
      }).not.toThrow()
      expect(r.status.value).toBe('failed')
      expect(r.error.value).toBeInstanceOf(LifelineError)
      expect(r.error.value?.code).toBe('INVALID_OPTION')
      expect(r.error.value?.option).toBe(option)
      expect(r.error.value?.message).toContain(option)
      expect(onError).toHaveBeenCalledWith(expect.objectContaining({ code: 'INVALID_OPTION', option }))
      await sleep(100)
      expect(urls).toEqual([])
      expect(r.status.value).toBe('failed')
    })
  })

  it('server rendering inside a component is a no-op: no socket is created', async () => {
    const { urls, WebSocket } = countingWebSocket()
    const app = createSSRApp(defineComponent({
      setup() {
        const { status } = useWebSocketAuto(wsUrl('ws/echo', channel('wsc-ssr')), { WebSocket })
        return () => h('p', status.value)
      },
    }))
    expect(await renderToString(app)).toBe('<p>idle</p>')
    expect(urls).toEqual([])
  })
})

// ---------------------------------------------------------------------------------------------------
// Exact timing: the scripted socket and fake timers

describe('useWebSocketAuto timing (FakeWebSocket, fake timers)', () => {
  beforeEach(() => {
    vi.useFakeTimers()
    FakeWebSocket.reset()
  })
  afterEach(() => {
    stopScopes()
    vi.useRealTimers()
  })

  it('connectTimeout defaults to 5000: not before, CONNECT_TIMEOUT at 5000, the socket dropped and retried', () => {
    const r = use('ws://x/', { WebSocket: Fake })
    vi.advanceTimersByTime(4999)
    expect(r.status.value).toBe('connecting')
    expect(r.error.value).toBeNull()
    vi.advanceTimersByTime(1)
    expect(r.error.value?.code).toBe('CONNECT_TIMEOUT')
    expect(r.status.value).toBe('reconnecting')
    expect(FakeWebSocket.instances[0]!.closedWith).not.toBeNull()
    // full jitter of the first retry: random(0, min(30000, 1000·2^0))
    expect(r.retryIn.value).toBeGreaterThanOrEqual(0)
    expect(r.retryIn.value).toBeLessThanOrEqual(1000)
    vi.advanceTimersByTime(r.retryIn.value!)
    expect(FakeWebSocket.instances).toHaveLength(2)
  })

  it('retries: 2 → at most 3 attempts, then failed + RETRY_LIMIT, and nothing more', () => {
    const r = use('ws://x/', { WebSocket: Fake, reconnect: { retries: 2, initialDelay: 100 } })
    for (let i = 0; i < 3; i++) {
      FakeWebSocket.last.drop()
      vi.advanceTimersByTime(1000)
    }
    expect(r.status.value).toBe('failed')
    expect(r.error.value).toMatchObject({ code: 'RETRY_LIMIT', closeCode: 1006 })
    vi.advanceTimersByTime(3_600_000)
    expect(FakeWebSocket.instances).toHaveLength(3)
  })

  it('retries: 0 → one attempt only, then failed + RETRY_LIMIT', () => {
    const r = use('ws://x/', { WebSocket: Fake, reconnect: { retries: 0 } })
    FakeWebSocket.last.drop()
    expect(r.status.value).toBe('failed')
    expect(r.error.value?.code).toBe('RETRY_LIMIT')
    vi.advanceTimersByTime(3_600_000)
    expect(FakeWebSocket.instances).toHaveLength(1)
  })

  it('reconnect: false never reconnects', () => {
    const r = use('ws://x/', { WebSocket: Fake, reconnect: false })
    FakeWebSocket.last.accept()
    FakeWebSocket.last.drop()
    expect(['closed', 'failed']).toContain(r.status.value)
    expect(r.error.value).toMatchObject({ closeCode: 1006 })
    vi.advanceTimersByTime(3_600_000)
    expect(FakeWebSocket.instances).toHaveLength(1)
  })

  it('the jittered delay never exceeds min(maxDelay, initialDelay·factor^attempt)', () => {
    const r = use('ws://x/', { WebSocket: Fake, reconnect: { initialDelay: 100, factor: 2, maxDelay: 500 } })
    const caps = [100, 200, 400, 500, 500, 500]
    for (const cap of caps) {
      FakeWebSocket.last.drop()
      expect(r.status.value).toBe('reconnecting')
      expect(r.retryIn.value).toBeGreaterThanOrEqual(0)
      expect(r.retryIn.value).toBeLessThanOrEqual(cap)
      vi.advanceTimersByTime(r.retryIn.value!)
    }
    expect(FakeWebSocket.instances).toHaveLength(caps.length + 1)
  })

  it('attempt resets only after the connection stayed open for minUptime', () => {
    const r = use('ws://x/', { WebSocket: Fake, reconnect: { initialDelay: 100, jitter: false }, minUptime: 5000 })
    FakeWebSocket.last.accept()
    FakeWebSocket.last.drop()
    const first = r.retryIn.value!
    expect(r.attempt.value).toBe(1)
    vi.advanceTimersByTime(first)
    FakeWebSocket.last.accept()
    vi.advanceTimersByTime(4000) // open, but not for minUptime
    FakeWebSocket.last.drop()
    expect(r.attempt.value).toBe(2)
    expect(r.retryIn.value).toBe(first * 2)
    vi.advanceTimersByTime(r.retryIn.value!)
    FakeWebSocket.last.accept()
    vi.advanceTimersByTime(5000) // healthy for minUptime
    expect(r.attempt.value).toBe(0)
    FakeWebSocket.last.drop()
    expect(r.attempt.value).toBe(1)
    expect(r.retryIn.value).toBe(first)
  })

  it('close() during backoff: closed at once, retryIn null, no further socket ever', () => {
    const r = use('ws://x/', { WebSocket: Fake, reconnect: { initialDelay: 1000, jitter: false } })
    FakeWebSocket.last.accept()
    FakeWebSocket.last.drop(4000, 'bye', true)
    expect(r.status.value).toBe('reconnecting')
    expect(r.retryIn.value).toBe(1000)
    r.close()
    expect(r.status.value).toBe('closed')
    expect(r.retryIn.value).toBeNull()
    vi.advanceTimersByTime(60_000)
    expect(FakeWebSocket.instances).toHaveLength(1)
    expect(r.status.value).toBe('closed')
  })

  it('close(code, reason) closes the socket with that code and reason', () => {
    const r = use('ws://x/', { WebSocket: Fake })
    FakeWebSocket.last.accept()
    r.close(4000, 'bye')
    expect(FakeWebSocket.last.closedWith).toEqual([4000, 'bye'])
    expect(r.status.value).toBe('closed')
  })

  it('heartbeat: ping after interval; no answer within timeout → HEARTBEAT_TIMEOUT exactly at interval + timeout, reconnect', () => {
    const r = use('ws://x/', { WebSocket: Fake, heartbeat: { interval: 1000, timeout: 500 }, reconnect: { initialDelay: 100, jitter: false } })
    const sock = FakeWebSocket.last
    sock.accept()
    vi.advanceTimersByTime(999)
    expect(sock.sent).toEqual([])
    vi.advanceTimersByTime(1)
    expect(sock.sent).toEqual(['ping'])
    vi.advanceTimersByTime(499)
    expect(r.status.value).toBe('open')
    vi.advanceTimersByTime(1)
    expect(r.error.value?.code).toBe('HEARTBEAT_TIMEOUT')
    expect(r.status.value).toBe('reconnecting')
    expect(sock.closedWith).not.toBeNull() // dropped at once, without waiting for a close event
    vi.advanceTimersByTime(100)
    expect(FakeWebSocket.instances).toHaveLength(2)
  })

  it('heartbeat: any inbound frame proves liveness', () => {
    const r = use('ws://x/', { WebSocket: Fake, heartbeat: { interval: 1000, timeout: 500 } })
    const sock = FakeWebSocket.last
    sock.accept()
    vi.advanceTimersByTime(1400) // ping out at 1000
    sock.receive('anything')
    vi.advanceTimersByTime(1000)
    expect(r.status.value).toBe('open')
    expect(r.error.value).toBeNull()
    expect(r.data.value).toBe('anything')
  })

  it('heartbeat: true takes the defaults: ping at 25000, dead at 35000', () => {
    const r = use('ws://x/', { WebSocket: Fake, heartbeat: true })
    FakeWebSocket.last.accept()
    vi.advanceTimersByTime(24_999)
    expect(FakeWebSocket.last.sent).toEqual([])
    vi.advanceTimersByTime(1)
    expect(FakeWebSocket.last.sent).toEqual(['ping'])
    vi.advanceTimersByTime(9_999)
    expect(r.status.value).toBe('open')
    vi.advanceTimersByTime(1)
    expect(r.error.value?.code).toBe('HEARTBEAT_TIMEOUT')
  })

  it('the queue holds 1000 messages by default', () => {
    const r = use('ws://x/', { WebSocket: Fake })
    for (let i = 0; i < 1000; i++)
      expect(r.send(`m${i}`)).toBe(true)
    expect(r.send('one too many')).toBe(false)
    expect(r.error.value?.code).toBe('QUEUE_FULL')
    expect(r.queued.value).toBe(1000)
    FakeWebSocket.last.accept()
    expect(FakeWebSocket.last.sent).toEqual(Array.from({ length: 1000 }, (_, i) => `m${i}`))
  })

  it('heartbeat: pong is swallowed (never a PARSE error with json: true) and latency is the round trip', () => {
    const onMessage = vi.fn()
    const r = use('ws://x/', { WebSocket: Fake, json: true, heartbeat: { interval: 1000, timeout: 500 }, onMessage })
    const sock = FakeWebSocket.last
    sock.accept()
    vi.advanceTimersByTime(1000)
    vi.advanceTimersByTime(37)
    sock.receive('pong')
    expect(r.latency.value).toBe(37)
    expect(r.error.value).toBeNull()
    expect(r.data.value).toBeNull()
    expect(onMessage).not.toHaveBeenCalled()
    expect(r.lastMessageAt.value).toBe(Date.now())
  })

  it('the queue is flushed in order before onOpen runs, and status reads open inside onOpen', () => {
    const order: unknown[] = []
    const r = use('ws://x/', {
      WebSocket: Fake,
      onOpen: () => {
        order.push(r.status.value, r.queued.value, [...FakeWebSocket.last.sent])
        r.send('third')
      },
    })
    r.send('first')
    r.send('second')
    FakeWebSocket.last.accept()
    expect(order).toEqual(['open', 0, ['first', 'second']])
    expect(FakeWebSocket.last.sent).toEqual(['first', 'second', 'third'])
  })

  it('the queue survives an automatic reconnect and is sent once, on the new socket only', () => {
    const r = use('ws://x/', { WebSocket: Fake, reconnect: { initialDelay: 100, jitter: false } })
    FakeWebSocket.last.accept()
    FakeWebSocket.last.drop()
    expect(r.send('a')).toBe(true)
    expect(r.send('b')).toBe(true)
    expect(r.queued.value).toBe(2)
    vi.advanceTimersByTime(100)
    FakeWebSocket.last.accept()
    expect(FakeWebSocket.instances[0]!.sent).toEqual([])
    expect(FakeWebSocket.last.sent).toEqual(['a', 'b'])
    expect(r.queued.value).toBe(0)
  })

  it('send() while the socket is already closing (status not yet updated) queues instead of losing the frame', () => {
    const r = use('ws://x/', { WebSocket: Fake, reconnect: { initialDelay: 100, jitter: false } })
    FakeWebSocket.last.accept()
    FakeWebSocket.last.readyState = 2 // the server's close frame arrived; the close event has not fired yet
    expect(r.send('m')).toBe(true)
    expect(FakeWebSocket.last.sent).toEqual([])
    FakeWebSocket.last.drop(4000, '', true)
    vi.advanceTimersByTime(100)
    FakeWebSocket.last.accept()
    expect(FakeWebSocket.last.sent).toEqual(['m'])
  })

  it('queue.maxBytes counts UTF-8 bytes: overflow → send() false + QUEUE_FULL', () => {
    const r = use('ws://x/', { WebSocket: Fake, queue: { maxBytes: 5 } })
    expect(r.send('éé')).toBe(true) // 4 bytes
    expect(r.send('é')).toBe(false) // 6 > 5
    expect(r.error.value?.code).toBe('QUEUE_FULL')
    expect(r.queued.value).toBe(1)
  })

  it('heartbeat: custom message and a pong predicate; the pong is swallowed', () => {
    const onMessage = vi.fn()
    const r = use('ws://x/', {
      WebSocket: Fake,
      json: true,
      heartbeat: { message: '{"type":"ping"}', pong: raw => raw === '{"type":"pong"}', interval: 1000, timeout: 500 },
      onMessage,
    })
    FakeWebSocket.last.accept()
    vi.advanceTimersByTime(1000)
    expect(FakeWebSocket.last.sent).toEqual(['{"type":"ping"}'])
    vi.advanceTimersByTime(12)
    FakeWebSocket.last.receive('{"type":"pong"}')
    expect(r.latency.value).toBe(12)
    expect(r.data.value).toBeNull()
    expect(onMessage).not.toHaveBeenCalled()
    vi.advanceTimersByTime(1400) // next ping at 2012, unanswered, deadline 2512
    expect(FakeWebSocket.last.sent).toHaveLength(2)
    expect(r.status.value).toBe('open')
  })

  it('on(): the type key is configurable', () => {
    const r = use('ws://x/', { WebSocket: Fake, json: true, typeKey: 'kind' })
    const got: unknown[] = []
    r.on('chat', data => got.push(data))
    FakeWebSocket.last.accept()
    FakeWebSocket.last.receive('{"kind":"chat","data":"hi"}')
    FakeWebSocket.last.receive('{"type":"chat","data":"no"}')
    expect(got).toEqual(['hi'])
  })

  it('binaryType is applied to every new socket', () => {
    use('ws://x/', { WebSocket: Fake, binaryType: 'arraybuffer', reconnect: { initialDelay: 100, jitter: false } })
    FakeWebSocket.last.accept()
    FakeWebSocket.last.drop()
    vi.advanceTimersByTime(100)
    expect(FakeWebSocket.instances.map(s => s.binaryType)).toEqual(['arraybuffer', 'arraybuffer'])
  })

  it('an async URL provider that never settles still hits connectTimeout and is retried', async () => {
    let calls = 0
    const r = use(() => {
      calls++
      return new Promise<string>(() => {})
    }, { WebSocket: Fake, connectTimeout: 1000, reconnect: { initialDelay: 100, jitter: false } })
    await vi.advanceTimersByTimeAsync(999)
    expect(r.status.value).toBe('connecting')
    await vi.advanceTimersByTimeAsync(1)
    expect(r.error.value?.code).toBe('CONNECT_TIMEOUT')
    expect(r.status.value).toBe('reconnecting')
    await vi.advanceTimersByTimeAsync(100)
    expect(calls).toBe(2)
    expect(FakeWebSocket.instances).toHaveLength(0)
  })

  it('an async URL provider that rejects is an error and is retried', async () => {
    let calls = 0
    const r = use(async () => {
      if (++calls === 1)
        throw new Error('token service down')
      return 'ws://x/'
    }, { WebSocket: Fake, reconnect: { initialDelay: 100, jitter: false } })
    await vi.advanceTimersByTimeAsync(0)
    expect(r.error.value).toBeInstanceOf(LifelineError)
    expect(r.status.value).toBe('reconnecting')
    await vi.advanceTimersByTimeAsync(100)
    expect(calls).toBe(2)
    FakeWebSocket.last.accept()
    expect(r.status.value).toBe('open')
  })

  it('close() while the async URL provider is pending: no socket is ever created', async () => {
    let resolve!: (url: string) => void
    const r = use(() => new Promise<string>((done) => {
      resolve = done
    }), { WebSocket: Fake })
    r.close()
    expect(r.status.value).toBe('closed')
    resolve('ws://x/')
    await vi.advanceTimersByTimeAsync(10_000)
    expect(FakeWebSocket.instances).toHaveLength(0)
    expect(r.status.value).toBe('closed')
  })

  it('request(): replies are matched by correlation id, not by order', async () => {
    const r = use('ws://x/', { WebSocket: Fake, json: true })
    FakeWebSocket.last.accept()
    const first = r.request<{ q: number }>({ q: 1 })
    const second = r.request<{ q: number }>({ q: 2 })
    const [a, b] = FakeWebSocket.last.sent.map(m => JSON.parse(m as string))
    expect(a.id).not.toBe(b.id)
    FakeWebSocket.last.receive(JSON.stringify({ id: b.id, q: 2, answer: 'two' }))
    FakeWebSocket.last.receive(JSON.stringify({ id: a.id, q: 1, answer: 'one' }))
    expect(await first).toMatchObject({ answer: 'one' })
    expect(await second).toMatchObject({ answer: 'two' })
  })

  it('request(): a reply after the timeout is ignored: it resolves nothing and never reaches data/onMessage', async () => {
    const onMessage = vi.fn()
    const r = use('ws://x/', { WebSocket: Fake, json: true, onMessage })
    FakeWebSocket.last.accept()
    const settled = vi.fn()
    const promise = r.request({ type: 'ask' }, { timeout: 100 }).then(settled, e => e)
    const id = JSON.parse(FakeWebSocket.last.sent[0] as string).id
    vi.advanceTimersByTime(100)
    const error = await promise
    expect(error).toMatchObject({ code: 'REQUEST_TIMEOUT' })
    FakeWebSocket.last.receive(JSON.stringify({ type: 'ask', id }))
    await Promise.resolve()
    expect(settled).not.toHaveBeenCalled()
    expect(onMessage).not.toHaveBeenCalled()
    expect(r.data.value).toBe(null)
    // only that one late reply is swallowed: a later message with the same id is an ordinary message
    FakeWebSocket.last.receive(JSON.stringify({ type: 'ask', id }))
    expect(onMessage).toHaveBeenCalledTimes(1)
  })

  it('an async URL provider is called once per attempt', async () => {
    let calls = 0
    const r = use(async () => `ws://x/?t=${++calls}`, { WebSocket: Fake, reconnect: { initialDelay: 100, jitter: false } })
    await vi.advanceTimersByTimeAsync(0)
    expect(calls).toBe(1)
    expect(FakeWebSocket.last.url).toBe('ws://x/?t=1')
    FakeWebSocket.last.drop()
    await vi.advanceTimersByTimeAsync(100)
    expect(calls).toBe(2)
    expect(FakeWebSocket.instances.map(s => s.url)).toEqual(['ws://x/?t=1', 'ws://x/?t=2'])
    expect(r.status.value).toBe('reconnecting')
  })
})
