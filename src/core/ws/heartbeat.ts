import type { Scheduler } from '../scheduler'
import type { WebSocketData } from './queue'
import { createTimer } from '../scheduler'

/** Application-level ping/pong (browsers expose no protocol ping frames, WHATWG WebSockets §"Ping and Pong"). */
export interface HeartbeatOptions {
  /**
   * The ping; a function is called for every ping (a session id, a timestamp).
   * @default 'ping'
   */
  message?: WebSocketData | (() => WebSocketData)
  /**
   * The reply that is a pong: the exact text, or a predicate on the raw frame data. Pongs are never
   * delivered as `data`.
   * @default 'pong'
   */
  pong?: string | ((raw: unknown) => boolean)
  /**
   * Ms from the last answer (or open) to the next ping.
   * @default 25000
   */
  interval?: number
  /**
   * Ms a ping may go unanswered before the link counts as dead. Any inbound frame counts as an answer.
   * @default 10000
   */
  timeout?: number
}

/** Heartbeat options with every member resolved. */
export type ResolvedHeartbeat = Required<HeartbeatOptions>

/** What the heartbeat needs from its socket. */
export interface HeartbeatHooks {
  send: (data: WebSocketData) => void
  /** The ping went unanswered: the link is dead. */
  dead: () => void
}

/**
 * Liveness by timestamps, not by trusting timers: hidden tabs throttle timers (to once a minute after
 * 5 min, Chrome 88 intensive throttling), so a late timer must not be read as a live link, and a
 * stale `lastSeen` is re-checked at once with a probe when the tab wakes up or the app sends.
 */
export class Heartbeat {
  /** Last round trip in ms, or `null` before the first pong. */
  latency: number | null = null
  #lastSeen = 0
  #sentAt: number | null = null
  readonly #ping
  readonly #deadline

  constructor(public options: ResolvedHeartbeat, readonly scheduler: Scheduler, readonly hooks: HeartbeatHooks) {
    this.#ping = createTimer(scheduler)
    this.#deadline = createTimer(scheduler)
  }

  /** The socket opened: the first ping goes out after `interval`. */
  start(): void {
    this.#lastSeen = this.scheduler.now()
    this.#sentAt = null
    this.#ping.start(this.options.interval, this.probe)
  }

  /** Stops every timer (the socket is gone). */
  stop(): void {
    this.#ping.cancel()
    this.#deadline.cancel()
  }

  /** Sends a ping now and expects an answer within `timeout` (no second probe while one is pending). */
  readonly probe = (): void => {
    if (this.#deadline.pending)
      return
    const { message, timeout } = this.options
    this.#sentAt = this.scheduler.now()
    this.#deadline.start(timeout, this.hooks.dead)
    this.hooks.send(typeof message === 'function' ? message() : message)
  }

  /** An inbound frame arrived; returns whether it is a pong (to be swallowed). */
  received(raw: unknown): boolean {
    const now = this.scheduler.now()
    const { pong, interval } = this.options
    const isPong = typeof pong === 'function' ? pong(raw) : raw === pong
    this.#lastSeen = now
    if (isPong && this.#sentAt !== null) {
      this.latency = now - this.#sentAt
      this.#sentAt = null
    }
    if (this.#deadline.pending) {
      this.#deadline.cancel()
      // armed from a message task, so Chrome does not count it as a chained timer (GetStream stream-chat-js #698)
      this.#ping.start(interval, this.probe)
    }
    return isPong
  }

  /** Nothing arrived for longer than `interval + timeout`: timers were throttled or the link died. */
  expired(): boolean {
    return this.scheduler.now() - this.#lastSeen > this.options.interval + this.options.timeout
  }
}
