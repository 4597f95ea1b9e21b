import { describe, expect, it, vi } from 'vitest'
import { channel } from '../../test/helpers/channel'
import { getJson, readSse, useBackend } from '../testing'

const api = useBackend()
const parse = (e: { data: string }) => JSON.parse(e.data)

describe('session routes', () => {
  it('login sets the cookie and the status stream reports 200 with a payload', async () => {
    const ch = channel('session')
    const login = await fetch(api.url(`session/login?channel=${ch}`), { method: 'POST' })
    expect(login.headers.get('set-cookie')).toMatch(/^lifeline_session=[\w-]+; Path=\/; HttpOnly; SameSite=Lax$/)
    expect(await login.json()).toEqual({ ok: true, expiresAt: null })
    const sse = await readSse(api.url(`session/status?channel=${ch}&interval=30`))
    await vi.waitFor(() => expect(sse.events.length).toBeGreaterThanOrEqual(2))
    expect(parse(sse.events[0])).toEqual({ status: 200, message: 'ok', payload: { user: 'demo', expiresAt: null } })
    sse.abort()
  })

  it('kick sends 401 "signed in elsewhere" at once and ends the stream', async () => {
    const ch = channel('kick')
    await fetch(api.url(`session/login?channel=${ch}`))
    const sse = await readSse(api.url(`session/status?channel=${ch}&interval=60000`))
    await vi.waitFor(() => expect(sse.events).toHaveLength(1))
    await fetch(api.url(`session/kick?channel=${ch}`), { method: 'POST' })
    expect(await sse.finished).toBe('end')
    expect(sse.events.map(parse)).toEqual([
      expect.objectContaining({ status: 200 }),
      { status: 401, message: 'signed in elsewhere', payload: { reason: 'kicked' } },
    ])
  })

  it('expire, ttl and a fresh channel all answer 401, also as JSON', async () => {
    const ch = channel('expire')
    expect(await getJson(api.url(`session/status?channel=${ch}&format=json`))).toEqual({ status: 401, message: 'not signed in', payload: { reason: 'expired' } })
    await fetch(api.url(`session/login?channel=${ch}`))
    expect(await getJson(api.url(`session/status?channel=${ch}&format=json`))).toMatchObject({ status: 200 })
    await fetch(api.url(`session/expire?channel=${ch}`))
    const res = await fetch(api.url(`session/status?channel=${ch}&format=json&httpStatus=1`))
    expect(res.status).toBe(401)
    expect(await res.json()).toEqual({ status: 401, message: 'session expired', payload: { reason: 'expired' } })

    const ttl = channel('ttl')
    const { expiresAt } = await getJson(api.url(`session/login?channel=${ttl}&ttl=150`))
    expect(expiresAt).toBeGreaterThan(Date.now())
    const sse = await readSse(api.url(`session/status?channel=${ttl}&interval=60000`))
    expect(await sse.finished).toBe('end')
    expect(sse.events.map(parse).map(m => m.message)).toEqual(['ok', 'session expired'])
  })
})
