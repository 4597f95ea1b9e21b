/** What a WebSocket can send. */
export type WebSocketData = string | ArrayBufferLike | Blob | ArrayBufferView

/** Limits of the send queue (messages sent while the socket is not open). */
export interface SendQueueOptions {
  /**
   * Most messages held.
   * @default 1000
   */
  max?: number
  /**
   * Most bytes held (UTF-8 bytes for text, not `string.length`).
   * @default 1048576
   */
  maxBytes?: number
}

/** Bytes `data` puts on the wire (text counted as UTF-8, as the server will see it). */
export function byteSize(data: WebSocketData): number {
  return typeof data === 'string'
    ? new TextEncoder().encode(data).length
    : (data as Blob).size ?? (data as ArrayBuffer).byteLength
}

/**
 * A bounded FIFO of outgoing messages. Nothing is ever reordered or sent twice: `flush` removes each
 * message as it hands it to the socket, and a refused message stays at the head.
 */
export class SendQueue {
  #items: [WebSocketData, number][] = []
  #bytes = 0

  constructor(public max: number, public maxBytes: number) {}

  /** Messages held. */
  get length(): number {
    return this.#items.length
  }

  /** Bytes held. */
  get bytes(): number {
    return this.#bytes
  }

  /** Appends `data`; `false` (and nothing held) when it would exceed `max` or `maxBytes`. */
  push(data: WebSocketData): boolean {
    const size = byteSize(data)
    if (this.#items.length >= this.max || this.#bytes + size > this.maxBytes)
      return false
    this.#items.push([data, size])
    this.#bytes += size
    return true
  }

  /** Hands messages to `send` in order until it returns `false` or the queue is empty. */
  flush(send: (data: WebSocketData) => boolean): void {
    while (this.#items.length > 0 && send(this.#items[0]![0]))
      this.#bytes -= this.#items.shift()![1]
  }

  /** Drops everything. */
  clear(): void {
    this.#items = []
    this.#bytes = 0
  }
}
