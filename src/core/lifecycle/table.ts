/** The status every vue-lifeline connection exposes (see DESIGN §1, "The shared status vocabulary"). */
export type ConnectionStatus = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'paused' | 'closed' | 'failed'

/** Every status, in display order. */
export const CONNECTION_STATUSES: readonly ConnectionStatus[] = ['idle', 'connecting', 'open', 'reconnecting', 'paused', 'closed', 'failed']

/**
 * What can happen to a connection, the only input of the kernel's status machine:
 * - `start`: an attempt begins (`open()`, `reconnect()`, a restart after `closed`/`failed`);
 * - `opened`: the attempt succeeded (a stream or socket opened, a poll answered);
 * - `lost`: the attempt ended and a retry is due (the kernel decides when, or whether at all);
 * - `fail`: given up (fatal status, retry limit, invalid option);
 * - `pause` / `resume`: suspended on purpose (hidden, offline, `pagehide`, `pause()`) and back;
 * - `close`: ended by the user, by the server's clean end, or by scope disposal.
 */
export type LifecycleEvent = 'start' | 'opened' | 'lost' | 'fail' | 'pause' | 'resume' | 'close'

/** For each status, the status each event leads to; an event missing from a row is refused. */
export type LifecycleTable = { readonly [S in ConnectionStatus]: Readonly<Partial<Record<LifecycleEvent, ConnectionStatus>>> }

// A live connection reacts to every event but `resume` alike.
const LIVE = { start: 'connecting', opened: 'open', lost: 'reconnecting', fail: 'failed', pause: 'paused', close: 'closed' } as const
// At rest (never started, closed, failed): it can be started, paused (started in a hidden page), closed or failed.
const REST = { start: 'connecting', fail: 'failed', pause: 'paused', close: 'closed' } as const

/**
 * The one transition table of all three transports (data, tested over every pair). `paused` also takes
 * `resume` (back to `connecting`), `opened` (a poller whose data is still fresh is simply `open` again)
 * and `lost` (coming back online: `reconnecting` while a short random delay runs).
 */
export const LIFECYCLE: LifecycleTable = {
  idle: REST,
  connecting: LIVE,
  open: LIVE,
  reconnecting: LIVE,
  paused: { ...LIVE, resume: 'connecting' },
  closed: REST,
  failed: REST,
}
