// Proves the rig: real Chromium talks to the real demo backend (cross-origin) with a raw EventSource
// and a raw WebSocket, and chaos/drop really cuts a live stream.
import { afterEach, expect, inject, test } from 'vitest'
import { channel } from './helpers/channel'

const backendUrl = inject('backendUrl')
const wsUrl = backendUrl.replace(/^http/, 'ws')
const cleanups: Array<() => void> = []
afterEach(() => {
  for (const fn of cleanups.splice(0))
    fn()
})

async function stats(ch: string) {
  return (await fetch(`${backendUrl}/__lifeline/stats?channel=${ch}`)).json()
}

test('the backend is cross-origin and answers CORS', async () => {
  expect(new URL(backendUrl).origin).not.toBe(location.origin)
  const res = await fetch(`${backendUrl}/__lifeline/health`)
  expect(await res.json()).toEqual({ ok: true, service: 'vue-lifeline-demo-backend', simulated: false })
  // readable only because the backend lists it in Access-Control-Expose-Headers
  expect(res.headers.get('x-lifeline-route')).toBe('health')
})

test('a raw EventSource receives ticker events and resumes with Last-Event-ID', async () => {
  const ch = channel('rig-sse')
  // retry: 200 keeps the browser's own reconnect (after count=3 ends the stream) quick
  const es = new EventSource(`${backendUrl}/__lifeline/sse/ticker?channel=${ch}&interval=50&count=3&retry=200`)
  cleanups.push(() => es.close())
  const got: Array<{ id: string, n: number }> = []
  es.onmessage = e => got.push({ id: e.lastEventId, n: JSON.parse(e.data).n })
  // 3 events, the stream ends, the browser reconnects with Last-Event-ID: 3 and gets 4, 5, 6
  await expect.poll(() => got.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(6)
  es.close()
  expect(got.slice(0, 6)).toEqual([1, 2, 3, 4, 5, 6].map(n => ({ id: String(n), n })))
  const { requests } = await stats(ch)
  expect(requests.map((r: any) => r.headers['last-event-id']).slice(0, 2)).toEqual([null, '3'])
})

test('a raw WebSocket echoes through ws/echo and is counted', async () => {
  const ch = channel('rig-ws')
  const ws = new WebSocket(`${wsUrl}/__lifeline/ws/echo?channel=${ch}`)
  cleanups.push(() => ws.close())
  await new Promise((resolve, reject) => {
    ws.onopen = resolve
    ws.onerror = reject
  })
  const reply = new Promise<string>(resolve => (ws.onmessage = e => resolve(e.data)))
  ws.send('hello backend')
  expect(await reply).toBe('hello backend')
  const s = await stats(ch)
  expect(s.open.ws).toBe(1)
  expect(s.wsReceived).toEqual(['hello backend'])
  const closed = new Promise<number>(resolve => (ws.onclose = e => resolve(e.code)))
  ws.close(1000)
  expect(await closed).toBe(1000)
  await expect.poll(async () => (await stats(ch)).closed.ws).toBe(1)
})

test('chaos/drop visibly drops a raw EventSource, which then reconnects', async () => {
  const ch = channel('rig-drop')
  const es = new EventSource(`${backendUrl}/__lifeline/sse/ticker?channel=${ch}&interval=100&retry=200`)
  cleanups.push(() => es.close())
  const seen: string[] = []
  es.onopen = () => seen.push('open')
  es.onerror = () => seen.push(`error:${es.readyState}`)
  es.onmessage = () => {
    if (seen.at(-1) !== 'message')
      seen.push('message')
  }
  await expect.poll(() => seen.includes('message'), { timeout: 10_000 }).toBe(true)
  expect((await stats(ch)).open.sse).toBe(1)

  const drop = await (await fetch(`${backendUrl}/__lifeline/chaos/drop?channel=${ch}`, { method: 'POST' })).json()
  expect(drop).toEqual({ dropped: 1, channel: ch })
  // the browser sees the cut (error while CONNECTING = it is retrying), then opens again and resumes
  await expect.poll(() => seen.join(' '), { timeout: 10_000 }).toMatch(/^open message error:0 open message/)
  const s = await stats(ch)
  expect(s.opened.sse).toBe(2)
  expect(s.closed.sse).toBe(1)
  expect(s.requests[1].headers['last-event-id']).toMatch(/^\d+$/)
})

test('a preflighted fetch stream (POST JSON + Authorization) reads the chat tokens', async () => {
  const ch = channel('rig-chat')
  const res = await fetch(`${backendUrl}/__lifeline/sse/chat?channel=${ch}&delay=1`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Authorization': 'Bearer rig' },
    body: JSON.stringify({ prompt: 'rig' }),
  })
  expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/)
  const text = await res.text()
  expect(text.trimEnd().endsWith('data: [DONE]')).toBe(true)
  const { requests } = await stats(ch)
  expect(requests).toHaveLength(1) // the OPTIONS preflight is answered but not logged
  expect(requests[0].headers.authorization).toBe('Bearer rig')
})

test('the browser sees the ETag and a 304 for a matching If-None-Match', async () => {
  const ch = channel('rig-etag')
  const url = `${backendUrl}/__lifeline/poll/etag?channel=${ch}`
  const first = await fetch(url, { cache: 'no-store' })
  const tag = first.headers.get('etag')
  expect(tag).toBe('"v0"')
  const again = await fetch(url, { cache: 'no-store', headers: { 'If-None-Match': tag! } })
  expect(again.status).toBe(304)
})

test('chaos/offline makes fetch fail with a network error until it clears', async () => {
  const ch = channel('rig-offline')
  await fetch(`${backendUrl}/__lifeline/chaos/offline?channel=${ch}&ms=60000`, { method: 'POST' })
  await expect(fetch(`${backendUrl}/__lifeline/poll/counter?channel=${ch}`)).rejects.toThrow(TypeError)
  await fetch(`${backendUrl}/__lifeline/chaos/offline?channel=${ch}&ms=0`, { method: 'POST' })
  expect(await (await fetch(`${backendUrl}/__lifeline/poll/counter?channel=${ch}`)).json()).toMatchObject({ n: 1 })
})
