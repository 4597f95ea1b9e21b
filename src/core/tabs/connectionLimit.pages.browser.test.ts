// The six-connections-per-host limit of HTTP/1.1 (the baseline of issue 10): N pages of one origin,
// each with its own EventSource to the demo backend, against the same N pages sharing one connection
// through shareAcrossTabs. Every count comes from the backend (`stats`, fetched from Node so that
// the browser's own pool cannot delay it). Figures are printed for docs/guide/tabs.md.
import { describe, expect, inject, it } from 'vitest'
import { commands } from 'vitest/browser'
import { usePages } from '../../../test/helpers/pages'
import { channel } from '../../../test/helpers/channel'

const base = inject('backendUrl')
const api = (path: string, ch: string) => `${base}/__lifeline/${path}${path.includes('?') ? '&' : '?'}channel=${ch}`
const POLL = { timeout: 15_000, interval: 50 }

interface PageState {
  ticks: number[]
  isLeader: boolean
  raw: { opens: number, messages: number, errors: number, openedAt: number }
  rawReadyState: number | null
  fetched: null | { startedAt: number, doneAt: number | null }
}

const { openTabs } = usePages('/test/fixtures/tabs.html', 'lab', POLL)

const state = (id: string) => commands.evalInPage<PageState>(id, '() => lab.state()')
const states = (ids: string[]) => Promise.all(ids.map(state))
const openSse = async (ch: string) => (await commands.serverFetch<{ open: { sse: number } }>(api('stats', ch))).open.sse
const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms))

describe('six connections per host (HTTP/1.1 SSE, one browser profile)', () => {
  it.each([1, 3, 8])('%i pages, one EventSource each: the backend count and what each page gets', async (n) => {
    const ch = channel(`raw${n}`)
    const ids = await openTabs(n)
    for (const id of ids)
      await commands.evalInPage(id, '(url) => lab.openRaw(url)', api('sse/ticker?interval=200', ch))
    const served = Math.min(n, 6)
    await expect.poll(async () => (await states(ids)).filter(s => s.raw.messages > 0).length, POLL).toBe(served)
    await sleep(2000) // time enough for a 7th connection, if there were one
    const all = await states(ids)
    const connections = await openSse(ch)
    console.info(`[six connections] raw EventSource, ${n} pages: backend open SSE connections ${connections}; pages receiving events ${all.filter(s => s.raw.messages > 0).length}; readyState per page ${all.map(s => s.rawReadyState).join(' ')}`)
    expect(connections).toBe(served)
    // pages beyond the sixth: CONNECTING, no event, no error — they just wait for a socket
    all.forEach((s, i) => expect([s.rawReadyState, s.raw.messages > 0, s.raw.errors], `page ${i + 1}`).toEqual(i < 6 ? [1, true, 0] : [0, false, 0]))
    if (n <= 6)
      return

    // any other request of the app to that host waits too
    await commands.evalInPage(ids[7]!, '(url) => lab.probeFetch(url)', api('health', ch))
    await sleep(2000)
    expect((await state(ids[7]!)).fetched?.doneAt).toBe(null)
    // closing one tab frees a socket: the 7th page's stream (queued first) opens, then the fetch
    const closedAt = await commands.closePage(ids[0]!)
    await expect.poll(async () => (await state(ids[6]!)).raw.opens, POLL).toBe(1)
    const seventh = await state(ids[6]!)
    await sleep(1000)
    const eighth = await state(ids[7]!)
    console.info(`[six connections] after closing page 1: page 7 opened after ${seventh.raw.openedAt - closedAt} ms; page 8 stream readyState ${eighth.rawReadyState}, its fetch ${eighth.fetched?.doneAt ? `done after ${eighth.fetched.doneAt - closedAt} ms` : 'still waiting'}; backend open ${await openSse(ch)}`)
    expect(eighth.rawReadyState).toBe(0)
    expect(await openSse(ch)).toBe(6)
  }, 90_000)

  it.each([1, 3, 8])('%i pages sharing one stream across tabs: one connection, every page gets every event', async (n) => {
    const ch = channel(`shared${n}`)
    const ids = await openTabs(n)
    for (const id of ids)
      await commands.evalInPage(id, '([key, url]) => lab.share(key, url)', [ch, api('sse/ticker?interval=200', ch)])
    await expect.poll(async () => (await states(ids)).every(s => s.ticks.length > 2), POLL).toBe(true)
    await sleep(2000)
    const all = await states(ids)
    const connections = await openSse(ch)
    console.info(`[six connections] shareAcrossTabs, ${n} pages: backend open SSE connections ${connections}; pages receiving events ${all.filter(s => s.ticks.length > 0).length}; leaders ${all.filter(s => s.isLeader).length}`)
    expect(connections).toBe(1)
    expect(all.filter(s => s.isLeader)).toHaveLength(1)
    for (const s of all) {
      expect(s.ticks.length).toBeGreaterThan(8)
      expect(s.ticks.every((t, i) => i === 0 || t === s.ticks[i - 1]! + 1)).toBe(true)
    }
    // the tabs that joined last caught up with the same stream
    expect(new Set(all.map(s => s.ticks.at(-1))).size).toBeLessThanOrEqual(2)
  }, 90_000)
})
