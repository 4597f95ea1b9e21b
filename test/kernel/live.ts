// Node tests against the real demo backend (real time): one backend per test file, its stats, and
// constructors that count what the client really did.
import type { UseWebSocketAutoOptions } from '../../src/index'
import { createServer } from 'node:net'
import { WebSocket as NodeWebSocket } from 'ws'
import { useBackend } from '../../server/testing'

export type WebSocketCtor = NonNullable<UseWebSocketAutoOptions['WebSocket']>

/** `expect.poll` options for the real backend (generous: the machine is shared). */
export const poll = { timeout: 5000, interval: 20 }

export const sleep = (ms: number): Promise<void> => new Promise(resolve => setTimeout(resolve, ms))

/** Starts the demo backend for the calling test file; URLs of its routes, per channel. */
export function liveBackend() {
  const backend = useBackend()
  const query = (ch: string, extra: string): string => `?channel=${ch}${extra ? `&${extra}` : ''}`
  return {
    http: (route: string, ch: string, extra = ''): string => backend.url(route) + query(ch, extra),
    ws: (route: string, ch: string, extra = ''): string => backend.ws(route) + query(ch, extra),
    /** What the channel saw: `open`, `opened`, `requests`, `wsReceived` (docs/guide/demo-backend.md). */
    stats: async (ch: string): Promise<any> => (await fetch(backend.url('stats') + query(ch, ''))).json(),
  }
}

/** A `fetch` that counts its calls (Node's own underneath). */
export function countingFetch(): { fetch: typeof globalThis.fetch, urls: string[] } {
  const urls: string[] = []
  return { urls, fetch: ((input, init) => {
    urls.push(String(input))
    return globalThis.fetch(input, init)
  }) as typeof globalThis.fetch }
}

/** The `ws` package's WebSocket, counting the sockets it creates. */
export function countingWebSocket(): { WebSocket: WebSocketCtor, urls: string[] } {
  const urls: string[] = []
  class Counting extends NodeWebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols)
      urls.push(url)
    }
  }
  return { urls, WebSocket: Counting as unknown as WebSocketCtor }
}

/** A port where nothing listens: every attempt fails at once with a network error. */
export async function refusingPort(): Promise<number> {
  const probe = createServer()
  await new Promise<void>(resolve => probe.listen(0, '127.0.0.1', resolve))
  const { port } = probe.address() as { port: number }
  await new Promise<void>(resolve => probe.close(() => resolve()))
  return port
}
