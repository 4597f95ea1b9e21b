import { describe, expect, it } from 'vitest'
import { channel } from '../test/helpers/channel'
import { getJson, useBackend } from './testing'
import { HEALTH } from './routes/meta'

const api = useBackend()

describe('HTTP plumbing', () => {
  it('answers a preflight with 204 and reflects origin and requested headers', async () => {
    const res = await fetch(api.url('sse/chat'), {
      method: 'OPTIONS',
      headers: { 'Origin': 'http://app.test', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization, content-type' },
    })
    expect(res.status).toBe(204)
    expect(res.headers.get('access-control-allow-origin')).toBe('http://app.test')
    expect(res.headers.get('access-control-allow-credentials')).toBe('true')
    expect(res.headers.get('access-control-allow-headers')).toBe('authorization, content-type')
    expect(res.headers.get('access-control-allow-methods')).toBe('GET, POST, PUT, DELETE, OPTIONS')
  })

  it('puts CORS on every response, errors included', async () => {
    for (const path of ['health', 'sse/status/503', 'no/such/route', 'poll/counter?interval=x&fail=-1']) {
      const res = await fetch(api.url(path), { headers: { Origin: 'http://app.test' } })
      expect(res.headers.get('access-control-allow-origin'), path).toBe('http://app.test')
      expect(res.headers.get('access-control-expose-headers'), path).toContain('ETag')
      expect(res.headers.get('access-control-expose-headers'), path).toContain('Retry-After')
      expect(res.headers.get('access-control-expose-headers'), path).toContain('Last-Event-ID')
      await res.arrayBuffer()
    }
  })

  it('answers health', async () => {
    expect(await getJson(api.url('health'))).toEqual(HEALTH)
  })

  it('answers 404 with the route list, 405 for a wrong method, 426 for a ws route over HTTP', async () => {
    const missing = await fetch(api.url('nope'))
    expect(missing.status).toBe(404)
    expect((await missing.json()).routes).toContainEqual(expect.stringContaining('/__lifeline/sse/ticker'))
    const wrong = await fetch(api.url('poll/publish'))
    expect(wrong.status).toBe(405)
    expect(wrong.headers.get('allow')).toBe('POST')
    await wrong.arrayBuffer()
    const ws = await fetch(api.url('ws/echo'))
    expect(ws.status).toBe(426)
    await ws.arrayBuffer()
  })

  it('rejects a malformed parameter with 400 naming it', async () => {
    const res = await fetch(api.url('sse/ticker?interval=soon'))
    expect(res.status).toBe(400)
    expect((await res.json()).error).toMatch(/\?interval=soon/)
  })

  it('logs every request of a channel with the headers clients vary, and resets', async () => {
    const ch = channel('stats')
    // a browser sends Last-Event-ID as UTF-8 bytes; fetch takes a header value as bytes (latin1 code units)
    const utf8Bytes = Buffer.from('é', 'utf8').toString('latin1')
    await fetch(api.url(`poll/counter?channel=${ch}`), { headers: { 'If-None-Match': '"v1"', 'Authorization': 'Bearer t', 'Cookie': 'a=b', 'Last-Event-ID': utf8Bytes } })
    await fetch(api.url(`poll/counter?channel=${ch}&x=1`))
    const before = Date.now()
    const stats = await getJson(api.url(`stats?channel=${ch}`))
    expect(stats.requests).toHaveLength(2)
    expect(stats.requests[0]).toMatchObject({
      route: 'poll/counter',
      method: 'GET',
      query: { channel: ch },
      headers: { 'if-none-match': '"v1"', 'authorization': 'Bearer t', 'cookie': 'a=b', 'last-event-id': 'é' },
    })
    expect(stats.requests[1].query).toEqual({ channel: ch, x: '1' })
    expect(stats.requests[1].headers['last-event-id']).toBeNull()
    expect(stats.requests[0].at).toBeLessThanOrEqual(stats.requests[1].at)
    expect(stats.requests[1].at).toBeLessThanOrEqual(before)
    expect(stats.open).toEqual({ sse: 0, ws: 0, http: 0 })

    await fetch(api.url(`stats/reset?channel=${ch}`), { method: 'POST' })
    expect((await getJson(api.url(`stats?channel=${ch}`))).requests).toEqual([])
  })

  it('keeps channels apart', async () => {
    const a = channel('a')
    const b = channel('b')
    await getJson(api.url(`poll/counter?channel=${a}`))
    await getJson(api.url(`poll/counter?channel=${a}`))
    expect((await getJson(api.url(`poll/counter?channel=${b}`))).n).toBe(1)
    expect((await getJson(api.url(`poll/counter?channel=${a}`))).n).toBe(3)
    expect((await getJson(api.url(`stats?channel=${b}`))).requests).toHaveLength(1)
  })

  it('rejects a body over the limit with 413 and invalid JSON with 400', async () => {
    const big = await fetch(api.url('sse/chat'), { method: 'POST', body: JSON.stringify({ prompt: 'x'.repeat(70_000) }) })
    expect(big.status).toBe(413)
    await big.arrayBuffer()
    const bad = await fetch(api.url('sse/chat'), { method: 'POST', body: '{"prompt":' })
    expect(bad.status).toBe(400)
    expect(await bad.json()).toEqual({ error: 'request body is not valid JSON' })
  })
})
