import { afterEach, describe, expect, it, vi } from 'vitest'
import type { PageLifecycleEvent } from './environment'
import { createEnvironment, createOnlineSignal, defaultEnvironment } from './environment'

/** A stand-in page for Node: `window` (an EventTarget) and `navigator.onLine`. */
function fakePage() {
  const window = new EventTarget()
  const page = { window, online: true, add: vi.spyOn(window, 'addEventListener'), remove: vi.spyOn(window, 'removeEventListener') }
  vi.stubGlobal('window', window)
  vi.stubGlobal('navigator', { get onLine() {
    return page.online
  } })
  return Object.assign(page, { fire: (online: boolean) => {
    page.online = online
    window.dispatchEvent(new Event(online ? 'online' : 'offline'))
  } })
}

describe('an environment signal (the connectivity one, on a stand-in page)', () => {
  afterEach(() => {
    vi.unstubAllGlobals()
  })

  it('reads from the platform until a value is set, and set(undefined) returns to it', () => {
    const page = fakePage()
    const signal = createOnlineSignal()
    expect(signal.get()).toBe(true)
    page.online = false
    expect(signal.get()).toBe(false)
    signal.set(true)
    expect(signal.get()).toBe(true)
    signal.set(undefined)
    expect(signal.get()).toBe(false)
  })

  it('set() notifies only when the visible value changes', () => {
    fakePage()
    const signal = createOnlineSignal()
    const listener = vi.fn()
    signal.subscribe(listener)
    signal.set(true)
    expect(listener).not.toHaveBeenCalled()
    signal.set(false)
    signal.set(false)
    signal.set(undefined)
    expect(listener.mock.calls).toEqual([[false], [true]])
  })

  it('attaches the platform listeners on the first subscriber and removes them after the last', () => {
    const page = fakePage()
    const signal = createOnlineSignal()
    expect(page.add).not.toHaveBeenCalled()
    const off1 = signal.subscribe(() => {})
    const off2 = signal.subscribe(() => {})
    expect(page.add.mock.calls.map(c => c[0]).sort()).toEqual(['offline', 'online'])
    off1()
    expect(page.remove).not.toHaveBeenCalled()
    off2()
    off2()
    expect(page.remove.mock.calls.map(c => c[0]).sort()).toEqual(['offline', 'online'])
    signal.subscribe(() => {})
    expect(page.add).toHaveBeenCalledTimes(4)
  })

  it('delivers what the platform sends; emit() does the same by hand', () => {
    const page = fakePage()
    const signal = createOnlineSignal()
    const listener = vi.fn()
    signal.subscribe(listener)
    page.fire(false)
    signal.emit(true)
    expect(listener.mock.calls).toEqual([[false], [true]])
  })

  it('while a value is forced, platform events do not contradict get()', () => {
    const page = fakePage()
    const signal = createOnlineSignal()
    const listener = vi.fn()
    signal.subscribe(listener)
    signal.set(false)
    page.fire(true)
    expect(signal.get()).toBe(false)
    expect(listener.mock.calls).toEqual([[false]])
    // back to the platform: listeners learn the platform's value
    signal.set(undefined)
    expect(listener.mock.calls).toEqual([[false], [true]])
    page.fire(false)
    expect(listener.mock.calls).toEqual([[false], [true], [false]])
  })

  it('a listener that unsubscribes during delivery does not skip the others', () => {
    fakePage()
    const signal = createOnlineSignal()
    const seen: string[] = []
    const off = signal.subscribe(() => {
      seen.push('a')
      off()
    })
    signal.subscribe(() => seen.push('b'))
    signal.emit(true)
    signal.emit(false)
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
