import { describe, expect, it, vi } from 'vitest'
import { Store, Subscribable } from './subscribable'

class Probe extends Subscribable<(value: number) => void> {
  starts = 0
  stops = 0
  protected override onFirstSubscribe(): void {
    this.starts++
  }

  protected override onLastUnsubscribe(): void {
    this.stops++
  }

  send(value: number): void {
    for (const listener of this.listeners)
      listener(value)
  }
}

describe('Subscribable', () => {
  it('runs onFirstSubscribe on 0 → 1 and onLastUnsubscribe on 1 → 0 only', () => {
    const probe = new Probe()
    expect(probe.hasListeners()).toBe(false)
    const offA = probe.subscribe(() => {})
    expect([probe.starts, probe.stops]).toEqual([1, 0])
    const offB = probe.subscribe(() => {})
    expect([probe.starts, probe.stops]).toEqual([1, 0])
    offA()
    expect(probe.hasListeners()).toBe(true)
    expect([probe.starts, probe.stops]).toEqual([1, 0])
    offB()
    expect(probe.hasListeners()).toBe(false)
    expect([probe.starts, probe.stops]).toEqual([1, 1])
    probe.subscribe(() => {})
    expect([probe.starts, probe.stops]).toEqual([2, 1])
  })

  it('delivers to every listener, and not after unsubscribe', () => {
    const probe = new Probe()
    const a = vi.fn()
    const b = vi.fn()
    const offA = probe.subscribe(a)
    probe.subscribe(b)
    probe.send(1)
    offA()
    probe.send(2)
    expect(a.mock.calls).toEqual([[1]])
    expect(b.mock.calls).toEqual([[1], [2]])
  })

  it('unsubscribe is idempotent: calling it twice does not stop a resource others still use', () => {
    const probe = new Probe()
    const off = probe.subscribe(() => {})
    probe.subscribe(() => {})
    off()
    off()
    expect(probe.hasListeners()).toBe(true)
    expect(probe.stops).toBe(0)
  })

  it('the same function subscribed twice starts once and stops once (hooks stay balanced)', () => {
    const probe = new Probe()
    const listener = vi.fn()
    const off1 = probe.subscribe(listener)
    const off2 = probe.subscribe(listener)
    expect(probe.starts).toBe(1)
    probe.send(5)
    expect(listener).toHaveBeenCalledTimes(1)
    off1()
    off2()
    expect(probe.stops).toBe(1)
    expect(probe.hasListeners()).toBe(false)
  })
})

interface State { status: string, count: number, items: readonly number[] }

class CounterStore extends Store<State> {
  patch(patch: Partial<State>): void {
    this.setSnapshot(patch)
  }
}

describe('Store', () => {
  it('holds a frozen copy of the initial snapshot', () => {
    const initial = { status: 'idle', count: 0, items: [] }
    const store = new CounterStore(initial)
    const snapshot = store.getSnapshot()
    expect(snapshot).toEqual(initial)
    expect(snapshot).not.toBe(initial)
    expect(Object.isFrozen(snapshot)).toBe(true)
    initial.count = 9
    expect(store.getSnapshot().count).toBe(0)
  })

  it('replaces the snapshot on change and passes (next, previous) to listeners', () => {
    const store = new CounterStore({ status: 'idle', count: 0, items: [] })
    const listener = vi.fn()
    store.subscribe(listener)
    const before = store.getSnapshot()
    store.patch({ status: 'open' })
    const after = store.getSnapshot()
    expect(after).not.toBe(before)
    expect(after).toEqual({ status: 'open', count: 0, items: [] })
    expect(Object.isFrozen(after)).toBe(true)
    expect(before.status).toBe('idle')
    expect(listener).toHaveBeenCalledExactlyOnceWith(after, before)
    // fields that did not change keep their identity, so adapters can compare with Object.is
    expect(after.items).toBe(before.items)
  })

  it('keeps the same snapshot and stays silent when nothing changed', () => {
    const store = new CounterStore({ status: 'idle', count: 0, items: [] })
    const listener = vi.fn()
    store.subscribe(listener)
    const before = store.getSnapshot()
    store.patch({ status: 'idle', count: 0 })
    store.patch({})
    expect(store.getSnapshot()).toBe(before)
    expect(listener).not.toHaveBeenCalled()
  })

  it('compares with Object.is: NaN → NaN is no change, 0 → -0 is one', () => {
    const store = new CounterStore({ status: 'idle', count: Number.NaN, items: [] })
    const listener = vi.fn()
    store.subscribe(listener)
    store.patch({ count: Number.NaN })
    expect(listener).not.toHaveBeenCalled()
    store.patch({ count: 0 })
    store.patch({ count: -0 })
    expect(listener).toHaveBeenCalledTimes(2)
  })

  it('a listener that unsubscribes another during notification does not break the round', () => {
    const store = new CounterStore({ status: 'idle', count: 0, items: [] })
    const seen: string[] = []
    let offB = (): void => {}
    store.subscribe(() => {
      seen.push('a')
      offB()
    })
    offB = store.subscribe(() => seen.push('b'))
    store.patch({ count: 1 })
    store.patch({ count: 2 })
    // b was in the round that removed it (listeners are copied first), and not in the next
    expect(seen).toEqual(['a', 'b', 'a'])
  })

  it('a listener reading getSnapshot() sees the new state', () => {
    const store = new CounterStore({ status: 'idle', count: 0, items: [] })
    let read: State | undefined
    store.subscribe(() => {
      read = store.getSnapshot()
    })
    store.patch({ count: 3 })
    expect(read?.count).toBe(3)
  })
})
