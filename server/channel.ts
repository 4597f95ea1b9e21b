import type { ConnectionCounts, ConnectionKind } from '../src/testing/backend/state'
import { countConnection } from '../src/testing/backend/state'
import { DEFAULTS } from './defaults'
import type { Lifetime } from './lifetime'

export type { ConnectionKind }

/** One request as the introspection route reports it. */
export interface RequestLogEntry {
  /** Path below the prefix, e.g. `sse/status/503`. */
  route: string
  method: string
  /** `Date.now()` when the request arrived. */
  at: number
  query: Record<string, string>
  /** The headers clients under test vary; `null` when absent. `last-event-id` decoded as UTF-8. */
  headers: {
    'last-event-id': string | null
    'if-none-match': string | null
    'authorization': string | null
    'cookie': string | null
    'origin': string | null
  }
  /** The request body as text (truncated), for routes that read one. */
  body?: string
  /** `true` when `chaos/offline` refused it (socket destroyed, no response). */
  refused?: true
}

export interface ChannelStats extends ConnectionCounts {
  requests: RequestLogEntry[]
  wsReceived: string[]
}

/** A live connection that `chaos/drop` can cut. */
export interface Droppable {
  kind: ConnectionKind
  drop: () => void
}

function emptyStats(open: Record<ConnectionKind, number>): ChannelStats {
  return { open, opened: { sse: 0, ws: 0 }, closed: { sse: 0, ws: 0 }, requests: [], wsReceived: [] }
}

/** Chaos settings; the same shape exists per channel and globally. */
export interface ChaosState {
  /** Extra ms before each response / upgrade. */
  latency: number
  /** `Date.now()` until which new requests are refused. */
  offlineUntil: number
}

/**
 * Everything the backend knows about one `?channel=`: stats, chaos, live connections and the state of
 * each route (counters, sessions, long-poll events) — so parallel tests never see each other.
 */
export class Channel {
  stats: ChannelStats = emptyStats({ sse: 0, ws: 0, http: 0 })
  readonly chaos: ChaosState = { latency: 0, offlineUntil: 0 }
  readonly live = new Set<Droppable>()
  private readonly slots = new Map<string, unknown>()

  /** `lifetime` ends with the backend: channel-level timers (producers) hang on it. */
  constructor(readonly name: string, readonly lifetime: Lifetime) {}

  /** Route-owned state, created on first use: `channel.slot('poll/counter', () => ({ n: 0 }))`. */
  slot<T>(key: string, init: () => T): T {
    if (!this.slots.has(key))
      this.slots.set(key, init())
    return this.slots.get(key) as T
  }

  log(entry: RequestLogEntry): void {
    const list = this.stats.requests
    list.push(entry)
    if (list.length > DEFAULTS.maxLog)
      list.splice(0, list.length - DEFAULTS.maxLog)
  }

  logWsFrame(text: string): void {
    const list = this.stats.wsReceived
    list.push(text)
    if (list.length > DEFAULTS.maxWsLog)
      list.splice(0, list.length - DEFAULTS.maxWsLog)
  }

  /** Registers a live connection (counts it open) and returns its release (counts it closed, once). */
  track(kind: ConnectionKind, drop: () => void): () => void {
    const item: Droppable = { kind, drop }
    this.live.add(item)
    return countConnection(() => this.stats, kind, () => this.live.delete(item))
  }

  /**
   * Registers a connection that is not counted (a WebSocket handshake still pending or held by `ws/hang`)
   * but that `chaos/drop` and `close()` must still cut. Returns its release.
   */
  hold(drop: () => void): () => void {
    const item: Droppable = { kind: 'ws', drop }
    this.live.add(item)
    return () => this.live.delete(item)
  }

  /** Cuts every live connection; returns how many. */
  dropAll(): number {
    const items = [...this.live]
    for (const item of items)
      item.drop()
    return items.length
  }

  /** Clears the stats (live `open` counts stay: those connections are still open). */
  resetStats(): void {
    this.stats = emptyStats(this.stats.open)
  }
}

/** All channels of one backend, created on first mention. */
export class Channels {
  private readonly map = new Map<string, Channel>()

  constructor(private readonly lifetime: Lifetime) {}

  get(name: string): Channel {
    let channel = this.map.get(name)
    if (!channel) {
      channel = new Channel(name, this.lifetime)
      this.map.set(name, channel)
    }
    return channel
  }

  has(name: string): boolean {
    return this.map.has(name)
  }

  all(): Channel[] {
    return [...this.map.values()]
  }
}
