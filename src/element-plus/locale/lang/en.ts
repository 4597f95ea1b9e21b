import type { LifelineLocale } from '../types'

/** English strings of vue-lifeline. */
export const en: LifelineLocale = {
  name: 'en',
  lifeline: {
    status: {
      idle: 'Idle',
      connecting: 'Connecting',
      open: 'Connected',
      reconnecting: 'Reconnecting',
      paused: 'Paused',
      closed: 'Closed',
      failed: 'Failed',
    },
  },
}
