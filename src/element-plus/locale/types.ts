import type { ConnectionStatus } from '../../core'

/**
 * A vue-lifeline language pack. Its shape follows Element Plus's own packs (`{ name, el: {…} }`) with
 * our strings under `lifeline`, so users merge it into the Element Plus locale they already pass to
 * `ElConfigProvider` (`{ ...elZhCn, ...zhCn }`) and one switch translates both.
 */
export interface LifelineLocale {
  /** Language tag, as in Element Plus packs (`en`, `zh-cn`). */
  name: string
  lifeline: {
    /** Label of each connection status (badges, tooltips, live-region summaries). */
    status: Record<ConnectionStatus, string>
  }
}
