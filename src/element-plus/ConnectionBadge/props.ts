import type { Ref } from 'vue'
import type { ConnectionStatus } from '../../core'

/**
 * What the badge reads of a connection: the common returns of `useEventSource`, `useWebSocketAuto` and
 * `usePolling` (any of them fits as is), or your own object of refs.
 */
export interface BadgeConnection {
  status: Readonly<Ref<ConnectionStatus>>
  error?: Readonly<Ref<Error | null | undefined>>
  attempt?: Readonly<Ref<number>>
  retryIn?: Readonly<Ref<number | null>>
  latency?: Readonly<Ref<number | null>>
  /** `useWebSocketAuto`: what "Retry now" calls first. */
  reconnect?: () => void
  /** `usePolling`: called when there is no `reconnect`. */
  refresh?: () => void
  /** `useEventSource`: called when there is neither. */
  open?: () => void
}

/** How the badge looks: an Element Plus tag, a coloured dot only, or a dot and plain text. */
export type ConnectionBadgeVariant = 'tag' | 'compact' | 'text'

/** Props of `LlConnectionBadge`. Separate props override what `connection` says. */
export interface ConnectionBadgeProps {
  /** @description A composable return (`:connection="ws"`) the badge reads and retries. */
  connection?: BadgeConnection
  /** @description Status to show, when not read from `connection`. */
  status?: ConnectionStatus
  /** @description Error to show in the tooltip. */
  error?: Error | string | null
  /** @description Retries since the last healthy connection. */
  attempt?: number
  /** @description Ms until the next attempt (counted down in the tooltip), or `null`. */
  retryIn?: number | null
  /** @description Last heartbeat round trip in ms, or `null`. */
  latency?: number | null
  /**
   * @description `tag` (an Element Plus tag), `compact` (a dot) or `text` (a dot and plain text).
   * @default 'tag'
   */
  variant?: ConnectionBadgeVariant
  /**
   * @description Show "Retry now" while `reconnecting` or `failed`.
   * @default true
   */
  retryable?: boolean
}

/** Defaults of {@link ConnectionBadgeProps}. */
export const connectionBadgePropsDefaults = {
  variant: 'tag',
  retryable: true,
} as const

/** Events of `LlConnectionBadge`. */
export interface ConnectionBadgeEmits {
  /** "Retry now" was pressed (after `connection`'s `reconnect`/`refresh`/`open` was called). */
  retry: []
}

/** Slots of `LlConnectionBadge`. */
export interface ConnectionBadgeSlots {
  /** Replaces the status text. */
  default?: (props: { status: ConnectionStatus, label: string }) => any
}
