import type { InjectionKey } from 'vue'
import type { SessionGuardProps } from '../SessionGuard/props'
import { inject } from 'vue'

/**
 * Install options of `LifelinePlugin`, one key per component that takes any (`app.use(LifelinePlugin,
 * { sessionGuard: { … } })`). A component that adds a key declares it here with its own type.
 */
export interface LifelinePluginOptions {
  /**
   * Defaults of every `LlSessionGuard` in the app (a prop that is set wins): `{ url, logoutUrl,
   * keepAlive, idleTimeout, … }`.
   */
  sessionGuard?: Partial<SessionGuardProps>
  [component: string]: object | undefined
}

/** Where `LifelinePlugin` provides its options to the app. */
export const lifelineOptionsKey: InjectionKey<LifelinePluginOptions> = Symbol('vue-lifeline:options')

/** The install options of component `name` (`{}` without `LifelinePlugin` or without that key). */
export function useInstallOptions<K extends keyof LifelinePluginOptions>(name: K): NonNullable<LifelinePluginOptions[K]> | Record<string, never> {
  return inject(lifelineOptionsKey, {})[name] ?? {}
}
