// Helpers for the Node tests of the demo backend (not used by the backend itself).
import type { EventSourceMessage } from 'eventsource-parser'
import type { ListeningBackend } from './listen'
import { createParser } from 'eventsource-parser'
import { afterAll, beforeAll } from 'vitest'
import WebSocket from 'ws'
import { listen } from './listen'

/** Starts one backend for the test file (port 0) and closes it afterwards. */
export function useBackend(): { readonly server: ListeningBackend, url: (path: string) => string, ws: (path: string) => string } {
  let server: ListeningBackend | undefined
  beforeAll(async () => {
    server = await listen()
  })
  afterAll(() => server?.close())
  return {
    get server() {
      if (!server)
        throw new Error('backend not started')
      return server
    },
    url: path => `${server!.url}/__lifeline/${path}`,
    ws: path => `${server!.url.replace(/^http/, 'ws')}/__lifeline/${path}`,
  }
}

export interface SseReader {
  res: Response
  events: EventSourceMessage[]
  comments: string[]
  retries: number[]
  /** Resolves when the body ends (normally or by a network error). */
  finished: Promise<'end' | 'error'>
  abort: () => void
}

/** Fetches an event stream and parses it as it arrives (with the library the client uses). */
export async function readSse(url: string, init: RequestInit = {}): Promise<SseReader> {
  const controller = new AbortController()
  const res = await fetch(url, { ...init, signal: controller.signal })
  const reader: Omit<SseReader, 'finished'> = { res, events: [], comments: [], retries: [], abort: () => controller.abort() }
  const parser = createParser({
    onEvent: e => reader.events.push(e),
    onComment: c => reader.comments.push(c),
    onRetry: r => reader.retries.push(r),
  })
  const finished = (async () => {
    try {
      const decoder = new TextDecoder()
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>)
        parser.feed(decoder.decode(chunk, { stream: true }))
      return 'end' as const
    }
    catch {
      return 'error' as const
    }
  })()
  return { ...reader, finished }
}

/** A WebSocket with the text frames it received (collected from before `open`: none is missed). */
export type TestSocket = WebSocket & { got: string[] }

/** Opens a WebSocket and resolves once it is open (rejects on a refused handshake). */
export function openWs(url: string): Promise<TestSocket> {
  const ws = Object.assign(new WebSocket(url), { got: [] as string[] })
  // frames sent right after the handshake can arrive in the same chunk as the 101: listen first
  ws.got = collect(ws)
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws))
    ws.once('error', reject)
    ws.once('unexpected-response', (_req, res) => {
      ws.terminate()
      reject(new Error(`handshake answered ${res.statusCode}`))
    })
  })
}

/** Collects text frames of `ws` as they arrive. */
export function collect(ws: WebSocket): string[] {
  const list: string[] = []
  ws.on('message', (data, isBinary) => list.push(isBinary ? `<binary ${(data as Buffer).length}>` : data.toString()))
  return list
}

export function closeOf(ws: WebSocket): Promise<{ code: number, reason: string }> {
  return new Promise(resolve => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })))
}

export async function getJson<T = any>(url: string, init?: RequestInit): Promise<T> {
  return (await fetch(url, init)).json() as Promise<T>
}
