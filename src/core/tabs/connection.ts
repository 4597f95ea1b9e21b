import type { Connection, ConnectionHooks, ConnectionSnapshot } from '../lifecycle'
import type { Hostable, SharedAcrossTabs } from './hostTypes'
import { safe } from '../lifecycle'
import { deferCalls } from './deferred'
import { shareAcrossTabs } from './share'

/** Snapshot fields that are platform objects of the leader tab: the others see `null`. */
const LOCAL = ['ws', 'eventSource']
const LIVE = ['connecting', 'open', 'reconnecting', 'paused']

/** What a callback argument becomes in other tabs: events and sockets cannot be cloned. */
function portable(value: unknown): unknown {
  if (typeof Event !== 'undefined' && value instanceof Event) {
    // a CloseEvent's facts cross; a MessageEvent's data is the message already given beside it
    const { code, reason, wasClean } = value as CloseEvent
    return code === undefined ? undefined : { type: value.type, code, reason, wasClean }
  }
  return typeof value === 'object' && value !== null && 'send' in value && 'readyState' in value ? undefined : value
}

/**
 * A connection shared by every tab of the origin that asks for `key`, shaped like the connection
 * itself so that the composables' bridge cannot tell it apart: one leader tab holds the real transport
 * (made by `create`, from the group's last resume state and the last snapshot this tab saw), every tab
 * sees its snapshot and callbacks, and methods run in the leader tab (relayed, answered to the caller
 * only). `close()` detaches this caller; the connection closes when the last tab leaves.
 */
export function shareConnection<S extends ConnectionSnapshot, C extends Connection<S, any>>(
  key: string,
  create: (resume: unknown, last: S | undefined) => C,
  initial: S,
): C {
  const hooks = new Set<ConnectionHooks>()
  const routes = new Map<string, Set<(...args: any[]) => void>>()
  const listeners = new Set<(snapshot: S, previous: S) => void>()
  let share: SharedAcrossTabs<S, Hostable<S>> | null = null
  let detached: S = { ...initial, status: 'idle' }
  // calls made while this caller is detached (before its first open, after close) wait for the next attach
  const later = deferCalls()
  const view = (): S => share?.getSnapshot() ?? detached
  const notify = (snapshot: S, previous: S): void => listeners.forEach(listener => listener(snapshot, previous))

  const attach = (): void => {
    const before = view()
    share = shareAcrossTabs<S, Hostable<S>>(key, {
      initial: { ...before, status: 'connecting' },
      create: (resume, last) => {
        const transport = create(resume, last)
        // a successor of a live connection goes on at once; the first leader is started by its callers
        if (last && LIVE.includes(last.status))
          transport.open()
        // (a Proxy, not a copy: the transport's methods need their own `this`)
        return new Proxy(transport, {
          get: (target, name) => name === 'listen'
            ? (listener: (name: string, args: unknown[]) => void) => target.tap(listener)
            : typeof target[name as keyof C] === 'function' ? (target[name as keyof C] as (...a: unknown[]) => unknown).bind(target) : target[name as keyof C],
        }) as unknown as Hostable<S>
      },
      serialize: (snapshot) => {
        const out = { ...snapshot }
        for (const field of LOCAL) {
          if (field in out)
            (out as Record<string, unknown>)[field] = null
        }
        return out
      },
      serializeEvent: (_name, args) => args.map(portable),
    })
    share.subscribe(notify)
    share.listen((name, args) => {
      if (name.startsWith('on:'))
        routes.get(name.slice(3))?.forEach(handler => safe(handler, args))
      else
        hooks.forEach(set => safe(set[name as keyof ConnectionHooks], args))
    })
    notify(view(), before)
    later.replay(proxy)
  }
  // `now`: an explicit close() leaves at once; disposal waits the grace time a remount needs
  const detach = (now?: boolean): void => {
    if (!share)
      return
    const before = view()
    detached = { ...before, status: 'closed', retryIn: null }
    share.release(now)
    share = null
    notify(detached, before)
  }
  /** `method(...args)` on the transport: here in the leader tab, else relayed to it; kept while detached. */
  const run = (method: string, args: unknown[]): unknown => {
    if (!share)
      return later.call(method, args)
    const transport = share.transport as Record<string, (...a: unknown[]) => unknown> | null
    if (transport)
      return transport[method]!(...args)
    const answer = share.call(method, args)
    if (method === 'request')
      return answer
    // (a relayed call's failure reaches every tab as the transport's own error; nothing more to say here)
    answer.catch(() => {})
    return method === 'send' || undefined
  }

  const self = {
    getSnapshot: view,
    subscribe: (listener: (snapshot: S, previous: S) => void) => {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    listen: (set: ConnectionHooks) => {
      hooks.add(set)
      return () => hooks.delete(set)
    },
    on: (name: string, handler: (...args: any[]) => void) => {
      const set = routes.get(name) ?? new Set()
      routes.set(name, set.add(handler))
      return () => set.delete(handler)
    },
    open: () => share ? run('open', []) : attach(),
    start: () => share ? run('start', []) : attach(),
    reconnect: () => share ? run('reconnect', []) : attach(),
    close: () => detach(true),
    stop: () => detach(true),
    dispose: () => {
      detach()
      hooks.clear()
      routes.clear()
      listeners.clear()
    },
  }
  // every other method (send, request, refresh, pause, resume, setOptions…) runs in the leader tab
  const proxy = new Proxy(self, {
    get: (target, name) => name in target ? target[name as keyof typeof target] : typeof name === 'string' ? (...args: unknown[]) => run(name, args) : undefined,
  }) as unknown as C
  return proxy
}
