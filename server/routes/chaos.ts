import type { ChaosState } from '../channel'
import type { HttpContext, HttpRoute } from '../types'
import { CHAOS_LIMITS } from '../../src/testing/backend/contract'
import { sendJson } from '../http'

/** Chaos acts on `?channel=` when given, otherwise on every channel (global settings). */
const target = (ctx: HttpContext): ChaosState => ctx.channelGiven ? ctx.channel.chaos : ctx.backend.chaos

const scope = (ctx: HttpContext) => ctx.channelGiven ? ctx.channel.name : '*'

/** Cuts every live connection of the scope; returns how many. */
function dropScope(ctx: HttpContext): number {
  const channels = ctx.channelGiven ? [ctx.channel] : ctx.backend.channels.all()
  let dropped = 0
  for (const channel of channels)
    dropped += channel.dropAll()
  return dropped
}

/**
 * The chaos in force for the scope, as every chaos route answers it: `offlineUntil` is 0 once it has
 * passed, and `now` is the backend's clock, so a page can show a countdown that does not depend on its own.
 */
function report(ctx: HttpContext, extra: Record<string, unknown> = {}): void {
  const chaos = target(ctx)
  const now = Date.now()
  sendJson(ctx.res, 200, {
    channel: scope(ctx),
    latency: chaos.latency,
    offlineUntil: chaos.offlineUntil > now ? chaos.offlineUntil : 0,
    now,
    ...extra,
  })
}

export const chaosRoutes: HttpRoute[] = [
  {
    kind: 'http',
    path: 'chaos/drop',
    methods: ['GET', 'POST'],
    summary: 'cuts every open SSE stream, long poll and WebSocket of ?channel= (all channels without it) → { dropped }',
    control: true,
    handle: ctx => sendJson(ctx.res, 200, { dropped: dropScope(ctx), channel: scope(ctx) }),
  },
  {
    kind: 'http',
    path: 'chaos/latency',
    methods: ['GET', 'POST'],
    summary: 'adds ?ms= before every later response / upgrade of ?channel= (global without it); 0 clears → the chaos state',
    control: true,
    handle: (ctx) => {
      target(ctx).latency = ctx.query.int('ms', 0, { min: 0, max: CHAOS_LIMITS.latency })
      report(ctx)
    },
  },
  {
    kind: 'http',
    path: 'chaos/offline',
    methods: ['GET', 'POST'],
    summary: 'for ?ms=, new requests and upgrades of ?channel= (global without it) get a network error; ?drop=1 also cuts the open connections (a server that goes down); 0 clears → the chaos state + { dropped }',
    control: true,
    handle: (ctx) => {
      const ms = ctx.query.int('ms', 0, { min: 0, max: CHAOS_LIMITS.offline })
      target(ctx).offlineUntil = ms > 0 ? Date.now() + ms : 0
      // open connections stay up unless asked: "refuse new ones" and "go down" are different faults
      const dropped = ms > 0 && ctx.query.flag('drop') ? dropScope(ctx) : 0
      report(ctx, { dropped })
    },
  },
  {
    kind: 'http',
    path: 'chaos/reset',
    methods: ['GET', 'POST'],
    summary: 'clears latency and offline of ?channel= (global without it) → the chaos state',
    control: true,
    handle: (ctx) => {
      const chaos = target(ctx)
      chaos.latency = 0
      chaos.offlineUntil = 0
      report(ctx, { ok: true })
    },
  },
  {
    kind: 'http',
    path: 'chaos/state',
    summary: 'the chaos in force for ?channel= (global without it): { channel, latency, offlineUntil (0 = online), now }',
    control: true,
    handle: ctx => report(ctx),
  },
]
