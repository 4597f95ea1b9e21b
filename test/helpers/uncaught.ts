/**
 * Collects the errors that reach Node's process-level error reporting (`uncaughtException`), where the
 * library rethrows a throwing user callback, as a throwing DOM event listener is reported. Call
 * `restore()` in a `finally`. With `'unhandledRejection'`, collects the rejections nobody handled
 * instead (where an error must NOT end up: it is not reported as the app's error).
 */
export function captureUncaught(event: 'uncaughtException' | 'unhandledRejection' = 'uncaughtException'): { errors: unknown[], restore: () => void } {
  const errors: unknown[] = []
  // (the two events' listener types differ; both take the error first)
  const previous = process.listeners(event as 'uncaughtException')
  process.removeAllListeners(event)
  const listener = (error: unknown): void => {
    errors.push(error)
  }
  process.on(event as 'uncaughtException', listener)
  return {
    errors,
    restore: () => {
      process.off(event as 'uncaughtException', listener)
      previous.forEach(l => process.on(event as 'uncaughtException', l))
    },
  }
}
