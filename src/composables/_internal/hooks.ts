import type { ConnectionHooks } from '../../core'

/**
 * Splits a caller's callbacks: the functions are bound to the connection per caller (`listen()`); a
 * value that is not a function goes to the connection's options instead, whose check fails with
 * `INVALID_OPTION` naming it (and such a connection is the caller's own, never shared).
 */
export function hooksOf<H extends ConnectionHooks>(given: H): [hooks: H, invalid: Partial<H> | null] {
  const hooks = {} as H
  let invalid: Partial<H> | null = null
  for (const name in given) {
    const value = given[name]
    if (typeof value === 'function')
      hooks[name] = value
    else if (value !== undefined)
      (invalid ??= {} as Partial<H>)[name] = value
  }
  return [hooks, invalid]
}
