// Redirect targets are untrusted (an option built from a query string, a field of a server message):
// only same-origin URLs pass, judged by the URL parser and never by string prefixes, which `//evil.com`,
// `/\evil.com` and `java%0d%0ascript:` get past (OWASP, Plan #2747).

/** Stands in for the page's origin where there is none (Node): then only paths can pass. */
const NO_PAGE = 'http://lifeline.invalid'

/**
 * `target` resolved against `origin` if it stays on that origin (as an absolute URL, or as a path when
 * there is no page), else `null`: other origins, `javascript:`, `data:`, `blob:`, empty or non-string values.
 */
export function sameOriginUrl(target: unknown, origin: string | undefined): string | null {
  if (!(target instanceof URL) && (typeof target !== 'string' || !target))
    return null
  const base = origin || NO_PAGE
  try {
    const url = new URL(target, `${base}/`)
    const page = new URL(base)
    // (a `blob:` URL carries its creator's origin: the scheme must be the page's too)
    if (url.origin !== page.origin || url.protocol !== page.protocol)
      return null
    return origin ? url.href : url.pathname + url.search + url.hash
  }
  catch {
    return null
  }
}
