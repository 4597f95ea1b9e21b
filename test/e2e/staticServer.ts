// A plain static file server, as any static host is: a path, then `path.html`, then `path/index.html`,
// else a 404 page. Optionally with the Node demo backend mounted under /__lifeline/ (what
// `npm run docs:preview` does), to compare the two.
import type { AddressInfo } from 'node:net'
import type { DemoBackend } from '../../server'
import { createReadStream, existsSync, statSync } from 'node:fs'
import { createServer } from 'node:http'
import { extname, join, normalize } from 'node:path'
import { createDemoBackend } from '../../server'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
}

export interface StaticServer {
  url: string
  backend: DemoBackend | null
  close: () => Promise<void>
}

function resolveFile(root: string, pathname: string): string | undefined {
  const clean = normalize(decodeURIComponent(pathname)).replace(/^(\.\.[/\\])+/, '')
  for (const candidate of [clean, `${clean}.html`, join(clean, 'index.html')]) {
    const file = join(root, candidate)
    if (file.startsWith(root) && existsSync(file) && statSync(file).isFile())
      return file
  }
  return undefined
}

export async function serveStatic(root: string, { withBackend = false } = {}): Promise<StaticServer> {
  const backend = withBackend ? createDemoBackend() : null
  const server = createServer((req, res) => {
    const serveFile = (): void => {
      const file = resolveFile(root, new URL(req.url ?? '/', 'http://x').pathname)
      if (!file) {
        res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' }).end('<!doctype html><h1>404</h1>')
        return
      }
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' })
      createReadStream(file).pipe(res)
    }
    if (backend)
      backend.handle(req, res, serveFile)
    else
      serveFile()
  })
  server.on('upgrade', (req, socket, head) => {
    if (!backend?.upgrade(req, socket, head))
      socket.destroy()
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    backend,
    close: () => new Promise((resolve) => {
      backend?.close()
      server.closeAllConnections()
      server.close(() => resolve())
    }),
  }
}
