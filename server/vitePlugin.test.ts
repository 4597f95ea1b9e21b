import type { AddressInfo } from 'node:net'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as vite7 from 'vite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { getJson, openWs } from './testing'
import { lifelineDemoBackend } from './vitePlugin'
import { HEALTH } from './routes/meta'

interface AnyViteServer {
  listen: () => Promise<unknown>
  close: () => Promise<void>
  httpServer: { address: () => AddressInfo | string | null } | null
  config: { webSocketToken?: string }
}
interface AnyVite {
  createServer: (config: Record<string, unknown>) => Promise<AnyViteServer>
}

// VitePress 1.6 runs its own Vite 5: the plugin must work in both (structural types, no 'vite' import)
const vites: Array<[string, () => Promise<AnyVite>]> = [
  ['Vite 7 (playground)', async () => vite7 as unknown as AnyVite],
  ['Vite 5 (VitePress)', async () => (await import('../node_modules/vitepress/node_modules/vite/dist/node/index.js')) as AnyVite],
]

const root = mkdtempSync(join(tmpdir(), 'lifeline-vite-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

describe.each(vites)('lifelineDemoBackend() in a real %s dev server', (_name, load) => {
  let server: AnyViteServer
  let base: string

  beforeAll(async () => {
    const { createServer } = await load()
    server = await createServer({
      configFile: false,
      root,
      logLevel: 'silent',
      plugins: [lifelineDemoBackend({ announce: false })],
      server: { host: '127.0.0.1', port: 0, strictPort: true, watch: null },
    })
    await server.listen()
    const { port } = server.httpServer!.address() as AddressInfo
    base = `http://127.0.0.1:${port}`
  })

  afterAll(() => server?.close())

  it('serves the backend routes same-origin and leaves other paths to Vite', async () => {
    expect(await getJson(`${base}/__lifeline/health`)).toEqual(HEALTH)
    const client = await fetch(`${base}/@vite/client`)
    expect(client.status).toBe(200)
    expect(client.headers.get('x-lifeline-route')).toBeNull()
    await client.text()
  })

  it('takes WebSocket upgrades under the prefix', async () => {
    const ws = await openWs(`${base.replace(/^http/, 'ws')}/__lifeline/ws/echo`)
    ws.send('via vite')
    await expect.poll(() => ws.got).toEqual(['via vite'])
    ws.close()
  })

  it('leaves Vite\'s own HMR socket working', async () => {
    const token = server.config.webSocketToken
    const hmr = new WebSocket(`${base.replace(/^http/, 'ws')}/${token ? `?token=${token}` : ''}`, 'vite-hmr')
    const first = await new Promise<string>((resolve, reject) => {
      hmr.once('message', data => resolve(data.toString()))
      hmr.once('error', reject)
    })
    expect(JSON.parse(first)).toEqual({ type: 'connected' })
    hmr.close()
  })
})

describe('lifelineDemoBackend() in vite preview', () => {
  it('mounts through configurePreviewServer', async () => {
    const outDir = join(root, 'dist')
    mkdirSync(outDir, { recursive: true })
    writeFileSync(join(outDir, 'index.html'), '<!doctype html><title>built</title>')
    const server = await vite7.preview({
      configFile: false,
      root,
      logLevel: 'silent',
      plugins: [lifelineDemoBackend({ announce: false })],
      preview: { host: '127.0.0.1', port: 0, strictPort: true },
    })
    try {
      const { port } = server.httpServer.address() as AddressInfo
      expect(await getJson(`http://127.0.0.1:${port}/__lifeline/health`)).toEqual(HEALTH)
      const ws = await openWs(`ws://127.0.0.1:${port}/__lifeline/ws/echo`)
      ws.send('preview')
      await expect.poll(() => ws.got).toEqual(['preview'])
      ws.close()
    }
    finally {
      await server.close()
    }
  })
})
