import type { RequestHandler } from '../../network/route'
import type { Mount } from '../route'
import { route } from '../../network/route'
import { HEALTH, PREFIX } from '../contract'
import { httpRoute, sendJson } from '../route'

/** The health answer of the simulated backend: the Node backend's, marked `simulated`. */
export const SIMULATED_HEALTH = { ...HEALTH, simulated: true } as const

export function metaRoutes(mount: Mount): RequestHandler[] {
  return [
    httpRoute(mount, 'health', () => sendJson(SIMULATED_HEALTH), { control: true }),
    httpRoute(mount, 'channels', ctx => sendJson({
      channels: ctx.backend.all()
        .filter(channel => Object.values(channel.stats.open).some(n => n > 0))
        .map(channel => ({ name: channel.name, open: channel.stats.open }))
        .sort((a, b) => a.name.localeCompare(b.name)),
    }), { control: true }),
    httpRoute(mount, 'stats', ctx => sendJson(ctx.channel.stats), { control: true }),
  ]
}

/** Everything else under the prefix: a JSON 404, never the network (a static host would answer HTML). */
export function notFound(mount: Mount): RequestHandler {
  return route('*', `${mount.origin}${PREFIX}*`, request =>
    sendJson({ error: `no route ${new URL(request.url).pathname} on the simulated demo backend` }, 404))
}
