import type { Hostable, ShareAcrossTabsOptions } from './hostTypes'
import type { GroupInternals } from './group'
import type { TabGroup } from './types'
import { LifelineError, toLifelineError } from '../errors'
import { createTabGroup, internals } from './group'
import { addTo, emitAll, fromWire, mapFields, report, rethrow, toWire } from './wire'

/**
 * What the leader tells every follower. The resume state (`r`) travels with events only, in the
 * same packet: a successor may resume after an event only if the followers got that event. (The
 * snapshot of an SSE transport holds the new last event id just before the event goes out; were
 * the id sent with the snapshot, a tab that died in between would make its successor skip it.)
 */
type HostPacket
  = | { k: 'sync', s: object, r: unknown }
    | { k: 'patch', p: object }
    | { k: 'event', n: string, a: unknown[], r: unknown }
    | { k: 'resume', r: unknown }
    | { k: 'lost', m: string }

/** What a follower asks the leader. */
type HostRequest = { k: 'sync' } | { k: 'call', m: string, a: unknown[] }

const HOSTABLE = new Set(['getSnapshot', 'subscribe', 'listen', 'resumeState', 'dispose', 'constructor'])

/** The fields of `next` that differ from `previous`. */
function diff<S extends object>(previous: S | null, next: S): Partial<S> {
  const patch: Partial<S> = {}
  for (const key of Object.keys(next) as (keyof S)[]) {
    if (!previous || !Object.is(previous[key], next[key]))
      patch[key] = next[key]
  }
  return patch
}

/**
 * One tab's part in sharing one transport across the tabs of the origin: in the leader tab it makes
 * the real transport and relays its snapshots, events and resume state; in the others it mirrors
 * them and relays method calls to the leader. Switches between the two as leadership moves.
 */
export class TabHost<S extends object, T extends Hostable<S> = Hostable<S>> {
  readonly #o: ShareAcrossTabsOptions<S, T>
  readonly #group: TabGroup<HostPacket, HostRequest, unknown>
  #snapshot: S
  #transport: T | null = null
  #offs: (() => void)[] = []
  /** The last serialized snapshot the leader sent. */
  #sent: S | null = null
  #resume: unknown = undefined
  #leading = false
  #disposed = false
  readonly #internals: GroupInternals
  /** The transport's output while the group checks, after a freeze, that this tab still leads. */
  #later: (() => void)[] | null = null
  readonly #snapshotListeners = new Set<(snapshot: S, previous: S) => void>()
  readonly #eventListeners = new Set<(name: string, args: unknown[]) => void>()
  readonly #leaderListeners = new Set<(isLeader: boolean) => void>()

  constructor(key: string, options: ShareAcrossTabsOptions<S, T>) {
    this.#o = options
    this.#snapshot = options.initial
    const group = createTabGroup<HostPacket, HostRequest, unknown>(`share:${key}`, { ...options.tabs, onError: error => this.#report(error) })
    this.#group = group
    group.handle(request => this.#serve(request))
    group.onMessage((packet, from) => this.#receive(packet, from))
    group.onLeaderChange(isLeader => this.#role(isLeader))
    this.#internals = internals.get(group)!
    this.#internals.onVerified(() => {
      const later = this.#later
      this.#later = null
      later?.forEach(fn => fn())
    })
    // a tab alone leads from the start, before these listeners existed; any other asks for the state
    if (group.isLeader)
      this.#role(true)
    else
      this.#askSync()
  }

  /** Whether this tab holds the real transport. */
  get isLeader(): boolean {
    return this.#leading
  }

  /** The real transport in the leader tab, `null` in the others. */
  get transport(): T | null {
    return this.#transport
  }

  /** The transport's snapshot in the leader tab, the mirrored one in the others. */
  getSnapshot(): S {
    return this.#snapshot
  }

  /** Calls `listener` on every change, role changes included; returns the remover. */
  subscribe(listener: (snapshot: S, previous: S) => void): () => void {
    return addTo(this.#snapshotListeners, listener)
  }

  /** Calls `listener` with every event of the shared transport; returns the remover. */
  listen(listener: (name: string, args: unknown[]) => void): () => void {
    return addTo(this.#eventListeners, listener)
  }

  /** Calls `listener` when this tab starts or stops leading; returns the remover. */
  onLeaderChange(listener: (isLeader: boolean) => void): () => void {
    return addTo(this.#leaderListeners, listener)
  }

  /** Runs `transport[method](...args)` in the leader tab; the answer comes to this tab only. */
  call(method: string, args: unknown[]): Promise<unknown> {
    return this.#group.request({ k: 'call', m: method, a: args })
  }

  /** Leaves for good: a leader disposes its transport and hands over. */
  dispose(): void {
    if (this.#disposed)
      return
    this.#disposed = true
    this.#stopLeading()
    this.#group.close()
    this.#snapshotListeners.clear()
    this.#eventListeners.clear()
    this.#leaderListeners.clear()
  }

  #role(isLeader: boolean): void {
    if (this.#disposed || isLeader === this.#leading)
      return
    this.#leading = isLeader
    if (isLeader) {
      this.#lead()
    }
    else {
      const last = this.#stopLeading()
      if (last)
        this.#set(last)
      this.#askSync()
    }
    emitAll(this.#leaderListeners, isLeader)
  }

  #lead(): void {
    let transport: T
    try {
      transport = this.#o.create(this.#resume, this.#snapshot)
    }
    catch (error) {
      return this.#report(toLifelineError(error, 'INVALID_OPTION', 'create() failed in the leader tab'))
    }
    this.#transport = transport
    // the full state first, then the changes starting it causes
    this.#sent = this.#serialize(transport.getSnapshot())
    this.#resume = transport.resumeState?.()
    this.#post({ k: 'sync', s: mapFields(this.#sent, toWire), r: this.#resume })
    this.#offs = [
      transport.subscribe(snapshot => this.#changed(transport, snapshot)),
      transport.listen((name, args) => this.#event(transport, name, args)),
    ]
    this.#set(transport.getSnapshot())
  }

  /** Disposes the transport (unsubscribed first: followers must not see it close); returns the follower view of its last state. */
  #stopLeading(): S | null {
    const transport = this.#transport
    if (!transport)
      return null
    this.#transport = null
    this.#later = null
    this.#offs.forEach(off => off())
    this.#offs = []
    const last = this.#sent ?? this.#serialize(transport.getSnapshot())
    try {
      transport.dispose()
    }
    catch (error) {
      rethrow(error)
    }
    return last
  }

  // Output of a transport that was frozen with its tab is stale if another tab took over meanwhile:
  // it waits for the check, then goes out in order, or is dropped (the new leader's relays replace it).
  #deferred(fn: () => void): boolean {
    if (this.#later) {
      this.#later.push(fn)
      return true
    }
    if (this.#internals.stale()) {
      this.#later = [fn]
      return true
    }
    return false
  }

  #changed(transport: T, snapshot: S): void {
    if (transport !== this.#transport || this.#deferred(() => this.#changed(transport, snapshot)))
      return
    const out = this.#serialize(snapshot)
    const patch = diff(this.#sent, out)
    this.#sent = out
    if (Object.keys(patch).length > 0)
      this.#post({ k: 'patch', p: mapFields(patch, toWire) })
    this.#set(snapshot)
  }

  #event(transport: T, name: string, args: unknown[]): void {
    if (transport !== this.#transport || this.#deferred(() => this.#event(transport, name, args)))
      return
    this.#resume = transport.resumeState?.()
    const out = this.#o.serializeEvent ? this.#o.serializeEvent(name, args) : args
    // an event kept in this tab still moves the resume state on
    this.#post(out ? { k: 'event', n: name, a: out.map(toWire), r: this.#resume } : { k: 'resume', r: this.#resume })
    emitAll(this.#eventListeners, name, args)
  }

  #receive(packet: HostPacket, from: string): void {
    // only the leader this tab follows speaks (a leader back from a freeze may still talk for a moment)
    if (this.#leading || from !== this.#group.leaderId)
      return
    if (packet.k === 'lost')
      return this.#report(new LifelineError('PARSE', packet.m))
    if (packet.k === 'patch')
      return this.#set({ ...this.#snapshot, ...mapFields(packet.p, fromWire) })
    this.#resume = packet.r
    if (packet.k === 'sync')
      this.#set(mapFields(packet.s, fromWire) as S)
    else if (packet.k === 'event')
      emitAll(this.#eventListeners, packet.n, packet.a.map(fromWire))
  }

  #serve(request: HostRequest): unknown {
    const transport = this.#transport
    if (!transport)
      throw new LifelineError('NETWORK', 'the leader tab has no transport')
    if (request.k === 'sync')
      return { s: mapFields(this.#sent!, toWire), r: this.#resume }
    const { m, a } = request
    const method = (transport as unknown as Record<string, unknown>)[m]
    const allowed = this.#o.methods ? this.#o.methods.includes(m) : !HOSTABLE.has(m)
    if (!allowed || typeof method !== 'function')
      throw new LifelineError('INVALID_OPTION', `"${m}" is not a method other tabs may call`, { option: 'method' })
    return method.apply(transport, a)
  }

  #askSync(): void {
    this.#group.request({ k: 'sync' }).then((answer) => {
      const { s, r } = answer as { s: object, r: unknown }
      if (!this.#leading && !this.#disposed) {
        this.#resume = r
        this.#set(mapFields(s, fromWire) as S)
      }
    }, (error: LifelineError) => {
      // NETWORK: the leader went away first, and the next one sends its state to everyone anyway
      if (error.code !== 'NETWORK')
        this.#report(error)
    })
  }

  #serialize(snapshot: S): S {
    return this.#o.serialize ? this.#o.serialize(snapshot) : snapshot
  }

  #post(packet: HostPacket): void {
    try {
      this.#group.post(packet)
    }
    catch (error) {
      const reported = error as LifelineError
      this.#report(reported)
      this.#group.post({ k: 'lost', m: reported.message })
    }
  }

  #set(next: S): void {
    const previous = this.#snapshot
    if (next === previous)
      return
    this.#snapshot = Object.isFrozen(next) ? next : Object.freeze(next)
    emitAll(this.#snapshotListeners, this.#snapshot, previous)
  }

  #report(error: LifelineError): void {
    report(this.#o.onError, error)
  }
}
