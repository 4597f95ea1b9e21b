import type { PollContext } from '../../core'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { effectScope, nextTick, shallowRef } from 'vue'
import { createEnvironment, registry } from '../../core'
import { usePolling } from '.'

const environment = createEnvironment()
environment.visibility.set(true)
environment.online.set(true)

function counter() {
  let n = 0
  const contexts: PollContext[] = []
  const fetcher = vi.fn(async (context: PollContext) => {
    contexts.push(context)
    return ++n
  })
  return { fetcher, contexts }
}

beforeEach(() => {
  vi.useFakeTimers({ now: 0 })
})
afterEach(() => {
  registry.clear()
  vi.useRealTimers()
})

describe('usePolling (Node, fake timers)', () => {
  it('outside a component starts at once: connecting synchronously, refs follow the snapshot, dispose stops', async () => {
    const { fetcher } = counter()
    const scope = effectScope()
    const p = scope.run(() => usePolling(fetcher, { interval: 1000, environment }))!
    expect(p.status.value).toBe('connecting')
    expect(p.isFetching.value).toBe(true)
    await vi.advanceTimersByTimeAsync(0)
    expect(p.status.value).toBe('open')
    expect(p.data.value).toBe(1)
    expect(p.lastUpdatedAt.value).toBe(0)
    await vi.advanceTimersByTimeAsync(3000)
    expect(p.data.value).toBe(4)
    scope.stop()
    expect(p.status.value).toBe('closed')
    await vi.advanceTimersByTimeAsync(10_000)
    expect(fetcher).toHaveBeenCalledTimes(4)
  })

  it('a reactive interval reschedules the pending wait', async () => {
    const { fetcher } = counter()
    const interval = shallowRef(10_000)
    const scope = effectScope()
    scope.run(() => usePolling(fetcher, { interval, environment }))
    await vi.advanceTimersByTimeAsync(1000)
    expect(fetcher).toHaveBeenCalledTimes(1)
    interval.value = 2000
    await nextTick()
    await vi.advanceTimersByTimeAsync(999)
    expect(fetcher).toHaveBeenCalledTimes(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(fetcher).toHaveBeenCalledTimes(2)
    await vi.advanceTimersByTimeAsync(2000)
    expect(fetcher).toHaveBeenCalledTimes(3)
    scope.stop()
  })

  it('immediate: false stays idle until start(); stop() is closed when it returns; callbacks fire', async () => {
    const { fetcher } = counter()
    const onOpen = vi.fn()
    const onUpdate = vi.fn()
    const onMessage = vi.fn()
    const onEnd = vi.fn()
    const scope = effectScope()
    const p = scope.run(() => usePolling(fetcher, { immediate: false, environment, until: v => v === 2, interval: 10, onOpen, onUpdate, onMessage, onEnd }))!
    await vi.advanceTimersByTimeAsync(100)
    expect(p.status.value).toBe('idle')
    expect(fetcher).not.toHaveBeenCalled()
    p.open()
    expect(p.status.value).toBe('connecting')
    await vi.advanceTimersByTimeAsync(100)
    expect(p.status.value).toBe('closed')
    expect(onOpen).toHaveBeenCalledTimes(1)
    expect(onUpdate.mock.calls).toEqual([[1], [2]])
    expect(onMessage.mock.calls).toEqual([[1], [2]])
    expect(onEnd.mock.calls).toEqual([[2]])
    p.refresh()
    expect(p.status.value).toBe('connecting')
    p.close()
    expect(p.status.value).toBe('closed')
    scope.stop()
  })

  it('an invalid option is reported on error with status failed, not thrown', () => {
    const onError = vi.fn()
    const scope = effectScope()
    const p = scope.run(() => usePolling(async () => 1, { interval: Number.NaN, environment, onError }))!
    expect(p.status.value).toBe('failed')
    expect(p.error.value).toMatchObject({ code: 'INVALID_OPTION', option: 'interval' })
    expect(onError).toHaveBeenCalledTimes(1)
    scope.stop()
  })

  it('a reactive URL: null waits idle, a value starts, a change polls the new URL', async () => {
    const urls: string[] = []
    const fetch = vi.fn(async (url: RequestInfo | URL) => {
      urls.push(String(url))
      return new Response(JSON.stringify({ url: String(url) }), { headers: { 'content-type': 'application/json' } })
    }) as unknown as typeof globalThis.fetch
    const url = shallowRef<string | null>(null)
    const scope = effectScope()
    const p = scope.run(() => usePolling<{ url: string }>(url, { fetch, environment, interval: 1000 }))!
    await vi.advanceTimersByTimeAsync(100)
    expect(p.status.value).toBe('idle')
    url.value = 'http://x/a'
    await nextTick()
    expect(p.status.value).toBe('connecting')
    await vi.advanceTimersByTimeAsync(0)
    expect(p.data.value).toEqual({ url: 'http://x/a' })
    url.value = 'http://x/b?q=1'
    await nextTick()
    await vi.advanceTimersByTimeAsync(0)
    expect(p.data.value).toEqual({ url: 'http://x/b?q=1' })
    expect(urls).toEqual(['http://x/a', 'http://x/b?q=1'])
    scope.stop()
  })

  it('shared: one loop per fetcher for all callers; released after the last scope', async () => {
    const { fetcher } = counter()
    const a = effectScope()
    const b = effectScope()
    const pa = a.run(() => usePolling(fetcher, { shared: true, interval: 1000, environment }))!
    const pb = b.run(() => usePolling(fetcher, { shared: true, interval: 1000, environment }))!
    await vi.advanceTimersByTimeAsync(2500)
    expect(fetcher).toHaveBeenCalledTimes(3)
    expect(pa.data.value).toBe(3)
    expect(pb.data.value).toBe(3)
    a.stop()
    await vi.advanceTimersByTimeAsync(2000)
    expect(fetcher).toHaveBeenCalledTimes(5)
    expect(pb.data.value).toBe(5)
    b.stop()
    // registry grace time (1 s) then stopped
    await vi.advanceTimersByTimeAsync(1000)
    const calls = fetcher.mock.calls.length
    await vi.advanceTimersByTimeAsync(10_000)
    expect(fetcher).toHaveBeenCalledTimes(calls)
  })

  it('shared: \'browser\' with a fetcher shares within the tab (other tabs cannot name a function): one loop', async () => {
    const fetcher = vi.fn(async () => 1)
    const scope = effectScope()
    const [a, b] = scope.run(() => [usePolling(fetcher, { shared: 'browser', environment }), usePolling(fetcher, { shared: 'browser', environment })])!
    await vi.advanceTimersByTimeAsync(0)
    expect(fetcher).toHaveBeenCalledTimes(1)
    expect([a.status.value, b.status.value]).toEqual(['open', 'open'])
    scope.stop()
  })
})
