import { describe, expect, it, vi } from 'vitest'
import type { PageLifecycleEvent } from './environment'
import { createEnvironment, defaultEnvironment, EnvironmentSignal } from './environment'

describe('EnvironmentSignal', () => {
  it('reads from the platform until a value is set, and set(undefined) returns to it', () => {
    let platform = true
    const signal = new EnvironmentSignal(() => platform, () => {})
    expect(signal.get()).toBe(true)
    platform = false
    expect(signal.get()).toBe(false)
    signal.set(true)
    expect(signal.get()).toBe(true)
    signal.set(undefined)
    expect(signal.get()).toBe(false)
  })

  it('set() notifies only when the visible value changes', () => {
    const signal = new EnvironmentSignal(() => true, () => {})
    const listener = vi.fn()
    signal.subscribe(listener)
    signal.set(true)
    expect(listener).not.toHaveBeenCalled()
    signal.set(false)
    signal.set(false)
    signal.set(undefined)
    expect(listener.mock.calls).toEqual([[false], [true]])
  })

  it('runs the setup on the first subscriber and its cleanup after the last', () => {
    const cleanup = vi.fn()
    const setup = vi.fn(() => cleanup)
    const signal = new EnvironmentSignal(() => true, setup)
    expect(setup).not.toHaveBeenCalled()
    const off1 = signal.subscribe(() => {})
    const off2 = signal.subscribe(() => {})
    expect(setup).toHaveBeenCalledOnce()
    off1()
    expect(cleanup).not.toHaveBeenCalled()
    off2()
    expect(cleanup).toHaveBeenCalledOnce()
    signal.subscribe(() => {})
    expect(setup).toHaveBeenCalledTimes(2)
  })

  it('delivers what the platform setup emits; emit() does the same by hand', () => {
    let platformEmit: ((value: number) => void) | undefined
    const signal = new EnvironmentSignal<number>(() => 0, (emit) => {
      platformEmit = emit
    })
    const listener = vi.fn()
    signal.subscribe(listener)
    platformEmit!(1)
    signal.emit(2)
    expect(listener.mock.calls).toEqual([[1], [2]])
  })

  it('while a value is forced, platform events do not contradict get()', () => {
    let platform = true
    let platformEmit: ((value: boolean) => void) | undefined
    const signal = new EnvironmentSignal(() => platform, (emit) => {
      platformEmit = emit
    })
    const listener = vi.fn()
    signal.subscribe(listener)
    signal.set(false)
    platform = true
    platformEmit!(true)
    expect(signal.get()).toBe(false)
    expect(listener.mock.calls).toEqual([[false]])
    // back to the platform: listeners learn the platform's value
    signal.set(undefined)
    expect(listener.mock.calls).toEqual([[false], [true]])
    platform = false
    platformEmit!(false)
    expect(listener.mock.calls).toEqual([[false], [true], [false]])
  })

  it('setEventListener swaps the setup: detaches the old one and attaches the new one only if subscribed', () => {
    const oldCleanup = vi.fn()
    const signal = new EnvironmentSignal(() => true, () => oldCleanup)
    const newCleanup = vi.fn()
    const newSetup = vi.fn((_emit: (value: boolean) => void) => newCleanup)

    signal.setEventListener(newSetup)
    expect(newSetup).not.toHaveBeenCalled()
    const off = signal.subscribe(() => {})
    expect(newSetup).toHaveBeenCalledOnce()

    const third = vi.fn((emit: (value: boolean) => void) => {
      emit(false)
    })
    const listener = vi.fn()
    signal.subscribe(listener)
    signal.setEventListener(third)
    expect(newCleanup).toHaveBeenCalledOnce()
    expect(third).toHaveBeenCalledOnce()
    expect(listener).toHaveBeenCalledWith(false)
    off()
    expect(oldCleanup).not.toHaveBeenCalled()
  })

  it('a listener that unsubscribes during delivery does not skip the others', () => {
    const signal = new EnvironmentSignal(() => 0, () => {})
    const seen: string[] = []
    const off = signal.subscribe(() => {
      seen.push('a')
      off()
    })
    signal.subscribe(() => seen.push('b'))
    signal.emit(1)
    signal.emit(2)
    expect(seen).toEqual(['a', 'b', 'b'])
  })
})

describe('default signals without a DOM (Node, SSR)', () => {
  it('has no window or document here', () => {
    expect(typeof (globalThis as { document?: unknown }).document).toBe('undefined')
    expect(typeof (globalThis as { window?: unknown }).window).toBe('undefined')
  })

  it.each([
    ['defaultEnvironment', defaultEnvironment],
    ['createEnvironment()', createEnvironment()],
  ])('%s reads visible / online / shown and subscribes without throwing', (_name, env) => {
    expect(env.visibility.get()).toBe(true)
    expect(env.online.get()).toBe(true)
    expect(env.lifecycle.get()).toEqual<PageLifecycleEvent>({ type: 'show', persisted: false })
    const offs = [env.visibility.subscribe(() => {}), env.online.subscribe(() => {}), env.lifecycle.subscribe(() => {})]
    expect(env.visibility.hasListeners()).toBe(true)
    for (const off of offs)
      off()
    expect(env.visibility.hasListeners()).toBe(false)
  })

  it('createEnvironment() signals are independent of the default ones', () => {
    const env = createEnvironment()
    const listener = vi.fn()
    defaultEnvironment.online.subscribe(listener)
    env.online.set(false)
    expect(env.online.get()).toBe(false)
    expect(defaultEnvironment.online.get()).toBe(true)
    expect(listener).not.toHaveBeenCalled()
    env.online.set(undefined)
  })
})
