// `shared: 'browser'` in Node (issue 10): no Web Locks, and either Node's own BroadcastChannel or none
// at all. Callers in one process share one connection either way; without BroadcastChannel the tabs
// code says once, in development, that every tab keeps its own connection. Real demo backend.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { countingWebSocket, liveBackend, poll } from '../../test/kernel/live'
import { channel } from '../../test/helpers/channel'
import { inScope, stopScopes } from '../../test/helpers/scopes'
import { useEventSource, useWebSocketAuto } from '../index'

const live = liveBackend()

afterEach(() => {
  stopScopes()
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
})

describe('shared: \'browser\' in Node', () => {
  it('two callers, one stream: both see every event, the backend one connection', async () => {
    const ch = channel('node-browser-sse')
    const url = live.http('sse/ticker', ch, 'interval=50')
    const a = inScope(() => useEventSource<{ n: number }>(url, { shared: 'browser', json: true, fetch }))
    const b = inScope(() => useEventSource<{ n: number }>(url, { shared: 'browser', json: true, fetch }))
    await expect.poll(() => [a.data.value?.n ?? 0, b.data.value?.n ?? 0].every(n => n >= 3), poll).toBe(true)
    expect(a.status.value).toBe('open')
    expect(b.status.value).toBe('open')
    expect((await live.stats(ch)).opened.sse).toBe(1)
    // one caller closes: it detaches, the other goes on
    a.close()
    expect(a.status.value).toBe('closed')
    const n = b.data.value!.n
    await expect.poll(() => b.data.value!.n, poll).toBeGreaterThan(n + 2)
    expect((await live.stats(ch)).open.sse).toBe(1)
    // the last caller's close() lets go at once: the grace time (1 s) is for a component that remounts
    b.close()
    await expect.poll(() => live.stats(ch).then(stats => stats.open.sse), { timeout: 700, interval: 25 }).toBe(0)
  })

  it('the last caller\'s scope disposal keeps the connection for the grace time, so a remount reuses it', async () => {
    const ch = channel('node-browser-remount')
    const url = live.http('sse/ticker', ch, 'interval=50')
    const a = inScope(() => useEventSource<{ n: number }>(url, { shared: 'browser', json: true, fetch }))
    await expect.poll(() => a.data.value?.n ?? 0, poll).toBeGreaterThan(1)
    stopScopes()
    await new Promise(resolve => setTimeout(resolve, 300))
    expect((await live.stats(ch)).open.sse).toBe(1)
    const b = inScope(() => useEventSource<{ n: number }>(url, { shared: 'browser', json: true, fetch }))
    await expect.poll(() => b.data.value?.n ?? 0, poll).toBeGreaterThan(a.data.value!.n)
    expect((await live.stats(ch)).opened.sse).toBe(1)
  })

  it('without BroadcastChannel: one development warning, and the callers still share one socket in this page', async () => {
    vi.stubGlobal('BroadcastChannel', undefined)
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const ch = channel('node-browser-alone')
    const { WebSocket, urls } = countingWebSocket()
    const url = live.ws('ws/echo', ch)
    const a = inScope(() => useWebSocketAuto(url, { shared: 'browser', json: true, WebSocket }))
    const b = inScope(() => useWebSocketAuto(url, { shared: 'browser', json: true, WebSocket }))
    await expect.poll(() => a.status.value === 'open' && b.status.value === 'open', poll).toBe(true)
    expect(urls).toHaveLength(1)
    expect(b.send({ type: 'hi', data: 1 })).toBe(true)
    await expect.poll(() => a.data.value, poll).toEqual({ type: 'hi', data: 1 })
    const tabs = warn.mock.calls.filter(call => String(call[0]).includes('BroadcastChannel'))
    expect(tabs).toHaveLength(1)
  })
})
