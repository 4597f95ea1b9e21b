import { describe, expect, it, vi } from 'vitest'
import { closeOf, openWs, readSse, useBackend } from '../testing'
import { burstEvent, tickFrame } from './load'

const api = useBackend()

describe('ws/burst', () => {
  it('sends ?count= numbered tick frames in order, then nothing more', async () => {
    const ws = await openWs(api.ws('ws/burst?count=5000'))
    const got = ws.got
    await vi.waitFor(() => expect(got).toHaveLength(5000), { timeout: 10_000 })
    expect(got.map(frame => JSON.parse(frame).data.n)).toEqual(Array.from({ length: 5000 }, (_, i) => i + 1))
    expect(JSON.parse(got[0])).toEqual({ type: 'tick', data: { n: 1 } })
    await new Promise(resolve => setTimeout(resolve, 100))
    expect(got).toHaveLength(5000)
    ws.close()
  })

  it('pads data.pad with ?size= characters', async () => {
    const ws = await openWs(api.ws('ws/burst?count=2&size=100'))
    await vi.waitFor(() => expect(ws.got).toHaveLength(2))
    expect(JSON.parse(ws.got[1]).data).toEqual({ n: 2, pad: 'x'.repeat(100) })
    expect(ws.got[1]).toBe(tickFrame(2, 100))
    ws.close()
  })

  it('paces frames at ?rate= per second', async () => {
    const ws = await openWs(api.ws('ws/burst?count=40&rate=100'))
    const started = Date.now()
    // 40 frames at 100/s take ≈ 400 ms: never all at once
    await new Promise(resolve => setTimeout(resolve, 150))
    expect(ws.got.length).toBeGreaterThan(0)
    expect(ws.got.length).toBeLessThan(40)
    await vi.waitFor(() => expect(ws.got).toHaveLength(40), { timeout: 5000 })
    expect(Date.now() - started).toBeGreaterThanOrEqual(350)
    ws.close()
  })

  it('stops producing when the client leaves', async () => {
    const ws = await openWs(api.ws('ws/burst?count=10000000'))
    await vi.waitFor(() => expect(ws.got.length).toBeGreaterThan(1000))
    ws.terminate()
    await closeOf(ws)
    await vi.waitFor(() => expect(api.server.backend.state.stats().open.ws).toBe(0))
  })

  it('refuses a count beyond the bound on the handshake', async () => {
    await expect(openWs(api.ws('ws/burst?count=99999999'))).rejects.toThrow('handshake answered 400')
  })
})

describe('ws/mute', () => {
  it('answers pings and echoes until ?after=, then reads and answers nothing while TCP stays open', async () => {
    const ws = await openWs(api.ws('ws/mute?after=300&ping=PING&pong=PONG'))
    ws.send('PING')
    ws.send('hello')
    await vi.waitFor(() => expect(ws.got).toEqual(['PONG', 'hello']))
    await new Promise(resolve => setTimeout(resolve, 400))
    ws.send('PING')
    ws.send('still there?')
    await new Promise(resolve => setTimeout(resolve, 300))
    expect(ws.got).toEqual(['PONG', 'hello'])
    expect(ws.readyState).toBe(ws.OPEN)
    ws.terminate()
  })

  it('goes silent at the epoch ms ?at= and drops the link after ?hold=', async () => {
    const ws = await openWs(api.ws(`ws/mute?at=${Date.now() + 200}&hold=200`))
    ws.send('ping')
    await vi.waitFor(() => expect(ws.got).toEqual(['pong']))
    const closed = closeOf(ws)
    await new Promise(resolve => setTimeout(resolve, 300))
    ws.send('ping')
    expect((await closed).code).toBe(1006)
    expect(ws.got).toEqual(['pong'])
  })
})

describe('sse/burst', () => {
  it('writes ?count= events in order; ?end=1 ends the stream after the last', async () => {
    const sse = await readSse(api.url('sse/burst?count=20000&end=1'))
    expect(await sse.finished).toBe('end')
    expect(sse.events).toHaveLength(20_000)
    expect(sse.events.map(e => JSON.parse(e.data).n)).toEqual(Array.from({ length: 20_000 }, (_, i) => i + 1))
  })

  it('pads events with ?size= and stays open without ?end', async () => {
    const sse = await readSse(api.url('sse/burst?count=3&size=1000'))
    await vi.waitFor(() => expect(sse.events).toHaveLength(3))
    expect(`data: ${sse.events[2].data}\n\n`).toBe(burstEvent(3, 1000))
    let ended = false
    void sse.finished.then(() => (ended = true))
    await new Promise(resolve => setTimeout(resolve, 200))
    expect(ended).toBe(false)
    sse.abort()
  })

  it('writes a 20 MB stream whole', async () => {
    const sse = await readSse(api.url('sse/burst?count=20000&size=1000&end=1'))
    expect(await sse.finished).toBe('end')
    expect(sse.events).toHaveLength(20_000)
    expect(sse.events.reduce((sum, e) => sum + e.data.length, 0)).toBeGreaterThan(20_000_000)
  })
})

describe('sse/mute', () => {
  it('sends events every ?interval= until ?after=, then nothing while the response stays open', async () => {
    const sse = await readSse(api.url('sse/mute?interval=50&after=300'))
    await new Promise(resolve => setTimeout(resolve, 450))
    const seen = sse.events.length
    // 1 at once + one per 50 ms up to 300 ms (timers may run late, never early)
    expect(seen).toBeGreaterThanOrEqual(3)
    expect(seen).toBeLessThanOrEqual(8)
    await new Promise(resolve => setTimeout(resolve, 300))
    expect(sse.events).toHaveLength(seen)
    let ended = false
    void sse.finished.then(() => (ended = true))
    await new Promise(resolve => setTimeout(resolve, 50))
    expect(ended).toBe(false)
    sse.abort()
  })

  it('drops the connection ?hold= ms after going silent', async () => {
    const sse = await readSse(api.url(`sse/mute?at=${Date.now() + 100}&hold=100`))
    expect(await sse.finished).toBe('error')
    expect(sse.events.length).toBeGreaterThanOrEqual(1)
  })
})
