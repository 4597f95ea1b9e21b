/**
 * Copies the members of `source` that are not `undefined` onto `target` (merging options over their
 * defaults: `{ interval: props.interval }` with no prop means "not set", not "set to undefined").
 */
export function assignDefined<T extends object>(target: T, source: object | null | undefined): T {
  for (const key in source) {
    const value = (source as Record<string, unknown>)[key]
    if (value !== undefined)
      (target as Record<string, unknown>)[key] = value
  }
  return target
}

/** Whether `value` is a plain options object (not `null`, not an array). */
export const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)
