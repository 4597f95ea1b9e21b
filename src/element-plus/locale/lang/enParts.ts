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

export const sessionGuardEn: Strings['sessionGuard'] = {
  warningTitle: 'You are about to be signed out',
  idleWarning: 'You have been inactive for a while. For your security, you will be signed out in {time}.',
  expiryWarning: 'Your session expires in {time}.',
  kickedTitle: 'Signed in elsewhere',
  kicked: 'Your account was signed in elsewhere. Sign in again?',
  expiredTitle: 'Session expired',
  expired: 'Your session has expired. Please sign in again.',
  idleTitle: 'Signed out',
  idle: 'You were signed out after a period of inactivity.',
  staySignedIn: 'Stay signed in',
  signOut: 'Sign out',
  signInAgain: 'Sign in again',
  cancel: 'Cancel',
  dismiss: 'OK',
  timeMinutes: '{minutes} min {seconds} s',
  timeSeconds: '{seconds} s',
  announce: 'You will be signed out in {time}.',
  unknown: 'Cannot check your sign-in status right now. Retrying…',
}
