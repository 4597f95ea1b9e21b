import type { ShallowRef } from 'vue'
import type { Connection, ConnectionHooks, ConnectionSnapshot } from '../../core'
import { getCurrentInstance, getCurrentScope, inject, onMounted, onScopeDispose, shallowRef, ssrContextKey, watch } from 'vue'
import { registry } from '../../core'
import { safe } from '../../core/lifecycle'
import type { MessageStream } from './messages'
import { deferCalls } from '../../core/tabs/deferred'
import { hooksOf } from './hooks'

/** What a connection that waits for the tabs code answers itself; its methods wait (`deferCalls`). */
const STUB = new Set(['getSnapshot', 'subscribe', 'listen', 'on', 'tap', 'dispose'])

// (one function for every write: the receive path must not allocate a closure per changed field)
const assign = (ref: ShallowRef<unknown>, value: unknown): unknown => ref.value = value

/** One readonly `shallowRef` per snapshot field. */
export type SnapshotRefs<S> = { readonly [K in keyof S]: Readonly<ShallowRef<S[K]>> }

/** How a composable maps its target and options onto connections. */
export interface BridgeOptions<C, X, S = any> {
  /** Reads the target (a URL, a fetcher); a reactive source is watched. */
  target: () => X
  /**
   * A new connection for a target. `invalid`: the caller's callbacks that are not functions, for the
   * connection's options, whose check fails with `INVALID_OPTION` naming them.
   */
  create: (target: X, invalid: Partial<ConnectionHooks> | null, resume?: unknown, last?: S) => C
  /**
   * The sharing key of a target (`shared: true | 'tab'`), or `null` for a connection of this caller's
   * own (always, for a caller with invalid callbacks, and during server rendering).
   */
  key: (target: X) => string | null
  /**
   * The target changed. `moved`: this caller now uses another (shared) connection, already bound; else
   * it is still this caller's own connection, which should take the new target.
   */
  changed: (connection: C, target: X, moved: boolean) => void
  /**
   * This caller's callbacks, in sets called in order (each caller of a shared connection has its own).
   * Members that are not functions are reported as invalid options (see `create`).
   */
  hooks: ConnectionHooks[]
  /** Starts the connection (at mount in a component, at once elsewhere); `undefined` = not now. */
  start?: (connection: C) => void
  /** Read the target only once `track()` is called (`immediate: false` with a token provider). */
  lazy?: boolean
  /**
   * `shared: 'browser'`: whether the keyed connection of a target is shared by every tab of the origin
   * (one leader tab holds it); `create` then gets the group's last `resume` state and the last snapshot
   * this tab saw. Otherwise a key shares within the page.
   */
  browser?: (target: X) => boolean
}

/** What the bridge gives a composable. */
export interface Bridge<C, S> {
  /** The snapshot as readonly shallow refs, each updated only when its field changes. */
  refs: SnapshotRefs<S>
  /** The connection this caller uses now (it changes when a shared target moves). */
  get: () => C
  /** Starts watching a lazy target, once; returns whether this call did. */
  track: () => boolean
  /** `connection.on(name, handler)`, kept across moves and removed with the scope. */
  on: (name: string, handler: (...args: any[]) => void) => () => void
  /** Every message delivered to this caller's `onMessage` (its first argument), for {@link MESSAGES}. */
  messages: MessageStream<any>
}

/**
 * The one Vue bridge of the composables (DESIGN §1): snapshot refs, sharing through the registry with
 * key moves, this caller's callbacks and handlers re-bound on every move, disposal with the scope, and
 * a no-op during server rendering. A composable is its options mapping and its return object.
 */
export function useConnection<C extends Connection<S, any>, S extends ConnectionSnapshot, X>(o: BridgeOptions<C, X, S>): Bridge<C, S> {
  // Server rendering: never registered, never started (a component scope is never disposed on the
  // server, so a registry holder taken there would leak on every render). A private connection keeps
  // the return shape; it is collected with the component.
  const instance = getCurrentInstance()
  const ssr = !!instance && inject(ssrContextKey, null) !== null
  const [hooks, invalid] = hooksOf(o.hooks)
  const keyOf = (target: X): string | null => ssr || invalid ? null : o.key(target)
  const routes = new Set<[string, (...args: any[]) => void, () => void]>()
  // the message stream (`useLiveFeed` and the like): one more set of callbacks on whichever connection is current
  const feeds = new Set<(message: unknown) => void>()
  // (nothing allocated per message while no view listens: the receive path is hot)
  hooks.push({ onMessage: message => feeds.size && feeds.forEach(handler => safe(handler, [message])) })
  let key: string | null = null
  // shared across tabs (the connection counts its holders itself)
  let shared = false
  let connection!: C
  let offs: (() => void)[] = []
  const refs = {} as { [K in keyof S]: ShallowRef<S[K]> }
  let latest: S | undefined
  const apply = (snapshot: S): void => {
    latest = snapshot
    for (const name in snapshot) {
      // a watcher (`flush: 'sync'`) made a newer change while the fields were written: it wrote that one
      if (latest !== snapshot)
        return
      const ref = refs[name] ??= shallowRef(snapshot[name])
      // (a throwing sync watcher runs inside this write: under the callback policy, like any callback)
      if (!Object.is(ref.value, snapshot[name]))
        safe(assign, [ref, snapshot[name]])
    }
  }
  /** This caller lets go of its connection: at once when it moves (`now`), else after the grace time. */
  const unbind = (now?: boolean): void => {
    offs.forEach(off => off())
    offs = []
    routes.forEach(route => route[2]())
    // (a connection shared across tabs counts its holders itself, with its own grace time)
    if (key && !shared) {
      registry.release(key, now)
    }
    else {
      // (a move lets go of a connection shared across tabs at once, like a close)
      if (now)
        connection.close()
      connection.dispose()
    }
  }
  /** Listens to `next` as this caller's connection. */
  const attach = (next: C): void => {
    connection = next
    offs = [next.subscribe(apply), ...hooks.map(set => next.listen(set))]
    routes.forEach(route => route[2] = next.on(route[0], route[1]))
    apply(next.getSnapshot())
  }
  const bind = (next: X): void => {
    key = keyOf(next)
    shared = !!key && !!o.browser?.(next)
    if (shared) {
      // One connection for every tab of the origin. The tabs code is loaded only when asked for, so that
      // apps that never share across tabs do not carry it: meanwhile a connection that is never started
      // gives the snapshot (and checks the options), and method calls wait to be made on the real one.
      const local = o.create(next, null)
      const later = deferCalls()
      const stub: C = new Proxy(local, {
        get: (target, name) => {
          const value = target[name as keyof C]
          return typeof value !== 'function' ? value : STUB.has(name as string) ? value.bind(target) : (...args: unknown[]) => later.call(name as string, args)
        },
      })
      attach(stub)
      const group = key!
      import('../../core/tabs/connection').then(({ shareConnection }) => {
        // (moved, or disposed, while the code loaded)
        if (connection !== stub)
          return
        unbind()
        attach(shareConnection<S, C>(group, (resume, last) => o.create(next, null, resume, last), local.getSnapshot()))
        later.replay(connection)
      })
    }
    else {
      attach(key ? registry.acquire(key, () => o.create(next, null), c => c.dispose()) : o.create(next, invalid))
    }
    const snapshot = connection.getSnapshot()
    // an invalid option failed the connection before this caller listened
    if (snapshot.status === 'failed' && snapshot.error?.code === 'INVALID_OPTION')
      hooks.forEach(set => safe(set.onError, [snapshot.error]))
  }
  const scope = getCurrentScope()
  let watching = false
  const track = (): boolean => {
    if (watching || ssr)
      return false
    watching = true
    // (immediate: the target is read once, by the watch, which matters for a token provider)
    const run = (): unknown => watch(o.target, (next) => {
      if (!connection)
        return bind(next)
      const moved = keyOf(next) !== key
      if (moved) {
        unbind(true)
        bind(next)
      }
      o.changed(connection, next, moved)
    }, { immediate: true })
    if (scope)
      scope.run(run)
    else
      run()
    return true
  }
  if (ssr || o.lazy)
    bind(undefined as X)
  else
    track()

  if (scope) {
    onScopeDispose(() => {
      const last = connection.getSnapshot()
      unbind()
      // DESIGN §1: after disposal this caller reads `closed` (a shared connection may live on for others)
      apply({ ...last, status: 'closed', retryIn: null })
    })
  }
  if (o.start) {
    const start = (): void => o.start!(connection)
    if (instance)
      onMounted(start)
    else
      start()
  }

  return {
    refs,
    get: () => connection,
    track,
    on: (name, handler) => {
      const route: [string, (...args: any[]) => void, () => void] = [name, handler, connection.on(name, handler)]
      routes.add(route)
      return () => {
        routes.delete(route)
        route[2]()
      }
    },
    messages: (handler) => {
      feeds.add(handler)
      return () => feeds.delete(handler)
    },
  }
}
