import { describe, expect, it } from 'vitest'
import { channel } from '../../test/helpers/channel'
import { getJson, useBackend } from '../testing'
import { matchesEtag } from './poll'

const api = useBackend()

describe('poll/counter', () => {
  it('counts successful answers per channel', async () => {
    const ch = channel('counter')
    const a = await getJson(api.url(`poll/counter?channel=${ch}`))
    const b = await getJson(api.url(`poll/counter?channel=${ch}`))
    expect([a.n, b.n]).toEqual([1, 2])
    expect(b.at).toBeGreaterThanOrEqual(a.at)
  })

  it('fails the first ?fail=K requests with ?status= (and Retry-After), then succeeds', async () => {
    const ch = channel('fail')
    const url = api.url(`poll/counter?channel=${ch}&fail=2&status=503&retryAfter=1`)
    const statuses: number[] = []
    for (let i = 0; i < 4; i++) {
      const res = await fetch(url)
      statuses.push(res.status)
      if (res.status === 503)
        expect(res.headers.get('retry-after')).toBe('1')
      const body = await res.json()
      if (res.ok)
        expect(body.n).toBe(i - 1)
    }
    expect(statuses).toEqual([503, 503, 200, 200])
  })

  it('POST poll/counter/fail arms more failures mid-session', async () => {
    const ch = channel('arm')
    expect((await fetch(api.url(`poll/counter?channel=${ch}`))).status).toBe(200)
    await fetch(api.url(`poll/counter/fail?channel=${ch}&fail=1&status=502`), { method: 'POST' })
    expect((await fetch(api.url(`poll/counter?channel=${ch}`))).status).toBe(502)
    expect(await getJson(api.url(`poll/counter?channel=${ch}`))).toMatchObject({ n: 2 })
  })
})

describe('poll/slow', () => {
  it('takes n on arrival and answers after its delay, so answers can overtake', async () => {
    const ch = channel('slow')
    const order: number[] = []
    const first = getJson(api.url(`poll/slow?channel=${ch}&delay=300`)).then((r) => {
      order.push(r.n)
      return r
    })
    await new Promise(resolve => setTimeout(resolve, 50))
    const second = getJson(api.url(`poll/slow?channel=${ch}&delay=10`)).then((r) => {
      order.push(r.n)
      return r
    })
    const [a, b] = await Promise.all([first, second])
    expect(order).toEqual([2, 1])
    expect(a.servedAt - a.requestedAt).toBeGreaterThanOrEqual(290)
    expect(b.servedAt).toBeLessThan(a.servedAt)
  })
})

describe('poll/long', () => {
  it('delivers every produced event exactly once, in order, by following the cursor', async () => {
    const ch = channel('long')
    const seen: number[] = []
    let cursor = 0
    while (seen.length < 6) {
      const body = await getJson(api.url(`poll/long?channel=${ch}&cursor=${cursor}&count=6&rate=15&timeout=3000`))
      for (const event of body.events)
        seen.push(event.id)
      cursor = body.cursor
    }
    expect(seen).toEqual([1, 2, 3, 4, 5, 6])
    const stats = await getJson(api.url(`stats?channel=${ch}`))
    expect(stats.open.http).toBe(0)
  })

  it('answers all pending events after the cursor at once', async () => {
    const ch = channel('pending')
    for (const data of ['a', 'b', 'c'])
      await fetch(api.url(`poll/publish?channel=${ch}`), { method: 'POST', body: JSON.stringify(data) })
    expect(await getJson(api.url(`poll/long?channel=${ch}&cursor=1`))).toEqual({
      events: [{ id: 2, data: 'b' }, { id: 3, data: 'c' }],
      cursor: 3,
    })
  })

  it('holds until a publish, and times out with no events and the same cursor', async () => {
    const ch = channel('hold')
    const started = Date.now()
    expect(await getJson(api.url(`poll/long?channel=${ch}&cursor=0&timeout=200`))).toEqual({ events: [], cursor: 0 })
    expect(Date.now() - started).toBeGreaterThanOrEqual(190)

    const held = getJson(api.url(`poll/long?channel=${ch}&cursor=0&timeout=5000`))
    await new Promise(resolve => setTimeout(resolve, 50))
    expect((await getJson(api.url(`stats?channel=${ch}`))).open.http).toBe(1)
    const published = await getJson(api.url(`poll/publish?channel=${ch}`), { method: 'POST', body: '{"hello":"world"}' })
    expect(published).toEqual({ id: 1 })
    expect(await held).toEqual({ events: [{ id: 1, data: { hello: 'world' } }], cursor: 1 })
  })

  it('keeps holding when a publish is not past its cursor', async () => {
    const ch = channel('ahead')
    let settled = false
    const held = getJson(api.url(`poll/long?channel=${ch}&cursor=1&timeout=5000`)).finally(() => (settled = true))
    await new Promise(resolve => setTimeout(resolve, 50))
    await fetch(api.url(`poll/publish?channel=${ch}`), { method: 'POST', body: '1' })
    await new Promise(resolve => setTimeout(resolve, 100))
    expect(settled).toBe(false)
    await fetch(api.url(`poll/publish?channel=${ch}`), { method: 'POST', body: '2' })
    expect(await held).toEqual({ events: [{ id: 2, data: 2 }], cursor: 2 })
  })

  it('rejects a bad cursor and an empty publish', async () => {
    expect((await fetch(api.url('poll/long?cursor=abc'))).status).toBe(400)
    expect((await fetch(api.url('poll/publish'), { method: 'POST' })).status).toBe(400)
  })
})

describe('poll/etag', () => {
  it('answers 304 while the version is the same, 200 with a new ETag after a bump', async () => {
    const ch = channel('etag')
    const first = await fetch(api.url(`poll/etag?channel=${ch}`))
    const tag = first.headers.get('etag')!
    expect(tag).toMatch(/^"v\d+"$/)
    expect((await first.json()).version).toBe(0)

    const same = await fetch(api.url(`poll/etag?channel=${ch}`), { headers: { 'If-None-Match': tag } })
    expect(same.status).toBe(304)
    expect(same.headers.get('etag')).toBe(tag)

    await fetch(api.url(`poll/etag/bump?channel=${ch}`), { method: 'POST' })
    const changed = await fetch(api.url(`poll/etag?channel=${ch}`), { headers: { 'If-None-Match': tag } })
    expect(changed.status).toBe(200)
    expect(changed.headers.get('etag')).not.toBe(tag)
    expect((await changed.json()).version).toBe(1)
  })

  it('changes by itself every ?change= ms', async () => {
    const ch = channel('change')
    const tag = (await fetch(api.url(`poll/etag?channel=${ch}&change=100`))).headers.get('etag')!
    await new Promise(resolve => setTimeout(resolve, 220))
    const later = await fetch(api.url(`poll/etag?channel=${ch}&change=100`), { headers: { 'If-None-Match': tag } })
    expect(later.status).toBe(200)
  })

  it('matches lists, weak tags and *', () => {
    expect(matchesEtag('"a", W/"v1"', '"v1"')).toBe(true)
    expect(matchesEtag('*', '"v1"')).toBe(true)
    expect(matchesEtag('"v2"', '"v1"')).toBe(false)
    expect(matchesEtag(undefined, '"v1"')).toBe(false)
  })
})
