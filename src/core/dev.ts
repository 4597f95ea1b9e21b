/**
 * Development-only warning with the library prefix. Call it behind
 * `process.env.NODE_ENV !== 'production'` at the call site, so that a bundler folds the call and its
 * text away in production builds (a check inside this function would leave the text in the bundle).
 */
export function warn(message: string, ...rest: unknown[]): void {
  console.warn(`[vue-lifeline] ${message}`, ...rest)
}
