// @vitest-environment happy-dom
// useSessionGuard across tabs, in Node over the simulated browser of test/helpers/fakeTabs.ts (shared
// BroadcastChannel bus and Web Locks; Vitest's fake clock): idle activity shared by all tabs, one
// decision for all, hostile packets on the channel. Activity is a window event per tab (both simulated
// tabs live in one happy-dom window). The same across real pages in Chromium: the *.pages.browser tests.
import type { UseSessionGuardOptions } from '.'
import type { FakeTab } from '../../../test/helpers/fakeTabs'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { effectScope } from 'vue'
import { FakeBrowser } from '../../../test/helpers/fakeTabs'
import { createEnvironment, createTabGroup, registry } from '../../core'
import { useSessionGuard } from '.'

const environment = createEnvironment()
environment.visibility.set(true)
environment.online.set(true)

let browser: FakeBrowser
const scopes: Array<ReturnType<typeof effectScope>> = []

beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 })
  browser = new FakeBrowser()
})
afterEach(async () => {
  scopes.splice(0).forEach(scope => scope.stop())
  // the page keeps a guard's engine 1 s after its last caller (a route change): let that pass
  await vi.advanceTimersByTimeAsync(1500)
  registry.clear()
  vi.useRealTimers()
})

/** What the status endpoint says, per test (all tabs ask the same server). */
let session: { status: number, payload?: unknown } = { status: 200 }

/** A guard in `tab`, polling a scripted status (no network), with activity on `activity:<tab id>`. */
function guardIn(tab: FakeTab, options: Partial<UseSessionGuardOptions> = {}) {
  const navigated: string[] = []
  const events: string[] = []
  const scope = effectScope()
  scopes.push(scope)
  const g = scope.run(() => useSessionGuard({
    transport: 'poll',
    url: 'http://app.test/status',
    name: 'guard',
    interval: 1000,
    fetch: async () => Response.json(session),
    shared: false,
    navigate: url => navigated.push(url),
    scheduler: tab.scheduler,
    environment,
    tabs: tab.options(),
    activityEvents: [`activity:${tab.id}`],
    onWarning: reason => events.push(`warning ${reason}`),
    onExtended: () => events.push('extended'),
    onIdle: () => events.push('idle'),
    onLogout: url => events.push(`logout ${url}`),
    ...options,
  } as UseSessionGuardOptions))!
  return { g, navigated, events }
}

const act = (tab: FakeTab): boolean => window.dispatchEvent(new Event(`activity:${tab.id}`))

describe('useSessionGuard across tabs (simulated browser)', () => {
  it('idle: activity in one tab keeps every tab from warning; without it both warn together; "Stay signed in" in one closes both', async () => {
    const [a, b] = [browser.open(), browser.open()]
    const A = guardIn(a, { idleTimeout: 10_000 })
    const B = guardIn(b, { idleTimeout: 10_000 })
    await vi.advanceTimersByTimeAsync(100)
    expect([A.g.state.value, B.g.state.value]).toEqual(['signed-in', 'signed-in'])
    // 30 s of work in tab A only
    for (let i = 0; i < 10; i++) {
      await vi.advanceTimersByTimeAsync(3000)
      act(a)
    }
    expect([A.g.state.value, B.g.state.value]).toEqual(['signed-in', 'signed-in'])
    expect(B.events).toEqual([])
    // then nothing: both warn, within a second of each other (the last activity is passed on at most 1 s late)
    await vi.advanceTimersByTimeAsync(10_000)
    expect([A.g.state.value, B.g.state.value]).toEqual(['warning', 'warning'])
    expect([A.g.reason.value, B.g.reason.value]).toEqual(['idle', 'idle'])
    expect(Math.abs(A.g.remaining.value! - B.g.remaining.value!)).toBeLessThanOrEqual(1)
    // activity during a warning does not end it: that takes a decision
    act(b)
    await vi.advanceTimersByTimeAsync(1500)
    expect(B.g.state.value).toBe('warning')
    expect(await B.g.extend()).toBe(true)
    await vi.advanceTimersByTimeAsync(50)
    expect([A.g.state.value, B.g.state.value]).toEqual(['signed-in', 'signed-in'])
    expect(A.events).toEqual(['warning idle', 'extended'])
    expect(B.events).toEqual(['warning idle', 'extended'])
  })

  it('idle to the end: both tabs sign out for inactivity and leave through logoutUrl', async () => {
    const [a, b] = [browser.open(), browser.open()]
    const A = guardIn(a, { idleTimeout: 5000, warnBefore: 20_000 })
    const B = guardIn(b, { idleTimeout: 5000, warnBefore: 20_000 })
    await vi.advanceTimersByTimeAsync(25_100)
    expect([A.g.state.value, B.g.state.value]).toEqual(['signed-out', 'signed-out'])
    expect(A.events).toEqual(['warning idle', 'idle', `logout ${location.origin}/authorize/logout`])
    expect(B.navigated).toEqual([`${location.origin}/authorize/logout`])
  })

  it('one decision for all: dismiss and leave in one tab act in the others', async () => {
    session = { status: 200, payload: { expiresAt: Date.now() + 30_000 } }
    const tabs = [browser.open(), browser.open(), browser.open()]
    const guards = tabs.map(tab => guardIn(tab, { autoRedirect: false, loginUrl: '/login' }))
    await vi.advanceTimersByTimeAsync(100)
    expect(guards.map(x => x.g.state.value)).toEqual(['warning', 'warning', 'warning'])
    guards[1]!.g.dismiss()
    await vi.advanceTimersByTimeAsync(10)
    expect(guards.map(x => x.g.dismissed.value)).toEqual([true, true, true])
    session = { status: 401, payload: { reason: 'kicked' } }
    await vi.advanceTimersByTimeAsync(1100)
    // a new prompt (signed out) is shown again everywhere
    expect(guards.map(x => `${x.g.state.value} ${x.g.reason.value} ${x.g.dismissed.value}`)).toEqual(Array(3).fill('signed-out kicked false'))
    guards[2]!.g.logout()
    await vi.advanceTimersByTimeAsync(10)
    // every tab leaves, each to its own configured target: no URL ever crosses tabs
    expect(guards.map(x => x.navigated)).toEqual(Array(3).fill([`${location.origin}/login`]))
    session = { status: 200 }
  })

  it('a tab that reads "signed in" again makes a signed-out tab check with the server: its prompt closes', async () => {
    session = { status: 401, payload: { reason: 'kicked' } }
    const [a, b] = [browser.open(), browser.open()]
    const A = guardIn(a)
    await vi.advanceTimersByTimeAsync(100)
    expect(A.g.state.value).toBe('signed-out')
    expect(A.g.connection.status.value).toBe('closed')
    // the user signs in again in another tab
    session = { status: 200 }
    const B = guardIn(b)
    await vi.advanceTimersByTimeAsync(100)
    expect(B.g.state.value).toBe('signed-in')
    expect(A.g.state.value).toBe('signed-in')
    expect(A.navigated).toEqual([])
  })

  it('activity from before the warning (passed on late) cancels it; activity after it does not', async () => {
    const [a, other] = [browser.open(), browser.open()]
    const A = guardIn(a, { idleTimeout: 10_000 })
    const peer = createTabGroup('session-guard:guard', other.options())
    await vi.advanceTimersByTimeAsync(10_100)
    expect(A.g.state.value).toBe('warning')
    const warnedAt = Date.now() - 100
    peer.post({ t: 'active', at: warnedAt + 50 })
    await vi.advanceTimersByTimeAsync(10)
    expect(A.g.state.value).toBe('warning')
    peer.post({ t: 'active', at: warnedAt - 500 })
    await vi.advanceTimersByTimeAsync(10)
    expect(A.g.state.value).toBe('signed-in')
    peer.close()
  })

  it('hostile packets change nothing: junk, a time from the future, a URL to follow', async () => {
    const [a, other] = [browser.open(), browser.open()]
    const A = guardIn(a, { idleTimeout: 10_000 })
    const peer = createTabGroup('session-guard:guard', other.options())
    await vi.advanceTimersByTimeAsync(100)
    for (const junk of [null, 42, 'leave', { t: 'active' }, { t: 'active', at: 'now' }, { t: 'extended', at: 1, expiresAt: 'never' }, { t: 'dismiss', key: 42 }])
      peer.post(junk)
    // "active" from the year 33658 counts as now, not as activity forever
    peer.post({ t: 'active', at: 1e15 })
    await vi.advanceTimersByTimeAsync(10_000)
    expect(A.g.state.value).toBe('warning')
    peer.post({ t: 'leave', url: 'https://evil.example/' })
    await vi.advanceTimersByTimeAsync(10)
    expect(A.navigated).toEqual([`${location.origin}/authorize/logout`])
    peer.close()
  })
})
