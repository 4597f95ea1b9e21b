import { describe, expect, it, vi } from 'vitest'
import WebSocket from 'ws'
import { channel } from '../../test/helpers/channel'
import { closeOf, getJson, openWs, useBackend } from '../testing'
import { isSendableCloseCode } from './ws'

const api = useBackend()

describe('ws routes', () => {
  it('ws/echo echoes text and binary frames, logs text frames and counts the socket', async () => {
    const ch = channel('echo')
    const ws = await openWs(api.ws(`ws/echo?channel=${ch}`))
    const got = ws.got
    ws.send('one')
    ws.send(Buffer.from([1, 2, 3]))
    ws.send('two')
    await vi.waitFor(() => expect(got).toEqual(['one', '<binary 3>', 'two']))
    const stats = await getJson(api.url(`stats?channel=${ch}`))
    expect(stats.wsReceived).toEqual(['one', 'two'])
    expect(stats.open.ws).toBe(1)
    expect(stats.opened.ws).toBe(1)
    expect(stats.requests[0]).toMatchObject({ route: 'ws/echo', method: 'GET' })
    ws.close()
    await closeOf(ws)
    await vi.waitFor(async () => expect((await getJson(api.url(`stats?channel=${ch}`))).closed.ws).toBe(1))
  })

  it('ws/ticker sends {type: tick, data: {n}} at once and every interval', async () => {
    const ws = await openWs(api.ws('ws/ticker?interval=20&count=3'))
    const got = ws.got
    await vi.waitFor(() => expect(got).toHaveLength(3))
    expect(got.map(m => JSON.parse(m))).toEqual([1, 2, 3].map(n => ({ type: 'tick', data: { n } })))
    ws.close()
  })

  it('ws/ticker?rate= holds that many messages a second, numbered without gaps, and ?count= still stops it', async () => {
    const ws = await openWs(api.ws('ws/ticker?rate=2000'))
    const got = ws.got
    const started = performance.now()
    await new Promise(resolve => setTimeout(resolve, 500))
    const elapsed = performance.now() - started
    ws.close()
    const ns = got.map(m => JSON.parse(m).data.n as number)
    expect(ns).toEqual(ns.map((_, i) => i + 1))
    // 2,000/s for ~0.5 s: about 1,000 (timers on a loaded machine are late, the clock-based bursts catch up)
    expect(ns.length).toBeGreaterThan(2000 * elapsed / 1000 * 0.6)
    expect(ns.length).toBeLessThanOrEqual(Math.ceil(2000 * (performance.now() - started) / 1000) + 1)

    const counted = await openWs(api.ws('ws/ticker?rate=5000&count=300'))
    await vi.waitFor(() => expect(counted.got).toHaveLength(300))
    await new Promise(resolve => setTimeout(resolve, 50))
    expect(counted.got).toHaveLength(300)
    counted.close()
  })

  it('ws/ticker refuses a ?rate= out of range with 400 naming it', async () => {
    for (const rate of ['0', '20001', 'fast'])
      await expect(openWs(api.ws(`ws/ticker?rate=${rate}`))).rejects.toThrow(/400/)
  })

  it('ws/pong answers the ping message, echoes others, and goes silent after ?pongs=', async () => {
    const ws = await openWs(api.ws('ws/pong?ping=PING&pong=PONG&pongs=1'))
    const got = ws.got
    ws.send('PING')
    ws.send('hello')
    ws.send('PING')
    ws.send('last')
    await vi.waitFor(() => expect(got).toEqual(['PONG', 'hello', 'last']))
    ws.close()
    const plain = await openWs(api.ws('ws/pong'))
    const replies = plain.got
    plain.send('ping')
    await vi.waitFor(() => expect(replies).toEqual(['pong']))
    plain.close()
  })

  it('ws/silent accepts and never sends', async () => {
    const ch = channel('silent')
    const ws = await openWs(api.ws(`ws/silent?channel=${ch}`))
    const got = ws.got
    ws.send('ping')
    await vi.waitFor(async () => expect((await getJson(api.url(`stats?channel=${ch}`))).wsReceived).toEqual(['ping']))
    await new Promise(resolve => setTimeout(resolve, 100))
    expect(got).toEqual([])
    ws.close()
  })

  it.each([1000, 1001, 1008, 1011, 4001])('ws/close/%i closes with that code and reason', async (code) => {
    const ws = await openWs(api.ws(`ws/close/${code}?reason=bye%20now&after=10`))
    expect(await closeOf(ws)).toEqual({ code, reason: 'bye now' })
  })

  it('ws/close refuses codes that may not be sent, with 400 on the handshake', async () => {
    for (const code of ['1005', '1006', '1015', '2000', '5000', 'x'])
      await expect(openWs(api.ws(`ws/close/${code}`)), code).rejects.toThrow('handshake answered 400')
    expect([999, 1004, 1005, 1006, 1015, 2999, 5000].some(isSendableCloseCode)).toBe(false)
  })

  it('ws/oversized sends the big frame, a non-JSON frame, then {type: ok}', async () => {
    const ws = await openWs(api.ws('ws/oversized?bytes=100000'))
    const got = ws.got
    await vi.waitFor(() => expect(got).toHaveLength(3))
    expect(got[0]).toHaveLength(100_000)
    expect(JSON.parse(got[0]).type).toBe('big')
    expect(() => JSON.parse(got[1])).toThrow()
    expect(JSON.parse(got[2])).toEqual({ type: 'ok' })
    ws.close()
  })

  it('ws/oversized defaults to a 2 000 000 byte frame', async () => {
    const ws = await openWs(api.ws('ws/oversized'))
    const got = ws.got
    await vi.waitFor(() => expect(got).toHaveLength(3), { timeout: 5000 })
    expect(got[0]).toHaveLength(2_000_000)
    ws.close()
  })

  it('ws/hang never completes the upgrade (no open within 1 s), and chaos/drop ends it', async () => {
    const ch = channel('hang')
    const ws = new WebSocket(api.ws(`ws/hang?channel=${ch}`))
    let opened = false
    ws.on('open', () => (opened = true))
    ws.on('error', () => {})
    await new Promise(resolve => setTimeout(resolve, 1000))
    expect(opened).toBe(false)
    expect(ws.readyState).toBe(WebSocket.CONNECTING)
    const stats = await getJson(api.url(`stats?channel=${ch}`))
    expect(stats.requests.map((r: any) => r.route)).toEqual(['ws/hang'])
    expect(stats.open.ws).toBe(0)
    const closed = new Promise(resolve => ws.on('close', resolve))
    expect(await getJson(api.url(`chaos/drop?channel=${ch}`))).toMatchObject({ dropped: 1 })
    await closed
    expect(opened).toBe(false)
  })

  it('answers an unknown ws path with 404 on the handshake', async () => {
    await expect(openWs(api.ws('ws/nope'))).rejects.toThrow('handshake answered 404')
    await expect(openWs(api.ws('ws/ticker?interval=0'))).rejects.toThrow('handshake answered 400')
  })
})
