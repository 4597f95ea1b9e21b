import type { WebSocketConstructor } from '../../core'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createSSRApp, defineComponent, effectScope, h, nextTick, shallowRef } from 'vue'
import { renderToString } from 'vue/server-renderer'
import { FakeWebSocket } from '../../../test/helpers/fakeWebSocket'
import { createEnvironment, registry } from '../../core'
import { useWebSocketAuto } from '.'

const WebSocket = FakeWebSocket as unknown as WebSocketConstructor
let environment: ReturnType<typeof createEnvironment>
const scopes: ReturnType<typeof effectScope>[] = []

function run<T>(fn: () => T): T {
  const scope = effectScope()
  scopes.push(scope)
  return scope.run(fn)!
}

beforeEach(() => {
  vi.useFakeTimers()
  FakeWebSocket.reset()
  environment = createEnvironment()
  environment.online.set(true)
})
afterEach(() => {
  scopes.splice(0).forEach(s => s.stop())
  registry.clear()
  vi.useRealTimers()
})

describe('useWebSocketAuto (Node, effect scope)', () => {
  it('reads connecting at creation outside a component, open inside onOpen, closed right after close()', () => {
    const seen: string[] = []
    const ws = run(() => useWebSocketAuto('ws://x/', { WebSocket, environment, onOpen: () => seen.push(ws.status.value) }))
    expect(ws.status.value).toBe('connecting')
    FakeWebSocket.last.accept()
    expect(seen).toEqual(['open'])
    ws.close()
    expect(ws.status.value).toBe('closed')
  })

  it('exposes data, queued, latency as refs and routes with on()', () => {
    const ws = run(() => useWebSocketAuto<{ type: string, data: number }>('ws://x/', { WebSocket, environment, json: true, heartbeat: { interval: 1000, timeout: 500 } }))
    const ticks: number[] = []
    ws.on('tick', n => ticks.push(n))
    ws.send({ hello: 1 })
    expect(ws.queued.value).toBe(1)
    FakeWebSocket.last.accept()
    expect(ws.queued.value).toBe(0)
    FakeWebSocket.last.receive('{"type":"tick","data":5}')
    expect(ws.data.value).toEqual({ type: 'tick', data: 5 })
    expect(ticks).toEqual([5])
    vi.advanceTimersByTime(1010)
    FakeWebSocket.last.receive('pong')
    expect(ws.latency.value).toBe(10)
    expect(ws.data.value).toEqual({ type: 'tick', data: 5 })
  })

  it('immediate: false stays idle until open()', () => {
    const ws = run(() => useWebSocketAuto('ws://x/', { WebSocket, environment, immediate: false }))
    expect(ws.status.value).toBe('idle')
    expect(FakeWebSocket.instances).toHaveLength(0)
    ws.open()
    expect(ws.status.value).toBe('connecting')
  })

  it('stays idle without a URL and connects when a ref URL arrives; a new URL reconnects', async () => {
    const url = shallowRef<string | undefined>(undefined)
    const ws = run(() => useWebSocketAuto(url, { WebSocket, environment }))
    expect(ws.status.value).toBe('idle')
    url.value = 'ws://a/'
    await nextTick()
    expect(FakeWebSocket.last.url).toBe('ws://a/')
    FakeWebSocket.last.accept()
    const first = FakeWebSocket.last
    url.value = 'ws://b/'
    await nextTick()
    expect(first.closedWith).not.toBeNull()
    expect(FakeWebSocket.last.url).toBe('ws://b/')
    expect(FakeWebSocket.instances).toHaveLength(2)
  })

  it('a getter URL is reactive too', async () => {
    const id = shallowRef(1)
    run(() => useWebSocketAuto(() => `ws://x/${id.value}`, { WebSocket, environment }))
    expect(FakeWebSocket.last.url).toBe('ws://x/1')
    id.value = 2
    await nextTick()
    expect(FakeWebSocket.last.url).toBe('ws://x/2')
    expect(FakeWebSocket.instances).toHaveLength(2)
  })

  it('an async provider is called exactly once per attempt', async () => {
    let calls = 0
    run(() => useWebSocketAuto(async () => `ws://x/?t=${++calls}`, { WebSocket, environment, connectTimeout: 0, reconnect: { jitter: false, initialDelay: 100 } }))
    await vi.advanceTimersByTimeAsync(0)
    expect([calls, FakeWebSocket.instances.length]).toEqual([1, 1])
    for (let i = 0; i < 3; i++) {
      FakeWebSocket.last.drop()
      await vi.advanceTimersByTimeAsync(10_000)
    }
    expect([calls, FakeWebSocket.instances.length]).toEqual([4, 4])
    expect(FakeWebSocket.instances.map(w => w.url)).toEqual(['ws://x/?t=1', 'ws://x/?t=2', 'ws://x/?t=3', 'ws://x/?t=4'])
  })

  it('invalid options land on error with status failed, not thrown', () => {
    const ws = run(() => useWebSocketAuto('ws://x/', { WebSocket, environment, queue: { max: -1 } }))
    expect(ws.status.value).toBe('failed')
    expect(ws.error.value).toMatchObject({ code: 'INVALID_OPTION', option: 'queue.max' })
  })

  it('shared: one socket per key, closed only after the last user leaves (plus grace time)', () => {
    const a = effectScope()
    const b = effectScope()
    const wa = a.run(() => useWebSocketAuto('ws://s/', { WebSocket, environment, shared: true }))!
    const wb = b.run(() => useWebSocketAuto('ws://s/', { WebSocket, environment, shared: 'tab' }))!
    expect(FakeWebSocket.instances).toHaveLength(1)
    FakeWebSocket.last.accept()
    expect([wa.status.value, wb.status.value]).toEqual(['open', 'open'])
    a.stop()
    vi.advanceTimersByTime(5000)
    expect(FakeWebSocket.last.closedWith).toBeNull()
    b.stop()
    vi.advanceTimersByTime(5000)
    expect(FakeWebSocket.last.closedWith).not.toBeNull()
  })

  it('scope disposal closes the socket and leaves no timer behind', () => {
    const scope = effectScope()
    scope.run(() => useWebSocketAuto('ws://x/', { WebSocket, environment, heartbeat: true, reconnect: { jitter: false } }))
    FakeWebSocket.last.accept()
    FakeWebSocket.last.drop()
    expect(vi.getTimerCount()).toBeGreaterThan(0)
    scope.stop()
    expect(vi.getTimerCount()).toBe(0)
  })

  it('shared: \'browser\': two callers in one page, one socket (once the tabs code has loaded)', async () => {
    // (the tab election runs on real timers)
    vi.useRealTimers()
    run(() => useWebSocketAuto('ws://b/', { WebSocket, environment, shared: 'browser' }))
    run(() => useWebSocketAuto('ws://b/', { WebSocket, environment, shared: 'browser' }))
    await vi.waitFor(() => expect(FakeWebSocket.instances).toHaveLength(1))
    await new Promise(resolve => setTimeout(resolve, 50))
    expect(FakeWebSocket.instances).toHaveLength(1)
  })

  it('server rendering is a no-op: no socket, no provider call, status idle', async () => {
    let calls = 0
    const statuses: string[] = []
    const app = createSSRApp(defineComponent({
      setup() {
        const ws = useWebSocketAuto(async () => {
          calls++
          return 'ws://x/'
        }, { WebSocket, environment })
        statuses.push(ws.status.value)
        return () => h('p', ws.status.value)
      },
    }))
    expect(await renderToString(app)).toBe('<p>idle</p>')
    expect([calls, FakeWebSocket.instances.length, statuses]).toEqual([0, 0, ['idle']])
  })
})
