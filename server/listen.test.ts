import { describe, expect, it, vi } from 'vitest'
import WebSocket from 'ws'
import { channel } from '../test/helpers/channel'
import { listen } from './listen'
import { getJson, openWs, readSse } from './testing'
import { HEALTH } from './routes/meta'

const timers = () => process.getActiveResourcesInfo().filter(kind => kind === 'Timeout').length

describe('listen()', () => {
  it('listens on 127.0.0.1 with an ephemeral port', async () => {
    const server = await listen()
    try {
      expect(server.url).toBe(`http://127.0.0.1:${server.port}`)
      expect(server.port).toBeGreaterThan(0)
      expect(await getJson(`${server.url}/__lifeline/health`)).toEqual(HEALTH)
      // outside the prefix: 404, not a route
      expect((await fetch(`${server.url}/other`)).status).toBe(404)
    }
    finally {
      await server.close()
    }
  })

  it('close() ends streams, long polls, sockets, held handshakes and timers at once', async () => {
    const before = timers()
    const server = await listen()
    const base = `${server.url}/__lifeline`
    const wsBase = base.replace(/^http/, 'ws')
    const ch = channel('close')
    const sse = await readSse(`${base}/sse/ticker?channel=${ch}&interval=10`)
    const long = fetch(`${base}/poll/long?channel=${ch}&count=100&rate=10&cursor=1000`).then(() => 'answered', () => 'network error')
    await fetch(`${base}/session/login?channel=${ch}&ttl=60000`)
    const session = await readSse(`${base}/session/status?channel=${ch}&interval=10`)
    const ws = await openWs(`${wsBase}/ws/ticker?channel=${ch}&interval=10`)
    const wsClosed = new Promise(resolve => ws.on('close', resolve))
    const hang = new WebSocket(`${wsBase}/ws/hang?channel=${ch}`)
    hang.on('error', () => {})
    const hangClosed = new Promise(resolve => hang.on('close', resolve))
    await vi.waitFor(() => expect(server.backend.state.stats(ch).open, JSON.stringify(server.backend.state.stats(ch).requests.map(r => r.route))).toEqual({ sse: 2, ws: 1, http: 1 }))
    expect(timers()).toBeGreaterThan(before)

    const started = performance.now()
    await server.close()
    const took = performance.now() - started
    expect(took).toBeLessThan(500)
    expect(await sse.finished).toBe('error')
    expect(await session.finished).toBe('error')
    expect(await long).toBe('network error')
    await wsClosed
    await hangClosed
    await vi.waitFor(() => expect(timers()).toBeLessThanOrEqual(before))
    console.info(`[backend] close() with 5 live connections took ${took.toFixed(1)} ms`)
  })
})
