// Issue 9, "Why" items where a browser behaves differently, in Chromium against the real demo backend:
// #3 huge delays (the page's own `setTimeout` turns anything above 2³¹−1 ms into ~0 ms; native
// `EventSource` applies a server `retry:` itself), #5 a relative URL (valid on a page: it resolves
// against `location`), #10 `maxMessageSize` in native mode (only a browser has a native `EventSource`).
import { describe, expect, it } from 'vitest'
import { useEventSource, usePolling, useWebSocketAuto } from 'vue-lifeline'
import { MAX_DELAY } from 'vue-lifeline/core'
import { channel } from '../helpers/channel'
import { api, POLL, requests, scoped, sleep, stats } from './page'

describe('issue 9 #3 in Chromium: huge delays never become a request loop', () => {
  it.each(['fetch', 'native'] as const)('useEventSource (%s mode): a server `retry: 3000000000` brings no second request', async (mode) => {
    const ch = channel(`k3b-sse-${mode}`)
    const r = scoped(() => useEventSource(api('sse/retry', ch, 'retry=3000000000'), { mode }))
    await expect.poll(() => r.status.value, POLL).toBe('reconnecting')
    // fetch mode waits on a timer of ours, clamped; native mode: the browser waits, `retryIn` is unknown
    expect(r.retryIn.value).toBe(mode === 'fetch' ? MAX_DELAY : null)
    await sleep(1500)
    expect(await requests(ch, 'sse/retry')).toHaveLength(1)
    expect(r.status.value).toBe('reconnecting')
  })

  it('usePolling: `Retry-After: 3000000` (seconds) on a failed poll brings no second request', async () => {
    const ch = channel('k3b-poll-ra')
    const r = scoped(() => usePolling(api('poll/counter', ch, 'fail=5&retryAfter=3000000')))
    await expect.poll(() => r.status.value, POLL).toBe('reconnecting')
    expect(r.retryIn.value).toBe(MAX_DELAY)
    await sleep(1500)
    expect(await requests(ch, 'poll/counter')).toHaveLength(1)
  })

  it('usePolling: interval Number.MAX_SAFE_INTEGER polls once', async () => {
    const ch = channel('k3b-poll-interval')
    const r = scoped(() => usePolling(api('poll/counter', ch), { interval: Number.MAX_SAFE_INTEGER }))
    await expect.poll(() => r.status.value, POLL).toBe('open')
    await sleep(1000)
    expect(await requests(ch, 'poll/counter')).toHaveLength(1)
  })

  it('useWebSocketAuto: heartbeat.interval and connectTimeout of Number.MAX_SAFE_INTEGER: no ping, no timeout', async () => {
    const ch = channel('k3b-ws')
    const huge = Number.MAX_SAFE_INTEGER
    const r = scoped(() => useWebSocketAuto(api('ws/pong', ch).replace(/^http/, 'ws'), { heartbeat: { interval: huge, timeout: huge }, connectTimeout: huge }))
    await expect.poll(() => r.status.value, POLL).toBe('open')
    await sleep(1000)
    const seen = await stats(ch)
    expect([r.status.value, seen.opened.ws, seen.wsReceived]).toEqual(['open', 1, []])
  })
})

describe('issue 9 #5 in Chromium: a relative URL resolves against the page, an unusable one is still refused', () => {
  // the test page's own origin mounts the demo backend too (vite.config.ts), so relative URLs reach it
  const relative = (route: string, ch: string, query = ''): string => api(route, ch, query, '')

  it.each(['fetch', 'native'] as const)('useEventSource (%s mode)', async (mode) => {
    const ch = channel(`k5b-sse-${mode}`)
    const r = scoped(() => useEventSource(relative('sse/ticker', ch, 'interval=60000'), { mode }))
    await expect.poll(() => r.status.value, POLL).toBe('open')
    const refused = scoped(() => useEventSource('ftp://files.test/stream', { mode }))
    expect(refused.error.value).toMatchObject({ code: 'INVALID_OPTION', option: 'url' })
  })

  it('useWebSocketAuto and usePolling', async () => {
    const ch = channel('k5b-ws-poll')
    const ws = scoped(() => useWebSocketAuto(relative('ws/echo', ch)))
    const polled = scoped(() => usePolling(relative('poll/counter', ch), { interval: 60_000 }))
    await expect.poll(() => [ws.status.value, polled.status.value], POLL).toEqual(['open', 'open'])
    expect(polled.data.value).toMatchObject({ n: 1 })
    const refused = [scoped(() => useWebSocketAuto('')), scoped(() => usePolling('ftp://files.test/'))]
    expect(refused.map(r => [r.status.value, r.error.value?.option])).toEqual([['failed', 'url'], ['failed', 'url']])
  })
})

describe.each(['fetch', 'native'] as const)('issue 9 #10 in Chromium (%s mode): maxMessageSize is the UTF-8 byte size of one event\'s data', (mode) => {
  it('an event of exactly maxMessageSize bytes passes, one byte more is MESSAGE_TOO_LARGE (sse/malformed)', async () => {
    const size = 1000
    for (const [max, delivered] of [[size, true], [size - 1, false]] as const) {
      const ch = channel(`k10b-${mode}-${max}`)
      const sizes: number[] = []
      const codes: string[] = []
      const r = scoped(() => useEventSource(api('sse/malformed', ch, `size=${size}&good=1`), ['oversized'], {
        mode,
        maxMessageSize: max,
        onMessage: m => sizes.push(m.raw.length),
        onError: e => codes.push(e.code),
      }))
      // the good event after it proves the oversized one was read (or dropped) by then
      await expect.poll(() => r.lastEventId.value, POLL).toBe('1')
      expect(sizes.includes(size)).toBe(delivered)
      expect(codes.filter(c => c === 'MESSAGE_TOO_LARGE')).toHaveLength(delivered ? 0 : 1)
    }
  })

  it('bytes, not characters: a 14-byte token of 9 characters needs maxMessageSize 14 (sse/chat)', async () => {
    // `You said "ééééé".` is streamed as tokens; ` "ééééé".` is 9 characters, 14 bytes; every other token is ≤ 9 bytes
    for (const [max, tooLarge] of [[14, 0], [13, 1]] as const) {
      const ch = channel(`k10b-chat-${mode}-${max}`)
      const tokens: string[] = []
      const codes: string[] = []
      const r = scoped(() => useEventSource(api('sse/chat', ch, `prompt=${encodeURIComponent('ééééé')}&delay=0`), {
        mode,
        maxMessageSize: max,
        done: '[DONE]',
        onMessage: m => tokens.push(m.data),
        onError: e => codes.push(e.code),
      }))
      await expect.poll(() => r.status.value, POLL).toBe('closed')
      expect(tokens.includes(' "ééééé".')).toBe(tooLarge === 0)
      expect(codes).toEqual(Array.from({ length: tooLarge }, () => 'MESSAGE_TOO_LARGE'))
    }
  })
})
