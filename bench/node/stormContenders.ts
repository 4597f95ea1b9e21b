// The reconnecting WebSocket clients of case 3, in Node, each at its library's defaults with reconnection
// on. Every one gets the same counting `WebSocket` class, so attempts are counted alike for all.
import type { WebSocket as WsSocket } from 'ws'
import { setMaxListeners } from 'node:events'

/** The `WebSocket` class a client must use (it records every construction as an attempt). */
export type SocketClass = typeof WsSocket

/** One client: `onOpen` on every successful (re)connection; `close()` ends it for good. */
export interface StormClient {
  close: () => void
}

export interface StormContender {
  label: string
  library: string
  note: string
  /** ms a connection must stay up before the library resets its backoff (0: it never waits). */
  minUptimeMs: number
  /** Loads the library (after any global set-up it needs) and returns a client factory. */
  load: (Socket: SocketClass) => Promise<(url: string, onOpen: () => void) => StormClient>
}

/** A hand-written client: reconnect after a fixed second, as most apps' first version does. */
const raw: StormContender = {
  label: 'raw WebSocket, fixed 1 s retry',
  library: '',
  note: 'hand-written over the ws client: onclose → setTimeout(connect, 1000)',
  minUptimeMs: 0,
  load: async Socket => (url, onOpen) => {
    let stopped = false
    let socket: WsSocket | undefined
    let timer: ReturnType<typeof setTimeout> | undefined
    const connect = (): void => {
      socket = new Socket(url)
      socket.onopen = onOpen
      socket.onerror = () => {}
      socket.onclose = () => {
        if (!stopped)
          timer = setTimeout(connect, 1000)
      }
    }
    connect()
    return {
      close: () => {
        stopped = true
        clearTimeout(timer)
        socket?.terminate()
      },
    }
  },
}

const partysocket: StormContender = {
  label: 'partysocket',
  library: 'partysocket',
  note: 'defaults (3 s × 1.3ⁿ up to 10 s, no jitter)',
  minUptimeMs: 5000,
  load: async (Socket) => {
    const { WebSocket: PartySocket } = await import('partysocket')
    return (url, onOpen) => {
      const socket = new PartySocket(url, undefined, { WebSocket: Socket })
      socket.addEventListener('open', onOpen)
      return { close: () => socket.close() }
    }
  },
}

/**
 * VueUse's `useWebSocket` does nothing outside a browser (`open()` returns unless `isClient`), so this
 * process gets a minimal `window` and `document` (event targets) before VueUse is loaded, and the
 * counting class as the global `WebSocket`, which is what VueUse constructs.
 */
const vueuse: StormContender = {
  label: 'VueUse useWebSocket',
  library: '@vueuse/core',
  note: 'autoReconnect: true (fixed 1 s, no jitter)',
  minUptimeMs: 0,
  load: async (Socket) => {
    // Vue first: its DOM renderer would take the stand-in `document` for a real one
    const { effectScope } = await import('vue')
    const window = new EventTarget()
    // every client adds its own `beforeunload` listener: thousands of them are expected here
    setMaxListeners(0, window)
    Object.assign(globalThis, { window, document: new EventTarget(), WebSocket: Socket })
    const { useWebSocket } = await import('@vueuse/core')
    return (url, onOpen) => {
      const scope = effectScope()
      scope.run(() => useWebSocket(url, { autoReconnect: true, onConnected: onOpen }))
      return { close: () => scope.stop() }
    }
  },
}

const ours: StormContender = {
  label: 'useWebSocketAuto',
  library: 'vue-lifeline',
  note: 'defaults (full jitter, 1 s × 2ⁿ up to 30 s)',
  minUptimeMs: 5000,
  load: async (Socket) => {
    const [{ useWebSocketAuto }, { effectScope }] = await Promise.all([import('vue-lifeline'), import('vue')])
    return (url, onOpen) => {
      const scope = effectScope()
      scope.run(() => useWebSocketAuto(url, { WebSocket: Socket as unknown as typeof WebSocket, onOpen }))
      return { close: () => scope.stop() }
    }
  },
}

export const stormContenders: Record<string, StormContender> = { raw, vueuse, partysocket, ours }
