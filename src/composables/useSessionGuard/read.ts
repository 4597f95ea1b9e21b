import type { SessionGuardReason, SessionStatusMessage } from './types'
import { safe } from '../../core/lifecycle'
import { isObject } from '../../core/validate'

/** What one status message says. */
export type Reading
  = | { t: 'in', expiresAt: number | null }
    | { t: 'out', reason: Exclude<SessionGuardReason, 'idle'>, redirect: unknown }
    /** Not expired, but not a success either (`status` 5xx in the body): cannot tell. */
    | { t: 'failing' }
    /** Not a status message, or `isExpired` threw: cannot tell. */
    | { t: 'bad' }

const REASONS: unknown[] = ['kicked', 'expired']

/** The classic protocol's test: a 401 in the body. */
export const expiredBy401 = (message: SessionStatusMessage): boolean => message.status === 401

/**
 * A server time as this client's clock reads it: `payload.now` (the server's clock when it answered)
 * gives the skew, as Keycloak estimates it from a token's `iat`.
 */
export function toLocalTime(at: unknown, serverNow: unknown, localNow: number): number | null {
  if (typeof at !== 'number' || !Number.isFinite(at))
    return null
  return typeof serverNow === 'number' && Number.isFinite(serverNow) ? at + localNow - serverNow : at
}

/** Reads one status message with the app's `isExpired`. */
export function readStatus(data: unknown, isExpired: (message: SessionStatusMessage) => unknown, now: number): Reading {
  if (!isObject(data) || (data.status !== undefined && typeof data.status !== 'number'))
    return { t: 'bad' }
  const message = data as SessionStatusMessage
  let verdict: unknown
  try {
    verdict = isExpired(message)
  }
  catch (error) {
    // the app's function failed: nothing can be concluded (never a logout), and the error still reaches its reporting
    safe(() => {
      throw error
    }, [])
    return { t: 'bad' }
  }
  const payload = isObject(message.payload) ? message.payload : {}
  if (verdict) {
    const reason = REASONS.includes(verdict) ? verdict : REASONS.includes(payload.reason) ? payload.reason : 'kicked'
    return { t: 'out', reason: reason as Exclude<SessionGuardReason, 'idle'>, redirect: payload.redirect }
  }
  const status = message.status
  if (status !== undefined && (status < 200 || status > 299))
    return { t: 'failing' }
  return { t: 'in', expiresAt: toLocalTime(payload.expiresAt, payload.now, now) }
}
