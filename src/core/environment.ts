import { Subscribable } from './subscribable'

type Setup<T> = (emit: (value: T) => void) => (() => void) | void

/**
 * A signal from the page (visibility, connectivity, page lifecycle) behind a swappable listener
 * setup, as TanStack Query's focus/online managers do: the default setup reads `window`/`document`
 * only when someone subscribes and tolerates their absence (Node, SSR), tests swap it with
 * `setEventListener`.
 */
export class EnvironmentSignal<T> extends Subscribable<(value: T) => void> {
  #setup: Setup<T>
  #cleanup: (() => void) | void = undefined
  #override: T | undefined
  readonly #read: () => T

  constructor(read: () => T, setup: Setup<T>) {
    super()
    this.#read = read
    this.#setup = setup
  }

  /** The current value: the last one set by hand, else read from the platform. */
  get(): T {
    return this.#override !== undefined ? this.#override : this.#read()
  }

  /** Forces a value (tests, or an app that knows better) and notifies; `undefined` returns to the platform's. */
  set(value: T | undefined): void {
    const before = this.get()
    this.#override = value
    const after = this.get()
    if (!Object.is(before, after))
      this.emit(after)
  }

  /** Replaces how platform events are listened to; re-attaches if anyone is subscribed. */
  setEventListener(setup: Setup<T>): void {
    this.#cleanup?.()
    this.#setup = setup
    if (this.hasListeners())
      this.#cleanup = setup(this.#fromPlatform)
  }

  /** Sends `value` to listeners as if the platform had. */
  emit(value: T): void {
    for (const listener of [...this.listeners])
      listener(value)
  }

  // While a value is forced with `set()`, platform events must not contradict `get()`: an app that
  // declared itself offline stays offline until it calls `set(undefined)`.
  readonly #fromPlatform = (value: T): void => {
    if (this.#override === undefined)
      this.emit(value)
  }

  protected override onFirstSubscribe(): void {
    this.#cleanup = this.#setup(this.#fromPlatform)
  }

  protected override onLastUnsubscribe(): void {
    this.#cleanup?.()
    this.#cleanup = undefined
  }
}

/** Adds one listener per event type (bubbling phase); returns the function that removes them all. */
function listen(target: EventTarget | undefined, handlers: Record<string, (event: Event) => void>): () => void {
  for (const type in handlers)
    target?.addEventListener(type, handlers[type]!)
  return () => {
    for (const type in handlers)
      target?.removeEventListener(type, handlers[type]!)
  }
}

const doc = (): Document | undefined => (globalThis as { document?: Document }).document
const win = (): (EventTarget & Window) | undefined => (globalThis as { window?: Window & EventTarget }).window
const nav = (): Navigator | undefined => (globalThis as { navigator?: Navigator }).navigator

/** Creates a visibility signal: `true` while the page is visible (always `true` without a `document`). */
export function createVisibilitySignal(): EnvironmentSignal<boolean> {
  const read = (): boolean => doc()?.visibilityState !== 'hidden'
  return new EnvironmentSignal(read, emit => listen(doc(), { visibilitychange: () => emit(read()) }))
}

/** Creates a connectivity signal: `false` only when the browser says it is offline. */
export function createOnlineSignal(): EnvironmentSignal<boolean> {
  const read = (): boolean => nav()?.onLine !== false
  return new EnvironmentSignal(read, emit => listen(win(), { online: () => emit(true), offline: () => emit(false) }))
}

/** A page lifecycle event: `hide` on `pagehide` (maybe into the bfcache), `show` on `pageshow`. */
export interface PageLifecycleEvent {
  type: 'hide' | 'show'
  /** `true` when the page goes into / comes back from the back-forward cache. */
  persisted: boolean
}

/** Creates a page lifecycle signal (`pagehide`/`pageshow`). Its value is the last event. */
export function createPageLifecycleSignal(): EnvironmentSignal<PageLifecycleEvent> {
  let last: PageLifecycleEvent = { type: 'show', persisted: false }
  return new EnvironmentSignal(() => last, (emit) => {
    const on = (type: 'hide' | 'show') => (event: Event): void => {
      last = { type, persisted: (event as PageTransitionEvent).persisted === true }
      emit(last)
    }
    return listen(win(), { pagehide: on('hide'), pageshow: on('show') })
  })
}

/** The page signals a transport listens to; injected so tests and SSR can replace them. */
export interface Environment {
  visibility: EnvironmentSignal<boolean>
  online: EnvironmentSignal<boolean>
  lifecycle: EnvironmentSignal<PageLifecycleEvent>
}

/** The page's own signals, shared by every transport that is not given others. */
// `@__PURE__`: bundles that never use the default environment can drop it (and its classes)
export const defaultEnvironment: Environment = {
  visibility: /* @__PURE__ */ createVisibilitySignal(),
  online: /* @__PURE__ */ createOnlineSignal(),
  lifecycle: /* @__PURE__ */ createPageLifecycleSignal(),
}

/** A fresh environment with its own signals (tests: drive `set()`/`emit()` without touching the page). */
export function createEnvironment(): Environment {
  return { visibility: createVisibilitySignal(), online: createOnlineSignal(), lifecycle: createPageLifecycleSignal() }
}
