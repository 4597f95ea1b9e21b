// A scripted WebSocket for fake-timer unit tests of pure timing logic (backoff, heartbeat, timeouts).
// Transport behaviour against a real server is proven in Chromium (`*.browser.test.ts`) and in Node with `ws`.

/** A WebSocket double the test drives by hand: `accept()`, `receive()`, `drop()`. */
export class FakeWebSocket {
  static instances: FakeWebSocket[] = []
  static readonly CONNECTING = 0
  static readonly OPEN = 1
  static readonly CLOSING = 2
  static readonly CLOSED = 3

  readyState = 0
  binaryType = 'blob'
  bufferedAmount = 0
  readonly sent: unknown[] = []
  closedWith: [code?: number, reason?: string] | null = null
  onopen: ((event: unknown) => void) | null = null
  onmessage: ((event: unknown) => void) | null = null
  onclose: ((event: unknown) => void) | null = null
  onerror: ((event: unknown) => void) | null = null

  constructor(readonly url: string, readonly protocols?: string | string[]) {
    FakeWebSocket.instances.push(this)
  }

  /** The last socket created. */
  static get last(): FakeWebSocket {
    return FakeWebSocket.instances[FakeWebSocket.instances.length - 1]!
  }

  static reset(): void {
    FakeWebSocket.instances = []
  }

  send(data: unknown): void {
    // the real one throws InvalidStateError while CONNECTING (WHATWG send() step 1)
    if (this.readyState === 0)
      throw new Error('InvalidStateError')
    if (this.readyState === 1)
      this.sent.push(data)
  }

  close(code?: number, reason?: string): void {
    this.closedWith = [code, reason]
    this.readyState = 3
  }

  /** The server completed the handshake. */
  accept(): void {
    this.readyState = 1
    this.onopen?.({ type: 'open' })
  }

  /** A frame from the server. */
  receive(data: unknown): void {
    this.onmessage?.({ type: 'message', data })
  }

  /** The connection ended (1006 = network failure, as browsers report every one). */
  drop(code = 1006, reason = '', wasClean = false): void {
    this.readyState = 3
    this.onerror?.({ type: 'error' })
    this.onclose?.({ type: 'close', code, reason, wasClean })
  }
}
