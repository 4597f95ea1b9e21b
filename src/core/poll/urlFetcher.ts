import type { PollFetcher, PollingTransportOptions } from './types'
import { LifelineError } from '../errors'

/**
 * What a fetcher returns for "nothing new" (the URL shorthand's `304` and `204`): the poll succeeded,
 * `data` stays, and neither `cursor` nor `until` is asked about data that did not come.
 */
export const UNCHANGED: unique symbol = Symbol('unchanged')

/**
 * The URL shorthand: GET + JSON with `ETag` / `If-None-Match`. A failed status rejects with
 * `HTTP_STATUS` carrying the `Response` as `cause`, so the transport can read `Retry-After`.
 */
export function createUrlFetcher<T, C>(url: string | URL, options: () => PollingTransportOptions<T, C>, state: { etag: string | null }): PollFetcher<T, C> {
  return async ({ signal, cursor, previous }) => {
    const { etag } = state
    // read per request: `setOptions` may have changed headers or `fetch` since
    const { fetch: fetchImpl, headers, cursorParam = 'cursor' } = options()
    let href = String(url)
    if (cursor !== undefined)
      href += `${href.includes('?') ? '&' : '?'}${cursorParam}=${encodeURIComponent(String(cursor))}`
    const init = new Headers(headers)
    // Only conditional when there is data to keep: a 304 without it would leave nothing to show.
    if (etag && previous !== undefined)
      init.set('If-None-Match', etag)
    // `no-store`: the browser cache would answer a conditional request itself and hide the 304.
    const response = await (fetchImpl ?? fetch)(href, { headers: init, signal, cache: 'no-store' })
    const { status } = response
    if (status === 304 || status === 204)
      return UNCHANGED as T
    if (!response.ok)
      throw new LifelineError('HTTP_STATUS', process.env.NODE_ENV !== 'production' ? `HTTP ${status} from ${href}` : '', { status, cause: response })
    // invalid JSON rejects with a SyntaxError (PARSE), a body cut short with a TypeError (NETWORK)
    const data = await response.json() as T
    // The validator belongs to a body read whole: stored earlier, a body cut mid-way would pin the old
    // data behind 304s forever.
    state.etag = response.headers.get('ETag')
    return data
  }
}
