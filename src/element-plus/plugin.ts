import type { App, Plugin } from 'vue'
import type { LifelinePluginOptions } from './_internal'
import { lifelineOptionsKey } from './_internal'
import { LlConnectionBadge } from './ConnectionBadge'
import { LlLiveFeed } from './LiveFeed'
import { LlSessionGuard } from './SessionGuard'

/** Every component of `vue-lifeline/element-plus`; a new component adds itself here. */
const components = [LlConnectionBadge, LlLiveFeed, LlSessionGuard]

/**
 * Registers every vue-lifeline component (`<LlLiveFeed>`, `<ll-connection-badge>`, …) and hands its
 * `options` to them: `app.use(LifelinePlugin, { sessionGuard: { … } })`. Installing it twice in an app
 * is harmless (Vue installs a plugin once).
 */
export const LifelinePlugin: Plugin<[LifelinePluginOptions?]> = {
  install(app: App, options: LifelinePluginOptions = {}) {
    for (const component of components)
      app.use(component)
    app.provide(lifelineOptionsKey, options)
  },
}
