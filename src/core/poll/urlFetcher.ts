import type { PollFetcher, PollingTransportOptions } from './types'
import { LifelineError } from '../errors'

/**
 * The URL shorthand: GET + JSON with `ETag` / `If-None-Match`. A `304` (or a `204`: a long poll that
 * timed out empty) resolves with the previous data, so it counts as success without replacing it.
 * A failed status rejects with `HTTP_STATUS` carrying the `Response` as `cause`, so the transport can
 * read `Retry-After`.
 */
export function createUrlFetcher<T, C>(
  url: string | URL,
  options: () => PollingTransportOptions<T, C>,
): PollFetcher<T, C> {
  let etag: string | null = null
  return async ({ signal, cursor, previous }) => {
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
      return previous as T
    if (!response.ok)
      throw new LifelineError('HTTP_STATUS', `HTTP ${status} from ${href}`, { status, cause: response })
    etag = response.headers.get('ETag')
    // invalid JSON rejects with a SyntaxError (the transport reports PARSE), a body cut short with a
    // TypeError (NETWORK)
    return response.json() as Promise<T>
  }
}
