import type { Route } from '../types'
import { chaosRoutes } from './chaos'
import { loadRoutes } from './load'
import { metaRoutes } from './meta'
import { pollRoutes } from './poll'
import { sessionRoutes } from './session'
import { sseRoutes } from './sse'
import { wptRoutes } from './wpt'
import { wsRoutes } from './ws'

/**
 * The route table, matched in order. To add a group: create `routes/<group>.ts` exporting an array of
 * `HttpRoute` / `WsRoute` and spread it here.
 */
export const routes: readonly Route[] = [
  ...metaRoutes,
  ...sseRoutes,
  ...wsRoutes,
  ...pollRoutes,
  ...sessionRoutes,
  ...chaosRoutes,
  ...loadRoutes,
  ...wptRoutes,
]
