// The core runs in plain Node: the `ws` package's WebSocket, injected, against the real demo backend.
import type { WebSocketConstructor } from './options'
import { describe, expect, it } from 'vitest'
import { WebSocket as NodeWebSocket } from 'ws'
import { useBackend } from '../../../server/testing'
import { channel as ch } from '../../../test/helpers/channel'
import { createEnvironment } from '../environment'
import { WebSocketTransport } from './transport'

// one backend for the file, started before and closed after its tests
const backend = useBackend()
const WS = NodeWebSocket as unknown as WebSocketConstructor
const wsUrl = (path: string, channel: string, query = ''): string => `${backend.server.url.replace('http', 'ws')}/__lifeline/${path}?channel=${channel}${query}`
const stats = async (channel: string): Promise<any> => (await fetch(`${backend.server.url}/__lifeline/stats?channel=${channel}`)).json()

describe('WebSocketTransport in Node (ws package, real backend)', () => {
  it('opens, flushes the queue in order before open, echoes JSON and closes for good', async () => {
    const channel = ch('node-ws')
    const seen: unknown[] = []
    const t = new WebSocketTransport(wsUrl('ws/echo', channel), { WebSocket: WS, json: true, environment: createEnvironment(), onMessage: data => seen.push(data) })
    expect(t.send({ n: 1 })).toBe(true)
    expect(t.send({ n: 2 })).toBe(true)
    expect(t.getSnapshot().queued).toBe(2)
    t.open()
    expect(t.getSnapshot().status).toBe('connecting')
    await expect.poll(() => seen.length, { timeout: 5000 }).toBe(2)
    expect(seen).toEqual([{ n: 1 }, { n: 2 }])
    expect(t.getSnapshot()).toMatchObject({ status: 'open', queued: 0, data: { n: 2 } })
    t.close()
    expect(t.getSnapshot().status).toBe('closed')
    await expect.poll(async () => (await stats(channel)).open.ws, { timeout: 5000 }).toBe(0)
    expect((await stats(channel)).wsReceived).toEqual(['{"n":1}', '{"n":2}'])
  })

  it('routes { type, data } messages and answers requests by correlation id', async () => {
    const channel = ch('node-ws')
    const t = new WebSocketTransport(wsUrl('ws/echo', channel), { WebSocket: WS, json: true, environment: createEnvironment() })
    const ticks: unknown[] = []
    t.on('tick', data => ticks.push(data))
    t.open()
    t.send({ type: 'tick', data: { n: 7 } })
    await expect.poll(() => ticks, { timeout: 5000 }).toEqual([{ n: 7 }])
    const reply = await t.request({ type: 'ask', q: 1 })
    expect(reply).toMatchObject({ type: 'ask', q: 1 })
    expect(typeof reply.id).toBe('string')
    t.close()
  })

  it('reports the real close code and goes to failed on a fatal one', async () => {
    const channel = ch('node-ws')
    const closes: number[] = []
    const t = new WebSocketTransport(wsUrl('ws/close/1008', channel, '&reason=policy'), { WebSocket: WS, environment: createEnvironment(), onClose: e => closes.push(e.code) })
    t.open()
    await expect.poll(() => t.getSnapshot().status, { timeout: 5000 }).toBe('failed')
    expect(t.getSnapshot().error).toMatchObject({ code: 'CLOSED_BY_SERVER', closeCode: 1008 })
    expect(closes).toEqual([1008])
    t.close()
  })

  it('drops a hanging handshake at connectTimeout without an unhandled `error` from ws (partykit #912)', async () => {
    const channel = ch('node-ws')
    const t = new WebSocketTransport(wsUrl('ws/hang', channel), { WebSocket: WS, environment: createEnvironment(), connectTimeout: 300, reconnect: { initialDelay: 50, jitter: false } })
    t.open()
    await expect.poll(() => t.getSnapshot().error?.code, { timeout: 5000 }).toBe('CONNECT_TIMEOUT')
    await expect.poll(() => t.getSnapshot().attempt, { timeout: 5000 }).toBeGreaterThanOrEqual(2)
    t.close()
    expect(t.getSnapshot().status).toBe('closed')
  })

  it('detects a silent server by heartbeat and reconnects', async () => {
    const channel = ch('node-ws')
    const t = new WebSocketTransport(wsUrl('ws/silent', channel), { WebSocket: WS, environment: createEnvironment(), heartbeat: { interval: 200, timeout: 200 }, reconnect: { initialDelay: 20, jitter: false } })
    t.open()
    await expect.poll(() => t.getSnapshot().error?.code, { timeout: 5000 }).toBe('HEARTBEAT_TIMEOUT')
    await expect.poll(async () => (await stats(channel)).opened.ws, { timeout: 5000 }).toBeGreaterThanOrEqual(2)
    t.close()
    await expect.poll(async () => (await stats(channel)).open.ws, { timeout: 5000 }).toBe(0)
  })
})
