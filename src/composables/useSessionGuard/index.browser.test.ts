// useSessionGuard headless (no Element Plus) in Chromium against the demo backend mounted on the test
// page's own origin: the three transports on the session routes, real activity events for the idle
// timeout, the real keep-alive. Navigation is intercepted with `navigate`.
import type { UseSessionGuardOptions } from '.'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { userEvent } from 'vitest/browser'
import { channel } from '../../../test/helpers/channel'
import { inScope, stopScopes } from '../../../test/helpers/scopes'
import { useSessionGuard } from '.'

const route = (path: string, ch: string): string => `/__lifeline/${path}${path.includes('?') ? '&' : '?'}channel=${ch}`
const post = async (path: string, ch: string): Promise<any> => (await fetch(route(path, ch), { method: 'POST' })).json()
const stats = async (ch: string): Promise<{ requests: Array<{ route: string, method: string }> }> => (await fetch(route('stats', ch))).json()
const WAIT = { timeout: 15_000, interval: 20 }

afterEach(() => stopScopes())

function guard(ch: string, options: Partial<UseSessionGuardOptions>) {
  const navigated: string[] = []
  const events: string[] = []
  const g = inScope(() => useSessionGuard({
    url: route('session/status?interval=300', ch),
    navigate: url => navigated.push(url),
    onKicked: () => events.push('kicked'),
    onExpired: () => events.push('expired'),
    onWarning: reason => events.push(`warning ${reason}`),
    onExtended: () => events.push('extended'),
    onIdle: () => events.push('idle'),
    ...options,
  } as UseSessionGuardOptions))
  return { g, navigated, events }
}

describe('useSessionGuard without Element Plus (Chromium, demo backend)', () => {
  it('sse (the default): signed in, kicked → signed out with the stream closed; logout() leaves for /authorize/logout', async () => {
    const ch = channel('headless-sse')
    await post('session/login', ch)
    const { g, navigated, events } = guard(ch, {})
    expect(g.state.value).toBe('checking')
    await vi.waitFor(() => expect(g.state.value).toBe('signed-in'), WAIT)
    expect(g.connection.status.value).toBe('open')
    await post('session/kick', ch)
    await vi.waitFor(() => expect(g.state.value).toBe('signed-out'), WAIT)
    expect(g.reason.value).toBe('kicked')
    expect(g.message.value).toEqual({ status: 401, message: 'signed in elsewhere', payload: { reason: 'kicked' } })
    expect(g.connection.status.value).toBe('closed')
    g.logout()
    expect(navigated).toEqual([`${location.origin}/authorize/logout`])
    expect(events).toEqual(['kicked'])
  })

  it('ws: the same messages over session/socket; an expiry reads as "expired"', async () => {
    const ch = channel('headless-ws')
    await post('session/login', ch)
    const { g } = guard(ch, { transport: 'ws', url: route('session/socket?interval=300', ch) })
    await vi.waitFor(() => expect(g.state.value).toBe('signed-in'), WAIT)
    expect(g.connection.status.value).toBe('open')
    await post('session/expire', ch)
    await vi.waitFor(() => expect(g.state.value).toBe('signed-out'), WAIT)
    expect(g.reason.value).toBe('expired')
    expect(g.connection.status.value).toBe('closed')
  })

  it('poll: a 401 in the body (HTTP 200) uses its reason; a 401 HTTP status signs out too, and polling stops', async () => {
    const body = channel('headless-poll')
    await post('session/login', body)
    const a = guard(body, { transport: 'poll', url: route('session/status?format=json', body), interval: 300 })
    await vi.waitFor(() => expect(a.g.state.value).toBe('signed-in'), WAIT)
    await post('session/kick', body)
    await vi.waitFor(() => expect(a.g.state.value).toBe('signed-out'), WAIT)
    expect(a.g.reason.value).toBe('kicked')

    const http = channel('headless-poll-http')
    await post('session/login', http)
    const b = guard(http, { transport: 'poll', url: route('session/status?format=json&httpStatus=1', http), interval: 300 })
    await vi.waitFor(() => expect(b.g.state.value).toBe('signed-in'), WAIT)
    await post('session/kick', http)
    await vi.waitFor(() => expect(b.g.state.value).toBe('signed-out'), WAIT)
    expect(b.g.reason.value).toBe('expired')
    // shared across tabs (the default), the last tab's close() lets go at once (the grace time is for
    // remounts): nothing more after the requests already on their way
    await new Promise(resolve => setTimeout(resolve, 200))
    const polls = (await stats(http)).requests.filter(r => r.route === 'session/status').length
    await new Promise(resolve => setTimeout(resolve, 1000))
    expect((await stats(http)).requests.filter(r => r.route === 'session/status')).toHaveLength(polls)
  })

  it('idle: real pointer and key activity keeps it away; without activity the warning comes; extend() ends it', { timeout: 40_000 }, async () => {
    const ch = channel('headless-idle')
    await post('session/login', ch)
    const { g, events } = guard(ch, { idleTimeout: 2000 })
    await vi.waitFor(() => expect(g.state.value).toBe('signed-in'), WAIT)
    const started = Date.now()
    while (Date.now() - started < 4000) {
      await userEvent.keyboard('a')
      await new Promise(resolve => setTimeout(resolve, 400))
      expect(g.state.value).toBe('signed-in')
    }
    await vi.waitFor(() => expect(g.state.value).toBe('warning'), WAIT)
    expect(g.reason.value).toBe('idle')
    expect(g.remaining.value).toBeGreaterThan(15)
    // activity does not end a warning that is on show: that takes a decision
    await userEvent.keyboard('b')
    await new Promise(resolve => setTimeout(resolve, 300))
    expect(g.state.value).toBe('warning')
    expect(await g.extend()).toBe(true)
    expect(g.state.value).toBe('signed-in')
    expect(events).toEqual(['warning idle', 'extended'])
  })

  it('expiry from payload.expiresAt: status checks never extend; extend() calls the keep-alive, which does', async () => {
    const ch = channel('headless-expiry')
    const { expiresAt } = await post('session/login?ttl=50000', ch)
    const { g } = guard(ch, { keepAlive: route('session/extend', ch) })
    await vi.waitFor(() => expect(g.state.value).toBe('warning'), WAIT)
    expect(g.expiresAt.value).toBe(expiresAt)
    await new Promise(resolve => setTimeout(resolve, 1000))
    expect(g.expiresAt.value).toBe(expiresAt)
    expect((await stats(ch)).requests.filter(r => r.route === 'session/extend')).toHaveLength(0)
    expect(await g.extend()).toBe(true)
    expect(g.expiresAt.value).toBeGreaterThan(expiresAt)
    expect((await stats(ch)).requests.filter(r => r.route === 'session/extend')).toHaveLength(1)
  })
})
