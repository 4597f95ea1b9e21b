import type { LeaderLock } from './lock'
import type { TabChannel, TabChannelConstructor, TabGroup, TabGroupMode, TabGroupOptions, TabLockManager } from './types'
import { warn } from '../dev'
import { defaultEnvironment } from '../environment'
import { LifelineError, toLifelineError } from '../errors'
import { createTimer, defaultScheduler } from '../scheduler'
import { checkNumberAtLeast } from '../validate'
import { createLeaderLock } from './lock'
import { RequestTable } from './requests'
import { addTo, clampDelay, cloneError, emitAll, fromWire, report, toWire } from './wire'

/** Defaults of {@link TabGroupOptions}. */
export const TAB_GROUP_DEFAULTS = {
  heartbeatInterval: 500,
  heartbeatTimeout: 1000,
} as const

// Marks our packets on the channel (a page may post anything to a channel of the same name).
const TAG = 'vue-lifeline/tabs@1'

type Packet
  = | { t: 'hb' | 'bye' | 'claim', term: number, stale?: true }
    | { t: 'probe' }
    | { t: 'msg', data: unknown }
    | { t: 'req', to: string, rid: string, data: unknown }
    | { t: 'ack', to: string, rid: string }
    | { t: 'res', to: string, rid: string, ok: boolean, data: unknown }
type Received = Packet & { g: typeof TAG, f: string }

let warnedAlone = false

/** What `shareAcrossTabs` needs beyond the public group: a leader back from a freeze must hold its transport's output too. */
export interface GroupInternals {
  /** Counts as activity; `true` while a leader back from a freeze or a hang checks it still leads. */
  stale: () => boolean
  /** Calls `listener` when that check ends with this tab still leading (if not, the leader change says so). */
  onVerified: (listener: () => void) => () => void
}

/** The internals of every group, by group (not on the public object). */
export const internals = new WeakMap<TabGroup<any, any, any>, GroupInternals>()

const randomId = (): string => globalThis.crypto?.randomUUID?.() ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`

/** Whether leader `(t1, id1)` outranks `(t2, id2)`: the later term, then the greater id, wins. */
const outranks = (t1: number, id1: string, t2: number, id2: string): boolean => t1 > t2 || (t1 === t2 && id1 > id2)

/**
 * Joins the group of tabs of this origin that use `name` and elects one leader among them.
 *
 * With Web Locks, the holder of one exclusive lock leads: the browser hands it to the next tab in line
 * when the leader closes or crashes. A frozen or hung leader keeps its lock, so the leader also
 * sends a heartbeat; a follower that hears nothing for `heartbeatTimeout` probes it and, unanswered,
 * steals the lock. Without Web Locks, tabs claim leadership over `BroadcastChannel` and the later
 * term (then the greater id) wins, which also ends a split brain once the tabs hear each other again.
 * Without `BroadcastChannel` (SSR, old runtimes) the tab leads alone.
 *
 * @example
 * const group = createTabGroup<{ type: 'logout' }>('session')
 * group.onLeaderChange(isLeader => isLeader && startPolling())
 * group.onMessage(message => message.type === 'logout' && showDialog())
 */
export function createTabGroup<Message = unknown, Request = unknown, Reply = unknown>(name: string, options: TabGroupOptions = {}): TabGroup<Message, Request, Reply> {
  const scheduler = options.scheduler ?? defaultScheduler
  const interval = checkNumberAtLeast('heartbeatInterval', options.heartbeatInterval ?? TAB_GROUP_DEFAULTS.heartbeatInterval, 1)
  const timeout = checkNumberAtLeast('heartbeatTimeout', options.heartbeatTimeout ?? TAB_GROUP_DEFAULTS.heartbeatTimeout, interval)
  // how long an answer to a probe or a claim may take (BroadcastChannel takes about 1 ms)
  const grace = interval / 2
  // how long a new lock holder waits for the old leader's last messages when it did not say goodbye
  const settle = interval / 5
  const id = options.id ?? randomId()
  const Channel = options.BroadcastChannel === undefined ? globalThis.BroadcastChannel as unknown as TabChannelConstructor | undefined : options.BroadcastChannel
  const locks: TabLockManager | null | undefined = options.locks === undefined ? (globalThis.navigator as Navigator | undefined)?.locks : options.locks
  const channelName = `vue-lifeline:tabs:${name}`

  let mode: TabGroupMode = !Channel ? 'alone' : locks && typeof AbortController === 'function' ? 'locks' : 'heartbeat'
  let channel: TabChannel | null = null
  let role: 'follower' | 'candidate' | 'leader' = 'follower'
  let leader: { id: string, term: number } | null = null
  // the highest term seen in the group; a new leader takes the next one
  let term = 0
  let claim = 0
  let joined = false
  let closed = false
  let lastActive = scheduler.now()
  // when the leader's heartbeat timer last ran: a leader whose timers stopped says it is stale
  let lastBeat = lastActive
  let watchDue = 0
  // whether this tab's own timers ran on time when it last probed the leader
  let healthy = true
  // after a freeze or a hang, a leader holds requests back until it knows it still leads
  let verifying = false
  let verifyUntil = 0
  const held: Received[] = []
  let handler: ((payload: Request, from: string) => Reply | Promise<Reply>) | undefined
  const leaderListeners = new Set<(isLeader: boolean, leaderId: string | null) => void>()
  const messageListeners = new Set<(message: Message, from: string) => void>()
  const verifiedListeners = new Set<() => void>()
  const beat = createTimer(scheduler)
  const watch = createTimer(scheduler)
  const phase = createTimer(scheduler)
  const verify = createTimer(scheduler)
  const after = (timer: typeof beat, ms: number, fn: () => void): void => timer.start(clampDelay(ms), fn)

  const send = (packet: Packet): void => {
    channel?.postMessage({ ...packet, g: TAG, f: id })
  }

  const requests = new RequestTable({
    self: id,
    send: (to, rid, data) => send({ t: 'req', to, rid, data }),
    local: payload => Promise.resolve().then(() => callHandler(payload, id)).catch(wrapFailure),
  }, scheduler)

  const setLeader = (next: { id: string, term: number } | null): void => {
    const before = leader?.id ?? null
    leader = next
    if (before === (next?.id ?? null))
      return
    emitAll(leaderListeners, role === 'leader', leader?.id ?? null)
    requests.setLeader(leader?.id ?? null)
  }

  const follow = (from: string, t: number): void => {
    role = 'follower'
    phase.cancel()
    setLeader({ id: from, term: t })
    watchLeader()
  }

  const watchLeader = (): void => {
    watchDue = scheduler.now() + timeout
    after(watch, timeout, suspect)
  }

  // No word from the leader for `heartbeatTimeout`: ask it; a live one (even a throttled hidden tab,
  // whose timers run late but whose messages do not) answers within `grace`.
  const suspect = (): void => {
    if (role !== 'follower')
      return
    // a tab whose own timers ran late is throttled itself: it would be no better a leader
    healthy = scheduler.now() - watchDue <= interval
    send({ t: 'probe' })
    // the random part keeps the followers from all stealing at the same moment
    after(phase, grace * (1 + Math.random()), lost)
  }

  const lost = (): void => {
    if (role !== 'follower')
      return
    setLeader(null)
    if (mode === 'locks')
      lock!.steal()
    else
      elect()
  }

  const elect = (): void => {
    role = 'candidate'
    claim = term + 1
    send({ t: 'claim', term: claim })
    after(phase, grace, () => promote(claim))
  }

  const promote = (t: number): void => {
    phase.cancel()
    watch.cancel()
    role = 'leader'
    term = Math.max(term, t)
    lastActive = lastBeat = scheduler.now()
    send({ t: 'hb', term })
    after(beat, interval, pulse)
    setLeader({ id, term })
  }

  const pulse = (): void => {
    touch()
    lastBeat = lastActive
    send({ t: 'hb', term })
    after(beat, interval, pulse)
  }

  const stepDown = (): void => {
    beat.cancel()
    verify.cancel()
    verifying = false
    // held requests were never acknowledged: their senders send them to whoever leads now
    held.length = 0
    role = 'follower'
    if (mode === 'locks' && lock) {
      lock.release()
      lock.queue()
    }
  }

  // A leader that did nothing for longer than the heartbeat timeout was frozen or hung: the other
  // tabs may have replaced it, and the news (their heartbeats, the stolen lock's rejection) is
  // queued behind the requests it is about to read. It holds requests back for `settle`: until the
  // timer says so, or the first activity after that (a throttled tab's timer may come much later).
  // It still beats and answers probes: if it was replaced, the others ignore its lower term.
  const verified = (): void => {
    verify.cancel()
    verifying = false
    if (role === 'leader') {
      held.splice(0).forEach(serve)
      emitAll(verifiedListeners)
    }
  }

  const touch = (): void => {
    const now = scheduler.now()
    if (verifying && now >= verifyUntil) {
      verified()
    }
    else if (role === 'leader' && !verifying && now - lastActive > timeout) {
      verifying = true
      verifyUntil = now + settle
      after(verify, settle, verified)
    }
    lastActive = now
  }

  // The leader answers a probe or a claim, and says whether its timers still run. A page may run
  // its network and message tasks while its timers are stopped or throttled to once a minute (a
  // background tab): it could relay events, but its transport's timers (poll interval, heartbeat,
  // retry) would be stopped for every tab. A follower whose own timers run on time then takes over;
  // one throttled as well does not (background tabs would otherwise take turns every minute).
  const assert = (): void => {
    if (role === 'leader')
      send(scheduler.now() - lastBeat > timeout ? { t: 'hb', term, stale: true } : { t: 'hb', term })
  }

  const onHeartbeat = (from: string, t: number, stale: boolean): void => {
    if (stale && healthy && role !== 'leader')
      return // no proof of life: let the probe or the claim run out
    if (role === 'leader') {
      if (outranks(t, from, term, id)) {
        stepDown()
        follow(from, t)
      }
      else {
        // the other one is behind (back from a freeze, or a split brain healing): this tells it
        assert()
      }
      return
    }
    if (role === 'candidate' && mode === 'locks')
      return // the lock is ours; it is settling, and our first heartbeat will tell the sender
    if (role === 'candidate' || !leader || leader.id === from || outranks(t, from, leader.term, leader.id))
      follow(from, t)
  }

  const callHandler = (payload: unknown, from: string): Reply | Promise<Reply> => {
    if (!handler)
      throw new LifelineError('INVALID_OPTION', `the leader tab of "${name}" has no request handler`)
    return handler(payload as Request, from)
  }

  const wrapFailure = (error: unknown): never => {
    throw toLifelineError(error, 'NETWORK', `the leader tab could not answer: ${error instanceof Error ? error.message : String(error)}`)
  }

  const serve = (p: Received): void => {
    if (p.t !== 'req')
      return
    const { f: to, rid } = p
    // acknowledged and started in one task: a freeze cannot fall between them
    send({ t: 'ack', to, rid })
    const answer = (ok: boolean, data: unknown): void => {
      if (!joined)
        return
      try {
        send({ t: 'res', to, rid, ok, data })
      }
      catch (error) {
        send({ t: 'res', to, rid, ok: false, data: toWire(cloneError('the answer', error)) })
      }
    }
    new Promise<Reply>(resolve => resolve(callHandler(p.data, to)))
      .catch(wrapFailure)
      .then(value => answer(true, value), (error: LifelineError) => answer(false, toWire(error)))
  }

  const receive = (data: unknown): void => {
    const p = data as Received | null
    if (!p || p.g !== TAG || p.f === id || !joined)
      return
    touch()
    if ('term' in p && p.term > term)
      term = p.term
    switch (p.t) {
      case 'hb':
        return onHeartbeat(p.f, p.term, p.stale === true)
      case 'claim':
        if (role === 'leader')
          assert()
        else if (role === 'candidate' && outranks(p.term, p.f, claim, id))
          follow(p.f, p.term)
        else if (role === 'follower' && !leader)
          after(phase, grace * 2, lost) // someone is taking over: wait for its heartbeat rather than compete
        return
      case 'probe':
        return assert()
        return
      case 'bye':
        if (leader?.id !== p.f)
          return
        setLeader(null)
        if (role === 'candidate' && mode === 'locks')
          return promote(term + 1) // we got the lock and were waiting for exactly this
        if (mode === 'heartbeat')
          return elect()
        // the lock goes to the next tab in line; if that one is frozen, the watch steals it
        return watchLeader()
      case 'msg':
        return emitAll(messageListeners, p.data as Message, p.f)
      case 'req':
        if (p.to !== id || role !== 'leader')
          return // a follower drops it unacknowledged: its sender sends it to the real leader
        return verifying ? void held.push(p) : serve(p)
      case 'ack':
        return p.to === id ? requests.ack(p.rid, p.f) : undefined
      case 'res':
        if (p.to === id) {
          const error = p.ok ? null : fromWire(p.data)
          requests.settle(p.rid, p.f, error === null || error instanceof LifelineError ? error : toLifelineError(error, 'NETWORK', 'the leader tab failed'), p.data)
        }
    }
  }

  const onGranted = (stolen: boolean): void => {
    if (!joined)
      return lock!.release()
    role = 'candidate'
    watch.cancel()
    // a leader that closed said goodbye after its last message; without one (a crash), wait a moment
    // for messages still on their way, so the new leader starts from the group's latest state
    if (!stolen && leader && leader.id !== id)
      after(phase, settle, () => promote(term + 1))
    else
      promote(term + 1)
  }

  const lock: LeaderLock | null = mode === 'locks'
    ? createLeaderLock(locks!, channelName, {
        granted: onGranted,
        lost: () => {
          if (role === 'leader' || role === 'candidate') {
            stepDown()
            setLeader(null)
            watchLeader()
          }
          else if (joined) {
            lock!.queue()
          }
        },
        failed: (error) => {
          if (process.env.NODE_ENV !== 'production')
            warn(`tab group "${name}": Web Locks refused (${String(error)}); electing by heartbeat instead.`)
          mode = 'heartbeat'
          if (joined)
            after(phase, grace, lost)
        },
      })
    : null

  const join = (): void => {
    if (joined || closed)
      return
    joined = true
    if (mode !== 'alone') {
      try {
        channel = new Channel!(channelName)
        channel.onmessage = event => receive(event.data)
        channel.onmessageerror = event => report(options.onError, new LifelineError('PARSE', `a message from another tab of "${name}" could not be read`, { cause: event }))
      }
      catch (error) {
        if (process.env.NODE_ENV !== 'production')
          warn(`tab group "${name}": BroadcastChannel failed (${String(error)}).`)
        mode = 'alone'
      }
    }
    if (mode === 'alone') {
      if (process.env.NODE_ENV !== 'production' && !warnedAlone) {
        warnedAlone = true
        warn('BroadcastChannel is not available: every tab keeps its own connections (tab groups lead alone).')
      }
      return promote(1)
    }
    lastActive = scheduler.now()
    send({ t: 'probe' })
    if (lock) {
      lock.queue()
      watchLeader()
    }
    else {
      after(phase, grace, lost)
    }
  }

  const leave = (): void => {
    if (!joined)
      return
    joined = false
    if (role === 'leader')
      send({ t: 'bye', term })
    for (const timer of [beat, watch, phase, verify])
      timer.cancel()
    lock?.release()
    verifying = false
    held.length = 0
    role = 'follower'
    requests.rejectAll(new LifelineError('NETWORK', `this tab left the tab group "${name}"`))
    if (channel) {
      channel.onmessage = null
      channel.onmessageerror = null
      channel.close()
      channel = null
    }
    setLeader(null)
  }

  const offLifecycle = (options.environment ?? defaultEnvironment).lifecycle.subscribe((event) => {
    if (event.type === 'hide')
      leave()
    else
      join()
  })

  join()

  const group: TabGroup<Message, Request, Reply> = {
    name,
    id,
    get mode() {
      return mode
    },
    get isLeader() {
      return role === 'leader'
    },
    get leaderId() {
      return leader?.id ?? null
    },
    get closed() {
      return closed
    },
    onLeaderChange: listener => addTo(leaderListeners, listener),
    onMessage: listener => addTo(messageListeners, listener),
    post(message) {
      if (!channel)
        return
      try {
        send({ t: 'msg', data: message })
      }
      catch (error) {
        throw cloneError('the message', error)
      }
    },
    request: (payload, { timeout = 0 } = {}) => closed
      ? Promise.reject(new LifelineError('NETWORK', `the tab group "${name}" is closed`))
      : requests.request(payload, timeout),
    handle(next) {
      handler = next
      return () => {
        if (handler === next)
          handler = undefined
      }
    },
    close() {
      if (closed)
        return
      closed = true
      offLifecycle()
      leave()
      leaderListeners.clear()
      messageListeners.clear()
      verifiedListeners.clear()
    },
  }
  internals.set(group, {
    stale: () => {
      touch()
      return verifying
    },
    onVerified: listener => addTo(verifiedListeners, listener),
  })
  return group
}
