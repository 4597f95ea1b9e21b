import type { RequestHandler } from '../../network/route'
import type { ChaosSettings } from '../state'
import type { HttpContext, Mount } from '../route'
import { CHAOS_LIMITS } from '../contract'
import { httpRoute, sendJson } from '../route'

/** Chaos acts on `?channel=` when given, otherwise on every channel (global settings). */
const target = (ctx: HttpContext): ChaosSettings => ctx.channelGiven ? ctx.channel.chaos : ctx.backend.chaos

const scope = (ctx: HttpContext): string => ctx.channelGiven ? ctx.channel.name : '*'

function dropScope(ctx: HttpContext): number {
  const channels = ctx.channelGiven ? [ctx.channel] : ctx.backend.all()
  return channels.reduce((sum, channel) => sum + channel.dropAll(), 0)
}

/** The chaos in force for the scope, as every chaos route answers it (the Node backend's shape). */
function report(ctx: HttpContext, extra: Record<string, unknown> = {}): Response {
  const chaos = target(ctx)
  const now = ctx.backend.now()
  return sendJson({ channel: scope(ctx), latency: chaos.latency, offlineUntil: chaos.offlineUntil > now ? chaos.offlineUntil : 0, now, ...extra })
}

const control = { methods: ['GET', 'POST'], control: true }

export function chaosRoutes(mount: Mount): RequestHandler[] {
  return [
    httpRoute(mount, 'chaos/drop', ctx => sendJson({ dropped: dropScope(ctx), channel: scope(ctx) }), control),
    httpRoute(mount, 'chaos/latency', (ctx) => {
      target(ctx).latency = ctx.query.int('ms', 0, { min: 0, max: CHAOS_LIMITS.latency })
      return report(ctx)
    }, control),
    httpRoute(mount, 'chaos/offline', (ctx) => {
      const ms = ctx.query.int('ms', 0, { min: 0, max: CHAOS_LIMITS.offline })
      target(ctx).offlineUntil = ms > 0 ? ctx.backend.now() + ms : 0
      const dropped = ms > 0 && ctx.query.flag('drop') ? dropScope(ctx) : 0
      return report(ctx, { dropped })
    }, control),
    httpRoute(mount, 'chaos/reset', (ctx) => {
      const chaos = target(ctx)
      chaos.latency = 0
      chaos.offlineUntil = 0
      return report(ctx, { ok: true })
    }, control),
    httpRoute(mount, 'chaos/state', report, { control: true }),
  ]
}
