// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest'
import { setDocumentHidden } from '../../test/helpers/visibility'
import { createEnvironment, createOnlineSignal, createPageLifecycleSignal, createVisibilitySignal, defaultEnvironment } from './environment'

function setNavigatorOnline(online: boolean): void {
  Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => online })
  window.dispatchEvent(new Event(online ? 'online' : 'offline'))
}

/** A `pagehide`/`pageshow` event as the browser sends it (`persisted` set when the bfcache is involved). */
function pageTransition(type: 'pagehide' | 'pageshow', persisted: boolean): Event {
  const event = new Event(type)
  Object.defineProperty(event, 'persisted', { value: persisted })
  return event
}

afterEach(() => {
  setDocumentHidden(false)
  setNavigatorOnline(true)
  vi.restoreAllMocks()
})

describe('default signals in a DOM (happy-dom)', () => {
  it('visibility follows real visibilitychange events', () => {
    const visibility = createVisibilitySignal()
    const listener = vi.fn()
    const off = visibility.subscribe(listener)
    expect(visibility.get()).toBe(true)
    setDocumentHidden(true)
    expect(visibility.get()).toBe(false)
    setDocumentHidden(false)
    expect(listener.mock.calls).toEqual([[false], [true]])
    off()
  })

  it('online follows real online / offline events and navigator.onLine', () => {
    const online = createOnlineSignal()
    const listener = vi.fn()
    const off = online.subscribe(listener)
    setNavigatorOnline(false)
    expect(online.get()).toBe(false)
    setNavigatorOnline(true)
    expect(online.get()).toBe(true)
    expect(listener.mock.calls).toEqual([[false], [true]])
    off()
  })

  it('lifecycle follows pagehide / pageshow with persisted (bfcache)', () => {
    const lifecycle = createPageLifecycleSignal()
    const listener = vi.fn()
    const off = lifecycle.subscribe(listener)
    window.dispatchEvent(pageTransition('pagehide', true))
    expect(lifecycle.get()).toEqual({ type: 'hide', persisted: true })
    window.dispatchEvent(pageTransition('pageshow', true))
    window.dispatchEvent(pageTransition('pagehide', false))
    expect(listener.mock.calls).toEqual([
      [{ type: 'hide', persisted: true }],
      [{ type: 'show', persisted: true }],
      [{ type: 'hide', persisted: false }],
    ])
    off()
  })

  it('attaches DOM listeners only while subscribed, and removes exactly those', () => {
    const docAdd = vi.spyOn(document, 'addEventListener')
    const docRemove = vi.spyOn(document, 'removeEventListener')
    const winAdd = vi.spyOn(window, 'addEventListener')
    const winRemove = vi.spyOn(window, 'removeEventListener')
    const env = createEnvironment()
    expect(docAdd).not.toHaveBeenCalled()
    expect(winAdd).not.toHaveBeenCalled()

    const offs = [env.visibility.subscribe(() => {}), env.visibility.subscribe(() => {}), env.online.subscribe(() => {}), env.lifecycle.subscribe(() => {})]
    expect(docAdd.mock.calls.map(c => c[0])).toEqual(['visibilitychange'])
    expect(winAdd.mock.calls.map(c => c[0]).sort()).toEqual(['offline', 'online', 'pagehide', 'pageshow'])
    expect(docRemove).not.toHaveBeenCalled()

    for (const off of offs)
      off()
    expect(docRemove.mock.calls.map(c => c[0])).toEqual(['visibilitychange'])
    expect(winRemove.mock.calls.map(c => c[0]).sort()).toEqual(['offline', 'online', 'pagehide', 'pageshow'])
    // the same handler objects that were added are removed (else the page keeps them forever)
    expect(docRemove.mock.calls[0][1]).toBe(docAdd.mock.calls[0][1])
    for (const [type, handler] of winRemove.mock.calls)
      expect(winAdd.mock.calls.find(c => c[0] === type)?.[1]).toBe(handler)
  })

  it('after the last unsubscribe, page events reach nobody', () => {
    const visibility = createVisibilitySignal()
    const listener = vi.fn()
    visibility.subscribe(listener)()
    setDocumentHidden(true)
    expect(listener).not.toHaveBeenCalled()
    // get() still reads the page directly
    expect(visibility.get()).toBe(false)
  })

  it('defaultEnvironment reads the real page too', () => {
    setDocumentHidden(true)
    setNavigatorOnline(false)
    expect(defaultEnvironment.visibility.get()).toBe(false)
    expect(defaultEnvironment.online.get()).toBe(false)
  })

  it('a forced value wins over page events until released', () => {
    const online = createOnlineSignal()
    const listener = vi.fn()
    online.subscribe(listener)
    online.set(false)
    setNavigatorOnline(true)
    expect(online.get()).toBe(false)
    expect(listener.mock.calls).toEqual([[false]])
    online.set(undefined)
    expect(online.get()).toBe(true)
    expect(listener.mock.calls).toEqual([[false], [true]])
  })
})
