/**
 * A signal from the page (visibility, connectivity, page lifecycle), as TanStack Query's focus and
 * online managers are: it reads `window`/`document` only when someone subscribes, tolerates their
 * absence (Node, SSR), and can be driven by hand (`set`, `emit`) by tests or an app that knows better.
 */
export interface EnvironmentSignal<T> {
  /** The current value: the last one set by hand, else read from the platform. */
  get: () => T
  /**
   * Forces a value and notifies (tests, or an app that knows better); `undefined` returns to the
   * platform's. While a value is forced, platform events do not contradict it.
   */
  set: (value: T | undefined) => void
  /** Sends `value` to listeners as if the platform had. */
  emit: (value: T) => void
  /** Calls `listener` with every new value; the first listener attaches the platform listeners, the last detaches them. */
  subscribe: (listener: (value: T) => void) => () => void
  /** Whether anyone listens. */
  hasListeners: () => boolean
}

/** A page lifecycle event: `hide` on `pagehide` (maybe into the bfcache), `show` on `pageshow`. */
export interface PageLifecycleEvent {
  type: 'hide' | 'show'
  /** `true` when the page goes into / comes back from the back-forward cache. */
  persisted: boolean
}

/** The page signals a transport listens to; injected so tests and SSR can replace them. */
export interface Environment {
  visibility: EnvironmentSignal<boolean>
  online: EnvironmentSignal<boolean>
  lifecycle: EnvironmentSignal<PageLifecycleEvent>
}

const global = globalThis as { document?: Document, window?: Window, navigator?: Navigator }

/**
 * A signal reading `read()`, listening to `events` on `global[target]` (looked up when the first
 * listener comes, so nothing is touched at import time or without a page) and passing each event
 * through its mapping.
 */
function signal<T>(read: () => T, target: 'document' | 'window', events: Record<string, (event: Event) => T>): EnvironmentSignal<T> {
  const listeners = new Set<(value: T) => void>()
  let forced: T | undefined
  let on: EventTarget | undefined
  const get = (): T => forced !== undefined ? forced : read()
  const emit = (value: T): void => [...listeners].forEach(listener => listener(value))
  // a forced value is not contradicted by the platform
  const handle = (event: Event): void => {
    if (forced === undefined)
      emit(events[event.type]!(event))
  }
  return {
    get,
    set: (value) => {
      const before = get()
      forced = value
      if (!Object.is(before, get()))
        emit(get())
    },
    emit,
    subscribe: (listener) => {
      if (!listeners.size) {
        on = global[target]
        for (const type in events)
          on?.addEventListener(type, handle)
      }
      listeners.add(listener)
      return () => {
        if (listeners.delete(listener) && !listeners.size) {
          for (const type in events)
            on?.removeEventListener(type, handle)
        }
      }
    },
    hasListeners: () => listeners.size > 0,
  }
}

/** Creates a visibility signal: `true` while the page is visible (always `true` without a `document`). */
export function createVisibilitySignal(): EnvironmentSignal<boolean> {
  const read = (): boolean => global.document?.visibilityState !== 'hidden'
  return signal(read, 'document', { visibilitychange: read })
}

/** Creates a connectivity signal: `false` only when the browser says it is offline. */
export function createOnlineSignal(): EnvironmentSignal<boolean> {
  return signal(() => global.navigator?.onLine !== false, 'window', { online: () => true, offline: () => false })
}

/** Creates a page lifecycle signal (`pagehide`/`pageshow`). Its value is the last event. */
export function createPageLifecycleSignal(): EnvironmentSignal<PageLifecycleEvent> {
  let last: PageLifecycleEvent = { type: 'show', persisted: false }
  const on = (event: Event): PageLifecycleEvent => last = { type: event.type === 'pagehide' ? 'hide' : 'show', persisted: (event as PageTransitionEvent).persisted === true }
  return signal(() => last, 'window', { pagehide: on, pageshow: on })
}

/** A fresh environment with its own signals (tests: drive `set()`/`emit()` without touching the page). */
export function createEnvironment(): Environment {
  return { visibility: createVisibilitySignal(), online: createOnlineSignal(), lifecycle: createPageLifecycleSignal() }
}

/** The page's own signals, shared by every transport that is not given others. */
// `@__PURE__`: bundles that never use the default environment can drop it
export const defaultEnvironment: Environment = /* @__PURE__ */ createEnvironment()
