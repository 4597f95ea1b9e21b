import type { Scheduler } from '../../core'
import type { SessionKeepAlive } from './types'
import { createTimer, LifelineError, toLifelineError } from '../../core'
import { isObject } from '../../core/validate'
import { toLocalTime } from './read'

/** How long "Stay signed in" waits for the keep-alive before it reports `REQUEST_TIMEOUT`. */
export const KEEP_ALIVE_TIMEOUT = 10_000

/** Whether an error says the session is gone (the status endpoint or the keep-alive answered 401/403). */
export const isDenied = (error: LifelineError | null | undefined): boolean =>
  !!error && ((error.code === 'HTTP_STATUS' && (error.status === 401 || error.status === 403)) || error.closeCode === 4401 || error.closeCode === 4403)

/** The new expiry in what a keep-alive answered: a number, or an object carrying `expiresAt` (and `now`). */
function expiryOf(answer: unknown, now: number): number | null {
  if (typeof answer === 'number')
    return toLocalTime(answer, undefined, now)
  return isObject(answer) ? toLocalTime(answer.expiresAt, answer.now, now) : null
}

/**
 * Runs the keep-alive once: the app's function, or a `POST` to its URL (credentials included: the
 * session cookie may belong to another origin). Resolves with the new expiry (`null`: not said);
 * rejects with a `LifelineError` (`HTTP_STATUS` with the status, `REQUEST_TIMEOUT`, `NETWORK`).
 */
export async function keepSessionAlive(keepAlive: SessionKeepAlive, fetchImpl: typeof fetch | undefined, scheduler: Scheduler, signal: AbortSignal): Promise<number | null> {
  const controller = new AbortController()
  const timer = createTimer(scheduler)
  const abort = (): void => controller.abort()
  signal.addEventListener('abort', abort)
  try {
    return await new Promise<number | null>((resolve, reject) => {
      timer.start(KEEP_ALIVE_TIMEOUT, () => {
        reject(new LifelineError('REQUEST_TIMEOUT', process.env.NODE_ENV !== 'production' ? `The keep-alive did not answer within ${KEEP_ALIVE_TIMEOUT} ms.` : ''))
        abort()
      })
      const run = async (): Promise<unknown> => {
        if (typeof keepAlive === 'function')
          return keepAlive({ signal: controller.signal })
        const response = await (fetchImpl ?? fetch)(String(keepAlive), { method: 'POST', credentials: 'include', headers: { accept: 'application/json' }, signal: controller.signal })
        if (!response.ok)
          throw new LifelineError('HTTP_STATUS', process.env.NODE_ENV !== 'production' ? `The keep-alive answered HTTP ${response.status}.` : '', { status: response.status })
        // the answer may say the new expiry; an empty or non-JSON answer is a success that does not
        return response.json().catch(() => null)
      }
      run().then(answer => resolve(expiryOf(answer, scheduler.now())), reject)
    })
  }
  catch (error) {
    throw toLifelineError(error, 'NETWORK', process.env.NODE_ENV !== 'production' ? `The keep-alive failed: ${(error as Error)?.message ?? error}` : '')
  }
  finally {
    timer.cancel()
    signal.removeEventListener('abort', abort)
  }
}
