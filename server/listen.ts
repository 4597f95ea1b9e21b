import type { AddressInfo } from 'node:net'
import type { DemoBackend, DemoBackendOptions } from './index'
import { createServer } from 'node:http'
import { DEFAULTS } from './defaults'
import { createDemoBackend } from './index'

/** Options of `listen`. */
export interface ListenOptions extends DemoBackendOptions {
  /** Port; 0 picks a free one. @default 0 */
  port?: number
  /** Interface; loopback only by default, the backend is a dev/test tool. @default '127.0.0.1' */
  host?: string
}

export interface ListeningBackend {
  /** `http://host:port`, no trailing slash. */
  url: string
  port: number
  backend: DemoBackend
  /** Ends every stream and socket at once, then stops listening. */
  close: () => Promise<void>
}

/** Starts the demo backend on its own HTTP server (Vitest globalSetup, Node tests, `npm run backend`). */
export async function listen({ port = DEFAULTS.port, host = DEFAULTS.host, ...options }: ListenOptions = {}): Promise<ListeningBackend> {
  const backend = createDemoBackend(options)
  const server = createServer((req, res) => backend.handle(req, res))
  server.on('upgrade', (req, socket, head) => {
    if (!backend.upgrade(req, socket, head))
      socket.destroy()
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const address = server.address() as AddressInfo
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address
  let closing: Promise<void> | undefined
  return {
    url: `http://${shownHost}:${address.port}`,
    port: address.port,
    backend,
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        backend.close()
        // without this, server.close() waits for idle keep-alive sockets (≈5 s per run)
        server.closeAllConnections()
        server.close(() => resolve())
      })
      return closing
    },
  }
}
