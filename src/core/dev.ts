/**
 * Whether development warnings are on. Bundlers replace `process.env.NODE_ENV`, so production builds
 * drop the warnings; the `try` keeps an unbundled browser (no `process`) from crashing.
 */
export function isDev(): boolean {
  try {
    return process.env.NODE_ENV !== 'production'
  }
  catch {
    return false
  }
}

/** Development-only warning with the library prefix. */
export function warn(message: string, ...rest: unknown[]): void {
  if (isDev())
    console.warn(`[vue-lifeline] ${message}`, ...rest)
}
