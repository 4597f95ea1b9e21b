import type { ComputedRef } from 'vue'
import type { ConnectionStatus } from '../../core'
import type { ConnectionBadgeProps } from './props'
import { computed, onScopeDispose, shallowRef, watch } from 'vue'
import { useLocale } from '../_internal'
import { connectionBadgeEn, statusEn } from '../locale/lang/enParts'

/** Element Plus tag type per status (the colours every Element Plus app already reads this way). */
export const STATUS_TAG_TYPES = {
  idle: 'info',
  connecting: 'primary',
  open: 'success',
  reconnecting: 'warning',
  paused: 'info',
  closed: 'info',
  failed: 'danger',
} as const satisfies Record<ConnectionStatus, string>

/** How often the retry countdown is redrawn (it shows whole seconds). */
const COUNTDOWN_TICK_MS = 250

/** The badge's state: separate props first, then the connection's refs. */
export function useConnectionBadge(props: ConnectionBadgeProps, onRetry: () => void): {
  status: ComputedRef<ConnectionStatus>
  label: ComputedRef<string>
  ariaLabel: ComputedRef<string>
  retryText: ComputedRef<string>
  details: ComputedRef<string[]>
  canRetry: ComputedRef<boolean>
  retry: () => void
} {
  const { t } = useLocale({ status: statusEn, connectionBadge: connectionBadgeEn })
  // a prop that is set wins over the connection's ref (`null` included: "no error")
  const pick = <V>(key: 'error' | 'attempt' | 'retryIn' | 'latency'): ComputedRef<V | undefined> =>
    computed(() => (props[key] !== undefined ? props[key] : props.connection?.[key]?.value) as V | undefined)

  const status = computed<ConnectionStatus>(() => props.status ?? props.connection?.status.value ?? 'idle')
  const error = pick<Error & { code?: string } | string | null>('error')
  const attempt = pick<number>('attempt')
  const retryIn = pick<number | null>('retryIn')
  const latency = pick<number | null>('latency')

  // `retryIn` is the delay the retry was scheduled with; the countdown runs from the moment it was set
  const deadline = shallowRef<number | null>(null)
  const now = shallowRef(Date.now())
  let ticker: ReturnType<typeof setInterval> | undefined
  const stopTicking = (): void => {
    clearInterval(ticker)
    ticker = undefined
  }
  watch(retryIn, (ms) => {
    stopTicking()
    now.value = Date.now()
    deadline.value = typeof ms === 'number' ? now.value + ms : null
    if (deadline.value !== null)
      ticker = setInterval(() => (now.value = Date.now()), COUNTDOWN_TICK_MS)
  }, { immediate: true })
  onScopeDispose(stopTicking)

  const label = computed(() => t(`lifeline.status.${status.value}`))
  const details = computed(() => {
    const lines: string[] = []
    const e = error.value
    if (e)
      lines.push(`${t('lifeline.connectionBadge.error')}: ${typeof e === 'string' ? e : e.code ? `${e.code} ${e.message}` : e.message}`)
    if (attempt.value)
      lines.push(t('lifeline.connectionBadge.attempt', { attempt: attempt.value }))
    if (deadline.value !== null)
      lines.push(t('lifeline.connectionBadge.retryIn', { seconds: Math.max(0, Math.ceil((deadline.value - now.value) / 1000)) }))
    if (typeof latency.value === 'number')
      lines.push(t('lifeline.connectionBadge.latency', { ms: Math.round(latency.value) }))
    return lines
  })

  const canRetry = computed(() => !!props.retryable && (status.value === 'reconnecting' || status.value === 'failed'))
  const retry = (): void => {
    const c = props.connection
    // useWebSocketAuto reconnects, usePolling polls now (restarting a stopped loop), useEventSource opens anew
    if (c?.reconnect)
      c.reconnect()
    else if (c?.refresh)
      c.refresh()
    else
      c?.open?.()
    onRetry()
  }

  return {
    status,
    label,
    ariaLabel: computed(() => t('lifeline.connectionBadge.label', { status: label.value })),
    retryText: computed(() => t('lifeline.connectionBadge.retry')),
    details,
    canRetry,
    retry,
  }
}
