import { warn } from './dev'

/** Allowed transitions: for each state, the states it may move to. */
export type TransitionTable<TState extends string> = { readonly [S in TState]: readonly TState[] }

/** A tiny explicit state machine: one current state, one `transition()`, one table. */
export interface StateMachine<TState extends string> {
  readonly state: TState
  /** Whether `to` is allowed from the current state. */
  can: (to: TState) => boolean
  /** Moves to `to` if the table allows it; returns whether it moved. Staying in place is not a move. */
  transition: (to: TState) => boolean
}

/**
 * Creates a {@link StateMachine}. A disallowed transition is refused (returns `false`) and, in
 * development, warned about: it is a bug in the transport, not something to hide.
 */
export function createMachine<TState extends string>(
  table: TransitionTable<TState>,
  initial: TState,
  onTransition?: (to: TState, from: TState) => void,
): StateMachine<TState> {
  let state = initial
  const can = (to: TState): boolean => table[state].includes(to)
  return {
    get state() {
      return state
    },
    can,
    transition(to) {
      if (to === state)
        return false
      if (!can(to)) {
        warn(`refused transition ${state} → ${to}`)
        return false
      }
      const from = state
      state = to
      onTransition?.(to, from)
      return true
    },
  }
}

/** The status every vue-lifeline transport exposes (see DESIGN §1, "The shared status vocabulary"). */
export type ConnectionStatus = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'paused' | 'closed' | 'failed'

/** Every status, in display order. */
export const CONNECTION_STATUSES: readonly ConnectionStatus[] = ['idle', 'connecting', 'open', 'reconnecting', 'paused', 'closed', 'failed']

/**
 * The shared transition table of connection transports. `closed` and `failed` can restart (`open()`),
 * every live state can be paused, closed, or fail.
 */
export const CONNECTION_TRANSITIONS: TransitionTable<ConnectionStatus> = {
  idle: ['connecting', 'paused', 'closed', 'failed'],
  connecting: ['open', 'reconnecting', 'paused', 'closed', 'failed'],
  open: ['connecting', 'reconnecting', 'paused', 'closed', 'failed'],
  reconnecting: ['connecting', 'open', 'paused', 'closed', 'failed'],
  paused: ['connecting', 'reconnecting', 'closed', 'failed'],
  closed: ['connecting', 'paused', 'failed'],
  failed: ['connecting', 'closed'],
}
