import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Duplex } from 'node:stream'
import type { DemoBackendOptions } from './index'
import { PREFIX } from './defaults'
import { createDemoBackend } from './index'

type Middleware = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void

/**
 * The part of a Vite dev / preview server the plugin uses. Structural on purpose: VitePress 1.6 brings
 * its own Vite 5 and the project has Vite 7; their `Plugin` types do not assign to each other.
 */
export interface HostServer {
  middlewares: { use: (fn: Middleware) => unknown }
  httpServer: {
    on: (event: 'upgrade', listener: (req: IncomingMessage, socket: Duplex, head: Buffer) => void) => unknown
    once: (event: 'close', listener: () => void) => unknown
  } | null
}

/** Options of `lifelineDemoBackend`. */
export interface LifelineDemoBackendOptions extends DemoBackendOptions {
  /** Print a line when mounted. @default true */
  announce?: boolean
}

/**
 * Mounts the demo backend under `/__lifeline/` in the Vite dev server (playground, `vitepress dev`) and
 * in `vite preview`. Demos then use relative URLs: same origin, cookies work, no CORS.
 */
export function lifelineDemoBackend(options: LifelineDemoBackendOptions = {}) {
  const { announce = true, ...backendOptions } = options
  const attach = (server: HostServer, kind: string) => {
    const backend = createDemoBackend(backendOptions)
    // use() without a path: `handle` checks the prefix itself and passes everything else on
    server.middlewares.use(backend.handle)
    // upgrades outside the prefix (Vite's HMR socket) are left alone: `upgrade` returns false for them
    server.httpServer?.on('upgrade', (req, socket, head) => {
      backend.upgrade(req, socket, head)
    })
    server.httpServer?.once('close', () => backend.close())
    if (announce)
      console.info(`[lifeline] demo backend mounted on the ${kind} server at ${PREFIX}`)
  }
  return {
    name: 'lifeline-demo-backend',
    configureServer: (server: HostServer) => attach(server, 'dev'),
    configurePreviewServer: (server: HostServer) => attach(server, 'preview'),
  }
}
