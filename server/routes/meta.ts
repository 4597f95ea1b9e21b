import type { HttpRoute } from '../types'
import { HEALTH as CONTRACT_HEALTH } from '../../src/testing/backend/contract'
import { sendJson } from '../http'

/**
 * The health answer. A page checks the body, not only the status: a static host's SPA fallback answers
 * every path with `index.html` and a 200. The simulated backend of `vue-lifeline/testing` answers the same
 * with `simulated: true`.
 */
export const HEALTH = { ...CONTRACT_HEALTH, simulated: false } as const

/** Health check and the introspection routes tests use (`stats`, `stats/reset`). */
export const metaRoutes: HttpRoute[] = [
  {
    kind: 'http',
    path: 'health',
    summary: '{ ok: true, service: "vue-lifeline-demo-backend", simulated: false }',
    control: true,
    handle: ({ res }) => sendJson(res, 200, HEALTH),
  },
  {
    kind: 'http',
    path: 'channels',
    summary: 'the channels with open connections: { channels: [{ name, open: { sse, ws, http } }] } (what a chaos panel can target)',
    control: true,
    handle: ({ res, backend }) => sendJson(res, 200, {
      channels: backend.channels.all()
        .filter(channel => Object.values(channel.stats.open).some(n => n > 0))
        .map(channel => ({ name: channel.name, open: channel.stats.open }))
        .sort((a, b) => a.name.localeCompare(b.name)),
    }),
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
