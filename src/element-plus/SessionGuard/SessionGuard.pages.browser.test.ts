// LlSessionGuard across real pages of one origin in Chromium, against the demo backend's session/*
// routes (issue 14): one status connection for every page, one dialog per page and one decision for all,
// a leader page closing, idle activity shared by the pages, a status server that goes down. Pages run
// test/fixtures/sessionGuard.ts (Element Plus and one guard, navigation recorded) in a browser context of
// their own. What one page alone does (focus, locale, countdown, a kick with three triggers in one page)
// is in SessionGuard.browser.test.ts.
import { describe, expect, inject, it } from 'vitest'
import { commands } from 'vitest/browser'
import { channel } from '../../../test/helpers/channel'
import { usePages } from '../../../test/helpers/pages'

const base = inject('backendUrl')
const api = (path: string, ch: string) => `${base}/__lifeline/${path}${path.includes('?') ? '&' : '?'}channel=${ch}`
const FIXTURE = '/test/fixtures/sessionGuard.html'
const POLL = { timeout: 15_000, interval: 25 }

interface PageState {
  events: string[]
  navigated: string[]
  shownAt: number[]
  states: Array<[string, number]>
  state: string | null
  reason: string | null
  connection: string | null
  dialogs: number
  title: string | null
  notice: string | null
}

interface Stats {
  open: { sse: number }
  opened: { sse: number }
  requests: Array<{ route: string, at: number }>
}

const { openTabs, addTabs, leaderOf } = usePages(FIXTURE, 'guardLab', POLL)

const state = (id: string) => commands.evalInPage<PageState>(id, '() => guardLab.state()')
const states = (ids: string[]) => Promise.all(ids.map(state))
const every = async (ids: string[], test: (s: PageState) => boolean) => (await states(ids)).every(test)
const click = (id: string, name: string) => commands.evalInPage<boolean>(id, '(name) => guardLab.click(name)', name)
const backend = <T = any>(path: string, ch: string) => commands.serverFetch<T>(api(path, ch), 'POST')
const stats = (ch: string) => commands.serverFetch<Stats>(api('stats', ch))
const wait = (ms: number) => new Promise(resolve => setTimeout(resolve, ms))

/** Opens `n` pages, signed in on channel `ch`, each with a guard of `props` (the status every 500 ms). */
async function guardedPages(ch: string, n: number, props: Record<string, unknown> = {}, { login = true, ttl }: { login?: boolean, ttl?: number } = {}) {
  if (login)
    await backend(`session/login${ttl ? `?ttl=${ttl}` : ''}`, ch)
  const ids = await openTabs(n)
  await mountIn(ids, ch, props)
  return ids
}

async function mountIn(ids: string[], ch: string, props: Record<string, unknown> = {}) {
  for (const id of ids)
    await commands.evalInPage(id, '(props) => guardLab.mount(props)', { url: api('session/status?interval=500', ch), ...props })
}

describe('LlSessionGuard in many pages of one origin', () => {
  it('three pages: one status connection at the backend; three triggers at once → exactly one dialog in every page; "Sign in again" in one page leaves in all', async () => {
    const ch = channel('guard-pages-kick')
    const ids = await guardedPages(ch, 3)
    await expect.poll(() => every(ids, s => s.state === 'signed-in' && s.connection === 'open'), POLL).toBe(true)
    // a second and more to open anything extra
    await wait(1000)
    const { open, opened } = await stats(ch)
    expect(open.sse).toBe(1)
    expect(opened.sse).toBe(1)
    expect((await stats(ch)).requests.filter(r => r.route === 'session/status')).toHaveLength(1)

    await Promise.all([backend('session/kick', ch), backend('session/expire', ch), backend('session/kick', ch)])
    await expect.poll(() => every(ids, s => s.dialogs === 1), POLL).toBe(true)
    await wait(1000)
    const all = await states(ids)
    // one sign-out per page, the same one everywhere (whichever trigger the backend reported first)
    const ends = all.map(s => s.events.filter(e => e === 'kicked' || e === 'expired'))
    for (const s of all) {
      expect(s.dialogs).toBe(1)
      expect(s.shownAt).toHaveLength(1)
      expect(s.state).toBe('signed-out')
      expect(s.title).toBe(all[0]!.title)
      expect(s.navigated).toEqual([])
    }
    expect(ends.map(e => e.length)).toEqual([1, 1, 1])
    expect(new Set(ends.flat()).size).toBe(1)
    // the stream ended with the sign-out: nothing left open at the backend
    await expect.poll(async () => (await stats(ch)).open.sse, POLL).toBe(0)

    expect(await click(ids[1]!, 'Sign in again')).toBe(true)
    const origin = await commands.evalInPage<string>(ids[0]!, '() => location.origin')
    await expect.poll(() => every(ids, s => s.navigated.length === 1 && s.dialogs === 0), POLL).toBe(true)
    for (const s of await states(ids))
      expect(s.navigated).toEqual([`${origin}/authorize/logout`])
  })

  it('a decision in one page closes the dialog in the others: "Stay signed in" (one keep-alive), "Sign out" (every page leaves)', { timeout: 60_000 }, async () => {
    const ch = channel('guard-pages-decide')
    // 65 s: the warning (60 s ahead) comes after 5 s; an extension gives 65 s again
    const ids = await guardedPages(ch, 3, { keepAlive: api('session/extend', ch) }, { ttl: 65_000 })
    await expect.poll(() => every(ids, s => s.dialogs === 1 && s.state === 'warning'), POLL).toBe(true)
    for (const s of await states(ids))
      expect(s.title).toBe('You are about to be signed out')

    expect(await click(ids[2]!, 'Stay signed in')).toBe(true)
    await expect.poll(() => every(ids, s => s.dialogs === 0 && s.state === 'signed-in'), POLL).toBe(true)
    const extends_ = (await stats(ch)).requests.filter(r => r.route === 'session/extend')
    expect(extends_).toHaveLength(1)
    for (const s of await states(ids)) {
      expect(s.events.filter(e => e === 'extended')).toHaveLength(1)
      expect(s.navigated).toEqual([])
    }

    // the extension runs out again (5 s to the next warning): "Sign out" in the first page leaves everywhere
    await expect.poll(() => every(ids, s => s.dialogs === 1 && s.state === 'warning'), POLL).toBe(true)
    expect(await click(ids[0]!, 'Sign out')).toBe(true)
    const origin = await commands.evalInPage<string>(ids[0]!, '() => location.origin')
    await expect.poll(() => every(ids, s => s.navigated.length === 1 && s.dialogs === 0), POLL).toBe(true)
    for (const s of await states(ids))
      expect(s.navigated).toEqual([`${origin}/authorize/logout`])
    expect((await stats(ch)).requests.filter(r => r.route === 'session/extend')).toHaveLength(1)
  })

  it('signed in again in a new page (after a kick): the dialog closes in every other page, without a navigation, on one connection', async () => {
    const ch = channel('guard-pages-signin')
    const ids = await guardedPages(ch, 3)
    await expect.poll(() => every(ids, s => s.state === 'signed-in'), POLL).toBe(true)
    await backend('session/kick', ch)
    await expect.poll(() => every(ids, s => s.dialogs === 1 && s.state === 'signed-out'), POLL).toBe(true)
    await expect.poll(async () => (await stats(ch)).open.sse, POLL).toBe(0)
    // the user signs in (the login page of the app), and the app opens again in a tab of its own
    await backend('session/login', ch)
    const [fresh] = await addTabs(1)
    await mountIn([fresh!], ch)
    const all = [...ids, fresh!]
    await expect.poll(() => every(all, s => s.state === 'signed-in' && s.dialogs === 0), POLL).toBe(true)
    await wait(1000)
    for (const s of await states(all)) {
      expect(s.navigated).toEqual([])
      expect(s.dialogs).toBe(0)
    }
    expect((await stats(ch)).open.sse).toBe(1)
  })

  it('the leader page closed: another page takes the status connection within 2 s, and a kick still reaches every page', async () => {
    const ch = channel('guard-pages-handover')
    const ids = await guardedPages(ch, 3)
    await expect.poll(() => every(ids, s => s.state === 'signed-in'), POLL).toBe(true)
    const leader = await leaderOf(ids, 'share:sse ')
    const closedAt = await commands.closePage(leader)
    const rest = ids.filter(id => id !== leader)
    await expect.poll(async () => (await stats(ch)).opened.sse, POLL).toBe(2)
    const reopened = (await stats(ch)).requests.filter(r => r.route === 'session/status').at(-1)!.at
    console.info(`[session guard] handover after closing the leader page: ${reopened - closedAt} ms`)
    expect(reopened - closedAt).toBeLessThan(2000)
    await expect.poll(async () => (await stats(ch)).open.sse, POLL).toBe(1)
    for (const s of await states(rest)) {
      expect(s.state).toBe('signed-in')
      expect(s.dialogs).toBe(0)
    }
    await backend('session/kick', ch)
    await expect.poll(() => every(rest, s => s.dialogs === 1 && s.state === 'signed-out' && s.reason === 'kicked'), POLL).toBe(true)
    for (const s of await states(rest))
      expect(s.shownAt).toHaveLength(1)
  })

  it('idle in two pages: keys pressed in one keep both signed in; with no activity anywhere both warn, once; "Stay signed in" in one closes both', { timeout: 60_000 }, async () => {
    const ch = channel('guard-pages-idle')
    const ids = await guardedPages(ch, 2, { idleTimeout: 3000 })
    const [a, b] = ids as [string, string]
    await expect.poll(() => every(ids, s => s.state === 'signed-in'), POLL).toBe(true)
    // twice the idle timeout with real key presses in page a only: page b counts them too
    const started = Date.now()
    while (Date.now() - started < 6000) {
      await commands.pressKey(a, 'Shift')
      await wait(500)
      for (const s of await states(ids))
        expect(s.state).toBe('signed-in')
    }
    const still = Date.now()
    await expect.poll(() => every(ids, s => s.state === 'warning' && s.dialogs === 1), POLL).toBe(true)
    // no sooner than the idle timeout after the last key
    for (const s of await states(ids)) {
      expect(s.states.at(-1)![1] - still).toBeGreaterThan(3000 - 600)
      expect(s.title).toBe('You are about to be signed out')
      expect(s.events.filter(e => e.startsWith('warning'))).toEqual(['warning idle'])
    }
    expect(await click(b, 'Stay signed in')).toBe(true)
    await expect.poll(() => every(ids, s => s.state === 'signed-in' && s.dialogs === 0), POLL).toBe(true)
  })

  it('status server down for 10 s: every page says "cannot check", none shows a dialog or leaves; back up, signed in again on one connection', { timeout: 60_000 }, async () => {
    const ch = channel('guard-pages-down')
    const ids = await guardedPages(ch, 3)
    await expect.poll(() => every(ids, s => s.state === 'signed-in'), POLL).toBe(true)
    const downAt = Date.now()
    await backend('chaos/offline?ms=10000&drop=1', ch)
    await expect.poll(() => every(ids, s => s.state === 'unknown'), POLL).toBe(true)
    for (const s of await states(ids))
      expect(s.notice).toBe('Cannot check your sign-in status right now. Retrying…')
    while (Date.now() - downAt < 9000) {
      for (const s of await states(ids)) {
        expect(s.state).toBe('unknown')
        expect(s.dialogs).toBe(0)
      }
      await wait(500)
    }
    await expect.poll(() => every(ids, s => s.state === 'signed-in' && s.notice === null), { timeout: 20_000, interval: 50 }).toBe(true)
    for (const s of await states(ids)) {
      expect(s.navigated).toEqual([])
      expect(s.shownAt).toEqual([])
      expect(s.events).toEqual(['unknown'])
    }
    await expect.poll(async () => (await stats(ch)).open.sse, POLL).toBe(1)
  })
})
