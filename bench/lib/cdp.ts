import WebSocket from 'ws'

type Listener = (params: any) => void

/** A CDP session: the browser itself (no id) or one attached target (flat mode). */
export interface CdpSession {
  send: <T = any>(method: string, params?: object) => Promise<T>
  /** Listens to an event of this session; returns the remover. */
  on: (method: string, listener: Listener) => () => void
  /** Resolves with the params of the next `method` event of this session. */
  once: <T = any>(method: string) => Promise<T>
}

/**
 * A plain Chrome DevTools Protocol connection over one WebSocket, with flat sessions. Deliberately not
 * Playwright's page: Playwright keeps the Network domain enabled on pages it drives, which charges
 * ≈15 µs of main-thread time to every native WebSocket frame and EventSource message and hides the
 * differences we measure (shared/recipes/playwright-bench.md).
 */
export class CdpConnection {
  #socket: WebSocket
  #id = 0
  readonly #pending = new Map<number, { resolve: (value: any) => void, reject: (error: Error) => void, method: string }>()
  readonly #listeners = new Map<string, Set<Listener>>()

  private constructor(socket: WebSocket) {
    this.#socket = socket
    socket.on('message', (raw) => {
      const message = JSON.parse(raw.toString())
      if (message.id !== undefined) {
        const pending = this.#pending.get(message.id)
        this.#pending.delete(message.id)
        if (message.error)
          pending?.reject(new Error(`CDP ${pending.method}: ${message.error.message}`))
        else
          pending?.resolve(message.result)
        return
      }
      for (const listener of this.#listeners.get(`${message.sessionId ?? ''}:${message.method}`) ?? [])
        listener(message.params)
    })
    socket.on('close', () => {
      for (const { reject, method } of this.#pending.values())
        reject(new Error(`CDP ${method}: connection closed`))
      this.#pending.clear()
    })
  }

  /** Connects to a `webSocketDebuggerUrl`. */
  static async connect(url: string): Promise<CdpConnection> {
    // no compression: it would only add CPU on both ends of a loopback link
    const socket = new WebSocket(url, { perMessageDeflate: false, maxPayload: 1024 ** 3 })
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve())
      socket.once('error', reject)
    })
    return new CdpConnection(socket)
  }

  /** The browser-level session. */
  get browser(): CdpSession {
    return this.session(undefined)
  }

  /** The session with that id (from `Target.attachToTarget` with `flatten: true`). */
  session(sessionId: string | undefined): CdpSession {
    const key = (method: string): string => `${sessionId ?? ''}:${method}`
    const on = (method: string, listener: Listener): (() => void) => {
      const set = this.#listeners.get(key(method)) ?? new Set()
      this.#listeners.set(key(method), set.add(listener))
      return () => set.delete(listener)
    }
    return {
      send: (method, params = {}) => new Promise((resolve, reject) => {
        const id = ++this.#id
        this.#pending.set(id, { resolve, reject, method })
        this.#socket.send(JSON.stringify({ id, method, params, sessionId }))
      }),
      on,
      once: method => new Promise((resolve) => {
        const off = on(method, (params) => {
          off()
          resolve(params)
        })
      }),
    }
  }

  close(): void {
    this.#socket.close()
  }
}
