// The `useEventSource` driver of the matrices: an injected `fetch` whose event streams the scenario
// writes, fake timers, and the scenarios that reach each callback in each state.
import type { Environment } from '../../src/core'
import type { UseEventSourceReturn } from '../../src/index'
import type { Driver, Scenario, World } from './harness'
import { useEventSource } from '../../src/index'
import { inScope } from '../helpers/scopes'
import { after, checkRestarted, checkStopped, flush, routeMethods, settleOnce, testEnvironment } from './harness'

const encoder = new TextEncoder()

/** One response body the scenario writes; writing to a body the client dropped is a no-op. */
export interface Stream {
  push: (text: string) => void
  end: () => void
  signal: AbortSignal
}

/** What the fake server answers, in order (then 200 `text/event-stream`): a status, or `reject` (network error). */
export type Reply = number | 'reject'

/** An injected `fetch` answering event streams the test writes to. */
export function fakeSseServer(replies: Reply[] = []): { fetch: typeof globalThis.fetch, calls: Stream[] } {
  const calls: Stream[] = []
  const fetch = async (_url: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    let controller!: ReadableStreamDefaultController<Uint8Array>
    const body = new ReadableStream<Uint8Array>({ start: (c) => {
      controller = c
    } })
    const tolerant = (fn: () => void) => () => {
      try {
        fn()
      }
      catch {}
    }
    const signal = init.signal!
    calls.push({ push: text => tolerant(() => controller.enqueue(encoder.encode(text)))(), end: tolerant(() => controller.close()), signal })
    signal.addEventListener('abort', tolerant(() => controller.error(signal.reason)))
    const reply = replies.shift() ?? 200
    if (reply === 'reject')
      throw new TypeError('fetch failed')
    return reply === 200
      ? new Response(body, { headers: { 'content-type': 'text/event-stream' } })
      : new Response('{}', { status: reply, headers: { 'content-type': 'application/json' } })
  }
  return { fetch: fetch as typeof globalThis.fetch, calls }
}

/**
 * A native `EventSource` double: it opens in a microtask, as a browser would; `error(true)` is the
 * browser retrying by itself, `error(false)` giving up. A closed one never fires again.
 */
export class FakeEventSource extends EventTarget {
  readyState = 0
  onopen: ((event: Event) => void) | null = null
  onerror: ((event: Event) => void) | null = null

  constructor(readonly url: string, sources: FakeEventSource[]) {
    super()
    sources.push(this)
    queueMicrotask(() => this.open())
  }

  close(): void {
    this.readyState = 2
  }

  open(): void {
    if (this.readyState === 0) {
      this.readyState = 1
      this.onopen?.(new Event('open'))
    }
  }

  /** The `data:` of each event in `text` (one line each), as `message` events. */
  push(text: string): void {
    for (const [, data] of text.matchAll(/^data: (.*)$/gm)) {
      if (this.readyState === 1)
        this.dispatchEvent(new MessageEvent('message', { data }))
    }
  }

  error(reconnecting: boolean): void {
    if (this.readyState !== 2) {
      this.readyState = reconnecting ? 0 : 2
      this.onerror?.(new Event('error'))
    }
  }
}

export interface SseWorld extends World<UseEventSourceReturn & { scope: World['scope'] }> {
  calls: Stream[]
  sources: FakeEventSource[]
  environment: Environment
}

type S = Scenario<SseWorld> & { replies?: Reply[], native?: true }

const scenarios: S[] = [
  {
    name: 'first open',
    script: settleOnce,
    points: [['onOpen', 1, 'first open'], ['watch:open', 1, 'first open']],
  },
  {
    name: 'message',
    script: async ({ calls }) => {
      await flush()
      calls[0]!.push('data: m1\n\n')
      await flush()
    },
    points: [['onMessage', 1, 'open, a message'], ['on', 1, 'open, a message']],
  },
  {
    name: 'server end',
    script: async ({ calls }) => {
      await flush()
      calls[0]!.end()
      await flush()
      await after(100)
    },
    points: [['onError', 1, 'reconnecting: the server ended the body'], ['watch:reconnecting', 1, 'reconnecting: the server ended the body'], ['onOpen', 2, 'open after a reconnect']],
  },
  {
    name: 'network',
    replies: ['reject'],
    script: async () => {
      await flush()
      await after(100)
    },
    points: [['onError', 1, 'reconnecting: the request failed before open']],
  },
  {
    name: 'fatal',
    replies: [500],
    script: settleOnce,
    points: [['onError', 1, 'failed: HTTP 500'], ['watch:failed', 1, 'failed: HTTP 500']],
  },
  {
    name: 'parse',
    options: { json: true },
    script: async ({ calls }) => {
      await flush()
      calls[0]!.push('data: {not json\n\n')
      await flush()
    },
    points: [['onError', 1, 'open: PARSE, not fatal']],
  },
  {
    name: 'retry limit',
    options: { retry: { retries: 0 } },
    script: async ({ calls }) => {
      await flush()
      calls[0]!.end()
      await flush()
    },
    points: [['onError', 1, 'lost with the retry budget spent (before RETRY_LIMIT)'], ['onError', 2, 'failed: RETRY_LIMIT']],
  },
  {
    name: 'hidden',
    options: { pauseWhenHidden: true },
    script: async ({ calls, environment }) => {
      await flush()
      calls[0]!.push('id: 1\ndata: m1\n\n')
      await flush()
      environment.visibility.set(false)
      await after(5000)
      environment.visibility.set(true)
      await flush()
    },
    points: [['watch:paused', 1, 'paused: the page is hidden', { blocked: true }], ['onOpen', 2, 'open again once the page is visible']],
  },
  {
    name: 'done',
    options: { done: '[DONE]' },
    script: async ({ calls }) => {
      await flush()
      calls[0]!.push('data: [DONE]\n\n')
      await flush()
    },
    points: [['watch:closed', 1, 'closed: the server sent [DONE]']],
  },
  {
    name: 'native: the browser retries',
    native: true,
    script: async ({ sources }) => {
      await flush()
      sources[0]!.error(true)
      await flush()
      sources[0]!.open()
      await flush()
    },
    points: [
      ['onError', 1, 'reconnecting: the browser retries by itself (native)'],
      ['watch:reconnecting', 1, 'reconnecting: the browser retries by itself (native)'],
      ['onOpen', 2, 'open after the browser\'s own retry (native)'],
    ],
  },
  {
    name: 'native: the browser gives up',
    native: true,
    script: async ({ sources }) => {
      await flush()
      sources[0]!.error(false)
      await flush()
    },
    points: [['onError', 1, 'failed: the browser gave up (native)']],
  },
  {
    name: 'manual start',
    options: { immediate: false },
    script: async ({ r }) => {
      r.open()
      await flush()
    },
    points: [['watch:connecting', 1, 'connecting: open() was called']],
  },
]

export const sseDriver: Driver<SseWorld> = {
  name: 'useEventSource',
  route: 'message',
  hooks: ['onOpen', 'onMessage', 'onError'],
  scenarios,
  create: (scenario, hooks) => {
    const { fetch, calls } = fakeSseServer([...(scenario as S).replies ?? []])
    const sources: FakeEventSource[] = []
    const native = (scenario as S).native && { mode: 'native' as const, EventSource: function (url: string) {
      return new FakeEventSource(url, sources)
    } as unknown as typeof EventSource }
    const environment = testEnvironment()
    const r = inScope(() => useEventSource('http://sse.test/stream', { fetch, environment, retry: { initialDelay: 100, jitter: false }, ...native, ...scenario.options, ...hooks }))
    return { r, scope: r.scope, calls, sources, environment, attempts: () => calls.length + sources.length }
  },
  settle: () => after(600_000),
  probe: async ({ r, calls, sources }) => {
    if (r.status.value === 'open')
      (sources.at(-1) ?? calls.at(-1)!).push('data: "probe"\n\n')
    await flush()
  },
  methods: {
    open: { call: ({ r }) => r.open(), check: checkRestarted },
    close: { call: ({ r }) => r.close(), check: checkStopped },
    ...routeMethods('message'),
  },
}
