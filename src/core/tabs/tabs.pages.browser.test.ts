// createTabGroup and shareAcrossTabs across real pages of one origin in Chromium, against the demo
// backend. Pages run test/fixtures/tabs.ts in a browser context of their own (own connection pool,
// own BroadcastChannel / Web Locks namespace); `lab.state()` reads back what a page saw.
import { describe, expect, inject, it } from 'vitest'
import { commands } from 'vitest/browser'
import { usePages } from '../../../test/helpers/pages'
import { channel } from '../../../test/helpers/channel'

const base = inject('backendUrl')
const api = (path: string, ch: string) => `${base}/__lifeline/${path}${path.includes('?') ? '&' : '?'}channel=${ch}`
const FIXTURE = '/test/fixtures/tabs.html'
const POLL = { timeout: 15_000, interval: 25 }

interface PageState {
  name: string
  id: string | null
  isLeader: boolean
  leaderId: string | null
  leaderChanges: Array<{ at: number, isLeader: boolean, leaderId?: string | null }>
  created: Array<{ at: number, resume: unknown }>
  opened: number[]
  ticks: number[]
  served: string[]
  messages: Array<{ message: unknown, from: string }>
  errors: string[]
  snapshot?: { status: string, n: number, eventSource: string | null }
  raw: { opens: number, messages: number, errors: number, openedAt: number }
  rawReadyState: number | null
}

interface Stats { open: { sse: number }, opened: { sse: number }, requests: Array<{ route: string, query: Record<string, string> }> }

const { openTabs } = usePages(FIXTURE, 'lab', POLL)

const state = (id: string) => commands.evalInPage<PageState>(id, '() => lab.state()')
const states = (ids: string[]) => Promise.all(ids.map(state))
const run = (id: string, source: string, arg?: unknown) => commands.evalInPage(id, source, arg)
const stats = (ch: string) => commands.serverFetch<Stats>(api('stats', ch))

/** The page that leads, once exactly one does and every page agrees on it (group pages). */
async function agreedLeader(ids: string[]): Promise<string> {
  let leader = ''
  await expect.poll(async () => {
    const all = await states(ids)
    const leaders = ids.filter((_, i) => all[i]!.isLeader)
    leader = leaders[0] ?? ''
    return leaders.length === 1 && all.every(s => s.leaderId === all[ids.indexOf(leader)]!.id)
  }, POLL).toBe(true)
  return leader
}

/** The page whose shared ticker leads, once exactly one does. */
async function sharingLeader(ids: string[]): Promise<string> {
  let leader = ''
  await expect.poll(async () => {
    const all = await states(ids)
    const leaders = ids.filter((_, i) => all[i]!.isLeader)
    leader = leaders[0] ?? ''
    return leaders.length
  }, POLL).toBe(1)
  return leader
}

/** `ticks` is n, n+1, n+2, …: nothing lost, nothing twice. */
const gapless = (ticks: number[]) => ticks.every((n, i) => i === 0 || n === ticks[i - 1]! + 1)

describe('createTabGroup in Chromium', () => {
  it.each([3, 5, 8])('elects exactly one leader among %i pages, and every page knows it', async (n) => {
    const ids = await openTabs(n)
    const name = channel('elect')
    for (const id of ids)
      await run(id, '(name) => lab.join(name)', name)
    const leader = await agreedLeader(ids)
    // Web Locks grant in request order: the first page that asked leads
    expect(leader).toBe(ids[0])
    expect((await state(leader)).errors).toEqual([])
  }, 60_000)

  it('a reply reaches only the asking page', async () => {
    const ids = await openTabs(4)
    const name = channel('ask')
    for (const id of ids)
      await run(id, '(name) => lab.join(name)', name)
    const leader = await agreedLeader(ids)
    const followers = ids.filter(id => id !== leader)
    // all at once, each with its own payload
    const answers = await Promise.all(followers.map(id => run(id, '(p) => lab.group().request(p)', `from ${id}`)))
    const followerStates = await states(followers)
    answers.forEach((answer, i) => expect(answer).toEqual({ by: (followerStates[0]!).leaderId, to: followerStates[i]!.id, payload: `from ${followers[i]}` }))
    expect((await state(leader)).served.sort()).toEqual(followerStates.map(s => s.id).sort())
    // nothing else arrived anywhere as a message
    for (const s of await states(ids))
      expect(s.messages).toEqual([])
  }, 60_000)
})

describe('shareAcrossTabs in Chromium (toy counter on a raw EventSource)', () => {
  it('closing the leader page five times in a row: a new leader within 2 s each time, no event lost or duplicated', async () => {
    const ch = channel('handover')
    const url = api('sse/ticker?interval=50', ch)
    const ids = await openTabs(7)
    for (const id of ids)
      await run(id, '([key, url]) => lab.share(key, url)', [ch, url])
    let leader = await sharingLeader(ids)
    await expect.poll(async () => (await state(ids.at(-1)!)).ticks.length, POLL).toBeGreaterThan(5)
    const heard = new Map<string, number[]>()
    const figures: Array<{ elected: number, connected: number }> = []
    let live = [...ids]
    for (let i = 0; i < 5; i++) {
      heard.set(leader, (await state(leader)).ticks)
      const closedAt = await commands.closePage(leader)
      live = live.filter(id => id !== leader)
      leader = await sharingLeader(live)
      await expect.poll(async () => (await state(leader)).opened.length, POLL).toBeGreaterThan(0)
      const s = await state(leader)
      const elected = s.leaderChanges.findLast(c => c.isLeader)!.at - closedAt
      const connected = s.opened.at(-1)! - closedAt
      figures.push({ elected, connected })
      expect(connected).toBeLessThan(2000)
      // let some events flow through the new leader before the next close
      const count = s.ticks.length
      await expect.poll(async () => (await state(live.at(-1)!)).ticks.length, POLL).toBeGreaterThan(count + 5)
    }
    for (const id of live)
      heard.set(id, (await state(id)).ticks)
    console.info(`[tabs handover] 5 leader closes, 7 pages: elected after ${figures.map(f => f.elected).join(', ')} ms; connected after ${figures.map(f => f.connected).join(', ')} ms`)

    for (const [id, ticks] of heard) {
      expect(gapless(ticks), `${id}: ${ticks.join(',')}`).toBe(true)
      expect(ticks.length).toBeGreaterThan(5)
    }
    const s = await stats(ch)
    const connections = s.requests.filter(r => r.route === 'sse/ticker')
    // one connection at a time: the first, then one per handover, each resuming after the last event seen
    expect(connections).toHaveLength(6)
    expect(connections[0]!.query.lastEventId).toBeUndefined()
    expect(connections.slice(1).every(r => Number(r.query.lastEventId) > 0)).toBe(true)
    await expect.poll(async () => (await stats(ch)).open.sse, POLL).toBe(1)
    const all = [...heard.values()]
    const lost = all.reduce((sum, t) => sum + (t.at(-1)! - t[0]! + 1 - new Set(t).size), 0)
    const duplicated = all.reduce((sum, t) => sum + t.length - new Set(t).size, 0)
    console.info(`[tabs handover] backend connections: ${connections.length} (resumed after ${connections.slice(1).map(r => r.query.lastEventId).join(', ')}); events lost: ${lost}, duplicated: ${duplicated} over ${all.reduce((a, t) => a + t.length, 0)} deliveries`)
  }, 120_000)

  it('a frozen leader page is replaced within 2 s; when it thaws it steps down and duplicates nothing', async () => {
    const ch = channel('frozen')
    const url = api('sse/ticker?interval=50', ch)
    const ids = await openTabs(4)
    for (const id of ids)
      await run(id, '([key, url]) => lab.share(key, url)', [ch, url])
    const frozen = await sharingLeader(ids)
    const others = ids.filter(id => id !== frozen)
    await expect.poll(async () => (await state(others[0]!)).ticks.length, POLL).toBeGreaterThan(5)
    const frozenAt = await commands.setPageLifecycle(frozen, 'frozen')
    const leader = await sharingLeader(others)
    await expect.poll(async () => (await state(leader)).opened.length, POLL).toBeGreaterThan(0)
    const s = await state(leader)
    const elected = s.leaderChanges.findLast(c => c.isLeader)!.at - frozenAt
    const connected = s.opened.at(-1)! - frozenAt
    console.info(`[tabs freeze] leader frozen (debugger pause): follower elected after ${elected} ms, connected after ${connected} ms`)
    expect(connected).toBeLessThan(2000)
    const count = s.ticks.length
    await expect.poll(async () => (await state(others.at(-1)!)).ticks.length, POLL).toBeGreaterThan(count + 5)

    await commands.setPageLifecycle(frozen, 'active')
    await expect.poll(async () => (await states(ids)).filter(x => x.isLeader).length, POLL).toBe(1)
    await expect.poll(async () => (await state(frozen)).isLeader, POLL).toBe(false)
    const thawed = (await state(frozen)).ticks.length
    await expect.poll(async () => (await state(frozen)).ticks.length, POLL).toBeGreaterThan(thawed + 5)
    for (const x of await states(ids)) {
      expect(new Set(x.ticks).size, `duplicates in ${x.name}`).toBe(x.ticks.length)
      expect(x.errors).toEqual([])
    }
    for (const x of await states(others))
      expect(gapless(x.ticks), x.ticks.join(',')).toBe(true)
    // the thawed page closed its stale EventSource
    await expect.poll(async () => (await stats(ch)).open.sse, POLL).toBe(1)
  }, 120_000)

  it('a crashed leader page (no pagehide) is replaced within 2 s, nothing lost or duplicated', async () => {
    const ch = channel('crash')
    const ids = await openTabs(3)
    for (const id of ids)
      await run(id, '([key, url]) => lab.share(key, url)', [ch, api('sse/ticker?interval=50', ch)])
    const crashed = await sharingLeader(ids)
    const others = ids.filter(id => id !== crashed)
    await expect.poll(async () => (await state(others[0]!)).ticks.length, POLL).toBeGreaterThan(5)
    const crashedAt = await commands.crashPage(crashed)
    const leader = await sharingLeader(others)
    await expect.poll(async () => (await state(leader)).opened.length, POLL).toBeGreaterThan(0)
    const s = await state(leader)
    const elected = s.leaderChanges.findLast(c => c.isLeader)!.at - crashedAt
    const connected = s.opened.at(-1)! - crashedAt
    console.info(`[tabs crash] leader page crashed (CDP Page.crash): follower elected after ${elected} ms, connected after ${connected} ms`)
    expect(connected).toBeLessThan(2000)
    await expect.poll(async () => (await state(others.at(-1)!)).ticks.length, POLL).toBeGreaterThan(s.ticks.length + 5)
    for (const x of await states(others))
      expect(gapless(x.ticks), x.ticks.join(',')).toBe(true)
    await expect.poll(async () => (await stats(ch)).open.sse, POLL).toBe(1)
  }, 60_000)

  it('a hung leader page (busy main thread) is replaced; when it recovers it steps down', async () => {
    const ch = channel('hung')
    const ids = await openTabs(3)
    for (const id of ids)
      await run(id, '([key, url]) => lab.share(key, url)', [ch, api('sse/ticker?interval=50', ch)])
    const hung = await sharingLeader(ids)
    const others = ids.filter(id => id !== hung)
    await expect.poll(async () => (await state(others[0]!)).ticks.length, POLL).toBeGreaterThan(3)
    const hungAt = await commands.hangPage(hung, 4000)
    const leader = await sharingLeader(others)
    const s = await state(leader)
    console.info(`[tabs hang] leader busy for 4 s: follower elected after ${s.leaderChanges.findLast(c => c.isLeader)!.at - hungAt} ms`)
    expect(s.leaderChanges.findLast(c => c.isLeader)!.at - hungAt).toBeLessThan(2000)
    await expect.poll(async () => (await states(ids)).filter(x => x.isLeader).length, POLL).toBe(1)
    await expect.poll(async () => (await state(hung)).isLeader, POLL).toBe(false)
    for (const x of await states(ids))
      expect(new Set(x.ticks).size).toBe(x.ticks.length)
    await expect.poll(async () => (await stats(ch)).open.sse, POLL).toBe(1)
  }, 60_000)

  it('a follower calls a method of the leader\'s transport by name and alone gets the answer', async () => {
    const ch = channel('call')
    const ids = await openTabs(3)
    for (const id of ids)
      await run(id, '([key, url]) => lab.share(key, url)', [ch, api('sse/ticker?interval=200', ch)])
    const leader = await sharingLeader(ids)
    const leaderName = (await state(leader)).name
    const followers = ids.filter(id => id !== leader)
    const answers = await Promise.all(followers.map(id => run(id, '(tag) => lab.holder().call("whoAmI", [tag])', id)))
    expect(answers).toEqual(followers.map(id => `${id}@${leaderName}`))
    const follower = await state(followers[0]!)
    expect(follower.snapshot).toMatchObject({ status: 'open', eventSource: null })
    expect((await state(leader)).snapshot).toMatchObject({ status: 'open', eventSource: 'EventSource' })
  }, 60_000)
})
