import type { ConnectionStatus, TransitionTable } from '../machine'
import { CONNECTION_TRANSITIONS } from '../machine'

/**
 * The shared connection table plus `paused → open`: a poller coming back from a hidden tab with data
 * younger than `interval` simply waits for its next poll, it is not "connecting" again. And
 * `failed → paused`: `refresh()`/`start()` after a failure in a hidden or offline page restarts the
 * loop paused (refused, the poller stayed `failed` and never resumed on return).
 */
export const POLLING_TRANSITIONS: TransitionTable<ConnectionStatus> = {
  ...CONNECTION_TRANSITIONS,
  paused: [...CONNECTION_TRANSITIONS.paused, 'open'],
  failed: [...CONNECTION_TRANSITIONS.failed, 'paused'],
}
