// The `useWebSocketAuto` driver of the matrices: `FakeWebSocket`s that a plan accepts, refuses or leaves
// hanging, a fake server that answers `request()` frames, fake timers, and the scenarios that reach
// each callback in each state.
import type { Environment } from '../../src/core'
import type { ConnectionStatus, UseWebSocketAutoOptions, UseWebSocketAutoReturn } from '../../src/index'
import type { Call, Driver, Method, Run, Scenario, World } from './harness'
import { expect } from 'vitest'
import { LifelineError, useWebSocketAuto } from '../../src/index'
import { FakeWebSocket } from '../helpers/fakeWebSocket'
import { inScope } from '../helpers/scopes'
import { after, checkNoop, checkRestarted, checkStopped, flush, routeMethods, settleOnce, testEnvironment } from './harness'

/** What the server does with the next socket: complete the handshake, refuse it (1006), or never answer. */
export type Plan = 'accept' | 'refuse' | 'hang'

/**
 * A WebSocket constructor whose sockets follow `plans` (then `accept`), in a microtask as a real
 * handshake would; frames carrying an `id` are answered `{ id, reply: 'ok' }` while the socket is open.
 */
export function fakeWsServer(plans: Plan[] = []): { WebSocket: NonNullable<UseWebSocketAutoOptions['WebSocket']>, sockets: FakeWebSocket[] } {
  const sockets: FakeWebSocket[] = []
  class Scripted extends FakeWebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols)
      sockets.push(this)
      const plan = plans.shift() ?? 'accept'
      queueMicrotask(() => {
        if (this.readyState !== 0)
          return
        if (plan === 'accept')
          this.accept()
        else if (plan === 'refuse')
          this.drop(1006)
      })
    }

    override send(data: unknown): void {
      super.send(data)
      let id: unknown
      try {
        id = JSON.parse(String(data))?.id
      }
      catch {}
      if (id !== undefined) {
        queueMicrotask(() => {
          if (this.readyState === 1)
            this.receive(JSON.stringify({ id, reply: 'ok' }))
        })
      }
    }
  }
  return { WebSocket: Scripted as unknown as NonNullable<UseWebSocketAutoOptions['WebSocket']>, sockets }
}

export interface WsWorld extends World<UseWebSocketAutoReturn & { scope: World['scope'] }> {
  sockets: FakeWebSocket[]
  environment: Environment
  /** How often `frame` was sent, over every socket. */
  sent: (frame: string) => number
}

type S = Scenario<WsWorld> & { plans?: Plan[] }

const REST: ConnectionStatus[] = ['idle', 'closed', 'failed']

const scenarios: S[] = [
  {
    name: 'first open',
    script: settleOnce,
    points: [['onOpen', 1, 'first open'], ['watch:open', 1, 'first open']],
  },
  {
    name: 'message',
    script: async ({ sockets }) => {
      await flush()
      sockets[0]!.receive(JSON.stringify({ type: 'x', data: 1 }))
      await flush()
    },
    points: [['onMessage', 1, 'open, a message'], ['on', 1, 'open, a message']],
  },
  {
    name: 'drop',
    script: async ({ sockets }) => {
      await flush()
      sockets[0]!.drop(1006)
      await flush()
      await after(100)
    },
    points: [
      ['onError', 1, 'reconnecting: the connection dropped (1006)'],
      ['onClose', 1, 'reconnecting: the connection dropped (1006)'],
      ['watch:reconnecting', 1, 'reconnecting: the connection dropped (1006)'],
      ['onOpen', 2, 'open after a reconnect'],
    ],
  },
  {
    name: 'refused',
    plans: ['refuse'],
    script: async () => {
      await flush()
      await after(100)
    },
    points: [['onError', 1, 'reconnecting: refused before open'], ['onClose', 1, 'reconnecting: refused before open']],
  },
  {
    name: 'connect timeout',
    plans: ['hang'],
    options: { connectTimeout: 500 },
    script: async () => {
      await after(500)
      await after(100)
    },
    points: [['onError', 1, 'reconnecting: CONNECT_TIMEOUT']],
  },
  {
    name: 'fatal',
    script: async ({ sockets }) => {
      await flush()
      sockets[0]!.drop(1008, 'policy')
      await flush()
    },
    points: [['onError', 1, 'failed: close code 1008'], ['onClose', 1, 'failed: close code 1008'], ['watch:failed', 1, 'failed: close code 1008']],
  },
  {
    name: 'parse',
    script: async ({ sockets }) => {
      await flush()
      sockets[0]!.receive('{not json')
      await flush()
    },
    points: [['onError', 1, 'open: PARSE, not fatal']],
  },
  {
    name: 'retry limit',
    options: { reconnect: { retries: 0 } },
    script: async ({ sockets }) => {
      await flush()
      sockets[0]!.drop(1006)
      await flush()
    },
    points: [
      ['onError', 1, 'lost with the retry budget spent (before RETRY_LIMIT)'],
      ['onError', 2, 'failed: RETRY_LIMIT'],
      ['onClose', 1, 'failed: RETRY_LIMIT'],
    ],
  },
  {
    name: 'clean close',
    options: { reconnect: false },
    script: async ({ sockets }) => {
      await flush()
      sockets[0]!.drop(1000, 'bye', true)
      await flush()
    },
    points: [['watch:closed', 1, 'closed: the server closed with 1000'], ['onClose', 1, 'closed: the server closed with 1000']],
  },
  {
    name: 'no reconnect',
    options: { shouldReconnect: () => false },
    script: async ({ sockets }) => {
      await flush()
      sockets[0]!.drop(4000, 'go away', true)
      await flush()
    },
    points: [['onError', 1, 'closed: shouldReconnect said no'], ['onClose', 1, 'closed: shouldReconnect said no']],
  },
  {
    name: 'pagehide',
    script: async ({ environment }) => {
      await flush()
      environment.lifecycle.emit({ type: 'hide', persisted: true })
      await after(5000)
      environment.lifecycle.emit({ type: 'show', persisted: true })
      await flush()
    },
    points: [['watch:paused', 1, 'paused: pagehide', { blocked: true }], ['onOpen', 2, 'open again after pageshow']],
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

const FRAME = 'frame from a callback'

/** What `send()` / `request()` saw when called: whether a socket was open, the return, and whether the frame left at once. */
interface Sent { live: boolean, returned: unknown, atReturn: number, frame: () => string, settled?: { value?: unknown, error?: unknown } }

/** `send()` / `request()`: the frame is delivered exactly once (at once when open), or waits in the queue; the course is unchanged. */
function checkSent(call: Call, run: Run, baseline: Run, w: WsWorld): void {
  checkNoop(call, run, baseline)
  const sent = call.returned as Sent
  const frame = sent.frame()
  if (sent.live)
    expect(sent.atReturn, 'sent at once while open').toBe(1)
  expect(w.sent(frame), 'never sent twice').toBeLessThanOrEqual(1)
  if (run.final.status === 'open') {
    expect(w.sent(frame), 'delivered once it is open').toBe(1)
    expect(w.r.queued.value).toBe(0)
  }
}

const sendMethod: Method<WsWorld> = {
  call: ({ r, sent }) => {
    const live = r.status.value === 'open' && r.ws.value?.readyState === 1
    const returned = r.send(FRAME)
    return { live, returned, atReturn: sent(FRAME), frame: () => FRAME } satisfies Sent
  },
  check: (call, run, baseline, w) => {
    expect((call.returned as Sent).returned, 'accepted (sent or queued)').toBe(true)
    checkSent(call, run, baseline, w)
  },
}

const requestMethod: Method<WsWorld> = {
  call: ({ r, sockets, sent }) => {
    const live = r.status.value === 'open' && r.ws.value?.readyState === 1
    const out: Sent = { live, returned: undefined, atReturn: 0, frame: () => '' }
    const promise = r.request({ op: 'q' })
    promise.then(value => out.settled = { value }, error => out.settled = { error })
    // the frame with the id the transport gave it
    out.frame = () => sockets.flatMap(s => s.sent as string[]).find(f => f.includes('"op":"q"')) ?? '{"op":"q"}'
    out.atReturn = sent(out.frame())
    out.returned = promise
    return out
  },
  check: (call, run, baseline, w) => {
    checkSent(call, run, baseline, w)
    const { settled, frame } = call.returned as Sent
    expect(settled, 'settled (never left pending)').toBeDefined()
    const id = JSON.parse(frame()).id
    const current = w.sockets.at(-1)!
    if (run.final.status === 'open' && (current.sent as string[]).includes(frame()))
      expect(settled!.value, 'the reply').toEqual({ id, reply: 'ok' })
    else if (settled!.error !== undefined)
      expect(settled!.error).toBeInstanceOf(LifelineError)
  },
}

export const wsDriver: Driver<WsWorld> = {
  name: 'useWebSocketAuto',
  route: 'x',
  hooks: ['onOpen', 'onMessage', 'onError', 'onClose'],
  scenarios,
  create: (scenario, hooks) => {
    const { WebSocket, sockets } = fakeWsServer([...(scenario as S).plans ?? []])
    const environment = testEnvironment()
    const r = inScope(() => useWebSocketAuto('ws://ws.test/', { WebSocket, environment, json: true, reconnect: { initialDelay: 100, jitter: false }, ...scenario.options, ...hooks }))
    const sent = (frame: string): number => sockets.reduce((n, s) => n + s.sent.filter(f => f === frame).length, 0)
    return { r, scope: r.scope, sockets, environment, sent, attempts: () => sockets.length }
  },
  settle: () => after(600_000),
  probe: async ({ r, sockets }) => {
    if (r.status.value === 'open')
      sockets.at(-1)!.receive(JSON.stringify({ type: 'x', data: 'probe' }))
    await flush()
  },
  methods: {
    open: { call: ({ r }) => r.open(), check: (call, run, b) => REST.includes(call.status) ? checkRestarted(call, run) : checkNoop(call, run, b) },
    close: {
      call: ({ r }) => r.close(),
      check: (call, run, _b, w) => {
        checkStopped(call, run)
        expect([w.r.ws.value, w.r.queued.value]).toEqual([null, 0])
      },
    },
    reconnect: { call: ({ r }) => r.reconnect(), check: checkRestarted },
    send: sendMethod,
    request: requestMethod,
    ...routeMethods('x'),
  },
}
