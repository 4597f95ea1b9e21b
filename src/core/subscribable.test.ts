import { describe, expect, it, vi } from 'vitest'
import { Store } from './subscribable'

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
