// useEventSource in real Chromium against the real demo backend (cross-origin, CORS).
import type { EffectScope } from 'vue'
import type { UseEventSourceOptions, UseEventSourceReturn } from 'vue-lifeline'
import { afterEach, describe, expect, inject, it } from 'vitest'
import { effectScope, nextTick, shallowRef, watch } from 'vue'
import { useEventSource } from 'vue-lifeline'
import { channel } from '../../../test/helpers/channel'
import { setDocumentHidden } from '../../../test/helpers/visibility'

const base = inject('backendUrl')
const api = (path: string, ch: string) => `${base}/__lifeline/${path}${path.includes('?') ? '&' : '?'}channel=${ch}`

interface Stats {
  open: { sse: number }
  opened: { sse: number }
  closed: { sse: number }
  requests: { route: string, method: string, at: number, headers: Record<string, string | null> }[]
}
const stats = async (ch: string): Promise<Stats> => (await fetch(api('stats', ch))).json()
const drop = (ch: string) => fetch(api('chaos/drop', ch), { method: 'POST' })

const scopes: EffectScope[] = []
afterEach(() => {
  scopes.splice(0).forEach(s => s.stop())
  setDocumentHidden(false)
})

/** Runs `useEventSource` in its own effect scope (stopped after the test) and records every status. */
function use<D = any>(url: Parameters<typeof useEventSource>[0], events: string[], options: UseEventSourceOptions<D> = {}) {
  const scope = effectScope()
  scopes.push(scope)
  const statuses: string[] = []
  const r = scope.run(() => {
    const r = useEventSource<string[], D>(url, events, options)
    statuses.push(r.status.value)
    watch(r.status, s => statuses.push(s), { flush: 'sync' })
    return r
  }) as UseEventSourceReturn<string[], D>
  return { r, scope, statuses }
}

const POLL = { timeout: 15_000, interval: 20 }

describe.each(['fetch', 'native'] as const)('useEventSource (%s mode)', (mode) => {
  it('resumes across 10 forced drops: every event exactly once, in order', async () => {
    const ch = channel(`resume-${mode}`)
    const received: number[] = []
    const { r } = use<{ n: number }>(api('sse/ticker?interval=40&retry=50', ch), [], {
      mode,
      json: true,
      // the point here is exactly-once resume, not backoff growth: drops come faster than any sane
      // minUptime, so cap the waits (the count keeps growing; the cap keeps the test fast)
      retry: { initialDelay: 50, maxDelay: 200 },
      minUptime: 100,
      onMessage: m => received.push(m.data.n),
    })
    expect(r.status.value).toBe('connecting')
    for (let i = 0; i < 10; i++) {
      const before = received.length
      await expect.poll(() => r.status.value === 'open' && received.length >= before + 3, POLL).toBe(true)
      const { dropped } = await (await drop(ch)).json()
      expect(dropped).toBe(1)
    }
    const before = received.length
    await expect.poll(() => r.status.value === 'open' && received.length >= before + 3, POLL).toBe(true)
    r.close()
    const s = await stats(ch)
    const tickerRequests = s.requests.filter(q => q.route === 'sse/ticker')
    const sent = received.at(-1)!
    const duplicated = received.length - new Set(received).size
    console.info(`[resume ${mode}] drops: 10, connections: ${tickerRequests.length}, events sent (ids 1..${sent}): ${sent}, received: ${received.length}, duplicated: ${duplicated}, lost: ${sent - new Set(received).size}`)
    expect(received).toEqual(Array.from({ length: sent }, (_, i) => i + 1))
    expect(tickerRequests).toHaveLength(11)
    // every reconnect asked to resume after the last event received before the drop
    const ids = tickerRequests.map(q => q.headers['last-event-id'])
    expect(ids[0]).toBe(null)
    expect(ids.slice(1).every(id => id !== null && Number(id) > 0)).toBe(true)
    expect(r.lastEventId.value).toBe(String(sent))
  })

  it('malformed input: typed errors, no crash, the good events still arrive', async () => {
    const ch = channel(`malformed-${mode}`)
    const errors: string[] = []
    const good: number[] = []
    const { r } = use<{ n: number }>(api('sse/malformed?size=5000&good=3', ch), ['invalid-json', 'oversized'], {
      mode,
      json: true,
      maxMessageSize: 1000,
      onError: e => errors.push(e.code),
      onMessage: m => good.push(m.data.n),
    })
    await expect.poll(() => good, POLL).toEqual([1, 2, 3])
    expect(r.status.value).toBe('open')
    expect(r.data.value).toEqual({ n: 3 })
    expect(errors).toContain('PARSE')
    expect(errors).toContain('MESSAGE_TOO_LARGE')
    if (mode === 'fetch') // native EventSource ignores bad lines without telling; the fetch reader reports them
      expect(errors.filter(c => c === 'PARSE').length).toBeGreaterThan(1)
  })

  it('a bad content type and a 204 fail at once, without retry', async () => {
    const ch = channel(`fatal-${mode}`)
    // Chromium sniffs a text/plain response (up to 512 bytes) before EventSource sees it: send bytes quickly
    const bad = use(api('sse/ticker?interval=20&contentType=text/plain', ch), [], { mode })
    const empty = use(api('sse/status/204', ch), [], { mode })
    await expect.poll(() => [bad.r.status.value, empty.r.status.value], POLL).toEqual(['failed', 'failed'])
    if (mode === 'fetch') {
      expect(bad.r.error.value?.code).toBe('BAD_CONTENT_TYPE')
      expect(empty.r.error.value).toMatchObject({ code: 'HTTP_STATUS', status: 204 })
    }
    await new Promise(resolve => setTimeout(resolve, 1500))
    expect((await stats(ch)).requests).toHaveLength(2)
  })

  it('disposing the scope aborts the request: the server sees the socket close', async () => {
    const ch = channel(`dispose-${mode}`)
    const { r, scope } = use(api('sse/ticker?interval=100', ch), [], { mode })
    await expect.poll(() => r.status.value, POLL).toBe('open')
    expect((await stats(ch)).open.sse).toBe(1)
    scope.stop()
    await expect.poll(async () => (await stats(ch)).closed.sse, POLL).toBe(1)
    expect((await stats(ch)).open.sse).toBe(0)
  })

  it('close() during the backoff wait cancels the retry: no further request', async () => {
    const ch = channel(`close-backoff-${mode}`)
    // the stream ends after one event; the server's retry: asks for 1.5 s before reconnecting
    const { r, statuses } = use(api('sse/ticker?count=1&retry=1500', ch), [], { mode, retry: { initialDelay: 1500, jitter: false } })
    await expect.poll(() => r.status.value, POLL).toBe('reconnecting')
    r.close()
    expect(r.status.value).toBe('closed')
    await new Promise(resolve => setTimeout(resolve, 2500))
    expect((await stats(ch)).requests).toHaveLength(1)
    expect(statuses).toEqual(['connecting', 'open', 'reconnecting', 'closed'])
  })
})

describe('useEventSource', () => {
  it('native mode: the browser\'s silent retry shows as reconnecting (never closed), the attempt count resets after a healthy open', async () => {
    const ch = channel('native-retry')
    const { r, statuses } = use<{ n: number }>(api('sse/ticker?interval=50&retry=100', ch), [], { mode: 'native', json: true, minUptime: 300 })
    await expect.poll(() => r.data.value?.n ?? 0, POLL).toBeGreaterThanOrEqual(2)
    expect(r.eventSource.value).toBeInstanceOf(EventSource)
    const es = r.eventSource.value
    await drop(ch)
    await expect.poll(() => statuses.includes('reconnecting'), POLL).toBe(true)
    expect(r.attempt.value).toBe(1)
    const n = r.data.value!.n
    await expect.poll(() => r.data.value!.n, POLL).toBeGreaterThan(n + 1)
    // healthy for minUptime (300 ms here) → the count resets
    await expect.poll(() => r.attempt.value, POLL).toBe(0)
    expect(r.eventSource.value).toBe(es) // the same EventSource reconnected by itself, with Last-Event-ID
    expect(statuses).toEqual(['connecting', 'open', 'reconnecting', 'open'])
    expect((await stats(ch)).requests.map(q => q.headers['last-event-id'])[1]).toBe(String(n))
  })

  it('close() then open() during a retry leaves exactly one connection (VueUse #5625) and ignores the old one (#5596)', async () => {
    const ch = channel('native-reopen')
    const { r } = use<{ n: number }>(api('sse/ticker?interval=50', ch), [], { mode: 'native', json: true })
    await expect.poll(() => r.status.value, POLL).toBe('open')
    const first = r.eventSource.value!
    r.close()
    r.open()
    r.open()
    await expect.poll(() => r.status.value, POLL).toBe('open')
    expect(first.readyState).toBe(EventSource.CLOSED)
    await new Promise(resolve => setTimeout(resolve, 500))
    expect((await stats(ch)).open.sse).toBe(1)
  })

  it('idle timeout fires on a silent stream, not on a comment-only heartbeat', async () => {
    const ch = channel('idle')
    const silent = use(api('sse/heartbeat?interval=60000', ch), [], { idleTimeout: 400, retry: { initialDelay: 5000, jitter: false } })
    // comments every 100 ms against a 1 s limit: a wide margin on a loaded machine
    const beating = use(api('sse/heartbeat?interval=100', ch), [], { idleTimeout: 1000 })
    await expect.poll(() => silent.r.error.value?.code, POLL).toBe('IDLE_TIMEOUT')
    expect(silent.r.status.value).toBe('reconnecting')
    await new Promise(resolve => setTimeout(resolve, 2500))
    expect(beating.r.status.value).toBe('open')
    expect(beating.statuses).toEqual(['connecting', 'open'])
    expect(beating.r.error.value).toBe(null)
  })

  it('AI chat: POST the prompt, accumulate the tokens, end cleanly at [DONE]', async () => {
    const ch = channel('chat')
    const prompt = shallowRef('hello there')
    const { r, statuses } = use(api('sse/chat?delay=5', ch), [], { method: 'POST', body: () => ({ prompt: prompt.value }), done: true, accumulate: true })
    expect(r.eventSource.value).toBe(null)
    await expect.poll(() => r.status.value, POLL).toBe('closed')
    expect(r.text.value).toBe('You said "hello there". This reply is streamed one token at a time by the lifeline demo backend, so the client can render it as it arrives.')
    expect(statuses).toEqual(['connecting', 'open', 'closed'])
    prompt.value = 'again'
    r.open()
    expect(r.text.value).toBe('')
    await expect.poll(() => r.status.value, POLL).toBe('closed')
    expect(r.text.value).toContain('You said "again".')
    const posts = (await stats(ch)).requests.filter(q => q.route === 'sse/chat')
    expect(posts.map(q => q.method)).toEqual(['POST', 'POST'])
  })

  it('AI chat: Stop (close) aborts the request mid-stream', async () => {
    const ch = channel('chat-stop')
    const { r } = use(api('sse/chat?delay=100', ch), [], { method: 'POST', body: { prompt: 'stop me' }, done: true, accumulate: true })
    await expect.poll(() => r.text.value.length, POLL).toBeGreaterThan(0)
    r.close()
    const text = r.text.value
    await expect.poll(async () => (await stats(ch)).closed.sse, POLL).toBe(1)
    await new Promise(resolve => setTimeout(resolve, 300))
    expect(r.text.value).toBe(text)
    expect(r.status.value).toBe('closed')
  })

  it('an async header provider is called per attempt (fresh token)', async () => {
    const ch = channel('headers')
    let n = 0
    const { r } = use(api('sse/ticker?interval=50&retry=50', ch), [], { headers: async () => ({ Authorization: `Bearer t${++n}` }), retry: { initialDelay: 50 } })
    await expect.poll(() => r.status.value, POLL).toBe('open')
    await drop(ch)
    await expect.poll(async () => (await stats(ch)).requests.filter(q => q.route === 'sse/ticker').map(q => q.headers.authorization), POLL).toEqual(['Bearer t1', 'Bearer t2'])
  })

  it('opt-in retry on 503 honours Retry-After', async () => {
    const ch = channel('retry-after')
    const { r } = use(api('sse/status/503?retryAfter=1', ch), [], { retryOnStatus: true, retry: { initialDelay: 10, retries: 1 } })
    await expect.poll(() => r.status.value, POLL).toBe('failed')
    expect(r.error.value?.code).toBe('RETRY_LIMIT')
    const [a, b] = (await stats(ch)).requests
    expect(b!.at - a!.at).toBeGreaterThanOrEqual(950)
  })

  it('shared: one connection for many callers', async () => {
    const ch = channel('shared')
    const url = api('sse/ticker?interval=50', ch)
    const a = use<{ n: number }>(url, [], { shared: true, json: true })
    const b = use<{ n: number }>(url, [], { shared: true, json: true })
    await expect.poll(() => (b.r.data.value?.n ?? 0) >= 2 && (a.r.data.value?.n ?? 0) >= 2, POLL).toBe(true)
    expect((await stats(ch)).opened.sse).toBe(1)
    a.scope.stop()
    await nextTick()
    const n = b.r.data.value!.n
    await expect.poll(() => b.r.data.value!.n, POLL).toBeGreaterThan(n)
  })

  it('a reactive URL reconnects to the new one', async () => {
    const ch = channel('reactive-url')
    const url = shallowRef(api('sse/ticker?interval=50&start=100', ch))
    const { r } = use<{ n: number }>(url, [], { json: true })
    await expect.poll(() => r.data.value?.n, POLL).toBeGreaterThanOrEqual(100)
    url.value = api('sse/ticker?interval=50&start=500', ch)
    await expect.poll(() => r.data.value?.n, POLL).toBeGreaterThanOrEqual(500)
    await expect.poll(async () => (await stats(ch)).open.sse, POLL).toBe(1)
    // one request per URL: the change restarts the stream once
    expect((await stats(ch)).requests.map(q => q.route)).toEqual(['sse/ticker', 'sse/ticker'])
  })

  it('pauseWhenHidden: paused while hidden (the server sees the close), resumes with Last-Event-ID', async () => {
    const ch = channel('hidden')
    const { r, statuses } = use<{ n: number }>(api('sse/ticker?interval=50', ch), [], { json: true, pauseWhenHidden: true })
    await expect.poll(() => r.data.value?.n ?? 0, POLL).toBeGreaterThanOrEqual(2)
    setDocumentHidden(true)
    expect(r.status.value).toBe('paused')
    await expect.poll(async () => (await stats(ch)).open.sse, POLL).toBe(0)
    const last = r.lastEventId.value
    setDocumentHidden(false)
    await expect.poll(() => r.status.value, POLL).toBe('open')
    expect(statuses).toEqual(['connecting', 'open', 'paused', 'connecting', 'open'])
    await expect.poll(async () => (await stats(ch)).requests.at(-1)?.headers['last-event-id'], POLL).toBe(last)
  })
})
