import type { Scheduler } from '../../core'

/** How often a live feed applies what arrived: once per animation frame, or every N ms. */
export type LiveFeedFlush = 'frame' | number

/**
 * Fallback when frames stop: `requestAnimationFrame` never fires in a hidden tab (jetbrains-cc-gui #1166),
 * so a timer applies the batch instead (browsers clamp it to ≥ 1 s there, which keeps the cost low).
 */
const FRAME_FALLBACK_MS = 100

/** Collapses any number of `schedule()` calls into one `flush()`: at the next frame, else by a timer. */
export interface Batcher {
  schedule: () => void
  cancel: () => void
}

export function createBatcher(flush: () => void, mode: LiveFeedFlush, scheduler: Scheduler): Batcher {
  let frame: number | undefined
  let timer: unknown
  const cancel = (): void => {
    if (frame !== undefined)
      cancelAnimationFrame(frame)
    if (timer !== undefined)
      scheduler.clearTimeout(timer)
    frame = timer = undefined
  }
  const run = (): void => {
    cancel()
    flush()
  }
  return {
    schedule: () => {
      if (frame !== undefined || timer !== undefined)
        return
      const frames = mode === 'frame'
      // (read at call time: no DOM in Node or during server rendering)
      if (frames && typeof requestAnimationFrame === 'function' && globalThis.document?.visibilityState !== 'hidden')
        frame = requestAnimationFrame(run)
      timer = scheduler.setTimeout(run, frames ? FRAME_FALLBACK_MS : mode)
    },
    cancel,
  }
}
