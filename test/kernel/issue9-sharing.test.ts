// Issue 9, "Why" item 8 as a regression test (Node, real demo backend): a shared composable that moves
// to a new key releases the old connection at once; the grace time is for remounts, not for moves.
import { afterEach, describe, expect, it } from 'vitest'
import { shallowRef } from 'vue'
import { registry } from '../../src/core'
import { useEventSource, usePolling, useWebSocketAuto } from '../../src/index'
import { channel } from '../helpers/channel'
import { inScope, stopScopes } from '../helpers/scopes'
import { countingFetch, countingWebSocket, liveBackend, poll, sleep } from './live'

const live = liveBackend()
const MOVES = 10

afterEach(() => {
  stopScopes()
})

/** The registry keys of one kind of connection (`sse`, `ws`, `poll`). */
const keys = (kind: string): string[] => registry.keys().filter(k => k.startsWith(`${kind} `))

describe('issue 9 #8: shared: true with a changing URL keeps one connection, not one per URL', () => {
  it('useEventSource: ten URL changes leave one live stream (server side) and one registry entry', async () => {
    const ch = channel('k8-sse')
    const url = shallowRef(live.http('sse/ticker', ch, 'interval=60000&v=0'))
    const r = inScope(() => useEventSource(url, { shared: true, fetch: countingFetch().fetch }))
    for (let v = 1; v <= MOVES; v++) {
      await expect.poll(() => r.status.value, poll).toBe('open')
      url.value = live.http('sse/ticker', ch, `interval=60000&v=${v}`)
    }
    await expect.poll(() => r.status.value, poll).toBe('open')
    expect(keys('sse')).toHaveLength(1)
    await expect.poll(async () => (await live.stats(ch)).open.sse, poll).toBe(1)
    expect((await live.stats(ch)).opened.sse).toBe(MOVES + 1)
  })

  it('useWebSocketAuto: ten URL changes leave one live socket (server side) and one registry entry', async () => {
    const ch = channel('k8-ws')
    const url = shallowRef(live.ws('ws/echo', ch, 'v=0'))
    const r = inScope(() => useWebSocketAuto(url, { shared: true, WebSocket: countingWebSocket().WebSocket }))
    for (let v = 1; v <= MOVES; v++) {
      await expect.poll(() => r.status.value, poll).toBe('open')
      url.value = live.ws('ws/echo', ch, `v=${v}`)
    }
    await expect.poll(() => r.status.value, poll).toBe('open')
    expect(keys('ws')).toHaveLength(1)
    await expect.poll(async () => (await live.stats(ch)).open.ws, poll).toBe(1)
  })

  it('usePolling: ten URL changes leave one loop: only the last URL is requested afterwards', async () => {
    const ch = channel('k8-poll')
    const url = shallowRef(live.http('poll/counter', ch, 'v=0'))
    const r = inScope(() => usePolling(url, { shared: true, interval: 50 }))
    for (let v = 1; v <= MOVES; v++) {
      await expect.poll(() => r.status.value, poll).toBe('open')
      url.value = live.http('poll/counter', ch, `v=${v}`)
    }
    await expect.poll(() => r.status.value, poll).toBe('open')
    expect(keys('poll')).toHaveLength(1)
    const before = (await live.stats(ch)).requests.length
    await sleep(500)
    const later = (await live.stats(ch)).requests.slice(before) as { query: { v: string } }[]
    expect(later.length).toBeGreaterThan(2)
    expect(new Set(later.map(req => req.query.v))).toEqual(new Set([String(MOVES)]))
  })

  it('a remount within the grace time keeps the same connection; after it, the connection closes', async () => {
    const ch = channel('k8-remount')
    const url = live.http('sse/ticker', ch, 'interval=60000')
    const first = inScope(() => useEventSource(url, { shared: true, fetch: countingFetch().fetch }))
    await expect.poll(() => first.status.value, poll).toBe('open')
    first.scope.stop()
    const second = inScope(() => useEventSource(url, { shared: true, fetch: countingFetch().fetch }))
    expect(second.status.value).toBe('open')
    await sleep(300)
    expect((await live.stats(ch)).opened.sse).toBe(1)
    second.scope.stop()
    await expect.poll(async () => (await live.stats(ch)).open.sse, poll).toBe(0)
    expect(keys('sse')).toEqual([])
  })
})
