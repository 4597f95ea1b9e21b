// Pure timing logic of the transport with fake timers and a scripted socket. What the socket does
// against a real server is proven in `transport.test.ts` (Node, `ws`) and in Chromium.
import type { ConnectionStatus } from '../lifecycle'
import type { WebSocketConstructor, WebSocketTransportOptions } from './options'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { FakeWebSocket } from '../../../test/helpers/fakeWebSocket'
import { createEnvironment } from '../environment'
import { LIFECYCLE } from '../lifecycle'
import { WebSocketTransport } from './transport'

const WS = FakeWebSocket as unknown as WebSocketConstructor
let env: ReturnType<typeof createEnvironment>
const live: WebSocketTransport[] = []

function make(options: WebSocketTransportOptions = {}, url: any = 'ws://x/') {
  const t = new WebSocketTransport(url, { WebSocket: WS, environment: env, ...options })
  const statuses: ConnectionStatus[] = [t.getSnapshot().status]
  t.subscribe(s => statuses.at(-1) !== s.status && statuses.push(s.status))
  live.push(t)
  return { t, statuses, snap: () => t.getSnapshot() }
}

beforeEach(() => {
  vi.useFakeTimers()
  FakeWebSocket.reset()
  env = createEnvironment()
  env.online.set(true)
  env.visibility.set(true)
})
afterEach(() => {
  live.splice(0).forEach(t => t.dispose())
  vi.useRealTimers()
})

describe('status transitions (table-driven)', () => {
  const scenarios: [name: string, run: (t: WebSocketTransport) => void, expected: ConnectionStatus[], options?: WebSocketTransportOptions][] = [
    ['open then close', (t) => {
      t.open()
      FakeWebSocket.last.accept()
      t.close()
    }, ['idle', 'connecting', 'open', 'closed']],
    ['lost, retried, reopened', (t) => {
      t.open()
      FakeWebSocket.last.accept()
      FakeWebSocket.last.drop()
      vi.advanceTimersByTime(1000)
      FakeWebSocket.last.accept()
    }, ['idle', 'connecting', 'open', 'reconnecting', 'open'], { reconnect: { jitter: false, initialDelay: 1000 } }],
    ['fatal close code', (t) => {
      t.open()
      FakeWebSocket.last.accept()
      FakeWebSocket.last.drop(1008, 'policy', true)
    }, ['idle', 'connecting', 'open', 'failed']],
    ['retry limit', (t) => {
      t.open()
      FakeWebSocket.last.drop()
      vi.advanceTimersByTime(10)
      FakeWebSocket.last.drop()
    }, ['idle', 'connecting', 'reconnecting', 'failed'], { reconnect: { retries: 1, initialDelay: 10, jitter: false } }],
    ['offline pauses, online resumes', (t) => {
      t.open()
      FakeWebSocket.last.drop()
      env.online.set(false)
      env.online.set(true)
      vi.advanceTimersByTime(2000)
      FakeWebSocket.last.accept()
    }, ['idle', 'connecting', 'reconnecting', 'paused', 'reconnecting', 'open']],
    ['pagehide pauses, pageshow reopens', (t) => {
      t.open()
      FakeWebSocket.last.accept()
      env.lifecycle.emit({ type: 'hide', persisted: true })
      env.lifecycle.emit({ type: 'show', persisted: true })
      FakeWebSocket.last.accept()
    }, ['idle', 'connecting', 'open', 'paused', 'connecting', 'open']],
    ['reconnect() after failed', (t) => {
      t.open()
      FakeWebSocket.last.drop(1008)
      t.reconnect()
      FakeWebSocket.last.accept()
    }, ['idle', 'connecting', 'failed', 'connecting', 'open']],
    ['server close with shouldReconnect false', (t) => {
      t.open()
      FakeWebSocket.last.accept()
      FakeWebSocket.last.drop(1000, 'bye', true)
    }, ['idle', 'connecting', 'open', 'closed'], { shouldReconnect: e => e.code !== 1000 }],
  ]
  it.each(scenarios)('%s', (_name, run, expected, options) => {
    const { t, statuses } = make(options)
    run(t)
    expect(statuses).toEqual(expected)
    // every step is one the transition table allows
    for (let i = 1; i < statuses.length; i++)
      expect(Object.values(LIFECYCLE[statuses[i - 1]!])).toContain(statuses[i])
  })
})

describe('connect and reconnect timing', () => {
  it('connectTimeout drops a hanging attempt with CONNECT_TIMEOUT and retries', () => {
    const { t, snap } = make({ connectTimeout: 3000, reconnect: { jitter: false, initialDelay: 500 } })
    t.open()
    const first = FakeWebSocket.last
    vi.advanceTimersByTime(2999)
    expect(snap().status).toBe('connecting')
    vi.advanceTimersByTime(1)
    expect(snap()).toMatchObject({ status: 'reconnecting', retryIn: 500, error: { code: 'CONNECT_TIMEOUT' } })
    expect(first.closedWith).not.toBeNull()
    expect(first.onopen).toBeNull()
    vi.advanceTimersByTime(500)
    expect(FakeWebSocket.instances).toHaveLength(2)
  })

  it('reports the real close code (1006 stays 1006) and counts attempts', () => {
    const { t, snap } = make({ reconnect: { jitter: false } })
    t.open()
    FakeWebSocket.last.drop(1006)
    expect(snap().error).toMatchObject({ code: 'NETWORK', closeCode: 1006 })
    expect(snap().attempt).toBe(1)
  })

  it('retries exhausted → failed + RETRY_LIMIT carrying the close code', () => {
    const { t, snap } = make({ reconnect: { retries: 2, initialDelay: 100, jitter: false } })
    t.open()
    for (let i = 0; i < 3; i++) {
      FakeWebSocket.last.drop(4001)
      vi.advanceTimersByTime(1000)
    }
    expect(FakeWebSocket.instances).toHaveLength(3)
    expect(snap()).toMatchObject({ status: 'failed', error: { code: 'RETRY_LIMIT', closeCode: 4001 } })
  })

  it('close() during backoff cancels the pending attempt', () => {
    const { t, snap } = make({ reconnect: { jitter: false } })
    t.open()
    FakeWebSocket.last.drop()
    expect(snap().retryIn).toBe(1000)
    t.close()
    expect(snap()).toMatchObject({ status: 'closed', retryIn: null })
    vi.advanceTimersByTime(60_000)
    expect(FakeWebSocket.instances).toHaveLength(1)
  })

  it('close() never reconnects, even when the old socket reports its close late', () => {
    const { t, snap } = make()
    t.open()
    const ws = FakeWebSocket.last
    ws.accept()
    t.close(4000, 'done')
    expect(ws.closedWith).toEqual([4000, 'done'])
    ws.drop(4000) // handlers were detached: nothing happens
    vi.advanceTimersByTime(60_000)
    expect(snap().status).toBe('closed')
    expect(FakeWebSocket.instances).toHaveLength(1)
  })

  it('the attempt count resets only after minUptime (accept-then-drop keeps backing off)', () => {
    const { t, snap } = make({ minUptime: 5000, reconnect: { jitter: false, initialDelay: 100, factor: 2 } })
    t.open()
    const delays: (number | null)[] = []
    for (let i = 0; i < 4; i++) {
      FakeWebSocket.last.accept()
      vi.advanceTimersByTime(100)
      FakeWebSocket.last.drop()
      delays.push(snap().retryIn)
      vi.advanceTimersByTime(snap().retryIn!)
    }
    expect(delays).toEqual([100, 200, 400, 800])
    FakeWebSocket.last.accept()
    expect(snap().attempt).toBe(4)
    vi.advanceTimersByTime(5000)
    expect(snap().attempt).toBe(0)
    FakeWebSocket.last.drop()
    expect(snap().retryIn).toBe(100)
  })

  it('an async URL provider is called once per attempt; a rejection counts as a failed attempt', async () => {
    let calls = 0
    const { t, snap } = make({ reconnect: { jitter: false, initialDelay: 100 } }, () => {
      calls++
      return calls === 1 ? Promise.reject(new Error('no token')) : Promise.resolve(`ws://x/?token=${calls}`)
    })
    t.open()
    expect(snap().status).toBe('connecting')
    await vi.advanceTimersByTimeAsync(0)
    expect(snap()).toMatchObject({ status: 'reconnecting', attempt: 1, error: { code: 'NETWORK' } })
    await vi.advanceTimersByTimeAsync(100)
    expect(calls).toBe(2)
    expect(FakeWebSocket.last.url).toBe('ws://x/?token=2')
  })

  it('offline pauses retries without burning attempts; online retries after a short random delay', () => {
    const { t, snap } = make({ reconnect: { jitter: false }, onlineDelay: 1000, random: () => 0.25 })
    t.open()
    FakeWebSocket.last.accept()
    env.online.set(false)
    FakeWebSocket.last.drop()
    expect(snap()).toMatchObject({ status: 'paused', attempt: 0, retryIn: null })
    vi.advanceTimersByTime(60_000)
    expect(FakeWebSocket.instances).toHaveLength(1)
    env.online.set(true)
    expect(snap()).toMatchObject({ status: 'reconnecting', retryIn: 250 })
    vi.advanceTimersByTime(250)
    expect(FakeWebSocket.instances).toHaveLength(2)
  })
})

describe('heartbeat', () => {
  it('a silent server is detected within interval + timeout, the socket discarded without waiting for close', () => {
    const { t, snap } = make({ heartbeat: { interval: 1000, timeout: 500 }, reconnect: { jitter: false, initialDelay: 100 } })
    t.open()
    const ws = FakeWebSocket.last
    ws.accept()
    vi.advanceTimersByTime(1499)
    expect(ws.sent).toEqual(['ping'])
    expect(snap().status).toBe('open')
    vi.advanceTimersByTime(1)
    expect(snap()).toMatchObject({ status: 'reconnecting', error: { code: 'HEARTBEAT_TIMEOUT' } })
    expect(ws.closedWith).not.toBeNull()
    vi.advanceTimersByTime(100)
    expect(FakeWebSocket.instances).toHaveLength(2)
  })

  it('pongs never reach data; latency is the round trip', () => {
    const onMessage = vi.fn()
    const { t, snap } = make({ heartbeat: { interval: 1000, timeout: 500 }, onMessage })
    t.open()
    FakeWebSocket.last.accept()
    vi.advanceTimersByTime(1000)
    vi.advanceTimersByTime(42)
    FakeWebSocket.last.receive('pong')
    expect(snap()).toMatchObject({ latency: 42, data: null })
    expect(onMessage).not.toHaveBeenCalled()
  })

  it('on becoming visible after throttling, a stale link is probed at once and held messages wait for the answer', () => {
    const { t, snap } = make({ heartbeat: { interval: 1000, timeout: 500 } })
    t.open()
    const ws = FakeWebSocket.last
    ws.accept()
    env.visibility.set(false)
    vi.setSystemTime(Date.now() + 120_000) // throttled: no timer ran, the clock moved
    expect(t.send('hello')).toBe(true)
    expect(ws.sent).toEqual(['ping'])
    expect(snap().queued).toBe(1)
    env.visibility.set(true)
    expect(ws.sent).toEqual(['ping'])
    ws.receive('pong')
    expect(ws.sent).toEqual(['ping', 'hello'])
    expect(snap().queued).toBe(0)
  })
})

describe('messages, queue and requests', () => {
  it('queue overflow → QUEUE_FULL and send() returns false; order kept on flush', () => {
    const onError = vi.fn()
    const { t, snap } = make({ queue: { max: 2 }, onError })
    expect(t.send('a')).toBe(true)
    expect(t.send('b')).toBe(true)
    expect(t.send('c')).toBe(false)
    expect(snap().error?.code).toBe('QUEUE_FULL')
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ code: 'QUEUE_FULL' }))
    t.open()
    FakeWebSocket.last.accept()
    expect(FakeWebSocket.last.sent).toEqual(['a', 'b'])
    expect(t.send('d')).toBe(true)
    expect(FakeWebSocket.last.sent).toEqual(['a', 'b', 'd'])
  })

  it('queue: false refuses while not open', () => {
    const { t } = make({ queue: false })
    expect(t.send('a')).toBe(false)
  })

  it('json: non-JSON and oversized frames are errors, the socket stays open', () => {
    const { t, snap } = make({ json: true, maxMessageSize: 10 })
    t.open()
    FakeWebSocket.last.accept()
    FakeWebSocket.last.receive('{nope')
    expect(snap()).toMatchObject({ status: 'open', error: { code: 'PARSE' }, data: null })
    FakeWebSocket.last.receive('"01234567890"')
    expect(snap()).toMatchObject({ status: 'open', error: { code: 'MESSAGE_TOO_LARGE' }, data: null })
    FakeWebSocket.last.receive('{"a":1}')
    expect(snap()).toMatchObject({ status: 'open', data: { a: 1 } })
    expect(FakeWebSocket.last.closedWith).toBeNull()
  })

  it('request(): reply by correlation id resolves; timeout rejects; a late reply is ignored', async () => {
    const onMessage = vi.fn()
    const { t } = make({ json: true, onMessage, requestTimeout: 1000 })
    t.open()
    const ws = FakeWebSocket.last
    ws.accept()
    const ok = t.request({ type: 'sum', a: 1 })
    const sent = JSON.parse(ws.sent[0] as string)
    ws.receive(JSON.stringify({ id: sent.id, result: 2 }))
    await expect(ok).resolves.toEqual({ id: sent.id, result: 2 })
    expect(onMessage).not.toHaveBeenCalled()
    const late = t.request({ type: 'slow' })
    const lateId = JSON.parse(ws.sent[1] as string).id
    vi.advanceTimersByTime(1000)
    await expect(late).rejects.toMatchObject({ code: 'REQUEST_TIMEOUT' })
    ws.receive(JSON.stringify({ id: lateId, result: 'late' }))
    expect(onMessage).not.toHaveBeenCalled()
    expect(t.getSnapshot().data).toBe(null)
  })

  it('on(type) routes { type, data } by the configured key', () => {
    const { t } = make({ json: true, typeKey: 'kind' })
    const seen: unknown[] = []
    const off = t.on('tick', (data, message) => seen.push([data, message.kind]))
    t.open()
    FakeWebSocket.last.accept()
    FakeWebSocket.last.receive('{"kind":"tick","data":1}')
    FakeWebSocket.last.receive('{"kind":"other","data":2}')
    off()
    FakeWebSocket.last.receive('{"kind":"tick","data":3}')
    expect(seen).toEqual([[1, 'tick']])
  })

  it('bad options → failed + INVALID_OPTION naming the option, never thrown', () => {
    const { t, snap } = make({ connectTimeout: -1 })
    expect(snap()).toMatchObject({ status: 'failed', error: { code: 'INVALID_OPTION', option: 'connectTimeout' } })
    t.open()
    expect(FakeWebSocket.instances).toHaveLength(0)
    expect(make({ heartbeat: { interval: Number.NaN } }).snap().error?.option).toBe('heartbeat.interval')
    expect(make({ reconnect: { retries: 1.5 } }).snap().error?.option).toBe('reconnect.retries')
  })
})

describe('backoff jitter across many clients', () => {
  it('attempt times of 300 clients dropped at once are spread and never above the cap', () => {
    const cap = 8000
    const first: number[] = []
    const fifth: number[] = []
    for (let i = 0; i < 300; i++) {
      const { t, snap } = make({ reconnect: { initialDelay: 1000, maxDelay: cap } })
      t.open()
      for (let n = 0; n < 5; n++) {
        FakeWebSocket.last.drop()
        const delay = snap().retryIn!
        ;(n === 0 ? first : fifth).push(delay)
        vi.advanceTimersByTime(delay)
      }
      t.dispose()
    }
    const spread = (xs: number[]) => {
      const mean = xs.reduce((a, b) => a + b, 0) / xs.length
      return { mean, sd: Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length), max: Math.max(...xs), min: Math.min(...xs) }
    }
    const a = spread(first)
    const e = spread(fifth.filter((_, i) => i % 4 === 3)) // the 4th retry of each client (ceiling 8000 = the cap)
    // full jitter: uniform on [0, ceiling] → mean ≈ ceiling/2, sd ≈ ceiling/√12
    expect(a.max).toBeLessThanOrEqual(1000)
    expect(a.mean).toBeGreaterThan(400)
    expect(a.mean).toBeLessThan(600)
    expect(a.sd).toBeGreaterThan(230)
    expect(e.max).toBeLessThanOrEqual(cap)
    expect(e.sd).toBeGreaterThan(1800) // still spread at the cap (socket.io's jitter vanishes there)
    // 300 draws over 8001 values: ~6 coincide by chance (birthday bound); lockstep would give 1 value
    expect(new Set(fifth.filter((_, i) => i % 4 === 3)).size).toBeGreaterThan(270)
  })
})

describe('parse', () => {
  it('a custom parser wins over json; a throw is PARSE and the socket stays', () => {
    const { t, snap } = make({ json: true, parse: (raw: string) => {
      if (raw === 'bad')
        throw new Error('nope')
      return { upper: raw.toUpperCase() }
    } })
    t.open()
    FakeWebSocket.last.accept()
    FakeWebSocket.last.receive('hi')
    expect(snap().data).toEqual({ upper: 'HI' })
    FakeWebSocket.last.receive('bad')
    expect(snap()).toMatchObject({ status: 'open', error: { code: 'PARSE' }, data: { upper: 'HI' } })
  })
})

describe('socket settings and debug', () => {
  it('protocols and binaryType are applied to every new socket', () => {
    const { t } = make({ protocols: ['v2', 'v1'], binaryType: 'arraybuffer', reconnect: { jitter: false } })
    t.open()
    FakeWebSocket.last.drop()
    vi.advanceTimersByTime(1000)
    expect(FakeWebSocket.instances.map(w => [w.protocols, w.binaryType])).toEqual([[['v2', 'v1'], 'arraybuffer'], [['v2', 'v1'], 'arraybuffer']])
  })

  it('debug logs each transition (development builds)', () => {
    const info = vi.spyOn(console, 'info').mockImplementation(() => {})
    const { t } = make({ debug: true })
    t.open()
    FakeWebSocket.last.accept()
    expect(info.mock.calls.map(c => String(c[0]))).toEqual(['[vue-lifeline] idle → connecting', '[vue-lifeline] connecting → open'])
    info.mockRestore()
  })

  it('setOptions merges: a fixed option turns failed into usable again', () => {
    const { t, snap } = make({ connectTimeout: -1, json: true })
    expect(snap().status).toBe('failed')
    t.setOptions({ connectTimeout: 1000 })
    t.open()
    FakeWebSocket.last.accept()
    FakeWebSocket.last.receive('{"kept":"json"}')
    expect(snap()).toMatchObject({ status: 'open', data: { kept: 'json' } })
  })
})
