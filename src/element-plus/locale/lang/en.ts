import type { LifelineLocale } from '../types'
import { connectionBadgeEn, liveFeedEn, sessionGuardEn, statusEn } from './enParts'

/** English strings of vue-lifeline. */
export const en: LifelineLocale = {
  name: 'en',
  lifeline: {
    status: statusEn,
    connectionBadge: connectionBadgeEn,
    liveFeed: liveFeedEn,
    sessionGuard: sessionGuardEn,
  },
}
