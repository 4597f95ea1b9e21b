/* eslint-disable vue/one-component-per-file -- a list component and its child, for the 100-sockets case */
// The proof: real Chromium, real WebSocket, the real demo backend (cross-origin, 127.0.0.1).
import type { UseWebSocketAutoOptions, UseWebSocketAutoReturn } from 'vue-lifeline'
import { afterEach, expect, inject, test } from 'vitest'
import { render } from 'vitest-browser-vue'
import { defineComponent, effectScope, h } from 'vue'
import { useWebSocketAuto } from 'vue-lifeline'
import { channel } from '../../../test/helpers/channel'
import { setDocumentHidden } from '../../../test/helpers/visibility'

const base = inject('backendUrl')
const ws = (path: string, ch: string, query = ''): string => `${base.replace(/^http/, 'ws')}/__lifeline/${path}?channel=${ch}${query}`
const stats = async (ch: string): Promise<any> => (await fetch(`${base}/__lifeline/stats?channel=${ch}`)).json()
/** Drops every connection of the channel; resolves with how many there were. */
const drop = async (ch: string): Promise<number> => {
  const response = await fetch(`${base}/__lifeline/chaos/drop?channel=${ch}`, { method: 'POST' })
  return (await response.json() as { dropped: number }).dropped
}
const sleep = (ms: number): Promise<void> => new Promise(resolve => setTimeout(resolve, ms))

const scopes: ReturnType<typeof effectScope>[] = []
// `commands.setOffline` takes Vitest's own RPC socket down with the page (the run hangs), so the
// connectivity change is played on the page: `navigator.onLine` plus the real `offline`/`online` events.
function setOnline(online: boolean): void {
  Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => online })
  window.dispatchEvent(new Event(online ? 'online' : 'offline'))
}

afterEach(() => {
  scopes.splice(0).forEach(s => s.stop())
  setDocumentHidden(false)
  setOnline(true)
})

function use<T = any>(url: Parameters<typeof useWebSocketAuto>[0], options?: UseWebSocketAutoOptions<T>): UseWebSocketAutoReturn<T> {
  const scope = effectScope()
  scopes.push(scope)
  return scope.run(() => useWebSocketAuto<T>(url, options))!
}

test('a silent server is detected within interval + timeout and the socket is replaced', async () => {
  const ch = channel('ws-silent')
  const interval = 1000
  const timeout = 500
  let openedAt = 0
  let detectedAt = 0
  const sock = use(ws('ws/silent', ch), {
    heartbeat: { interval, timeout },
    reconnect: { initialDelay: 50, jitter: false },
    onOpen: () => openedAt ||= performance.now(),
    onError: e => e.code === 'HEARTBEAT_TIMEOUT' && (detectedAt ||= performance.now()),
  })
  await expect.poll(() => detectedAt, { timeout: 10_000 }).toBeGreaterThan(0)
  const detection = detectedAt - openedAt
  console.info(`[figure] dead-link detection: ${detection.toFixed(0)} ms (configured interval + timeout = ${interval + timeout} ms)`)
  expect(detection).toBeGreaterThanOrEqual(interval + timeout - 5)
  expect(detection).toBeLessThan(interval + timeout + 1000) // slack for a loaded 2-core machine
  expect((await stats(ch)).wsReceived[0]).toBe('ping')
  // replaced: a second connection opened, the first is closed on the server too
  await expect.poll(async () => (await stats(ch)).opened.ws, { timeout: 5000 }).toBeGreaterThanOrEqual(2)
  await expect.poll(() => sock.status.value, { timeout: 5000 }).toBe('open')
})

test('ws/hang hits the connect timeout and retries', async () => {
  const ch = channel('ws-hang')
  const started = performance.now()
  const sock = use(ws('ws/hang', ch), { connectTimeout: 600, reconnect: { initialDelay: 100, jitter: false } })
  expect(sock.status.value).toBe('connecting')
  await expect.poll(() => sock.error.value?.code, { timeout: 5000 }).toBe('CONNECT_TIMEOUT')
  expect(performance.now() - started).toBeGreaterThanOrEqual(590)
  expect(['reconnecting', 'connecting']).toContain(sock.status.value)
  await expect.poll(() => sock.attempt.value, { timeout: 5000 }).toBeGreaterThanOrEqual(2)
})

test('1000 numbered messages across 10 chaos/drops: in order, no duplicates, every queued one delivered', async () => {
  const ch = channel('ws-flap')
  const sock = use(ws('ws/silent', ch), { reconnect: { initialDelay: 20, maxDelay: 200 }, minUptime: 0, queue: { max: 2000 } })
  await expect.poll(() => sock.status.value, { timeout: 5000 }).toBe('open')
  const queuedWhileDown: number[] = []
  const sentWhileOpen: number[] = []
  let drops = 0
  // a drop that comes while the client is between connections cuts nothing (under load, it can)
  let cuts = 0
  for (let i = 1; i <= 1000; i++) {
    const open = sock.status.value === 'open'
    expect(sock.send(`m${i}`)).toBe(true)
    ;(open && sock.queued.value === 0 ? sentWhileOpen : queuedWhileDown).push(i)
    if (i % 100 === 50) {
      // the frames flushed from the queue must have reached the server before the next cut: a cut also
      // loses what the server had not read yet, which no client can know (on a loaded machine it happens)
      const lastQueued = queuedWhileDown.at(-1)
      if (lastQueued)
        await expect.poll(async () => (await stats(ch)).wsReceived.includes(`m${lastQueued}`), { timeout: 10_000 }).toBe(true)
      cuts += await drop(ch)
      drops++
    }
    if (i % 10 === 0)
      await sleep(4)
  }
  expect(drops).toBe(10)
  await expect.poll(() => sock.status.value === 'open' && sock.queued.value === 0, { timeout: 10_000 }).toBe(true)
  // one ordered TCP stream per connection: once the last message is in, everything still coming is in
  await expect.poll(async () => (await stats(ch)).wsReceived.includes('m1000'), { timeout: 10_000 }).toBe(true)
  const received: number[] = (await stats(ch)).wsReceived.map((m: string) => Number(m.slice(1)))
  const unique = new Set(received)
  const duplicated = received.length - unique.size
  let reordered = 0
  for (let k = 1; k < received.length; k++) {
    if (received[k]! < received[k - 1]!)
      reordered++
  }
  const lost = [...Array.from({ length: 1000 }, (_, k) => k + 1)].filter(n => !unique.has(n))
  console.info(`[figure] flap: sent 1000, received ${unique.size}, duplicated ${duplicated}, reordered ${reordered}, lost in flight ${lost.length} (${lost.join(',') || '-'}); queued while down ${queuedWhileDown.length}, server connections ${(await stats(ch)).opened.ws}`)
  expect(duplicated).toBe(0)
  expect(reordered).toBe(0)
  expect(queuedWhileDown.length).toBeGreaterThan(0)
  expect(queuedWhileDown.filter(n => !unique.has(n))).toEqual([]) // every queued message delivered
  expect(lost.every(n => sentWhileOpen.includes(n))).toBe(true) // only frames already handed to a dying socket
  // every cut connection was replaced by exactly one new one, and no connection was made for nothing
  expect(cuts).toBeGreaterThanOrEqual(5)
  expect((await stats(ch)).opened.ws).toBe(cuts + 1)
})

test('queue overflow: send() returns false with QUEUE_FULL; the held messages go out in order on open', async () => {
  const ch = channel('ws-queue')
  const sock = use(ws('ws/silent', ch), { immediate: false, queue: { max: 5 } })
  for (let i = 1; i <= 5; i++)
    expect(sock.send(`q${i}`)).toBe(true)
  expect(sock.send('q6')).toBe(false)
  expect(sock.error.value?.code).toBe('QUEUE_FULL')
  expect(sock.queued.value).toBe(5)
  sock.open()
  await expect.poll(async () => (await stats(ch)).wsReceived, { timeout: 5000 }).toEqual(['q1', 'q2', 'q3', 'q4', 'q5'])
})

test('a fatal close code ends in failed with the real code', async () => {
  const ch = channel('ws-fatal')
  const sock = use(ws('ws/close/1008', ch, '&reason=policy'), { reconnect: { initialDelay: 20 } })
  await expect.poll(() => sock.status.value, { timeout: 5000 }).toBe('failed')
  expect(sock.error.value).toMatchObject({ code: 'CLOSED_BY_SERVER', closeCode: 1008 })
  await sleep(300)
  expect((await stats(ch)).opened.ws).toBe(1)
})

test('the retry limit ends in failed + RETRY_LIMIT (retries: 2 → 3 attempts)', async () => {
  const ch = channel('ws-limit')
  const sock = use(ws('ws/close/4001', ch), { reconnect: { retries: 2, initialDelay: 30 } })
  await expect.poll(() => sock.status.value, { timeout: 5000 }).toBe('failed')
  expect(sock.error.value).toMatchObject({ code: 'RETRY_LIMIT', closeCode: 4001 })
  await sleep(300)
  expect((await stats(ch)).opened.ws).toBe(3)
})

test('close() during backoff: no further attempt', async () => {
  const ch = channel('ws-close-backoff')
  const sock = use(ws('ws/close/4000', ch), { reconnect: { initialDelay: 400, jitter: false } })
  await expect.poll(() => sock.status.value, { timeout: 5000 }).toBe('reconnecting')
  sock.close()
  expect(sock.status.value).toBe('closed')
  expect(sock.retryIn.value).toBeNull()
  await sleep(1000)
  expect((await stats(ch)).opened.ws).toBe(1)
})

test('an async URL provider is called once per attempt (fresh token each time)', async () => {
  const ch = channel('ws-provider')
  let calls = 0
  const sock = use(async () => {
    await sleep(5)
    return ws('ws/close/4002', ch, `&token=t${++calls}`)
  }, { reconnect: { retries: 2, initialDelay: 30 } })
  await expect.poll(() => sock.status.value, { timeout: 5000 }).toBe('failed')
  expect(calls).toBe(3)
  const tokens = (await stats(ch)).requests.filter((r: any) => r.route.startsWith('ws/')).map((r: any) => r.query.token)
  expect(tokens).toEqual(['t1', 't2', 't3'])
})

test('request(): the reply with the same correlation id resolves; no reply rejects with REQUEST_TIMEOUT', async () => {
  const echo = use(ws('ws/echo', channel('ws-req')), { json: true })
  const reply = await echo.request({ type: 'ask', q: 42 })
  expect(reply).toMatchObject({ type: 'ask', q: 42 })
  expect(echo.data.value).toBeNull() // the reply went to the request, not to data
  const silent = use(ws('ws/silent', channel('ws-req-timeout')), { json: true })
  await expect(silent.request({ type: 'ask' }, { timeout: 300 })).rejects.toMatchObject({ code: 'REQUEST_TIMEOUT' })
})

test('with defaults (no size limit) a big JSON frame is delivered and a non-JSON frame is PARSE; the socket stays open', async () => {
  const errors: string[] = []
  const types: string[] = []
  // ws/oversized sends a 2 MB frame that is valid JSON ({"type":"big",…}), then 'this is not JSON {', then {"type":"ok"}
  const sock = use(ws('ws/oversized', channel('ws-big'), '&bytes=2000000'), { json: true, onError: e => errors.push(e.code), onMessage: d => types.push(d.type) })
  await expect.poll(() => sock.data.value, { timeout: 5000 }).toEqual({ type: 'ok' })
  expect(errors).toEqual(['PARSE'])
  expect(types).toEqual(['big', 'ok'])
  expect(sock.status.value).toBe('open')
})

test('an explicit maxMessageSize drops the bigger frame with MESSAGE_TOO_LARGE; non-JSON is PARSE; the socket stays open', async () => {
  const errors: string[] = []
  const sock = use(ws('ws/oversized', channel('ws-big-limit'), '&bytes=2000000'), { json: true, maxMessageSize: 1_048_576, onError: e => errors.push(e.code) })
  await expect.poll(() => sock.data.value, { timeout: 5000 }).toEqual({ type: 'ok' })
  expect(errors).toEqual(['MESSAGE_TOO_LARGE', 'PARSE'])
  expect(sock.status.value).toBe('open')
})

test('offline pauses retries without burning attempts; online reconnects', async () => {
  const ch = channel('ws-offline')
  const sock = use(ws('ws/close/4003', ch, '&after=1500'), { reconnect: { initialDelay: 50, jitter: false }, onlineDelay: 200 })
  await expect.poll(() => sock.status.value, { timeout: 5000 }).toBe('open')
  setOnline(false)
  await expect.poll(() => sock.status.value, { timeout: 5000 }).toBe('paused')
  expect(sock.attempt.value).toBe(0)
  await sleep(500)
  expect((await stats(ch)).opened.ws).toBe(1)
  setOnline(true)
  expect(sock.status.value).toBe('reconnecting')
  await expect.poll(async () => (await stats(ch)).opened.ws, { timeout: 5000 }).toBeGreaterThanOrEqual(2)
})

test('visible again after throttling: a stale link is probed at once (timestamp check)', async () => {
  const ch = channel('ws-visible')
  const sock = use(ws('ws/pong', ch, '&pongs=1'), { heartbeat: { interval: 60_000, timeout: 400 }, reconnect: { initialDelay: 50, jitter: false } })
  await expect.poll(() => sock.status.value, { timeout: 5000 }).toBe('open')
  const realNow = Date.now
  try {
    // the tab slept: no timer ran, the wall clock moved past interval + timeout
    const skew = 61_000
    Date.now = () => realNow() + skew
    setDocumentHidden(true)
    setDocumentHidden(false)
    await expect.poll(async () => (await stats(ch)).wsReceived, { timeout: 2000 }).toEqual(['ping'])
    await expect.poll(() => sock.latency.value, { timeout: 2000 }).not.toBeNull()
    expect(sock.status.value).toBe('open')
    // second wake-up: the server no longer answers (pongs=1) → dead within `timeout`, reconnected
    Date.now = () => realNow() + 2 * skew
    setDocumentHidden(true)
    setDocumentHidden(false)
    await expect.poll(() => sock.error.value?.code, { timeout: 2000 }).toBe('HEARTBEAT_TIMEOUT')
  }
  finally {
    Date.now = realNow
  }
  await expect.poll(async () => (await stats(ch)).opened.ws, { timeout: 5000 }).toBe(2)
})

test('pagehide closes the socket (bfcache), pageshow reopens it', async () => {
  const ch = channel('ws-bfcache')
  const sock = use(ws('ws/echo', ch))
  await expect.poll(() => sock.status.value, { timeout: 5000 }).toBe('open')
  window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: true }))
  expect(sock.status.value).toBe('paused')
  await expect.poll(async () => (await stats(ch)).open.ws, { timeout: 5000 }).toBe(0)
  window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }))
  await expect.poll(() => sock.status.value, { timeout: 5000 }).toBe('open')
  expect((await stats(ch)).opened.ws).toBe(2)
})

test('100 sockets mounted and unmounted: the server sees none left open', async () => {
  const ch = channel('ws-many')
  const Child = defineComponent({
    setup() {
      // (a generous connect timeout: on a loaded machine 100 handshakes can take seconds, and a timed-out
      // attempt would rightly open a second socket, which is not what this test counts)
      const { status } = useWebSocketAuto(ws('ws/echo', ch), { heartbeat: true, connectTimeout: 30_000 })
      return () => h('i', status.value)
    },
  })
  const screen = await render(defineComponent({ setup: () => () => h('div', Array.from({ length: 100 }, (_, i) => h(Child, { key: i }))) }))
  await expect.poll(async () => (await stats(ch)).open.ws, { timeout: 15_000 }).toBe(100)
  await screen.unmount()
  await expect.poll(async () => (await stats(ch)).open.ws, { timeout: 10_000 }).toBe(0)
  expect((await stats(ch)).opened.ws).toBe(100)
})
