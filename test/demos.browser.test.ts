// Smoke test of every unit's `demo.vue` (the same files the docs and the playground show), in Chromium
// against the real demo backend, which the browser project mounts under `/__lifeline/` on the test page's
// own origin, so the demos' relative URLs work unchanged.
//
// Convention for demos: the root element carries `data-demo-ready`, "false" until the demo has received
// its first live message, then "true".
import type { Component } from 'vue'
import { mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { afterAll, afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import 'element-plus/dist/index.css'

/** The three composables have demos at least; a glob that finds fewer is broken. */
const MIN_DEMOS = 3
/** Time for a demo's first live message; generous, other engineers load the 2 cores at the same time. */
const READY_TIMEOUT_MS = 15_000
/** Time for every connection to be closed after unmount (a shared connection waits out the registry's grace time). */
const CLOSE_TIMEOUT_MS = 10_000

// ---- connection tracking, installed before any demo (and so vue-lifeline) module is loaded ----------
// The page-wide backend state cannot tell this file's connections from another file's, so leaks are
// counted here, at the constructors the demos reach through the composables.

interface TrackedFetch {
  url: string
  signal: AbortSignal | null
  settled: boolean
  streaming: boolean
}

const originals = { EventSource: window.EventSource, WebSocket: window.WebSocket, fetch: window.fetch }
const sources = new Set<EventSource>()
const sockets = new Set<WebSocket>()
const fetches = new Set<TrackedFetch>()

class TrackedEventSource extends originals.EventSource {
  constructor(url: string | URL, init?: EventSourceInit) {
    super(url, init)
    sources.add(this)
  }
}

class TrackedWebSocket extends originals.WebSocket {
  constructor(url: string | URL, protocols?: string | string[]) {
    super(url, protocols)
    sockets.add(this)
  }
}

window.EventSource = TrackedEventSource
window.WebSocket = TrackedWebSocket
window.fetch = async (input, init) => {
  const signal = init?.signal ?? (input instanceof Request ? input.signal : null)
  const entry: TrackedFetch = { url: String(input instanceof Request ? input.url : input), signal, settled: false, streaming: false }
  fetches.add(entry)
  try {
    // called on window: a detached `fetch` throws "Illegal invocation"
    const response = await originals.fetch.call(window, input, init)
    entry.streaming = (response.headers.get('content-type') ?? '').startsWith('text/event-stream')
    return response
  }
  finally {
    entry.settled = true
  }
}

afterAll(() => {
  Object.assign(window, originals)
})

/** Connections a demo still holds: open sockets and sources, and fetches nobody aborted that still run. */
function liveConnections(): string[] {
  const live: string[] = []
  for (const es of sources) {
    if (es.readyState !== originals.EventSource.CLOSED)
      live.push(`EventSource ${es.url} (readyState ${es.readyState})`)
  }
  for (const ws of sockets) {
    // CLOSING is fine: the close was asked for, the handshake just has not finished
    if (ws.readyState === originals.WebSocket.CONNECTING || ws.readyState === originals.WebSocket.OPEN)
      live.push(`WebSocket ${ws.url} (readyState ${ws.readyState})`)
  }
  for (const f of fetches) {
    if (!f.signal?.aborted && (!f.settled || f.streaming))
      live.push(`fetch ${f.url} (${f.settled ? 'event stream still read' : 'pending'})`)
  }
  return live
}

// ---- the demos --------------------------------------------------------------------------------------

const modules = import.meta.glob<{ default: Component }>('../src/**/demo.vue')
const demos = Object.entries(modules)
  .map(([file, load]) => ({ unit: file.split('/').at(-2)!, file: file.replace(/^\.\.\//, ''), load }))
  .sort((a, b) => a.unit.localeCompare(b.unit))

describe('demo backend on the test page origin', () => {
  test('answers /__lifeline/health over HTTP', async () => {
    const response = await fetch('/__lifeline/health')
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ ok: true, service: 'vue-lifeline-demo-backend', simulated: false })
  })

  test('takes WebSocket upgrades under /__lifeline/ next to Vitest\'s own sockets', async () => {
    const ws = new WebSocket(new URL('/__lifeline/ws/echo', location.href.replace(/^http/, 'ws')))
    const echoed = new Promise<string>((resolve, reject) => {
      ws.onopen = () => ws.send('hello demos')
      ws.onmessage = event => resolve(String(event.data))
      ws.onerror = () => reject(new Error('WebSocket to the mounted demo backend failed'))
    })
    await expect(echoed).resolves.toBe('hello demos')
    ws.close()
  })
})

describe('demos', () => {
  test(`every unit has a demo.vue (found: ${demos.map(d => d.unit).join(', ') || 'none'})`, () => {
    expect(demos.length).toBeGreaterThanOrEqual(MIN_DEMOS)
    // the unit name is the folder name: two demos in folders of the same name would share a route and a page
    expect(new Set(demos.map(d => d.unit)).size).toBe(demos.length)
  })

  let problems: string[]
  beforeEach(() => {
    problems = []
    sources.clear()
    sockets.clear()
    fetches.clear()
    vi.spyOn(console, 'warn').mockImplementation((...args) => problems.push(`console.warn: ${args.join(' ')}`))
    vi.spyOn(console, 'error').mockImplementation((...args) => problems.push(`console.error: ${args.join(' ')}`))
  })
  afterEach(() => {
    vi.restoreAllMocks()
    document.body.replaceChildren()
  })

  test.for(demos)('$unit renders, shows live data and unmounts cleanly ($file)', { timeout: READY_TIMEOUT_MS + CLOSE_TIMEOUT_MS + 5000 }, async ({ load }) => {
    const { default: Demo } = await load()
    const host = document.body.appendChild(document.createElement('div'))
    const wrapper = mount(Demo, {
      attachTo: host,
      global: {
        plugins: [ElementPlus],
        config: {
          warnHandler: (message, _instance, trace) => problems.push(`[Vue warn] ${message}\n${trace}`),
          errorHandler: (error, _instance, info) => problems.push(`[Vue error] ${info}: ${String(error)}`),
        },
      },
    })

    const root = wrapper.element as Element
    expect(root instanceof HTMLElement, 'the demo has one root element').toBe(true)
    expect(root.getAttribute('data-demo-ready'), 'the root element carries data-demo-ready').not.toBeNull()
    expect(host.textContent?.trim(), 'the demo renders something').not.toBe('')

    await expect.poll(() => root.getAttribute('data-demo-ready'), { timeout: READY_TIMEOUT_MS, interval: 50 }).toBe('true')
    expect(problems).toEqual([])

    wrapper.unmount()
    expect(host.innerHTML).toBe('')
    await expect.poll(liveConnections, { timeout: CLOSE_TIMEOUT_MS, interval: 100 }).toEqual([])
    expect(problems).toEqual([])
  })
})
