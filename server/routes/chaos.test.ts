import { describe, expect, it, vi } from 'vitest'
import { channel } from '../../test/helpers/channel'
import { getJson, openWs, readSse, useBackend } from '../testing'

const api = useBackend()

describe('chaos/drop', () => {
  it('cuts the SSE streams, long polls and WebSockets of one channel only', async () => {
    const ch = channel('drop')
    const other = channel('other')
    const sse = await readSse(api.url(`sse/ticker?channel=${ch}&interval=50`))
    const long = fetch(api.url(`poll/long?channel=${ch}&timeout=10000`)).then(() => 'answered', () => 'network error')
    const ws = await openWs(api.ws(`ws/silent?channel=${ch}`))
    const wsClosed = new Promise<number>(resolve => ws.on('close', resolve))
    const bystander = await readSse(api.url(`sse/ticker?channel=${other}&interval=50`))
    await vi.waitFor(async () => expect((await getJson(api.url(`stats?channel=${ch}`))).open).toEqual({ sse: 1, ws: 1, http: 1 }))

    expect(await getJson(api.url(`chaos/drop?channel=${ch}`), { method: 'POST' })).toEqual({ dropped: 3, channel: ch })
    expect(await sse.finished).toBe('error')
    expect(await long).toBe('network error')
    expect(await wsClosed).toBe(1006)
    await vi.waitFor(async () => expect((await getJson(api.url(`stats?channel=${ch}`))).open).toEqual({ sse: 0, ws: 0, http: 0 }))

    const count = bystander.events.length
    await vi.waitFor(() => expect(bystander.events.length).toBeGreaterThan(count + 1))
    bystander.abort()
  })

  it('without a channel cuts every channel', async () => {
    const a = await readSse(api.url(`sse/heartbeat?channel=${channel('all-a')}`))
    const b = await readSse(api.url(`sse/heartbeat?channel=${channel('all-b')}`))
    const { dropped } = await getJson(api.url('chaos/drop'))
    expect(dropped).toBeGreaterThanOrEqual(2)
    expect([await a.finished, await b.finished]).toEqual(['error', 'error'])
  })
})

describe('chaos/latency', () => {
  it('delays later responses and upgrades of the channel, not chaos or other channels; 0 clears', async () => {
    const ch = channel('latency')
    await getJson(api.url(`chaos/latency?channel=${ch}&ms=600`))
    const time = async (fn: () => Promise<unknown>) => {
      const started = Date.now()
      await fn()
      return Date.now() - started
    }
    expect(await time(() => getJson(api.url(`poll/counter?channel=${ch}`)))).toBeGreaterThanOrEqual(590)
    expect(await time(async () => (await openWs(api.ws(`ws/echo?channel=${ch}`))).close())).toBeGreaterThanOrEqual(590)
    expect(await time(() => getJson(api.url(`poll/counter?channel=${channel('fast')}`)))).toBeLessThan(500)
    expect(await time(() => getJson(api.url(`chaos/latency?channel=${ch}&ms=0`)))).toBeLessThan(500)
    expect(await time(() => getJson(api.url(`poll/counter?channel=${ch}`)))).toBeLessThan(500)
  })
})

describe('chaos/offline', () => {
  it('refuses new requests and upgrades of the channel with a network error for ms, then serves again', async () => {
    const ch = channel('offline')
    expect(await getJson(api.url(`chaos/offline?channel=${ch}&ms=400`))).toMatchObject({ channel: ch })
    await expect(fetch(api.url(`poll/counter?channel=${ch}`))).rejects.toThrow()
    await expect(openWs(api.ws(`ws/echo?channel=${ch}`))).rejects.toThrow()
    expect((await fetch(api.url(`poll/counter?channel=${channel('online')}`))).status).toBe(200)
    const stats = await getJson(api.url(`stats?channel=${ch}`))
    expect(stats.requests.map((r: any) => [r.route, r.refused])).toEqual([['poll/counter', true], ['ws/echo', true]])
    await vi.waitFor(async () => expect((await fetch(api.url(`poll/counter?channel=${ch}`))).status).toBe(200), { timeout: 3000, interval: 100 })
  })

  it('ms=0 clears it at once; global offline spares chaos routes', async () => {
    const ch = channel('clear')
    await getJson(api.url(`chaos/offline?channel=${ch}&ms=60000`))
    await expect(fetch(api.url(`poll/counter?channel=${ch}`))).rejects.toThrow()
    await getJson(api.url(`chaos/offline?channel=${ch}&ms=0`))
    expect((await fetch(api.url(`poll/counter?channel=${ch}`))).status).toBe(200)

    await getJson(api.url('chaos/offline?ms=60000'))
    try {
      await expect(fetch(api.url(`poll/counter?channel=${channel('any')}`))).rejects.toThrow()
      expect((await fetch(api.url('stats'))).status).toBe(200)
    }
    finally {
      await getJson(api.url('chaos/reset'))
    }
    expect((await fetch(api.url(`poll/counter?channel=${channel('any')}`))).status).toBe(200)
  })
})

describe('chaos/state and the state every chaos route answers', () => {
  it('reads back latency and a live offline window for a channel, and clears with reset', async () => {
    const ch = channel('state')
    expect(await getJson(api.url(`chaos/state?channel=${ch}`))).toMatchObject({ channel: ch, latency: 0, offlineUntil: 0 })
    const set = await getJson(api.url(`chaos/latency?channel=${ch}&ms=250`), { method: 'POST' })
    expect(set).toMatchObject({ channel: ch, latency: 250, offlineUntil: 0 })
    expect(typeof set.now).toBe('number')
    const offline = await getJson(api.url(`chaos/offline?channel=${ch}&ms=5000`), { method: 'POST' })
    expect(offline.offlineUntil - offline.now).toBeGreaterThan(4000)
    expect(offline.offlineUntil - offline.now).toBeLessThanOrEqual(5000)
    expect(offline.dropped).toBe(0)
    // what a reloaded page sees: the backend still delays and refuses
    expect(await getJson(api.url(`chaos/state?channel=${ch}`))).toMatchObject({ latency: 250, offlineUntil: offline.offlineUntil })
    expect(await getJson(api.url(`chaos/reset?channel=${ch}`), { method: 'POST' })).toMatchObject({ ok: true, channel: ch, latency: 0, offlineUntil: 0 })
    expect(await getJson(api.url(`chaos/state?channel=${ch}`))).toMatchObject({ latency: 0, offlineUntil: 0 })
  })

  it('reports an offline window that has passed as 0, and the global state without a channel', async () => {
    const ch = channel('passed')
    await getJson(api.url(`chaos/offline?channel=${ch}&ms=50`))
    await vi.waitFor(async () => expect((await getJson(api.url(`chaos/state?channel=${ch}`))).offlineUntil).toBe(0), { timeout: 3000, interval: 50 })
    expect(await getJson(api.url('chaos/state'))).toMatchObject({ channel: '*', latency: 0, offlineUntil: 0 })
  })
})

describe('chaos/offline ?drop=1', () => {
  it('also cuts the open connections of the channel (a server going down); without it they stay open', async () => {
    const ch = channel('down')
    const kept = await readSse(api.url(`sse/heartbeat?channel=${ch}&interval=50`))
    const first = await getJson(api.url(`chaos/offline?channel=${ch}&ms=60000`))
    expect(first.dropped).toBe(0)
    const comments = kept.comments.length
    await vi.waitFor(() => expect(kept.comments.length).toBeGreaterThan(comments))
    const down = await getJson(api.url(`chaos/offline?channel=${ch}&ms=60000&drop=1`))
    expect(down.dropped).toBe(1)
    expect(await kept.finished).toBe('error')
    await getJson(api.url(`chaos/reset?channel=${ch}`))
  })
})
