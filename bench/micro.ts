// NODE_ENV=production npx tsx bench/micro.ts [ids]   (ids: raw-ws,core-ws,ours-ws,ours-ws-json,ours-sse-native)
//
// Our JavaScript cost per received message, without a browser: the WebSocket and EventSource are fakes
// whose handlers are called directly, so what is measured is only our receive path (transport, kernel,
// Vue bridge), in process CPU time (not wall time: a busy machine that pauses the process does not count).
// Nine alternating repetitions of 400,000 messages each; min and median in ns per message. For comparing
// two versions of the hot path on a shared machine, where the browser cases of `npm run bench` are
// noisier than the differences.
import { effectScope } from 'vue'
import { useEventSource, useWebSocketAuto } from 'vue-lifeline'
import { WebSocketTransport } from 'vue-lifeline/core'

interface Fake { onmessage?: (event: unknown) => void, listeners: Map<string, (event: unknown) => void> }
const created: Fake[] = []
const last = (): Fake => created.at(-1)!

/** Opens on the next microtask, as a real socket opens on a later task. */
class FakeSource {
  readyState = 0
  listeners = new Map<string, (event: unknown) => void>()
  onopen?: (event: unknown) => void
  onmessage?: (event: unknown) => void
  onclose?: (event: unknown) => void
  onerror?: (event: unknown) => void
  constructor() {
    created.push(this)
    queueMicrotask(() => {
      this.readyState = 1
      this.onopen?.({})
    })
  }

  close(): void {}
}

class FakeWebSocket extends FakeSource {
  bufferedAmount = 0
  send(): void {}
}

class FakeEventSource extends FakeSource {
  addEventListener(type: string, listener: (event: unknown) => void): void {
    this.listeners.set(type, listener)
  }
}

const N = 400_000
const frames = Array.from({ length: 1000 }, (_, i) => ({ data: `{"type":"tick","data":{"n":${i},"t":${Date.now()}}}` }))
const events = Array.from({ length: 1000 }, (_, i) => ({ data: `{"n":${i}}`, lastEventId: String(i) }))
let sunk = 0
const sink = (_message?: unknown): void => {
  sunk++
}
const WebSocket = FakeWebSocket as unknown as typeof globalThis.WebSocket
const EventSource = FakeEventSource as unknown as typeof globalThis.EventSource

/** CPU ns per message of `fire` after `setup` and a warm-up. */
async function run(setup: () => void, fire: (i: number) => void): Promise<number> {
  setup()
  await new Promise(resolve => setTimeout(resolve, 5))
  for (let i = 0; i < 50_000; i++)
    fire(i)
  const start = process.cpuUsage()
  for (let i = 0; i < N; i++)
    fire(i)
  const used = process.cpuUsage(start)
  return (used.user + used.system) * 1000 / N
}

const ws = (i: number): void => last().onmessage!(frames[i % 1000])
const CASES: Record<string, () => Promise<number>> = {
  'raw-ws': () => {
    const socket: { onmessage?: (event: unknown) => void } = {}
    return run(() => socket.onmessage = sink, i => socket.onmessage!(frames[i % 1000]))
  },
  'core-ws': () => run(() => {
    const transport = new WebSocketTransport('ws://x', { WebSocket })
    transport.listen({ onMessage: sink })
    transport.open()
  }, ws),
  'ours-ws': () => run(() => effectScope().run(() => useWebSocketAuto('ws://x', { WebSocket, onMessage: sink })), ws),
  'ours-ws-json': () => run(() => effectScope().run(() => useWebSocketAuto('ws://x', { json: true, WebSocket, onMessage: sink })), ws),
  'ours-sse-native': () => run(() => effectScope().run(() => useEventSource('http://x/', [], { mode: 'native', EventSource, onMessage: sink })), i => last().listeners.get('message')!(events[i % 1000])),
}

const ids = process.argv[2]?.split(',') ?? Object.keys(CASES)
const results: Record<string, number[]> = {}
for (let rep = 0; rep < 9; rep++) {
  for (const id of ids)
    (results[id] ??= []).push(await CASES[id]())
}
for (const id of ids) {
  const sorted = results[id].sort((a, b) => a - b)
  console.info(`${id.padEnd(16)} min ${sorted[0].toFixed(0).padStart(5)}  median ${sorted[4].toFixed(0).padStart(5)} ns/message`)
}
if (!sunk)
  throw new Error('no message reached the sink')
