/**
 * Answers one intercepted HTTP request, or returns `undefined` to leave it to the next handler (and, when
 * none answers, to the real network). `Response.error()` fails the request with a network error.
 */
export type RequestHandler = (request: Request) => Response | undefined | Promise<Response | undefined>

const escape = (text: string): string => text.replace(/[.+?^${}()|[\]\\]/g, '\\$&')

/**
 * Compiles an absolute URL pattern: `:name` captures one path segment, a trailing `*` anything after it.
 * The query string and a trailing slash of the URL are ignored, as route patterns usually mean.
 */
export function compilePattern(pattern: string | URL): (url: URL) => Record<string, string> | undefined {
  const base = new URL(pattern)
  const names: string[] = []
  const source = base.pathname.replace(/\/+$/, '').split('/').map((segment) => {
    if (segment === '*')
      return '.*'
    if (segment.startsWith(':')) {
      names.push(segment.slice(1))
      return `(?<p${names.length - 1}>[^/]+)`
    }
    return escape(decodeURI(segment)).replace(/\*/g, '.*')
  }).join('/')
  const path = new RegExp(`^${source}/?$`)
  // ws: and wss: URLs of a page are the same host as http: and https: ones
  const origin = base.origin === 'null' ? `${base.protocol}//${base.host}` : base.origin
  return (url) => {
    const candidate = url.origin === 'null' ? `${url.protocol}//${url.host}` : url.origin
    if (candidate !== origin)
      return undefined
    let pathname: string
    try {
      pathname = decodeURIComponent(url.pathname)
    }
    catch {
      return undefined
    }
    const match = path.exec(pathname)
    if (!match)
      return undefined
    return Object.fromEntries(names.map((name, i) => [name, match.groups![`p${i}`]]))
  }
}

/** A handler for `method` (`'*'`: any) and `pattern` (see {@link compilePattern}). */
export function route(method: string, pattern: string | URL, answer: (request: Request, params: Record<string, string>) => Response | Promise<Response>): RequestHandler {
  const match = compilePattern(pattern)
  const wanted = method.toUpperCase()
  return (request) => {
    if (wanted !== '*' && request.method !== wanted)
      return undefined
    const params = match(new URL(request.url))
    return params ? answer(request, params) : undefined
  }
}
