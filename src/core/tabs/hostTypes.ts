import type { LifelineError } from '../errors'
import type { Registry } from '../registry'
import type { TabGroupOptions } from './types'

/**
 * What a transport offers to be shared across tabs by {@link shareAcrossTabs}: an immutable snapshot
 * store, its events by name, the state a successor needs, and methods called by name.
 */
export interface Hostable<S extends object> {
  /** The current state (replaced, never mutated, on change). */
  getSnapshot: () => S
  /** Calls `listener` on every change; returns the remover. The first subscriber may start it. */
  subscribe: (listener: (snapshot: S, previous: S) => void) => () => void
  /** Calls `listener` with every event callers can listen to (`open`, `message`, `error`, …), as name + args. */
  listen: (listener: (name: string, args: unknown[]) => void) => () => void
  /**
   * State a successor needs to continue without loss (SSE: the last event id; polling: cursor and
   * ETag). Read after every event and sent with it, so it must have moved on by the time the event is
   * emitted (as the last event id has when a `message` goes out).
   */
  resumeState?: () => unknown
  /** Stops it for good. */
  dispose: () => void
}

/** Options of {@link shareAcrossTabs}. The first holder's options in a tab are the ones used. */
export interface ShareAcrossTabsOptions<S extends object, T extends Hostable<S> = Hostable<S>> {
  /**
   * Makes the real transport in the leader tab. `resume` is the last `resumeState()` the group saw
   * (`undefined` the first time); `last` is the last snapshot this tab saw, to start from.
   */
  create: (resume: unknown, last: S | undefined) => T
  /** The snapshot followers show until the leader's first one arrives. */
  initial: S
  /**
   * Turns a snapshot into what may cross tabs: strip what cannot be cloned (a `WebSocket`, an
   * `EventSource`: followers should see `null`). `LifelineError` fields cross as they are.
   * @default the snapshot itself
   */
  serialize?: (snapshot: S) => S
  /**
   * Turns an event's args into what may cross tabs (a raw `MessageEvent` cannot); `undefined` keeps
   * the event in the leader tab. `LifelineError` args cross as they are.
   * @default the args themselves
   */
  serializeEvent?: (name: string, args: unknown[]) => unknown[] | undefined
  /**
   * Methods a follower may call by name. By default any method except the `Hostable` ones
   * (`getSnapshot`, `subscribe`, `listen`, `resumeState`, `dispose`).
   */
  methods?: readonly string[]
  /**
   * Receives what goes wrong between tabs in this tab: a snapshot, event or answer that cannot be
   * cloned (`PARSE`, in the leader and in every follower), a message that cannot be read.
   * Without it they are rethrown asynchronously.
   */
  onError?: (error: LifelineError) => void
  /** Platform and timing of the underlying tab group. */
  tabs?: TabGroupOptions
  /**
   * Where this tab counts its holders of each key; the tab leaves the group `gcTime` after the last
   * one releases.
   * @default a page-wide registry with `gcTime` 1000
   */
  registry?: Registry
}

/** One holder's handle on a connection shared across the tabs of the origin. */
export interface SharedAcrossTabs<S extends object, T extends Hostable<S> = Hostable<S>> {
  /** The leader's snapshot: the transport's own in the leader tab, `serialize`d in the others. */
  getSnapshot: () => S
  /** Calls `listener` on every change, also when this tab starts or stops leading; returns the remover. */
  subscribe: (listener: (snapshot: S, previous: S) => void) => () => void
  /** Calls `listener` with every event of the shared transport, in every tab; returns the remover. */
  listen: (listener: (name: string, args: unknown[]) => void) => () => void
  /**
   * Calls `transport[method](...args)` in the leader tab and resolves with its (awaited) result in this
   * tab only; a throw or rejection arrives as a `LifelineError`. Made while no tab leads, the call
   * waits and goes once to the next leader. A call the leader acknowledged is never sent again: if
   * that leader goes away before answering, it rejects with `NETWORK` (it may have run).
   */
  call: (method: string, args?: unknown[]) => Promise<unknown>
  /** Whether this tab holds the real transport. */
  readonly isLeader: boolean
  /** The real transport in the leader tab, `null` in the others. */
  readonly transport: T | null
  /** Calls `listener` when this tab starts or stops leading; returns the remover. */
  onLeaderChange: (listener: (isLeader: boolean) => void) => () => void
  /**
   * Drops this holder (and its listeners). The last holder of a tab leaves the group; the last tab closes
   * the connection. The tab leaves after the page's grace time (a component that remounts keeps the
   * connection), or at once with `now` (an explicit close, a move to another key). Idempotent.
   */
  release: (now?: boolean) => void
}
