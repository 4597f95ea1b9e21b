import type { ConnectionHooks } from '../../core'

/**
 * Splits a caller's sets of callbacks: the functions are bound to the connection per caller
 * (`listen()`, one set each); a value that is not a function goes to the connection's options instead,
 * whose check fails with `INVALID_OPTION` naming it (and such a connection is the caller's own, never
 * shared).
 */
export function hooksOf(given: ConnectionHooks[]): [hooks: ConnectionHooks[], invalid: Partial<ConnectionHooks> | null] {
  let invalid: Partial<ConnectionHooks> | null = null
  const hooks = given.map((set) => {
    const valid: ConnectionHooks = {}
    for (const name in set) {
      const value = set[name as keyof ConnectionHooks]
      if (typeof value === 'function')
        valid[name as keyof ConnectionHooks] = value
      else if (value !== undefined)
        (invalid ??= {})[name as keyof ConnectionHooks] = value
    }
    return valid
  })
  return [hooks, invalid]
}
