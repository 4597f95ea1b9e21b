import type { ShallowRef } from 'vue'
import { tryOnScopeDispose } from '@vueuse/core'
import { getCurrentInstance, onMounted, shallowRef } from 'vue'

/** What the bridge needs of a core transport. */
export interface SnapshotSource<TSnapshot> {
  getSnapshot: () => TSnapshot
  subscribe: (listener: (snapshot: TSnapshot) => void) => () => void
}

/** One readonly `shallowRef` per picked snapshot field. */
export type SnapshotRefs<TSnapshot, TKey extends keyof TSnapshot> = {
  readonly [P in TKey]: Readonly<ShallowRef<TSnapshot[P]>>
}

/**
 * The one bridge from a core transport to Vue: one `shallowRef` per picked field of the snapshot,
 * updated only when that field changes (so a new message does not re-render a status badge), and
 * unsubscribed when the scope is disposed. `source` may be swapped later with `setSource` (a reactive
 * key that moves to another shared transport).
 */
export function useSnapshotRefs<TSnapshot extends object, TKey extends keyof TSnapshot>(
  source: SnapshotSource<TSnapshot>,
  keys: readonly TKey[],
): { refs: SnapshotRefs<TSnapshot, TKey>, setSource: (next: SnapshotSource<TSnapshot>) => void, stop: () => void } {
  const writable = {} as { [P in TKey]: ShallowRef<TSnapshot[P]> }
  const initial = source.getSnapshot()
  for (const key of keys)
    writable[key] = shallowRef(initial[key])
  // Typed readonly, as VueUse does: no `readonly()` proxy, which would wrap payloads deeply.
  const refs: SnapshotRefs<TSnapshot, TKey> = writable
  const apply = (snapshot: TSnapshot): void => {
    for (const key of keys) {
      if (!Object.is(writable[key].value, snapshot[key]))
        writable[key].value = snapshot[key]
    }
  }
  let unsubscribe = source.subscribe(apply)
  const stop = (): void => {
    unsubscribe()
    unsubscribe = () => {}
  }
  const setSource = (next: SnapshotSource<TSnapshot>): void => {
    unsubscribe()
    unsubscribe = next.subscribe(apply)
    apply(next.getSnapshot())
  }
  tryOnScopeDispose(stop)
  return { refs, setSource, stop }
}

/**
 * Runs `start` when the connection may begin: on mount inside a component (mount never runs during
 * server rendering, so SSR stays a no-op), at once elsewhere (an effect scope, a store, Node).
 */
export function whenMounted(start: () => void): void {
  if (getCurrentInstance())
    onMounted(start)
  else
    start()
}

// VueUse's helper, as issue 3 asks (use VueUse where it fits). Standalone it pulls in @vueuse/shared's
// module-level code (≈ 0.35 kB min+gzip); in an app that already bundles VueUse (every Element Plus app
// does) it costs nothing.
export { tryOnScopeDispose }
