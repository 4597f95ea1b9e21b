// shareAcrossTabs in Node over the simulated browser (test/helpers/fakeTabs.ts) with a toy counter
// transport against a toy server: one connection for all tabs, every event once in every tab over
// handovers, calls relayed to the leader and answered to the caller only, ref counting.
// The same over real pages in Chromium: share.browser.test.ts.
import type { Hostable, SharedAcrossTabs, ShareAcrossTabsOptions } from '.'
import type { FakeTab } from '../../../test/helpers/fakeTabs'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { FakeBrowser, settled, wait } from '../../../test/helpers/fakeTabs'
import { isLifelineError, LifelineError } from '../errors'
import { Registry } from '../registry'
import { Store } from '../subscribable'
import { shareAcrossTabs } from '.'

/** A server that counts 1, 2, 3, … every 100 ms and lets a client resume after any n. */
class ToyServer {
  n = 0
  opened = 0
  readonly clients = new Set<(n: number) => void>()
  /** Runs between a transport's snapshot change and its event (to crash a tab right there). */
  between?: (tab: FakeTab, n: number) => void
  #timer: ReturnType<typeof setInterval> | undefined

  start(): void {
    this.#timer = setInterval(() => {
      this.n++
      this.clients.forEach(send => send(this.n))
    }, 100)
  }

  stop(): void {
    clearInterval(this.#timer)
  }

  /** Connects after one tick of latency; replays what came after `after`. */
  connect(tab: FakeTab, after: number, send: (n: number) => void): () => void {
    this.opened++
    let open = true
    const deliver = (n: number): void => tab.run(() => open && send(n))
    const timer = setTimeout(() => {
      for (let n = after + 1; n <= this.n; n++)
        deliver(n)
      this.clients.add(deliver)
    }, 5)
    return () => {
      open = false
      clearTimeout(timer)
      this.clients.delete(deliver)
    }
  }
}

interface Snap { status: 'connecting' | 'open' | 'closed', n: number, socket: { send: () => void } | null, error: LifelineError | null }

/** The toy transport: a Hostable counter. */
class Counter extends Store<Snap> implements Hostable<Snap> {
  readonly #events = new Set<(name: string, args: unknown[]) => void>()
  readonly #close: () => void

  constructor(server: ToyServer, tab: FakeTab, resume: number) {
    super({ status: 'connecting', n: resume, socket: { send: () => {} }, error: null })
    this.#close = server.connect(tab, resume, (n) => {
      this.setSnapshot({ status: 'open', n })
      server.between?.(tab, n)
      this.#events.forEach(l => l('tick', [n]))
    })
  }

  listen(listener: (name: string, args: unknown[]) => void): () => void {
    this.#events.add(listener)
    return () => this.#events.delete(listener)
  }

  resumeState(): number {
    return this.getSnapshot().n
  }

  dispose(): void {
    this.#close()
    this.setSnapshot({ status: 'closed' })
  }

  double(x: number): number {
    return x * 2
  }

  later(x: number): Promise<number> {
    return new Promise(resolve => setTimeout(() => resolve(x + 1), 200))
  }

  full(): Promise<never> {
    return Promise.reject(new LifelineError('QUEUE_FULL', 'queue is full'))
  }

  boom(): never {
    throw new TypeError('boom')
  }

  fail(): void {
    this.setSnapshot({ error: new LifelineError('HTTP_STATUS', 'bad status', { status: 503 }) })
  }

  hang(): Promise<never> {
    return new Promise(() => {})
  }
}

let browser: FakeBrowser
let server: ToyServer
const holders: SharedAcrossTabs<Snap, Counter>[] = []

beforeEach(() => {
  vi.useFakeTimers()
  browser = new FakeBrowser()
  server = new ToyServer()
})
afterEach(() => {
  holders.splice(0).forEach(h => h.release())
  server.stop()
  vi.useRealTimers()
})

const registries = new Map<FakeTab, Registry>()

/** One holder of the shared counter in `tab`, recording every tick it hears. */
function hold(tab: FakeTab, extra: Partial<ShareAcrossTabsOptions<Snap, Counter>> = {}) {
  const registry = registries.get(tab) ?? new Registry({ gcTime: 0, scheduler: tab.scheduler })
  registries.set(tab, registry)
  const ticks: number[] = []
  const errors: LifelineError[] = []
  const holder = shareAcrossTabs<Snap, Counter>('counter', {
    initial: { status: 'connecting', n: 0, socket: null, error: null },
    create: resume => new Counter(server, tab, (resume as number | undefined) ?? 0),
    serialize: snapshot => ({ ...snapshot, socket: null }),
    onError: error => errors.push(error),
    tabs: tab.options(),
    registry,
    ...extra,
  })
  holder.listen((name, args) => name === 'tick' && ticks.push(args[0] as number))
  holders.push(holder)
  return { tab, holder, ticks, errors }
}

type Holder = ReturnType<typeof hold>

async function open(n: number, extra: Partial<ShareAcrossTabsOptions<Snap, Counter>> = {}): Promise<Holder[]> {
  const list: Holder[] = []
  for (let i = 0; i < n; i++) {
    list.push(hold(browser.open(), extra))
    await wait(20)
  }
  await wait(1000)
  server.start()
  return list
}

const leaderOf = (list: Holder[]) => list.filter(h => h.tab.alive && h.holder.isLeader)
const openConnections = () => server.clients.size

describe('shareAcrossTabs', () => {
  it('one connection for 4 tabs; every tab mirrors the snapshot, followers without the local-only field', async () => {
    const list = await open(4)
    expect(server.opened).toBe(1)
    expect(openConnections()).toBe(1)
    const [lead] = leaderOf(list)
    expect(lead).toBeDefined()
    await wait(350)
    for (const h of list) {
      expect(h.holder.getSnapshot().status).toBe('open')
      expect(h.holder.getSnapshot().n).toBe(server.n)
      expect(h.holder.getSnapshot().socket === null).toBe(h !== lead)
      expect(h.holder.transport === null).toBe(h !== lead)
    }
  })

  it('every tab hears every event once, in order, over five closes of the leader tab', async () => {
    const list = await open(7)
    const handovers: number[] = []
    for (let i = 0; i < 5; i++) {
      await wait(450)
      const [lead] = leaderOf(list)
      const start = Date.now()
      lead!.tab.close()
      let took = 0
      while (!(leaderOf(list).length === 1 && leaderOf(list)[0]!.holder.getSnapshot().status === 'open')) {
        await wait(5)
        took = Date.now() - start
        expect(took).toBeLessThan(2000)
      }
      handovers.push(took)
    }
    await wait(450)
    server.stop()
    await wait(50)
    expect(server.opened).toBe(6)
    expect(openConnections()).toBe(1)
    // every tab heard 1, 2, 3, … up to the moment it closed: nothing lost, nothing twice
    for (const h of list)
      expect(h.ticks, h.tab.id).toEqual(Array.from({ length: h.ticks.length }, (_, i) => i + 1))
    for (const h of list.filter(h => h.tab.alive))
      expect(h.ticks.length).toBe(server.n)
    expect(Math.max(...handovers)).toBeLessThan(100)
  })

  it('a leader that dies between a snapshot change and its event: the successor resumes before that event', async () => {
    const list = await open(3)
    const [lead] = leaderOf(list)
    server.between = (tab, n) => {
      if (tab === lead!.tab && n === 5)
        tab.crash()
    }
    await wait(1500)
    server.stop()
    await wait(50)
    for (const h of list.filter(h => h !== lead))
      expect(h.ticks, h.tab.id).toEqual(Array.from({ length: server.n }, (_, i) => i + 1))
    expect(server.opened).toBe(2)
  })

  it('a frozen leader is replaced within 2 s; the others lose and duplicate nothing; it steps down when it wakes', async () => {
    const list = await open(4)
    const [old] = leaderOf(list)
    old!.tab.freeze()
    const start = Date.now()
    await vi.waitFor(async () => {
      await wait(10)
      expect(leaderOf(list.filter(h => h !== old))).toHaveLength(1)
    }, { timeout: 1 })
      .catch(async () => {
        while (leaderOf(list.filter(h => h !== old)).length !== 1)
          await wait(10)
      })
    expect(Date.now() - start).toBeLessThan(2000)
    await wait(1000)
    old!.tab.unfreeze()
    await wait(2000)
    server.stop()
    await wait(50)
    expect(leaderOf(list)).toHaveLength(1)
    expect(old!.holder.isLeader).toBe(false)
    expect(old!.holder.getSnapshot().socket).toBe(null)
    expect(openConnections()).toBe(1) // the woken tab closed its stale connection
    for (const h of list.filter(h => h !== old))
      expect(h.ticks).toEqual(Array.from({ length: server.n }, (_, i) => i + 1))
    expect(new Set(old!.ticks).size).toBe(old!.ticks.length)
    expect(old!.holder.getSnapshot().n).toBe(server.n)
  })

  it('call() runs on the leader\'s transport and answers the calling tab only', async () => {
    const list = await open(3)
    const followers = list.filter(h => !h.holder.isLeader)
    const [a, b] = followers
    const [ra, rb] = await settled(Promise.all([a!.holder.call('double', [2]), b!.holder.call('later', [10])]))
    expect([ra, rb]).toEqual([4, 11])
    await expect(settled(a!.holder.call('full'))).rejects.toMatchObject({ name: 'LifelineError', code: 'QUEUE_FULL' })
    await expect(settled(a!.holder.call('boom'))).rejects.toMatchObject({ code: 'NETWORK', message: expect.stringMatching(/boom/) })
    await expect(settled(a!.holder.call('dispose'))).rejects.toMatchObject({ code: 'INVALID_OPTION' })
    await expect(settled(a!.holder.call('nope'))).rejects.toMatchObject({ code: 'INVALID_OPTION' })
    // the leader tab calls its own transport the same way
    expect(await settled(leaderOf(list)[0]!.holder.call('double', [5]))).toBe(10)
    expect(openConnections()).toBe(1)
  })

  it('only the listed methods can be called when `methods` is given', async () => {
    const list = await open(2, { methods: ['double'] })
    const follower = list.find(h => !h.holder.isLeader)!
    expect(await settled(follower.holder.call('double', [1]))).toBe(2)
    await expect(settled(follower.holder.call('later', [1]))).rejects.toMatchObject({ code: 'INVALID_OPTION' })
  })

  it('a call made during a handover goes once to the next leader; an acknowledged one is never re-sent', async () => {
    const list = await open(3)
    const runs = vi.spyOn(Counter.prototype, 'double')
    const [lead] = leaderOf(list)
    const follower = list.find(h => h !== lead)!
    lead!.tab.crash()
    expect(await settled(follower.holder.call('double', [21]))).toBe(42)
    expect(runs).toHaveBeenCalledOnce()

    const hang = vi.spyOn(Counter.prototype, 'hang')
    const [next] = leaderOf(list)
    const other = list.find(h => h.tab.alive && h !== next)!
    const pending = other.holder.call('hang').catch((e: unknown) => e)
    await wait(50)
    expect(hang).toHaveBeenCalledOnce()
    next!.tab.crash()
    const error = await settled(pending)
    expect(isLifelineError(error, 'NETWORK')).toBe(true)
    await wait(3000)
    expect(hang).toHaveBeenCalledOnce()
  })

  it('a tab that joins later gets the current state at once, not only later changes', async () => {
    const list = await open(2)
    await wait(350)
    const late = hold(browser.open())
    expect(late.holder.getSnapshot()).toMatchObject({ status: 'connecting', n: 0 })
    await wait(20)
    expect(late.holder.getSnapshot()).toMatchObject({ status: 'open', n: server.n, socket: null })
    expect(list.every(h => h.holder.getSnapshot().n === server.n)).toBe(true)
  })

  it('errors in the snapshot reach followers as LifelineErrors', async () => {
    const list = await open(2)
    const follower = list.find(h => !h.holder.isLeader)!
    await settled(follower.holder.call('fail'))
    await wait(20)
    const error = follower.holder.getSnapshot().error
    expect(error).toBeInstanceOf(LifelineError)
    expect(error).toMatchObject({ code: 'HTTP_STATUS', status: 503, message: 'bad status' })
  })

  it('counts holders per tab: a tab leaves after its last holder, and the last tab closes the connection', async () => {
    const list = await open(2)
    const [lead] = leaderOf(list)
    const second = hold(lead!.tab)
    await wait(250)
    lead!.holder.release()
    lead!.holder.release() // idempotent
    const heard = lead!.ticks.length
    await wait(100)
    expect(second.holder.isLeader).toBe(true) // the tab still holds it
    const ticks = second.ticks.length
    await wait(300)
    expect(second.ticks.length).toBeGreaterThan(ticks)
    expect(lead!.ticks.length).toBe(heard) // a released holder hears nothing more
    await expect(lead!.holder.call('double', [1])).rejects.toMatchObject({ code: 'NETWORK' })
    second.holder.release()
    const other = list.find(h => h !== lead)!
    await settled(new Promise<void>(resolve => other.holder.onLeaderChange(isLeader => isLeader && resolve())))
    await wait(100)
    expect(server.opened).toBe(2)
    expect(openConnections()).toBe(1)
    other.holder.release()
    expect(openConnections()).toBe(0)
  })

  it('a snapshot or event that cannot be cloned is reported as PARSE in the leader and in every follower', async () => {
    const list = await open(3, { serialize: undefined })
    await wait(200)
    for (const h of list)
      expect(h.errors.some(e => e.code === 'PARSE' && /cannot be sent to other tabs/.test(e.message)), `${h.tab.id} ${h.holder.isLeader} ${h.errors.map(e => e.message).join(',')}`).toBe(true)
  })

  it('serializeEvent can keep an event in the leader tab; the resume state still moves', async () => {
    const list = await open(2, { serializeEvent: () => undefined })
    const [lead] = leaderOf(list)
    const follower = list.find(h => h !== lead)!
    await wait(500)
    expect(follower.ticks).toEqual([])
    expect(lead!.ticks.length).toBeGreaterThan(3)
    lead!.tab.close()
    await wait(200)
    // the new leader resumed after the last tick (its first own tick follows it)
    expect(follower.holder.isLeader).toBe(true)
    await wait(200)
    expect(follower.ticks[0]).toBe(lead!.ticks.at(-1)! + 1)
  })

  it('without BroadcastChannel every tab keeps its own connection', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const list: Holder[] = []
    for (let i = 0; i < 3; i++) {
      const tab = browser.open()
      list.push(hold(tab, { tabs: tab.options({ BroadcastChannel: null }) }))
    }
    expect(list.every(h => h.holder.isLeader)).toBe(true)
    await wait(300)
    expect(server.opened).toBe(3)
    warn.mockRestore()
  })
})
