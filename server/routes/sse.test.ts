import { describe, expect, it, vi } from 'vitest'
import { channel } from '../../test/helpers/channel'
import { getJson, readSse, useBackend } from '../testing'
import { tokenize } from './sse'

const api = useBackend()

describe('sse/ticker', () => {
  it('sends id: n with {n, t} and ends after count', async () => {
    const sse = await readSse(api.url('sse/ticker?interval=20&count=3'))
    expect(sse.res.status).toBe(200)
    expect(sse.res.headers.get('content-type')).toMatch(/^text\/event-stream/)
    expect(await sse.finished).toBe('end')
    expect(sse.events.map(e => e.id)).toEqual(['1', '2', '3'])
    expect(sse.events.map(e => JSON.parse(e.data).n)).toEqual([1, 2, 3])
    expect(JSON.parse(sse.events[0].data).t).toBeTypeOf('number')
  })

  it('resumes after the Last-Event-ID header, or ?lastEventId=', async () => {
    const header = await readSse(api.url('sse/ticker?interval=20&count=2'), { headers: { 'Last-Event-ID': '41' } })
    await header.finished
    expect(header.events.map(e => e.id)).toEqual(['42', '43'])
    const query = await readSse(api.url('sse/ticker?interval=20&count=1&lastEventId=7'))
    await query.finished
    expect(query.events.map(e => e.id)).toEqual(['8'])
  })

  it('starts at ?start=, sends retry: first, honours ?contentType=', async () => {
    const sse = await readSse(api.url('sse/ticker?interval=20&count=1&start=100&retry=250'))
    await sse.finished
    expect(sse.retries).toEqual([250])
    expect(sse.events[0].id).toBe('100')
    const bad = await fetch(api.url('sse/ticker?count=1&contentType=text/plain'))
    expect(bad.headers.get('content-type')).toBe('text/plain')
    await bad.text()
  })

  it('keeps ticking every interval until the client leaves, then frees the stream', async () => {
    const ch = channel('tick')
    const sse = await readSse(api.url(`sse/ticker?interval=30&channel=${ch}`))
    await vi.waitFor(() => expect(sse.events.length).toBeGreaterThanOrEqual(4), { timeout: 5000 })
    expect((await getJson(api.url(`stats?channel=${ch}`))).open.sse).toBe(1)
    sse.abort()
    await vi.waitFor(async () => expect((await getJson(api.url(`stats?channel=${ch}`))).open.sse).toBe(0), { timeout: 5000 })
  })
})

describe('sse/chat', () => {
  it('streams tokens that add up to the reply, then [DONE] (POST JSON)', async () => {
    const ch = channel('chat')
    const sse = await readSse(api.url(`sse/chat?delay=1&channel=${ch}`), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ prompt: 'hello there' }),
    })
    expect(await sse.finished).toBe('end')
    const data = sse.events.map(e => e.data)
    expect(data.at(-1)).toBe('[DONE]')
    expect(data.length).toBeGreaterThan(10)
    expect(data.slice(0, -1).join('')).toMatch(/^You said "hello there"\. .+\.$/)
    const { requests } = await getJson(api.url(`stats?channel=${ch}`))
    expect(requests[0].body).toBe('{"prompt":"hello there"}')
  })

  it('accepts GET ?prompt=', async () => {
    const sse = await readSse(api.url('sse/chat?delay=0&prompt=hi'))
    await sse.finished
    expect(sse.events.map(e => e.data).join('|')).toMatch(/^You\| said\| "hi"\.\|.*\|\[DONE\]$/)
  })

  it('answers 400 JSON for an invalid body', async () => {
    for (const body of ['not json', '[1]', '{"prompt":3}', '']) {
      const res = await fetch(api.url('sse/chat'), { method: 'POST', body })
      expect(res.status, body).toBe(400)
      expect(res.headers.get('content-type')).toMatch(/^application\/json/)
      expect((await res.json()).error).toBeTypeOf('string')
    }
  })

  it('tokenizes without losing characters', () => {
    expect(tokenize(' a  b\nc ')).toEqual([' a', '  b', '\nc'])
  })
})

describe('sse/retry, sse/last-event-id, sse/heartbeat', () => {
  it('sse/retry sends retry:, one event, then ends; attempts count per channel', async () => {
    const ch = channel('retry')
    for (const attempt of [1, 2]) {
      const sse = await readSse(api.url(`sse/retry?retry=700&channel=${ch}`))
      expect(await sse.finished).toBe('end')
      expect(sse.retries).toEqual([700])
      expect(sse.events).toHaveLength(1)
      expect(JSON.parse(sse.events[0].data).attempt).toBe(attempt)
    }
  })

  it('sse/last-event-id echoes the header (UTF-8) first, then ids continue', async () => {
    const fresh = await readSse(api.url('sse/last-event-id?interval=20&count=2'))
    await fresh.finished
    expect(fresh.events.map(e => [e.id, e.data])).toEqual([['1', ''], ['2', expect.stringContaining('"n":2')]])

    const utf8 = Buffer.from('Zürich-✓', 'utf8').toString('latin1')
    const named = await readSse(api.url('sse/last-event-id?interval=20&count=1'), { headers: { 'Last-Event-ID': utf8 } })
    await named.finished
    expect(named.events[0].data).toBe('Zürich-✓')

    const numeric = await readSse(api.url('sse/last-event-id?interval=20&count=2'), { headers: { 'Last-Event-ID': '9' } })
    await numeric.finished
    expect(numeric.events.map(e => e.id)).toEqual(['10', '11'])
  })

  it('sse/heartbeat only sends comments', async () => {
    const sse = await readSse(api.url('sse/heartbeat?interval=20'))
    await vi.waitFor(() => expect(sse.comments.length).toBeGreaterThanOrEqual(3), { timeout: 5000 })
    sse.abort()
    expect(sse.events).toEqual([])
    expect(new Set(sse.comments)).toEqual(new Set(['ping']))
  })
})

describe('sse/malformed', () => {
  it('delivers only the invalid-JSON, oversized and good events a spec parser keeps', async () => {
    const sse = await readSse(api.url('sse/malformed?size=5000&good=3&end=1'))
    expect(await sse.finished).toBe('end')
    // no event from the junk block: it carries no data, and its NUL id / bad retry values are ignored
    expect(sse.retries).toEqual([])
    expect(sse.events.map(e => e.event ?? 'message')).toEqual(['invalid-json', 'oversized', 'message', 'message', 'message'])
    expect(() => JSON.parse(sse.events[0].data)).toThrow()
    expect(sse.events[1].data).toHaveLength(5000)
    expect(JSON.parse(sse.events[1].data).big).toHaveLength(4990)
    expect(sse.events.slice(2).map(e => [e.id, JSON.parse(e.data).n])).toEqual([['1', 1], ['2', 2], ['3', 3]])
  })

  it('stays open by default (default size 200000)', async () => {
    const sse = await readSse(api.url('sse/malformed'))
    await vi.waitFor(() => expect(sse.events).toHaveLength(5), { timeout: 5000 })
    expect(sse.events[1].data).toHaveLength(200_000)
    sse.abort()
    expect(await sse.finished).toBe('error')
  })
})

describe('sse/status/:code', () => {
  it.each([204, 401, 404, 500, 503])('answers %i', async (code) => {
    const res = await fetch(api.url(`sse/status/${code}`))
    expect(res.status).toBe(code)
    const text = await res.text()
    if (code === 204)
      expect(text).toBe('')
    else
      expect(JSON.parse(text)).toEqual({ error: `status ${code}`, status: code })
  })

  it('sets Retry-After when asked', async () => {
    const res = await fetch(api.url('sse/status/503?retryAfter=2'))
    expect(res.headers.get('retry-after')).toBe('2')
    await res.text()
  })

  it('refuses 1xx and nonsense with 400', async () => {
    for (const code of ['101', '99', '600', 'abc']) {
      const res = await fetch(api.url(`sse/status/${code}`))
      expect(res.status, code).toBe(400)
      await res.text()
    }
  })
})
