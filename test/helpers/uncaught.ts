/**
 * Collects the errors that reach Node's process-level error reporting (`uncaughtException`), where the
 * library rethrows a throwing user callback, as a throwing DOM event listener is reported. Call
 * `restore()` in a `finally`.
 */
export function captureUncaught(): { errors: unknown[], restore: () => void } {
  const errors: unknown[] = []
  const previous = process.listeners('uncaughtException')
  process.removeAllListeners('uncaughtException')
  const listener = (error: unknown): void => {
    errors.push(error)
  }
  process.on('uncaughtException', listener)
  return {
    errors,
    restore: () => {
      process.off('uncaughtException', listener)
      previous.forEach(l => process.on('uncaughtException', l))
    },
  }
}
