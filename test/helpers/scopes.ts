import type { EffectScope } from 'vue'
import { effectScope } from 'vue'

const scopes: EffectScope[] = []

/** Runs `fn` in a fresh effect scope (outside any component), stopped by {@link stopScopes}. */
export function inScope<T>(fn: () => T): T & { scope: EffectScope } {
  const scope = effectScope()
  scopes.push(scope)
  return Object.assign(scope.run(fn) as object, { scope }) as T & { scope: EffectScope }
}

/** Stops every scope {@link inScope} made since the last call (use in `afterEach`). */
export function stopScopes(): void {
  scopes.splice(0).forEach(scope => scope.stop())
}
