// useEventSource in Node with fake timers and an injected fetch (real Response/ReadableStream bodies).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createSSRApp, defineComponent, effectScope, h, nextTick, shallowRef } from 'vue'
import { renderToString } from 'vue/server-renderer'
import { useEventSource } from '.'
import { registry } from '../../core'

function fakeFetch(status = 200) {
  const calls: { url: string, push: (t: string) => void, end: () => void, aborted: () => boolean, init: RequestInit }[] = []
  const fetch = vi.fn(async (url: RequestInfo | URL, init: RequestInit = {}) => {
    let c!: ReadableStreamDefaultController<Uint8Array>
    const body = new ReadableStream<Uint8Array>({ start: (ctrl) => { c = ctrl } })
    init.signal?.addEventListener('abort', () => {
      try {
        c.error(new DOMException('aborted', 'AbortError'))
      }
      catch {}
    })
    calls.push({ url: String(url), init, push: t => c.enqueue(new TextEncoder().encode(t)), end: () => c.close(), aborted: () => init.signal!.aborted })
    return new Response(body, { status, headers: { 'content-type': 'text/event-stream' } })
  })
  return { calls, fetch: fetch as unknown as typeof globalThis.fetch }
}

const flush = () => vi.advanceTimersByTimeAsync(0)

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
  registry.clear()
})

describe('useEventSource (Node, fake timers)', () => {
  it('outside a component: connecting at once, open inside onOpen, closed right after close()', async () => {
    const { fetch, calls } = fakeFetch()
    const scope = effectScope()
    let atOpen = ''
    const r = scope.run(() => {
      const r = useEventSource('http://x/sse', { fetch, onOpen: () => { atOpen = r.status.value } })
      return r
    })!
    expect(r.status.value).toBe('connecting')
    await flush()
    expect(atOpen).toBe('open')
    calls[0]!.push('id: 1\ndata: hi\n\n')
    await flush()
    expect([r.data.value, r.event.value, r.lastEventId.value]).toEqual(['hi', 'message', '1'])
    r.close()
    expect(r.status.value).toBe('closed')
    scope.stop()
  })

  it('VueUse signature: events list, serializer.read, autoReconnect with onFailed', async () => {
    const { fetch, calls } = fakeFetch()
    const onFailed = vi.fn()
    const scope = effectScope()
    const r = scope.run(() => useEventSource('http://x/sse', ['notice'], {
      fetch,
      serializer: { read: v => `<${v}>` },
      autoReconnect: { retries: 1, delay: 500, onFailed },
    }))!
    await flush()
    calls[0]!.push('event: notice\ndata: a\n\nevent: other\ndata: b\n\n')
    await flush()
    expect([r.data.value, r.event.value]).toEqual(['<a>', 'notice'])
    calls[0]!.end()
    await flush()
    expect(r.retryIn.value).toBe(500)
    await vi.advanceTimersByTimeAsync(500)
    calls[1]!.end()
    await flush()
    expect(r.status.value).toBe('failed')
    expect(r.error.value?.code).toBe('RETRY_LIMIT')
    expect(onFailed).toHaveBeenCalledTimes(1)
    scope.stop()
  })

  it('an invalid option is reported on error with status failed, never thrown', () => {
    const scope = effectScope()
    const r = scope.run(() => useEventSource('http://x/sse', { maxMessageSize: -5, retry: { initialDelay: 'soon' as unknown as number } }))!
    expect(r.status.value).toBe('failed')
    expect(r.error.value).toMatchObject({ code: 'INVALID_OPTION' })
    scope.stop()
  })

  it('immediate: false stays idle; an undefined URL stays idle; a URL later connects', async () => {
    const { fetch, calls } = fakeFetch()
    const scope = effectScope()
    const url = shallowRef<string | undefined>(undefined)
    const idle = scope.run(() => useEventSource('http://x/a', { fetch, immediate: false }))!
    const later = scope.run(() => useEventSource(url, { fetch }))!
    expect([idle.status.value, later.status.value]).toEqual(['idle', 'idle'])
    url.value = 'http://x/b'
    await nextTick()
    expect(later.status.value).toBe('connecting')
    await flush()
    expect(calls.map(c => c.url)).toEqual(['http://x/b'])
    url.value = undefined
    await nextTick()
    expect(later.status.value).toBe('closed')
    expect(calls[0]!.aborted()).toBe(true)
    scope.stop()
  })

  it('scope disposal aborts the request and removes on() handlers', async () => {
    const { fetch, calls } = fakeFetch()
    const scope = effectScope()
    const seen: string[] = []
    const r = scope.run(() => useEventSource('http://x/sse', { fetch }))!
    const off = r.on('tick', m => seen.push(m.raw))
    await flush()
    calls[0]!.push('event: tick\ndata: 1\n\n')
    await flush()
    off()
    calls[0]!.push('event: tick\ndata: 2\n\n')
    await flush()
    expect(seen).toEqual(['1'])
    scope.stop()
    expect(calls[0]!.aborted()).toBe(true)
  })

  it('shared: one transport per key, released after the last caller', async () => {
    const { fetch, calls } = fakeFetch()
    const a = effectScope()
    const b = effectScope()
    const ra = a.run(() => useEventSource('http://x/s', { fetch, shared: true }))!
    const rb = b.run(() => useEventSource('http://x/s', { fetch, shared: true }))!
    await flush()
    expect(calls).toHaveLength(1)
    calls[0]!.push('data: both\n\n')
    await flush()
    expect([ra.data.value, rb.data.value]).toEqual(['both', 'both'])
    a.stop()
    await vi.advanceTimersByTimeAsync(5000)
    expect(calls[0]!.aborted()).toBe(false)
    b.stop()
    await vi.advanceTimersByTimeAsync(5000)
    expect(calls[0]!.aborted()).toBe(true)
  })

  it('shared: \'browser\' with immediate: false stays idle, without a request, until open()', async () => {
    const { fetch, calls } = fakeFetch()
    const scope = effectScope()
    const r = scope.run(() => useEventSource('http://x/s', { fetch, shared: 'browser', immediate: false }))!
    await vi.advanceTimersByTimeAsync(100)
    expect(r.status.value).toBe('idle')
    expect(calls).toHaveLength(0)
    scope.stop()
  })

  it('server rendering is a no-op: no request during renderToString', async () => {
    const { fetch, calls } = fakeFetch()
    let status = ''
    const App = defineComponent({
      setup() {
        const r = useEventSource('http://x/sse', { fetch })
        return () => h('div', (status = r.status.value))
      },
    })
    const html = await renderToString(createSSRApp(App))
    await flush()
    expect(html).toBe('<div>idle</div>')
    expect(status).toBe('idle')
    expect(calls).toHaveLength(0)
  })
})
