import type { Hostable, SharedAcrossTabs, ShareAcrossTabsOptions } from './hostTypes'
import { LifelineError } from '../errors'
import { Registry } from '../registry'
import { TabHost } from './host'

/** Holders of shared keys in this page (one tab); `@__PURE__` lets bundles that never share drop it. */
const shares = /* @__PURE__ */ new Registry({ gcTime: 1000 })

/**
 * Shares one transport among all tabs of the origin that ask for the same `key`: one leader tab
 * holds the real transport (made by `create`), the others mirror its snapshot and events and relay
 * method calls to it. Leadership moves without loss when the leader tab closes, crashes or freezes:
 * the new leader calls `create` with the last `resumeState()` the group saw. Each call is one
 * holder; a tab takes part while it has holders, and the connection closes when the last tab leaves.
 *
 * @example
 * const feed = shareAcrossTabs('sse:/feed', {
 *   initial: { status: 'connecting', data: null, lastEventId: '', eventSource: null },
 *   create: resume => new EventSourceTransport({ url: '/feed', lastEventId: resume as string }),
 *   serialize: snapshot => ({ ...snapshot, eventSource: null }),
 * })
 * feed.subscribe(snapshot => render(snapshot.data))
 * feed.release()
 */
export function shareAcrossTabs<S extends object, T extends Hostable<S> = Hostable<S>>(key: string, options: ShareAcrossTabsOptions<S, T>): SharedAcrossTabs<S, T> {
  const registry = options.registry ?? shares
  const host = registry.acquire(key, () => new TabHost<S, T>(key, options), h => h.dispose())
  const offs = new Set<() => void>()
  let released = false
  // this holder's listeners go with it, so a released holder hears nothing more
  const own = (off: () => void): (() => void) => {
    if (released) {
      off()
      return () => {}
    }
    const remove = (): void => {
      offs.delete(remove)
      off()
    }
    offs.add(remove)
    return remove
  }
  return {
    getSnapshot: () => host.getSnapshot(),
    subscribe: listener => own(host.subscribe(listener)),
    listen: listener => own(host.listen(listener)),
    onLeaderChange: listener => own(host.onLeaderChange(listener)),
    call: (method, args = []) => released
      ? Promise.reject(new LifelineError('NETWORK', `this holder of "${key}" was released`))
      : host.call(method, args),
    get isLeader() {
      return host.isLeader
    },
    get transport() {
      return host.transport
    },
    release(now) {
      if (released)
        return
      released = true
      offs.forEach(off => off())
      registry.release(key, now)
    },
  }
}
