/** What the page does with every message: the same cheap sink for every contender. */
export type Sink = (data: unknown) => void

/** Dead-link settings, given to the contenders that have a way to notice one. */
export interface LivenessOptions {
  /** WebSocket heartbeat: ms between pings, and ms a ping may go unanswered. */
  heartbeat?: { interval: number, timeout: number }
  /** SSE: ms without a byte after which the link counts as dead. */
  idleTimeout?: number
  /** Called once when the client notices the link is gone (status change, close or error event). */
  onDown?: () => void
}

export interface Client {
  send: (data: string) => void
  close: () => void
}

/** One library as the page uses it: connect, hand every message to `sink`, resolve once open. */
export interface Contender {
  /** Shown in tables and charts. */
  label: string
  /** The npm package whose version is reported ('' = the browser itself). */
  library: string
  /** How it is configured, when it is not the library's defaults. */
  note?: string
  connect: (url: string, sink: Sink, liveness?: LivenessOptions) => Promise<Client>
}

/** Calls `fn` once. */
export function once(fn: (() => void) | undefined): () => void {
  let done = false
  return () => {
    if (!done) {
      done = true
      fn?.()
    }
  }
}
