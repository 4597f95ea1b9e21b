// `shared: 'browser'` on the three composables, across real pages of one origin in Chromium, against the
// demo backend (issue 10). Pages run test/fixtures/shared.ts in a browser context of their own (its own
// connection pool, BroadcastChannel and Web Locks namespace); `lab.state()` reads back what a page saw.
import { describe, expect, inject, it } from 'vitest'
import { commands } from 'vitest/browser'
import { usePages } from '../../test/helpers/pages'
import { channel } from '../../test/helpers/channel'

const base = inject('backendUrl')
const api = (path: string, ch: string) => `${base}/__lifeline/${path}${path.includes('?') ? '&' : '?'}channel=${ch}`
const FIXTURE = '/test/fixtures/shared.html'
const POLL = { timeout: 15_000, interval: 25 }

interface PageState {
  statuses: string[]
  seen: number[]
  messages: unknown[]
  errors: string[]
  openedAt: number[]
  replies: unknown[]
  status: string | null
  data: unknown
}

interface Stats {
  open: { sse: number, ws: number }
  opened: { sse: number, ws: number }
  requests: Array<{ route: string, at: number, query: Record<string, string> }>
  wsReceived: string[]
}

const { openTabs, leaderOf } = usePages(FIXTURE, 'sharedLab', POLL)

const state = (id: string) => commands.evalInPage<PageState>(id, '() => sharedLab.state()')
const states = (ids: string[]) => Promise.all(ids.map(state))
const run = (id: string, source: string, arg?: unknown) => commands.evalInPage(id, source, arg)
const stats = (ch: string) => commands.serverFetch<Stats>(api('stats', ch))
/** `seen` is n, n+1, n+2, …: nothing lost, nothing twice. */
const gapless = (seen: number[]) => seen.every((n, i) => i === 0 || n === seen[i - 1]! + 1)

describe('shared: \'browser\' on useEventSource', () => {
  it('8 pages on one HTTP/1.1 stream: the backend sees one connection and every page gets every event', async () => {
    const ch = channel('shared-sse-8')
    const ids = await openTabs(8)
    for (const id of ids)
      await run(id, '(url) => sharedLab.sse(url)', api('sse/ticker?interval=100', ch))
    await expect.poll(async () => (await states(ids)).every(s => s.seen.length >= 10), POLL).toBe(true)
    const { open, opened } = await stats(ch)
    const all = await states(ids)
    console.info(`[shared sse] 8 pages: backend open ${open.sse}, opened ${opened.sse}; events per page ${all.map(s => s.seen.length).join(' ')}`)
    expect(open.sse).toBe(1)
    expect(opened.sse).toBe(1)
    for (const s of all) {
      expect(s.status).toBe('open')
      expect(gapless(s.seen)).toBe(true)
      expect(s.errors).toEqual([])
    }
  })

  it('the leader page closed five times mid-stream: a new leader connected within 2 s each time, no event lost or duplicated', async () => {
    const ch = channel('shared-sse-handover')
    const ids = await openTabs(7)
    for (const id of ids)
      await run(id, '(url) => sharedLab.sse(url)', api('sse/ticker?interval=50', ch))
    const handovers: number[] = []
    const alive = [...ids]
    await expect.poll(async () => (await states(alive)).every(s => s.seen.length > 0), POLL).toBe(true)
    for (let round = 0; round < 5; round++) {
      const before = (await stats(ch)).opened.sse
      const leader = await leaderOf(alive, 'share:sse ')
      alive.splice(alive.indexOf(leader), 1)
      const closedAt = await commands.closePage(leader)
      await expect.poll(async () => (await stats(ch)).opened.sse, POLL).toBe(before + 1)
      const opened = (await stats(ch)).requests.filter(r => r.route === 'sse/ticker').at(-1)!.at
      handovers.push(opened - closedAt)
      const seen = (await states(alive)).map(s => s.seen.length)
      await expect.poll(async () => (await states(alive)).every((s, k) => s.seen.length > seen[k]! + 3), POLL).toBe(true)
      expect((await stats(ch)).open.sse).toBe(1)
    }
    const all = await states(alive)
    const requests = (await stats(ch)).requests.filter(r => r.route === 'sse/ticker')
    console.info(`[shared sse] handovers after closing the leader: ${handovers.map(ms => `${ms} ms`).join(', ')}; backend streams ${requests.length}; events per follower ${all.map(s => s.seen.length).join(' ')}`)
    expect(handovers).toHaveLength(5)
    for (const ms of handovers)
      expect(ms).toBeLessThan(2000)
    for (const s of all) {
      expect(gapless(s.seen)).toBe(true)
      expect(s.seen.length).toBeGreaterThan(10)
    }
  })
})

describe('shared: \'browser\' on useWebSocketAuto', () => {
  it('one socket for 3 pages; a follower\'s send and request go through the leader, the reply to that follower only', async () => {
    const ch = channel('shared-ws')
    const ids = await openTabs(3)
    for (const id of ids)
      await run(id, '(url) => sharedLab.ws(url)', api('ws/echo', ch).replace(/^http/, 'ws'))
    await expect.poll(async () => (await states(ids)).every(s => s.status === 'open'), POLL).toBe(true)
    expect((await stats(ch)).open.ws).toBe(1)
    // every page sends one message: the backend gets each once, every page hears every echo
    for (const [i, id] of ids.entries())
      expect(await run(id, '(m) => sharedLab.send(m)', { type: 'hello', data: i })).toBe(true)
    await expect.poll(async () => (await stats(ch)).wsReceived.length, POLL).toBe(3)
    await expect.poll(async () => (await states(ids)).every(s => s.messages.length === 3), POLL).toBe(true)
    // a request from the last page: answered there, and nowhere else
    const reply = await run(ids[2]!, '(m) => sharedLab.request(m)', { type: 'ask', data: 'who' })
    expect(reply).toMatchObject({ type: 'ask', data: 'who' })
    const all = await states(ids)
    expect(all.map(s => s.replies.length)).toEqual([0, 0, 1])
    expect((await stats(ch)).opened.ws).toBe(1)
  })
})

describe('shared: \'browser\' on usePolling', () => {
  it('5 pages: one request per interval at the backend, every page gets every answer', async () => {
    const ch = channel('shared-poll')
    const ids = await openTabs(5)
    for (const id of ids)
      await run(id, '([url, interval]) => sharedLab.poll(url, interval)', [api('poll/counter', ch), 300])
    await expect.poll(async () => (await states(ids)).every(s => s.seen.length >= 5), POLL).toBe(true)
    const requests = (await stats(ch)).requests.filter(r => r.route === 'poll/counter')
    const gaps = requests.slice(1).map((r, i) => r.at - requests[i]!.at)
    console.info(`[shared poll] 5 pages: ${requests.length} requests, gaps ${gaps.join(' ')} ms`)
    // one loop: no two requests closer than the interval (minus the timer's slack)
    expect(gaps.every(ms => ms >= 250)).toBe(true)
    for (const s of await states(ids))
      expect(gapless(s.seen)).toBe(true)
  })
})
