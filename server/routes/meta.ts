import type { HttpRoute } from '../types'
import { sendJson } from '../http'

/** Health check and the introspection routes tests use (`stats`, `stats/reset`). */
export const metaRoutes: HttpRoute[] = [
  {
    kind: 'http',
    path: 'health',
    summary: '{ ok: true }',
    control: true,
    handle: ({ res }) => sendJson(res, 200, { ok: true }),
  },
  {
    kind: 'http',
    path: 'stats',
    summary: 'open/opened/closed connections, request log and received ws frames of ?channel=',
    control: true,
    handle: ({ res, channel }) => sendJson(res, 200, channel.stats),
  },
  {
    kind: 'http',
    path: 'stats/reset',
    methods: ['POST'],
    summary: 'clears the stats of ?channel= (open counts stay)',
    control: true,
    handle: ({ res, channel }) => {
      channel.resetStats()
      sendJson(res, 200, { ok: true })
    },
  },
]
