import type { Scheduler, Timer } from '../scheduler'
import { LifelineError } from '../errors'
import { createTimer } from '../scheduler'
import { checkDelay } from '../validate'
import { clampDelay, cloneError } from './wire'

interface Pending {
  payload: unknown
  resolve: (value: any) => void
  reject: (error: LifelineError) => void
  /** The leader it was sent to (kept while the leader is unknown: if it comes back, it answers). */
  to: string | null
  /** The leader confirmed receipt: from now on it is never sent again. */
  acked: boolean
  timer: Timer
}

/** How the table reaches the leader. */
export interface RequestRoutes {
  /** This tab's id. */
  self: string
  /** Posts a request to another tab (throws when the payload cannot be cloned). */
  send: (to: string, rid: string, payload: unknown) => void
  /** Runs a request in this tab, which leads. */
  local: (payload: unknown) => Promise<unknown>
}

/**
 * This tab's requests to the leader: numbered per tab (the id includes the tab's), acknowledged on
 * receipt, answered to the asking tab only. Unacknowledged ones follow the leader; acknowledged ones
 * never go out again (at most once).
 */
export class RequestTable {
  readonly #pending = new Map<string, Pending>()
  readonly #routes: RequestRoutes
  readonly #scheduler: Scheduler
  #seq = 0
  #leader: string | null = null

  constructor(routes: RequestRoutes, scheduler: Scheduler) {
    this.#routes = routes
    this.#scheduler = scheduler
  }

  /** Queues `payload` for the leader; rejects with `REQUEST_TIMEOUT` after `timeout` ms (0 = never). */
  request(payload: unknown, timeout = 0): Promise<any> {
    return new Promise((resolve, reject) => {
      checkDelay('timeout', timeout, true)
      const rid = `${this.#routes.self}#${++this.#seq}`
      const entry: Pending = { payload, resolve, reject, to: null, acked: false, timer: createTimer(this.#scheduler) }
      if (timeout > 0 && timeout !== Infinity)
        entry.timer.start(clampDelay(timeout), () => this.#finish(rid, new LifelineError('REQUEST_TIMEOUT', `no answer from the leader tab within ${timeout} ms`)))
      this.#pending.set(rid, entry)
      this.#route(rid, entry)
    })
  }

  /** The leader changed (`null`: none known now). */
  setLeader(leader: string | null): void {
    this.#leader = leader
    for (const [rid, entry] of [...this.#pending])
      this.#route(rid, entry)
  }

  /** The leader `from` received request `rid`. */
  ack(rid: string, from: string): void {
    const entry = this.#pending.get(rid)
    if (entry?.to === from)
      entry.acked = true
  }

  /** The leader `from` answered request `rid`. */
  settle(rid: string, from: string, error: LifelineError | null, value?: unknown): void {
    if (this.#pending.get(rid)?.to === from)
      this.#finish(rid, error, value)
  }

  /** Rejects every pending request (the tab left the group). */
  rejectAll(error: LifelineError): void {
    for (const rid of [...this.#pending.keys()])
      this.#finish(rid, error)
  }

  #route(rid: string, entry: Pending): void {
    const leader = this.#leader
    // already there, or running in this tab (it settles itself, whoever leads next)
    if (entry.to === leader || (entry.acked && entry.to === this.#routes.self))
      return
    if (entry.acked) {
      // the leader that took it is gone: it may have run, so it is not sent again
      this.#finish(rid, new LifelineError('NETWORK', 'the leader tab went away before answering; the request may have run'))
      return
    }
    if (leader === null)
      return
    entry.to = leader
    if (leader === this.#routes.self) {
      entry.acked = true
      this.#routes.local(entry.payload).then(value => this.#finish(rid, null, value), (error: LifelineError) => this.#finish(rid, error))
      return
    }
    try {
      this.#routes.send(leader, rid, entry.payload)
    }
    catch (error) {
      this.#finish(rid, cloneError('the request', error))
    }
  }

  #finish(rid: string, error: LifelineError | null, value?: unknown): void {
    const entry = this.#pending.get(rid)
    if (!entry)
      return
    this.#pending.delete(rid)
    entry.timer.cancel()
    if (error)
      entry.reject(error)
    else
      entry.resolve(value)
  }
}
