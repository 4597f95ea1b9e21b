import type { LifelineLocale } from '../types'

// The English pack in parts: each component falls back to the parts it reads only, so a badge does not
// carry the strings of a feed or a session guard (its size budget is 2 kB).
type Strings = LifelineLocale['lifeline']

export const statusEn: Strings['status'] = {
  idle: 'Idle',
  connecting: 'Connecting',
  open: 'Connected',
  reconnecting: 'Reconnecting',
  paused: 'Paused',
  closed: 'Closed',
  failed: 'Failed',
}

export const connectionBadgeEn: Strings['connectionBadge'] = {
  label: 'Connection: {status}',
  retry: 'Retry now',
  attempt: 'Attempt {attempt}',
  retryIn: 'Next try in {seconds} s',
  latency: 'Latency {ms} ms',
  error: 'Error',
}

export const liveFeedEn: Strings['liveFeed'] = {
  label: 'Live feed',
  empty: 'No messages yet',
  newItems: '{count} new',
  jumpToLatest: 'Jump to the latest message',
  announceOne: '1 new message',
  announceMany: '{count} new messages',
  paused: 'Paused',
}
