import type { Route } from './types'

/** Matches `path` (below the prefix) against a pattern like `sse/status/:code`; returns the params. */
export function matchPath(pattern: string, path: string): Record<string, string> | undefined {
  const want = pattern.split('/')
  const got = path.replace(/\/+$/, '').split('/')
  if (want.length !== got.length)
    return undefined
  const params: Record<string, string> = {}
  for (let i = 0; i < want.length; i++) {
    if (want[i].startsWith(':')) {
      if (got[i] === '')
        return undefined
      params[want[i].slice(1)] = decodeURIComponent(got[i])
    }
    else if (want[i] !== got[i]) {
      return undefined
    }
  }
  return params
}

export interface RouteMatch<R extends Route> {
  route: R
  params: Record<string, string>
}

/** The first route of `kind` matching `path`. */
export function findRoute<K extends Route['kind']>(routes: readonly Route[], kind: K, path: string): RouteMatch<Extract<Route, { kind: K }>> | undefined {
  for (const route of routes) {
    if (route.kind !== kind)
      continue
    const params = matchPath(route.path, path)
    if (params)
      return { route: route as Extract<Route, { kind: K }>, params }
  }
  return undefined
}
