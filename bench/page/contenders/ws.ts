// The WebSocket contenders of cases 1 and 4, each used the way its docs show. Composables run in their
// own effect scope, stopped on close, as a component's setup would.
import type { Contender, LivenessOptions, Sink } from './types'
import { useWebSocket } from '@vueuse/core'
import { WebSocket as PartySocket } from 'partysocket'
import { useWebSocketAuto } from 'vue-lifeline'
import { effectScope, watch } from 'vue'
import { once } from './types'

function raw(parse: boolean): Contender['connect'] {
  return (url, sink, liveness) => new Promise((resolve) => {
    const ws = new WebSocket(url)
    const down = once(liveness?.onDown)
    ws.onmessage = parse ? event => sink(JSON.parse(event.data)) : event => sink(event.data)
    ws.onclose = down
    ws.onerror = down
    ws.onopen = () => resolve({ send: data => ws.send(data), close: () => ws.close() })
  })
}

function ours(json: boolean): Contender['connect'] {
  return (url, sink, liveness) => new Promise((resolve) => {
    const scope = effectScope()
    scope.run(() => {
      const { heartbeat, onDown } = liveness ?? {}
      const socket = useWebSocketAuto(url, {
        json,
        onMessage: data => sink(data),
        onOpen: () => resolve({ send: data => socket.send(data), close: () => scope.stop() }),
        heartbeat: heartbeat && { interval: heartbeat.interval, timeout: heartbeat.timeout },
      })
      if (onDown) {
        const down = once(onDown)
        watch(socket.status, (now, before) => before === 'open' && down(), { flush: 'sync' })
      }
    })
  })
}

function vueuse(url: string, sink: Sink, liveness?: LivenessOptions): ReturnType<Contender['connect']> {
  return new Promise((resolve) => {
    const scope = effectScope()
    scope.run(() => {
      const { heartbeat, onDown } = liveness ?? {}
      const socket = useWebSocket(url, {
        onMessage: (_ws, event) => sink(event.data),
        onConnected: () => resolve({ send: data => socket.send(data), close: () => scope.stop() }),
        heartbeat: heartbeat && { message: 'ping', responseMessage: 'pong', interval: heartbeat.interval, pongTimeout: heartbeat.timeout },
      })
      if (onDown) {
        const down = once(onDown)
        watch(socket.status, (now, before) => before === 'OPEN' && down(), { flush: 'sync' })
      }
    })
  })
}

function partysocket(url: string, sink: Sink, liveness?: LivenessOptions): ReturnType<Contender['connect']> {
  return new Promise((resolve) => {
    const ws = new PartySocket(url)
    const down = once(liveness?.onDown)
    ws.addEventListener('message', event => sink(event.data))
    ws.addEventListener('close', down)
    ws.addEventListener('error', down)
    ws.addEventListener('open', () => resolve({ send: data => ws.send(data), close: () => ws.close() }), { once: true })
  })
}

/** Keyed by the id used in results; `raw` is the baseline every ratio refers to. */
export const wsContenders: Record<string, Contender> = {
  'raw': { label: 'raw WebSocket', library: '', connect: raw(false) },
  'raw-json': { label: 'raw WebSocket + JSON.parse', library: '', note: 'reference for the json rows', connect: raw(true) },
  'vueuse': { label: 'VueUse useWebSocket', library: '@vueuse/core', connect: vueuse },
  'partysocket': { label: 'partysocket', library: 'partysocket', connect: partysocket },
  'ours': { label: 'useWebSocketAuto', library: 'vue-lifeline', connect: ours(false) },
  'ours-json': { label: 'useWebSocketAuto json', library: 'vue-lifeline', note: 'json: true', connect: ours(true) },
}
