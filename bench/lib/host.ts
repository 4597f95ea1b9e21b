import type { AddressInfo } from 'node:net'
import type { DemoBackend } from '../../server'
import { readFile } from 'node:fs/promises'
import { createServer } from 'node:http'
import { extname, join, normalize } from 'node:path'
import { createDemoBackend } from '../../server'

/** The demo backend and the built bench page on one origin (127.0.0.1, ephemeral port). */
export interface BenchHost {
  /** `http://127.0.0.1:port`, no trailing slash. */
  url: string
  /** `http://…/__lifeline/<path>` */
  http: (path: string) => string
  /** `ws://…/__lifeline/<path>` */
  ws: (path: string) => string
  backend: DemoBackend
  close: () => Promise<void>
}

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json' }

/** Starts the host; `pageDir` is served for every path outside `/__lifeline/` (none when undefined). */
export async function startHost(pageDir?: string): Promise<BenchHost> {
  const backend = createDemoBackend()
  const server = createServer((req, res) => backend.handle(req, res, async () => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '')
    try {
      if (!pageDir)
        throw new Error('no page')
      const file = join(pageDir, path.endsWith('/') ? `${path}index.html` : path)
      const body = await readFile(file)
      res.writeHead(200, {
        'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
        'Cache-Control': 'no-store',
        // cross-origin isolated: performance.now() resolves to 5 µs instead of 100 µs (round trips)
        'Cross-Origin-Opener-Policy': 'same-origin',
        'Cross-Origin-Embedder-Policy': 'require-corp',
      }).end(body)
    }
    catch {
      res.writeHead(404).end()
    }
  }))
  server.on('upgrade', (req, socket, head) => {
    if (!backend.upgrade(req, socket, head))
      socket.destroy()
  })
  // 2 000 storm clients reconnect at once: do not let the listen backlog be what limits them
  await new Promise<void>(resolve => server.listen({ port: 0, host: '127.0.0.1', backlog: 4096 }, resolve))
  const { port } = server.address() as AddressInfo
  const url = `http://127.0.0.1:${port}`
  return {
    url,
    http: path => `${url}/__lifeline/${path}`,
    ws: path => `ws://127.0.0.1:${port}/__lifeline/${path}`,
    backend,
    close: () => new Promise((resolve) => {
      backend.close()
      server.closeAllConnections()
      server.close(() => resolve())
    }),
  }
}
