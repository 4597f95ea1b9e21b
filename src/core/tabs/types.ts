import type { Environment } from '../environment'
import type { LifelineError } from '../errors'
import type { Scheduler } from '../scheduler'

/** The part of `BroadcastChannel` a tab group uses (injectable: tests pass a fake, Node its own). */
export interface TabChannel {
  postMessage: (message: unknown) => void
  close: () => void
  onmessage: ((event: { data: unknown }) => void) | null
  onmessageerror: ((event: unknown) => void) | null
}

/** A `BroadcastChannel`-like constructor. */
export type TabChannelConstructor = new (name: string) => TabChannel

/** Options of a Web Locks request, as far as a tab group uses them. */
export interface TabLockOptions {
  /** Take the lock from its holder at once (the holder's request rejects with `AbortError`). */
  steal?: boolean
  /** Withdraws a request that is still waiting. */
  signal?: AbortSignal
}

/** The part of `navigator.locks` (a `LockManager`) a tab group uses. */
export interface TabLockManager {
  request: (name: string, options: TabLockOptions, callback: (lock: unknown) => unknown) => Promise<unknown>
}

/**
 * How a group elects its leader: `'locks'` (Web Locks, the holder of one exclusive lock leads),
 * `'heartbeat'` (no Web Locks: claims and heartbeats over `BroadcastChannel`), `'alone'` (no
 * `BroadcastChannel` at all: this tab leads itself and talks to no one).
 */
export type TabGroupMode = 'locks' | 'heartbeat' | 'alone'

/** Options of {@link createTabGroup}. Every platform API is looked up when the group is created, never at import. */
export interface TabGroupOptions {
  /**
   * The `BroadcastChannel` constructor; `null` = none (the tab is alone, with one development warning).
   * @default globalThis.BroadcastChannel
   */
  BroadcastChannel?: TabChannelConstructor | null
  /**
   * The Web Locks manager; `null` = none (election by heartbeat over the channel).
   * @default globalThis.navigator?.locks
   */
  locks?: TabLockManager | null
  /** Timers and clock. @default defaultScheduler */
  scheduler?: Scheduler
  /**
   * Page lifecycle: on `pagehide` the tab leaves the group (a leader hands over at once), on a
   * `pageshow` from the back-forward cache it joins again.
   * @default defaultEnvironment
   */
  environment?: Pick<Environment, 'lifecycle'>
  /**
   * How often (ms) the leader tells the other tabs it is alive.
   * @default 500
   */
  heartbeatInterval?: number
  /**
   * Silence (ms) from the leader after which a follower probes it; unanswered for half a heartbeat
   * interval, the leader counts as frozen or crashed and a follower takes over. Together they bound
   * the handover after a freeze: `heartbeatTimeout + heartbeatInterval / 2` plus a few ms.
   * @default 1000
   */
  heartbeatTimeout?: number
  /**
   * Receives errors that have no caller to go to (a message from another tab that cannot be read,
   * `messageerror`). Without it they are rethrown asynchronously, so they still reach error reporting.
   */
  onError?: (error: LifelineError) => void
  /** This tab's id in the group (tests). @default a random id */
  id?: string
}

/** Options of {@link TabGroup.request}. */
export interface TabRequestOptions {
  /**
   * Rejects with `REQUEST_TIMEOUT` after this many ms (waiting for a leader included). `0` = never.
   * @default 0
   */
  timeout?: number
}

/**
 * The tabs of one origin that use the same group name, one of which leads. Messages cross tabs by
 * structured clone; a payload that cannot be cloned throws (or rejects with) a `PARSE` `LifelineError`
 * naming the reason instead of being dropped.
 */
export interface TabGroup<Message = unknown, Request = unknown, Reply = unknown> {
  /** The group name. */
  readonly name: string
  /** This tab's id in the group. */
  readonly id: string
  /** How the group elects (fixed at creation). */
  readonly mode: TabGroupMode
  /** Whether this tab leads the group now. */
  readonly isLeader: boolean
  /** The leading tab's id as this tab knows it (its own when leading), `null` during a handover. */
  readonly leaderId: string | null
  /** Whether {@link TabGroup.close} was called. */
  readonly closed: boolean
  /** Calls `listener` whenever this tab's view of the leader changes; returns the remover. */
  onLeaderChange: (listener: (isLeader: boolean, leaderId: string | null) => void) => () => void
  /**
   * Sends `message` to every other tab of the group (not to this one, as `BroadcastChannel`).
   * Throws a `PARSE` `LifelineError` when it cannot be cloned.
   */
  post: (message: Message) => void
  /** Calls `listener` with every message another tab posts; returns the remover. */
  onMessage: (listener: (message: Message, from: string) => void) => () => void
  /**
   * Sends `payload` to the leader's handler and resolves with its answer; the answer goes to this
   * tab only. Without a leader, the request waits and goes to the next one. Delivered at most once:
   * a request the leader acknowledged is never sent again; if that leader goes away before answering,
   * it rejects with `NETWORK` (it may have run). In the leader tab the handler runs locally.
   */
  request: (payload: Request, options?: TabRequestOptions) => Promise<Reply>
  /** Sets the function that answers requests while this tab leads; returns the remover. */
  handle: (handler: (payload: Request, from: string) => Reply | Promise<Reply>) => () => void
  /** Leaves the group: a leader hands over at once; pending requests reject with `NETWORK`. Idempotent. */
  close: () => void
}
