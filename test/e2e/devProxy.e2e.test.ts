// "Behind a dev proxy" (docs/composables/use-event-source.md), measured: an app served by Vite with
// `server.proxy` in front of its SSE backend. When the upstream connection dies, the proxy keeps the
// browser's response open and silent: native EventSource and the plain fetch reader stay `open` with
// frozen data. `idleTimeout` notices the silence and reconnects; with `retryOnStatus` it also rides out
// the proxy's 5xx answers while the upstream is down. This test keeps the docs' claims true.
import type { Browser, Page } from 'playwright-core'
import type { ViteDevServer } from 'vite'
import type { ListeningBackend } from '../../server/listen'
import { fileURLToPath } from 'node:url'
import { createServer } from 'vite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { listen } from '../../server/listen'
import { launchChromium } from './browser'

const IDLE_MS = 2000
const config = fileURLToPath(new URL('./fixtures/dev-proxy/vite.config.ts', import.meta.url))

interface Seen { status: string, n: number | null, opens: number, error: string | null }
type Snapshot = Record<'native' | 'fetch' | 'idleTimeout' | 'idleTimeoutRetry', Seen>

let upstream: ListeningBackend
let vite: ViteDevServer
let browser: Browser
let page: Page

const snapshot = (): Promise<Snapshot> => page.evaluate(() => JSON.parse(JSON.stringify((window as unknown as { seen: Snapshot }).seen)))

beforeAll(async () => {
  upstream = await listen()
  process.env.LIFELINE_UPSTREAM = upstream.url
  vite = await createServer({ configFile: config, server: { host: '127.0.0.1', port: 0 } })
  await vite.listen()
  browser = await launchChromium()
  page = await browser.newPage()
  await page.goto(`${vite.resolvedUrls!.local[0]}?channel=proxy&interval=300&idle=${IDLE_MS}`)
})

afterAll(async () => {
  await browser?.close()
  await vite?.close()
  await upstream?.close()
})

describe('SSE behind Vite\'s server.proxy when the upstream drops', () => {
  it('native and plain fetch stay open with frozen data; idleTimeout reconnects; retryOnStatus rides out the proxy\'s 5xx', { timeout: 120_000 }, async () => {
    await expect.poll(async () => Object.values(await snapshot()).every(s => s.status === 'open' && s.n !== null), { timeout: 60_000 }).toBe(true)

    // 1. the upstream connection is cut (the backend process lives on)
    const cutAt = Date.now()
    await fetch(`${upstream.url}/__lifeline/chaos/drop?channel=proxy`, { method: 'POST' })
    const frozen = await snapshot()
    await expect.poll(async () => (await snapshot()).idleTimeout.opens, { timeout: 20_000, interval: 100 }).toBe(2)
    console.info(`[dev proxy] idleTimeout ${IDLE_MS} ms: reconnected ${Date.now() - cutAt} ms after the upstream was cut`)
    await expect.poll(async () => (await snapshot()).idleTimeout.n! > frozen.idleTimeout.n!, { timeout: 10_000 }).toBe(true)
    // three idle periods later the two without idleTimeout still say open and show the same event
    await page.waitForTimeout(3 * IDLE_MS)
    const later = await snapshot()
    for (const name of ['native', 'fetch'] as const)
      expect({ name, status: later[name].status, n: later[name].n, opens: later[name].opens }).toEqual({ name, status: 'open', n: frozen[name].n, opens: 1 })

    // 2. the upstream goes down: the proxy answers 500, which the spec treats as fatal unless told
    const { port } = upstream
    await upstream.close()
    await expect.poll(async () => (await snapshot()).idleTimeout.status, { timeout: 20_000 }).toBe('failed')
    expect((await snapshot()).idleTimeout.error).toBe('HTTP_STATUS 500')
    await expect.poll(async () => (await snapshot()).idleTimeoutRetry.status, { timeout: 20_000 }).toBe('reconnecting')
    upstream = await listen({ port })
    await expect.poll(async () => (await snapshot()).idleTimeoutRetry, { timeout: 30_000 }).toMatchObject({ status: 'open', opens: 3 })
    const after = await snapshot()
    expect([after.native.opens, after.fetch.opens]).toEqual([1, 1])
  })
})
