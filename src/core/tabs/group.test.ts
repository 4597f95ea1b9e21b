// Election, handover and messaging of createTabGroup in Node, over the simulated browser of
// test/helpers/fakeTabs.ts (fake clock). The same behaviour in Chromium: group.browser.test.ts.
import type { TabGroup, TabGroupOptions } from '.'
import type { FakeTab } from '../../../test/helpers/fakeTabs'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { FakeBrowser, settled, wait } from '../../../test/helpers/fakeTabs'
import { isLifelineError, LifelineError } from '../errors'
import { createTabGroup } from '.'

let browser: FakeBrowser
const groups: TabGroup<any, any, any>[] = []

beforeEach(() => {
  vi.useFakeTimers()
  browser = new FakeBrowser()
})
afterEach(() => {
  groups.splice(0).forEach(g => g.close())
  vi.useRealTimers()
})

function join<M = unknown>(tab: FakeTab, extra: TabGroupOptions = {}, name = 'g'): TabGroup<M, any, any> {
  const group = createTabGroup<M, any, any>(name, tab.options(extra))
  groups.push(group)
  return group
}

/** Opens `n` tabs and joins each to the group, one after the other. */
async function tabs(n: number, { locks = true } = {}) {
  const list = []
  for (let i = 0; i < n; i++) {
    const tab = browser.open(undefined, { locks })
    list.push({ tab, group: join(tab) })
    await wait(10)
  }
  await wait(1000)
  return list
}

type Tabs = Awaited<ReturnType<typeof tabs>>
const leaders = (list: Tabs) => list.filter(t => t.tab.alive && t.group.isLeader)
const live = (list: Tabs) => list.filter(t => t.tab.alive && !t.tab.frozen)

/** Advances the clock in 10 ms steps until `check` holds; returns the time it took. */
async function until(check: () => boolean, limit = 5000): Promise<number> {
  const start = Date.now()
  while (!check()) {
    if (Date.now() - start > limit)
      throw new Error(`not within ${limit} ms`)
    await wait(10)
  }
  return Date.now() - start
}

/** Exactly one live leader, and every live tab agrees on it. */
function agreed(list: Tabs): boolean {
  const lead = leaders(list)
  return lead.length === 1 && live(list).every(t => t.group.leaderId === lead[0]!.group.id)
}

describe.each([['locks', true], ['heartbeat', false]] as const)('createTabGroup (%s election)', (mode, locks) => {
  it('elects exactly one leader among 5 tabs, and every tab knows it', async () => {
    const list = await tabs(5, { locks })
    expect(list.every(t => t.group.mode === mode)).toBe(true)
    expect(agreed(list)).toBe(true)
    // with locks the first tab in line leads; by heartbeat too (the later ones hear its claim and wait)
    expect(list[0]!.group.isLeader).toBe(true)
  })

  it('hands over within 2 s when the leader closes, five times in a row', async () => {
    const list = await tabs(7, { locks })
    const times: number[] = []
    for (let i = 0; i < 5; i++) {
      const old = leaders(list)[0]!
      old.tab.close()
      times.push(await until(() => agreed(list) && !old.group.isLeader))
    }
    // pagehide says goodbye: no timeout to wait for
    expect(Math.max(...times)).toBeLessThan(locks ? 50 : 400)
    expect(live(list)).toHaveLength(2)
  })

  it('hands over within 2 s when the leader crashes (no pagehide)', async () => {
    const list = await tabs(4, { locks })
    const old = leaders(list)[0]!
    old.tab.crash()
    const took = await until(() => agreed(list))
    // locks: the browser frees the lock at once, the next holder waits `settle` for stray messages
    expect(took).toBeLessThan(locks ? 200 : 2000)
  })

  it('hands over within 2 s when the leader freezes, and the frozen tab steps down when it wakes', async () => {
    const list = await tabs(4, { locks })
    const old = leaders(list)[0]!
    old.tab.freeze()
    const took = await until(() => leaders(list.filter(t => t !== old)).length === 1 && live(list).every(t => t.group.leaderId === leaders(list.filter(x => x !== old))[0]!.group.id))
    expect(took).toBeLessThan(2000)
    expect(took).toBeGreaterThanOrEqual(1000) // it was the heartbeat timeout, not luck
    old.tab.unfreeze()
    await until(() => agreed(list) && !old.group.isLeader, 2000)
    // and it stays that way
    await wait(5000)
    expect(agreed(list)).toBe(true)
    expect(old.group.isLeader).toBe(false)
    if (locks)
      expect(browser.locks.holder('vue-lifeline:tabs:g')).toBe(leaders(list)[0]!.group.id)
  })

  it('a leader whose timers stopped (messages still flowing) is replaced within 2 s', async () => {
    const list = await tabs(3, { locks })
    const old = leaders(list)[0]!
    old.tab.timersFrozen = true
    const took = await until(() => leaders(list.filter(t => t !== old)).length === 1)
    expect(took).toBeLessThan(2000)
    // it hears the new leader's heartbeat (messages run) and steps down at once
    await until(() => agreed(list), 500)
    old.tab.unfreeze()
    await wait(5000)
    expect(agreed(list)).toBe(true)
    expect(old.group.isLeader).toBe(false)
  })

  it('background tabs throttled to a timer a minute keep their leader (no takeover every minute)', async () => {
    const list = await tabs(3, { locks })
    const lead = leaders(list)[0]!
    list.forEach(t => (t.tab.throttle = 60_000))
    const changes: string[] = []
    list.forEach(t => t.group.onLeaderChange((_, id) => changes.push(`${t.tab.id}:${id}`)))
    await wait(10 * 60_000)
    expect(changes).toEqual([])
    expect(leaders(list)).toEqual([lead])
  })

  it('a throttled leader is replaced by a follower whose timers run on time', async () => {
    const list = await tabs(3, { locks })
    const lead = leaders(list)[0]!
    lead.tab.throttle = 60_000
    await wait(600) // its last on-time beat
    const took = await until(() => leaders(list.filter(t => t !== lead)).length === 1, 70_000)
    expect(took).toBeLessThan(2000)
    await until(() => agreed(list), 70_000)
  })

  it('a split brain after lost heartbeats resolves to one leader', async () => {
    const list = await tabs(4, { locks })
    const old = leaders(list)[0]!
    old.tab.cut = true // its heartbeats are lost, and it hears nothing
    await until(() => leaders(list.filter(t => t !== old)).length === 1)
    const other = leaders(list.filter(t => t !== old))[0]!
    if (!locks)
      expect(old.group.isLeader).toBe(true) // two leaders while they cannot hear each other
    old.tab.cut = false
    await until(() => agreed(list), 3000)
    await wait(5000)
    expect(agreed(list)).toBe(true)
    // the newer term wins
    expect(leaders(list)[0]).toBe(other)
  })

  it('a tab that is not yet leader does not lead while a live leader exists (no spurious takeover)', async () => {
    const list = await tabs(3, { locks })
    const lead = leaders(list)[0]!
    const changes: string[] = []
    list.forEach(t => t.group.onLeaderChange((_, id) => changes.push(`${t.tab.id}:${id}`)))
    await wait(30_000)
    expect(leaders(list)).toEqual([lead])
    expect(changes).toEqual([])
  })

  it('leaves on pagehide and joins again on pageshow from the back-forward cache', async () => {
    const list = await tabs(2, { locks })
    const [a, b] = list
    a!.tab.emitLifecycle({ type: 'hide', persisted: true })
    await until(() => b!.group.isLeader && b!.group.leaderId === b!.group.id)
    expect(a!.group.isLeader).toBe(false)
    expect(a!.group.leaderId).toBe(null)
    a!.tab.emitLifecycle({ type: 'show', persisted: true })
    await until(() => a!.group.leaderId === b!.group.id)
    expect(agreed(list)).toBe(true)
  })
})

describe('createTabGroup messages and requests', () => {
  it('post reaches every other tab, not the sender', async () => {
    const list = await tabs(3)
    const got: string[] = []
    list.forEach(t => t.group.onMessage((m, from) => got.push(`${t.tab.id}<-${from}:${m}`)))
    list[1]!.group.post('hi')
    await wait(10)
    expect(got.sort()).toEqual(['tab1<-tab2:hi', 'tab3<-tab2:hi'])
  })

  it('a reply reaches only the asking tab, even when two tabs ask at once', async () => {
    const list = await tabs(4)
    const lead = leaders(list)[0]!
    const seen: string[] = []
    lead.group.handle((payload: number, from) => {
      seen.push(from)
      return { from, double: payload * 2 }
    })
    const answers = await settled(Promise.all(list.map((t, i) => t.group.request(i + 1))))
    expect(answers).toEqual(list.map((t, i) => ({ from: t.group.id, double: (i + 1) * 2 })))
    expect(seen.sort()).toEqual(list.map(t => t.group.id).sort())
  })

  it('a request made while no tab leads waits and reaches the next leader once', async () => {
    const list = await tabs(3)
    const old = leaders(list)[0]!
    const calls: string[] = []
    list.forEach(t => t.group.handle((p: string) => {
      calls.push(`${t.tab.id}:${p}`)
      return p.toUpperCase()
    }))
    old.tab.crash()
    const asker = list.find(t => t !== old && !t.group.isLeader && t.tab.alive)!
    expect(await settled(asker.group.request('x'))).toBe('X')
    expect(calls).toHaveLength(1)
    expect(calls[0]).not.toMatch(old.tab.id)
  })

  it('an unacknowledged request to a frozen leader goes to the next one; the old one never runs it', async () => {
    const list = await tabs(3)
    const old = leaders(list)[0]!
    const calls: string[] = []
    list.forEach(t => t.group.handle(() => {
      calls.push(t.tab.id)
      return t.tab.id
    }))
    old.tab.freeze()
    const asker = list.find(t => t !== old)!
    const by = await settled(asker.group.request('x'))
    expect(by).not.toBe(old.tab.id)
    old.tab.unfreeze()
    await wait(3000)
    expect(calls).toEqual([by])
  })

  it('an acknowledged request whose leader dies before answering rejects with NETWORK and is never sent again', async () => {
    const list = await tabs(3)
    const old = leaders(list)[0]!
    let runs = 0
    list.forEach(t => t.group.handle(() => {
      runs++
      return new Promise(() => {}) // never answers
    }))
    const asker = list.find(t => t !== old)!
    const answer = asker.group.request('x')
    const failure = answer.catch((error: unknown) => error)
    await wait(20)
    expect(runs).toBe(1) // acknowledged and running
    old.tab.crash()
    const error = await settled(failure)
    expect(isLifelineError(error, 'NETWORK')).toBe(true)
    expect((error as Error).message).toMatch(/may have run/)
    await wait(5000)
    expect(runs).toBe(1)
  })

  it('the leader asks itself locally', async () => {
    const list = await tabs(2)
    const lead = leaders(list)[0]!
    lead.group.handle((p: number, from) => ({ p, from }))
    expect(await settled(lead.group.request(7))).toEqual({ p: 7, from: lead.group.id })
  })

  it('reports what structured clone refuses as PARSE with the reason, never drops it', async () => {
    const list = await tabs(2)
    const [lead, follower] = [leaders(list)[0]!, list.find(t => !t.group.isLeader)!]
    let caught: unknown
    try {
      follower.group.post({ fn: () => {} })
    }
    catch (error) {
      caught = error
    }
    expect(isLifelineError(caught, 'PARSE')).toBe(true)
    expect((caught as Error).message).toMatch(/^the message cannot be sent to other tabs: .*could not be cloned/s)
    await expect(settled(follower.group.request({ fn: () => {} }))).rejects.toMatchObject({ code: 'PARSE', message: expect.stringMatching(/request cannot be sent/) })
    lead.group.handle(() => ({ fn: () => {} }))
    await expect(settled(follower.group.request('x'))).rejects.toMatchObject({ code: 'PARSE', message: expect.stringMatching(/answer cannot be sent/) })
  })

  it('a handler that throws rejects the request with a LifelineError (its code kept)', async () => {
    const list = await tabs(2)
    const [lead, follower] = [leaders(list)[0]!, list.find(t => !t.group.isLeader)!]
    lead.group.handle((p: string) => {
      if (p === 'full')
        throw new LifelineError('QUEUE_FULL', 'queue is full')
      throw new TypeError('boom')
    })
    await expect(settled(follower.group.request('full'))).rejects.toMatchObject({ name: 'LifelineError', code: 'QUEUE_FULL', message: 'queue is full' })
    const error = await settled(follower.group.request('other').catch((e: unknown) => e))
    expect(error).toBeInstanceOf(LifelineError)
    expect(error).toMatchObject({ code: 'NETWORK', message: expect.stringMatching(/boom/) })
    lead.group.handle(() => undefined)
    lead.group.handle(() => 1)()
    await expect(settled(follower.group.request('x'))).rejects.toMatchObject({ code: 'INVALID_OPTION', message: expect.stringMatching(/no request handler/) })
  })

  it('a request times out with REQUEST_TIMEOUT; a bad timeout is INVALID_OPTION', async () => {
    const list = await tabs(2)
    leaders(list)[0]!.group.handle(() => new Promise(() => {}))
    const follower = list.find(t => !t.group.isLeader)!
    const answer = follower.group.request('x', { timeout: 300 }).catch((e: unknown) => e)
    await wait(300)
    expect(await answer).toMatchObject({ code: 'REQUEST_TIMEOUT' })
    await expect(follower.group.request('x', { timeout: -1 })).rejects.toMatchObject({ code: 'INVALID_OPTION', option: 'timeout' })
  })

  it('close() rejects pending requests, hands over at once, and is idempotent', async () => {
    const list = await tabs(3)
    const lead = leaders(list)[0]!
    list.forEach(t => t.group.handle(() => new Promise(() => {})))
    const follower = list.find(t => !t.group.isLeader)!
    const pending = follower.group.request('x').catch((e: unknown) => e)
    await wait(10)
    follower.group.close()
    follower.group.close()
    expect(await pending).toMatchObject({ code: 'NETWORK' })
    expect(follower.group.closed).toBe(true)
    await expect(follower.group.request('y')).rejects.toMatchObject({ code: 'NETWORK' })
    lead.group.close()
    const rest = list.filter(t => !t.group.closed)
    await until(() => rest.some(t => t.group.isLeader) && rest.every(t => t.group.leaderId === rest.find(x => x.group.isLeader)!.group.id), 100)
  })

  it('a listener that throws changes nothing; its error is rethrown on its own', async () => {
    const thrown: unknown[] = []
    vi.spyOn(globalThis, 'queueMicrotask').mockImplementation((fn) => {
      try {
        fn()
      }
      catch (error) {
        thrown.push(error)
      }
    })
    const list = await tabs(3)
    list.forEach(t => t.group.onLeaderChange(() => {
      throw new Error('listener bug')
    }))
    leaders(list)[0]!.tab.close()
    await until(() => agreed(list))
    expect(thrown.length).toBeGreaterThan(0)
    expect(thrown.every(e => (e as Error).message === 'listener bug')).toBe(true)
    groups.splice(0).forEach(g => g.close())
    vi.mocked(globalThis.queueMicrotask).mockRestore()
  })

  it('a message that cannot be read (messageerror) is reported as PARSE', async () => {
    const tab = browser.open()
    const errors: LifelineError[] = []
    join(tab, { onError: e => errors.push(e) })
    const [channel] = browser.channels.get('vue-lifeline:tabs:g')!
    channel!.onmessageerror!({ type: 'messageerror' })
    expect(errors).toMatchObject([{ code: 'PARSE', message: expect.stringMatching(/could not be read/) }])
  })

  it('falls back to the heartbeat election when Web Locks refuse (opaque origin)', async () => {
    const tab = browser.open()
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const group = join(tab, { locks: { request: () => Promise.reject(new DOMException('opaque', 'SecurityError')) } })
    await wait(1000)
    expect(group.mode).toBe('heartbeat')
    expect(group.isLeader).toBe(true)
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/Web Locks refused/))
    warn.mockRestore()
  })

  it('without BroadcastChannel a tab leads alone at once, with one development warning in all', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const tab = browser.open()
    const a = join(tab, { BroadcastChannel: null })
    const b = join(tab, { BroadcastChannel: null }, 'other')
    expect(a.mode).toBe('alone')
    expect([a.isLeader, a.leaderId]).toEqual([true, a.id])
    expect(b.isLeader).toBe(true)
    expect(() => a.post('nobody listens')).not.toThrow()
    expect(warn.mock.calls.filter(c => /BroadcastChannel is not available/.test(String(c[0])))).toHaveLength(1)
    warn.mockRestore()
  })

  it('refuses bad timing options with INVALID_OPTION', () => {
    const tab = browser.open()
    expect(() => join(tab, { heartbeatInterval: 0 })).toThrow(expect.objectContaining({ code: 'INVALID_OPTION', option: 'heartbeatInterval' }))
    expect(() => join(tab, { heartbeatInterval: 500, heartbeatTimeout: 200 })).toThrow(expect.objectContaining({ code: 'INVALID_OPTION', option: 'heartbeatTimeout' }))
    expect(() => join(tab, { heartbeatTimeout: Number.NaN })).toThrow(expect.objectContaining({ option: 'heartbeatTimeout' }))
  })

  it('uses the platform BroadcastChannel and no Web Locks in Node 20 by default (heartbeat election)', async () => {
    vi.useRealTimers()
    const a = createTabGroup('node-default')
    const b = createTabGroup('node-default')
    groups.push(a, b)
    expect(a.mode).toBe(typeof (globalThis.navigator as Navigator | undefined)?.locks === 'object' ? 'locks' : 'heartbeat')
    await vi.waitUntil(() => [a, b].filter(g => g.isLeader).length === 1 && a.leaderId === b.leaderId, { timeout: 3000 })
  })
})
