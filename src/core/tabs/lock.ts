import type { TabLockManager } from './types'

/** Hooks of a {@link LeaderLock}. */
export interface LeaderLockHooks {
  /** The lock is ours (`stolen`: taken from a holder that stopped answering). */
  granted: (stolen: boolean) => void
  /** Another tab stole the lock from us. */
  lost: () => void
  /** The lock manager refused to queue at all (an opaque origin's `SecurityError`, …). */
  failed: (error: unknown) => void
}

/** One tab's place in the line for a group's exclusive Web Lock. */
export interface LeaderLock {
  /** Waits in line for the lock (no-op while waiting or holding). */
  queue: () => void
  /** Takes the lock from its holder now (leaving the line first, so this tab is never in it twice). */
  steal: () => void
  /** Gives the lock back, or leaves the line. */
  release: () => void
  /** Whether this tab holds the lock. */
  readonly held: boolean
}

interface Attempt {
  controller: AbortController
  held: boolean
  /** Withdrawn by us: whatever happens to it later is not news. */
  dead: boolean
  release?: () => void
}

/**
 * The holder of one exclusive Web Lock leads. The browser releases it when the tab closes or crashes,
 * and hands it to the next tab in line, so that handover needs no timer; a frozen tab keeps it, which
 * is why the group steals it (`steal: true`) once the holder stops answering.
 */
export function createLeaderLock(locks: TabLockManager, name: string, hooks: LeaderLockHooks): LeaderLock {
  let attempt: Attempt | null = null

  const start = (steal: boolean): void => {
    const a: Attempt = { controller: new AbortController(), held: false, dead: false }
    attempt = a
    let request: Promise<unknown>
    try {
      // the spec refuses `signal` together with `steal`; a steal is granted at once anyway
      request = locks.request(name, steal ? { steal } : { signal: a.controller.signal }, () => {
        // withdrawn after the lock manager granted it but before this ran: returning frees it
        if (a.dead)
          return
        a.held = true
        return new Promise<void>((resolve) => {
          a.release = resolve
          hooks.granted(steal)
        })
      })
    }
    catch (error) {
      attempt = null
      hooks.failed(error)
      return
    }
    request.catch((error: unknown) => {
      if (a.dead)
        return
      a.dead = true
      if (attempt === a)
        attempt = null
      // stolen, also when it was granted but its callback had not run yet (a frozen tab)
      if (a.held || (error as { name?: string } | null)?.name === 'AbortError')
        hooks.lost()
      else
        hooks.failed(error)
    })
  }

  const release = (): void => {
    const a = attempt
    attempt = null
    if (!a)
      return
    a.dead = true
    if (a.held)
      a.release?.()
    else
      a.controller.abort()
  }

  return {
    queue: () => {
      if (!attempt)
        start(false)
    },
    steal: () => {
      release()
      start(true)
    },
    release,
    get held() {
      return attempt?.held === true
    },
  }
}
