import type { Ref } from 'vue'
import type { ConnectionStatus } from '../core'
import { isRef, watch } from 'vue'

/**
 * What {@link waitForStatus} can watch: a composable's return (anything with a `status` ref), the ref
 * itself, a getter, or a core transport (`getSnapshot()` + `subscribe()`).
 */
export type StatusSource
  = | { readonly status: Readonly<Ref<ConnectionStatus>> }
    | Readonly<Ref<ConnectionStatus>>
    | (() => ConnectionStatus)
    | { getSnapshot: () => { status: ConnectionStatus }, subscribe: (listener: (snapshot: { status: ConnectionStatus }) => void) => () => void }

/** Options of {@link waitForStatus}. */
export interface WaitForStatusOptions {
  /**
   * Real milliseconds to wait before rejecting (a test clock does not move it).
   * @default 5000
   */
  timeout?: number
}

/** Defaults of the status helpers. */
export const WAIT_DEFAULTS = {
  timeout: 5000,
} as const

type Reader = { read: () => ConnectionStatus, listen: (onChange: () => void) => () => void }

function readerOf(source: StatusSource): Reader {
  if (typeof source === 'function')
    return { read: source, listen: onChange => watch(source, onChange, { flush: 'sync' }) }
  if (isRef(source))
    return { read: () => source.value, listen: onChange => watch(source, onChange, { flush: 'sync' }) }
  if ('getSnapshot' in source)
    return { read: () => source.getSnapshot().status, listen: onChange => source.subscribe(onChange) }
  const status = source.status
  return { read: () => status.value, listen: onChange => watch(status, onChange, { flush: 'sync' }) }
}

/**
 * Resolves as soon as `source` reads `expected` (at once if it already does), with the status reached.
 * `expected` may be one status, a list (any of them) or a predicate. Rejects after `timeout` real ms with
 * every status seen meanwhile, so a failing test says what happened instead of only "timed out".
 * @example
 * const ws = useWebSocketAuto(url)
 * await waitForStatus(ws, 'open')
 * server.connections.at(-1)!.drop()
 * await waitForStatus(ws, 'reconnecting')
 */
export function waitForStatus(
  source: StatusSource,
  expected: ConnectionStatus | readonly ConnectionStatus[] | ((status: ConnectionStatus) => boolean),
  options: WaitForStatusOptions = {},
): Promise<ConnectionStatus> {
  const { timeout = WAIT_DEFAULTS.timeout } = options
  const matches = typeof expected === 'function'
    ? expected
    : (status: ConnectionStatus) => (typeof expected === 'string' ? [expected] : expected).includes(status)
  const reader = readerOf(source)
  const first = reader.read()
  if (matches(first))
    return Promise.resolve(first)
  const seen: ConnectionStatus[] = [first]
  return new Promise((resolve, reject) => {
    let stop = (): void => {}
    const timer = globalThis.setTimeout(() => {
      stop()
      const wanted = typeof expected === 'function' ? 'a status matching the predicate' : JSON.stringify(expected)
      reject(new Error(`waitForStatus: no ${wanted} within ${timeout} ms; the statuses seen were ${seen.join(' → ')}`))
    }, timeout)
    stop = reader.listen(() => {
      const status = reader.read()
      if (seen.at(-1) !== status)
        seen.push(status)
      if (!matches(status))
        return
      globalThis.clearTimeout(timer)
      stop()
      resolve(status)
    })
  })
}
