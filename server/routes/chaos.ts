import type { ChaosState } from '../channel'
import type { HttpContext, HttpRoute } from '../types'
import { sendJson } from '../http'

/** Chaos acts on `?channel=` when given, otherwise on every channel (global settings). */
const target = (ctx: HttpContext): ChaosState => ctx.channelGiven ? ctx.channel.chaos : ctx.backend.chaos

const scope = (ctx: HttpContext) => ctx.channelGiven ? ctx.channel.name : '*'

export const chaosRoutes: HttpRoute[] = [
  {
    kind: 'http',
    path: 'chaos/drop',
    methods: ['GET', 'POST'],
    summary: 'cuts every open SSE stream, long poll and WebSocket of ?channel= (all channels without it) → { dropped }',
    control: true,
    handle: (ctx) => {
      const channels = ctx.channelGiven ? [ctx.channel] : ctx.backend.channels.all()
      let dropped = 0
      for (const channel of channels)
        dropped += channel.dropAll()
      sendJson(ctx.res, 200, { dropped, channel: scope(ctx) })
    },
  },
  {
    kind: 'http',
    path: 'chaos/latency',
    methods: ['GET', 'POST'],
    summary: 'adds ?ms= before every later response / upgrade of ?channel= (global without it); 0 clears',
    control: true,
    handle: (ctx) => {
      const chaos = target(ctx)
      chaos.latency = ctx.query.int('ms', 0, { min: 0, max: 600_000 })
      sendJson(ctx.res, 200, { latency: chaos.latency, channel: scope(ctx) })
    },
  },
  {
    kind: 'http',
    path: 'chaos/offline',
    methods: ['GET', 'POST'],
    summary: 'for ?ms=, new requests and upgrades of ?channel= (global without it) get a network error; 0 clears',
    control: true,
    handle: (ctx) => {
      const chaos = target(ctx)
      const ms = ctx.query.int('ms', 0, { min: 0, max: 3_600_000 })
      chaos.offlineUntil = ms > 0 ? Date.now() + ms : 0
      sendJson(ctx.res, 200, { offlineUntil: chaos.offlineUntil, channel: scope(ctx) })
    },
  },
  {
    kind: 'http',
    path: 'chaos/reset',
    methods: ['GET', 'POST'],
    summary: 'clears latency and offline of ?channel= (global without it)',
    control: true,
    handle: (ctx) => {
      const chaos = target(ctx)
      chaos.latency = 0
      chaos.offlineUntil = 0
      sendJson(ctx.res, 200, { ok: true, channel: scope(ctx) })
    },
  },
]
