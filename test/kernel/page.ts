// Chromium tests against the real demo backend: its URLs and stats, composables in scopes stopped after
// each test, and the errors that reach the page's `error` event.
import type { EffectScope } from 'vue'
import type { ConnectionStatus } from 'vue-lifeline'
import { afterEach, inject, onTestFinished } from 'vitest'
import { effectScope, watch } from 'vue'

const base = inject('backendUrl')

/** A route of the backend for `ch` (`origin: ''` = the test page's own origin, where the backend is mounted too). */
export const api = (route: string, ch: string, query = '', origin = base): string => `${origin}/__lifeline/${route}?channel=${ch}${query && `&${query}`}`

/** What the channel saw (docs/guide/demo-backend.md). */
export const stats = async (ch: string, origin = base): Promise<any> => (await fetch(api('stats', ch, '', origin))).json()

/** The requests of `route` the channel saw. */
export const requests = async (ch: string, route: string, origin = base): Promise<unknown[]> =>
  (await stats(ch, origin)).requests.filter((r: { route: string }) => r.route === route)

export const sleep = (ms: number): Promise<void> => new Promise(resolve => setTimeout(resolve, ms))
export const POLL = { timeout: 15_000, interval: 20 }

const scopes: EffectScope[] = []
afterEach(() => {
  scopes.splice(0).forEach(s => s.stop())
})

/** Runs `use` in an effect scope stopped after the test; `statuses` records every status, in order. */
export function scoped<R extends { status: { value: ConnectionStatus } }>(use: () => R): R & { statuses: ConnectionStatus[] } {
  const scope = effectScope()
  scopes.push(scope)
  return scope.run(() => {
    const r = use()
    const statuses = [r.status.value]
    watch(() => r.status.value, s => statuses.push(s), { flush: 'sync' })
    return Object.assign(r, { statuses })
  })!
}

/** Collects the errors that reach `window`'s `error` event (as an app's error reporting sees them) until the test ends. */
export function windowErrors(): unknown[] {
  const errors: unknown[] = []
  const listener = (event: ErrorEvent): void => {
    errors.push(event.error)
  }
  window.addEventListener('error', listener)
  onTestFinished(() => window.removeEventListener('error', listener))
  return errors
}
