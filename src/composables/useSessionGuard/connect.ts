import type { MaybeRefOrGetter } from 'vue'
import type { LifelineError, Scheduler } from '../../core'
import type { SessionGuardConnection, SessionGuardTransport, SessionStatusMessage } from './types'
import { computed, isRef, toValue } from 'vue'
import { useEventSource } from '../useEventSource'
import { usePolling } from '../usePolling'
import { useWebSocketAuto } from '../useWebSocketAuto'

/** Defaults the guard gives each transport (the app's options override them). */
export const TRANSPORT_DEFAULTS = {
  /** 429 and 5xx are a server having trouble: retry with backoff ("cannot check"), never a logout. */
  sse: { retryOnStatus: true },
  /** 4401/4403: the server refusing the session; 1008 stays fatal as in `useWebSocketAuto`. */
  ws: { fatalCloseCodes: [1008, 4401, 4403] },
  /** A session can end while the tab is hidden; a status check every 10 s is plenty. */
  poll: { interval: 10_000, pauseWhenHidden: false },
} as const

/** Where a connection's news goes. */
export interface StatusSink {
  message: (data: unknown) => void
  error: (error: LifelineError) => void
}

/**
 * The status connection on the composable of `transport` (`immediate: false`: the guard opens it at
 * mount). Messages arrive parsed as JSON (the URL shorthand of `usePolling` always parses).
 */
export function connectStatus(
  transport: SessionGuardTransport,
  url: MaybeRefOrGetter<string | URL | undefined>,
  rest: Record<string, unknown>,
  common: { shared: false | 'tab' | 'browser', scheduler?: Scheduler },
  sink: StatusSink,
): SessionGuardConnection {
  const own = { ...common, immediate: false, onError: sink.error }
  if (transport === 'ws')
    return useWebSocketAuto<SessionStatusMessage>(url, { ...TRANSPORT_DEFAULTS.ws, ...rest, ...own, json: true, onMessage: sink.message })
  if (transport === 'poll') {
    // a bare function is a fetcher to `usePolling`: a getter of the URL goes in as a computed
    const target = typeof url === 'function' && !isRef(url) ? computed(() => toValue(url)) : url as string
    return usePolling<SessionStatusMessage>(target, { ...TRANSPORT_DEFAULTS.poll, ...rest, ...own, onOpen: sink.message, onMessage: sink.message })
  }
  return useEventSource<SessionStatusMessage>(url, { ...TRANSPORT_DEFAULTS.sse, ...rest, ...own, json: true, onMessage: message => sink.message(message.data) })
}
