/** Chaos settings of one channel, or of every channel (global). */
export interface ChaosSettings {
  /** Extra ms before each response / WebSocket handshake. */
  latency: number
  /** Clock time until which new requests are refused (0: online). */
  offlineUntil: number
}

/** Kinds of live connection the stats count, as the Node backend's `stats` route does. */
export type ConnectionKind = 'sse' | 'ws' | 'http'

/** The connection counters both backends keep for the `stats` route. */
export interface ConnectionCounts {
  open: Record<ConnectionKind, number>
  opened: { sse: number, ws: number }
  closed: { sse: number, ws: number }
}

/**
 * Counts a live connection of `kind` open and returns its release, which runs `forget` and counts it
 * closed, once. The counters are read anew on release: a stats reset replaces them.
 */
export function countConnection(counts: () => ConnectionCounts, kind: ConnectionKind, forget: () => void): () => void {
  counts().open[kind]++
  if (kind !== 'http')
    counts().opened[kind]++
  let released = false
  return () => {
    if (released)
      return
    released = true
    forget()
    counts().open[kind]--
    if (kind !== 'http')
      counts().closed[kind]++
  }
}

/** The connection counts of one channel. */
export interface ChannelStats extends ConnectionCounts {
  /** Requests (and handshakes) received, refused ones included. */
  requests: number
}

/**
 * Everything the simulated backend knows about one `?channel=`: chaos, live connections, counters and
 * the state of each route, so demos on one page (and parallel tests) never see each other.
 */
export class Channel {
  readonly chaos: ChaosSettings = { latency: 0, offlineUntil: 0 }
  readonly stats: ChannelStats = { open: { sse: 0, ws: 0, http: 0 }, opened: { sse: 0, ws: 0 }, closed: { sse: 0, ws: 0 }, requests: 0 }
  readonly #live = new Set<() => void>()
  readonly #slots = new Map<string, unknown>()

  constructor(readonly name: string) {}

  /** Route-owned state, created on first use. */
  slot<T>(key: string, init: () => T): T {
    if (!this.#slots.has(key))
      this.#slots.set(key, init())
    return this.#slots.get(key) as T
  }

  /** Counts a live connection that `chaos/drop` can cut with `drop`; returns its release (idempotent). */
  track(kind: ConnectionKind, drop: () => void): () => void {
    this.#live.add(drop)
    return countConnection(() => this.stats, kind, () => this.#live.delete(drop))
  }

  /** Registers a connection `chaos/drop` must cut that is not counted (a handshake still pending or held); returns its release. */
  hold(drop: () => void): () => void {
    this.#live.add(drop)
    return () => this.#live.delete(drop)
  }

  /** Cuts every live connection; returns how many. */
  dropAll(): number {
    const drops = [...this.#live]
    for (const drop of drops)
      drop()
    return drops.length
  }
}

/** The channels of one simulated backend (created on first mention) and its global chaos. */
export class BackendState {
  readonly chaos: ChaosSettings = { latency: 0, offlineUntil: 0 }
  readonly #channels = new Map<string, Channel>()
  readonly #timers = new Set<ReturnType<typeof setInterval>>()

  constructor(readonly now: () => number) {}

  /** A timer that lives as long as the backend (a producer shared by every request of a channel); returns its stop. */
  every(ms: number, fn: () => void): () => void {
    const timer = globalThis.setInterval(fn, ms)
    this.#timers.add(timer)
    return () => {
      globalThis.clearInterval(timer)
      this.#timers.delete(timer)
    }
  }

  /** A one-off timer that lives as long as the backend (a session that expires). */
  after(ms: number, fn: () => void): void {
    const timer = globalThis.setTimeout(() => {
      this.#timers.delete(timer)
      fn()
    }, ms)
    this.#timers.add(timer)
  }

  /** Cuts every connection and stops every backend timer. */
  dispose(): void {
    for (const channel of this.all())
      channel.dropAll()
    // (interval and timeout handles share one pool: either clear works for both)
    for (const timer of this.#timers)
      globalThis.clearInterval(timer)
    this.#timers.clear()
  }

  channel(name: string): Channel {
    let channel = this.#channels.get(name)
    if (!channel)
      this.#channels.set(name, channel = new Channel(name))
    return channel
  }

  all(): Channel[] {
    return [...this.#channels.values()]
  }

  isOffline(channel: Channel): boolean {
    const now = this.now()
    return now < channel.chaos.offlineUntil || now < this.chaos.offlineUntil
  }

  latencyOf(channel: Channel): number {
    return Math.max(channel.chaos.latency, this.chaos.latency)
  }
}
