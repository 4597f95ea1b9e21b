import type { Scheduler, TimerHandle } from '../../core'
import { defaultScheduler } from '../../core'
import { createStreamDecoder } from '../../core/sse/decoder'

/**
 * The reconnection time before the server sends `retry:`: Chromium's (Blink's
 * `EventSource::kDefaultReconnectDelay`); the spec leaves it to the user agent.
 */
const DEFAULT_RECONNECTION_TIME = 3000

type Listener = ((event: Event) => void) | null

// the running mock network's clock: a test clock makes native-mode reconnections wait for `advance()`
let scheduler: Scheduler = defaultScheduler

/** Sets the clock of every {@link MockEventSource} reconnection timer (the mock network does, on start). */
export function useEventSourceScheduler(next: Scheduler): void {
  scheduler = next
}

/** A header value carrying the UTF-8 bytes of `value` (fetch header values are byte strings). */
const utf8Bytes = (value: string): string => String.fromCharCode(...new TextEncoder().encode(value))

/**
 * `EventSource` over `fetch`, installed in place of the platform's while a mock network runs: a page
 * cannot intercept the browser's own `EventSource` (its requests never reach `fetch`), and Node 20 has
 * none. It follows WHATWG HTML §9.2 where a test can see it: only `200` + `text/event-stream` opens
 * (anything else fails for good: `readyState` CLOSED, one `error`); a network error or a normal end of
 * the body reconnects after the reconnection time (`readyState` CONNECTING, one `error`), sending
 * `Last-Event-ID`; `retry:` sets the reconnection time; `close()` stops everything at once.
 */
export class MockEventSource extends EventTarget {
  static readonly CONNECTING = 0
  static readonly OPEN = 1
  static readonly CLOSED = 2
  readonly CONNECTING = 0
  readonly OPEN = 1
  readonly CLOSED = 2

  readonly url: string
  readonly withCredentials: boolean
  readyState: 0 | 1 | 2 = 0

  #lastEventId = ''
  #reconnectionTime = DEFAULT_RECONNECTION_TIME
  #abort: AbortController | null = null
  #retryTimer: { on: Scheduler, handle: TimerHandle } | undefined
  #handlers: Record<'open' | 'message' | 'error', Listener> = { open: null, message: null, error: null }

  constructor(url: string | URL, init?: EventSourceInit) {
    super()
    // relative URLs resolve against the page, as the platform's does (absolute ones are needed in Node)
    const base = (globalThis as { location?: Location }).location?.href
    this.url = new URL(url, base).href
    this.withCredentials = init?.withCredentials === true
    void this.#connect()
  }

  get onopen(): Listener {
    return this.#handlers.open
  }

  set onopen(listener: Listener) {
    this.#setHandler('open', listener)
  }

  get onmessage(): Listener {
    return this.#handlers.message
  }

  set onmessage(listener: Listener) {
    this.#setHandler('message', listener)
  }

  get onerror(): Listener {
    return this.#handlers.error
  }

  set onerror(listener: Listener) {
    this.#setHandler('error', listener)
  }

  close(): void {
    this.readyState = this.CLOSED
    this.#retryTimer?.on.clearTimeout(this.#retryTimer.handle)
    this.#abort?.abort()
    this.#abort = null
  }

  #setHandler(type: 'open' | 'message' | 'error', listener: Listener): void {
    if (this.#handlers[type])
      this.removeEventListener(type, this.#handlers[type])
    this.#handlers[type] = listener
    if (listener)
      this.addEventListener(type, listener)
  }

  async #connect(): Promise<void> {
    const abort = this.#abort = new AbortController()
    const headers: Record<string, string> = { 'accept': 'text/event-stream', 'cache-control': 'no-cache' }
    if (this.#lastEventId)
      headers['last-event-id'] = utf8Bytes(this.#lastEventId)
    let response: Response
    try {
      response = await globalThis.fetch(this.url, {
        headers,
        credentials: this.withCredentials ? 'include' : 'same-origin',
        cache: 'no-store',
        signal: abort.signal,
      })
    }
    catch {
      return this.#reestablish(abort)
    }
    if (abort.signal.aborted)
      return void response.body?.cancel().catch(() => {})
    const type = response.headers.get('content-type')?.split(';')[0]!.trim().toLowerCase()
    if (response.status !== 200 || type !== 'text/event-stream') {
      void response.body?.cancel().catch(() => {})
      return this.#fail()
    }
    this.readyState = this.OPEN
    this.dispatchEvent(new Event('open'))
    const reader = response.body?.getReader()
    abort.signal.addEventListener('abort', () => void reader?.cancel().catch(() => {}))
    const origin = new URL(this.url).origin
    const push = createStreamDecoder({
      event: (eventType, data) => {
        if (!abort.signal.aborted)
          this.dispatchEvent(new MessageEvent(eventType, { data, origin, lastEventId: this.#lastEventId }))
      },
      id: (id) => {
        this.#lastEventId = id
      },
      retry: (ms) => {
        this.#reconnectionTime = ms
      },
      // the platform ignores bad lines silently
      error: () => {},
    }, this.#lastEventId, Infinity)
    const decoder = new TextDecoder()
    try {
      while (reader) {
        const { done, value } = await reader.read()
        if (done || abort.signal.aborted)
          break
        push(decoder.decode(value, { stream: true }))
      }
    }
    catch {}
    this.#reestablish(abort)
  }

  /** Spec "reestablish the connection": CONNECTING, one `error`, then a new request after the reconnection time. */
  #reestablish(abort: AbortController): void {
    if (abort.signal.aborted || this.readyState === this.CLOSED)
      return
    this.readyState = this.CONNECTING
    this.dispatchEvent(new Event('error'))
    // `close()` from the error listener must win
    if (this.readyState !== this.CONNECTING)
      return
    const on = scheduler
    this.#retryTimer = {
      on,
      handle: on.setTimeout(() => {
        if (this.readyState === this.CONNECTING)
          void this.#connect()
      }, this.#reconnectionTime),
    }
  }

  /** Spec "fail the connection": CLOSED and one `error`, never retried. */
  #fail(): void {
    this.readyState = this.CLOSED
    this.dispatchEvent(new Event('error'))
  }
}
