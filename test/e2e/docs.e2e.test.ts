// The built docs as a reader gets them, in Chromium: served by a plain static server with no backend,
// every demo block must come alive on the simulated backend (marked as such) with no console error; served
// with the Node demo backend mounted (what `npm run docs:preview` does), every block uses the real one.
import type { Browser, Page } from 'playwright-core'
import type { StaticServer } from './staticServer'
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from './browser'
import { serveStatic } from './staticServer'

const root = fileURLToPath(new URL('../..', import.meta.url))
const dist = join(root, 'docs/.vitepress/dist')
/** Time for every demo of a page to show live data; generous, the machine is shared. */
const READY_TIMEOUT_MS = 60_000

function files(dir: string, keep: (file: string) => boolean, skip = new Set(['node_modules', 'dist', 'cache', '.temp'])): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory())
      return skip.has(entry.name) ? [] : files(path, keep, skip)
    return keep(path) ? [path] : []
  })
}

/** Builds the docs when there is no build, or when a docs page, a demo or the library is newer than it. */
function ensureDocsBuild(): void {
  const index = join(dist, 'index.html')
  const built = existsSync(index) ? statSync(index).mtimeMs : 0
  const sources = [...files(join(root, 'docs'), f => /\.(md|ts|vue)$/.test(f) || f.includes('/public/')), ...files(join(root, 'src'), f => /\.(ts|vue)$/.test(f) && !/\.test(-d)?\.ts$/.test(f))]
  if (built && sources.every(f => statSync(f).mtimeMs <= built))
    return
  execFileSync(process.execPath, [join(root, 'node_modules/vitepress/bin/vitepress.js'), 'build', 'docs'], { cwd: root, stdio: 'inherit' })
}

/** Every built page with demo blocks (`<DemoBlock>` renders its frame on the server) and how many. */
function demoPages(): Array<{ path: string, blocks: number }> {
  return files(dist, f => f.endsWith('.html')).map((file) => {
    const blocks = readFileSync(file, 'utf8').match(/class="ll-demo-block"/g)?.length ?? 0
    const path = `/${relative(dist, file).replace(/\\/g, '/').replace(/(index)?\.html$/, '')}`
    return { path, blocks }
  }).filter(page => page.blocks > 0)
}

interface PageRun {
  path: string
  blocks: number
  ready: number
  backends: string[]
  markers: number
  errors: string[]
}

async function visit(browser: Browser, server: StaticServer, path: string, blocks: number): Promise<PageRun> {
  const page: Page = await browser.newPage()
  const errors: string[] = []
  page.on('console', (message) => {
    if (message.type() === 'error')
      errors.push(`console.error: ${message.text()}`)
  })
  page.on('pageerror', error => errors.push(`page error: ${error.message}`))
  try {
    await page.goto(`${server.url}${path}`)
    await page.waitForFunction(
      count => document.querySelectorAll('.ll-demo-block [data-demo-ready="true"]').length >= count,
      blocks,
      { timeout: READY_TIMEOUT_MS, polling: 200 },
    ).catch(() => {})
    return {
      path,
      blocks,
      ready: await page.locator('.ll-demo-block [data-demo-ready="true"]').count(),
      backends: await page.locator('.ll-demo-block').evaluateAll(els => els.map(el => el.getAttribute('data-backend') ?? '')),
      markers: await page.locator('[data-testid="simulated-backend"]').count(),
      errors,
    }
  }
  finally {
    await page.close()
  }
}

describe('static docs build in Chromium', () => {
  let browser: Browser
  let pages: Array<{ path: string, blocks: number }>

  beforeAll(async () => {
    ensureDocsBuild()
    pages = demoPages()
    browser = await launchChromium()
  }, 300_000)
  afterAll(() => browser?.close())

  it('has pages with demo blocks (the three composables at least)', () => {
    expect(pages.reduce((sum, page) => sum + page.blocks, 0)).toBeGreaterThanOrEqual(3)
  })

  it('on the simulated backend the chaos buttons work: Drop connection → reconnecting → open, resumed', async () => {
    const server = await serveStatic(dist)
    const page = await browser.newPage()
    try {
      await page.goto(`${server.url}/composables/use-event-source`)
      const status = page.locator('.demo-sse [data-test="status"]')
      await expect.poll(() => status.textContent(), { timeout: READY_TIMEOUT_MS }).toBe('open')
      await expect.poll(async () => Number(await page.locator('[data-test="n"]').textContent()), { timeout: 10_000 }).toBeGreaterThanOrEqual(2)
      const before = Number(await page.locator('[data-test="n"]').textContent())
      await page.getByRole('button', { name: 'Drop connection' }).click()
      await expect.poll(() => status.textContent(), { timeout: 10_000, interval: 20 }).toBe('reconnecting')
      await expect.poll(() => status.textContent(), { timeout: 20_000 }).toBe('open')
      // resumed from Last-Event-ID: the numbers go on, they do not start again at 1
      await expect.poll(async () => Number(await page.locator('[data-test="n"]').textContent()), { timeout: 10_000 }).toBeGreaterThan(before)
      expect(await page.locator('[data-testid="simulated-backend"]').count()).toBe(1)
    }
    finally {
      await page.close()
      await server.close()
    }
  }, 120_000)

  it.each([
    { name: 'a plain static server, no backend', withBackend: false, backend: 'simulated' },
    { name: 'the Node demo backend mounted', withBackend: true, backend: 'real' },
  ])('served by $name: every demo block is ready on the $backend backend, no console error', async ({ withBackend, backend }) => {
    const server = await serveStatic(dist, { withBackend })
    try {
      const runs: PageRun[] = []
      for (const { path, blocks } of pages)
        runs.push(await visit(browser, server, path, blocks))
      const total = runs.reduce((sum, run) => sum + run.blocks, 0)
      const ready = runs.reduce((sum, run) => sum + run.ready, 0)
      console.info(`[docs e2e] ${backend} backend: ${ready}/${total} demo blocks ready on ${runs.length} pages`)
      expect(runs.map(run => ({ path: run.path, ready: run.ready, errors: run.errors })))
        .toEqual(runs.map(run => ({ path: run.path, ready: run.blocks, errors: [] })))
      expect(runs.flatMap(run => run.backends).every(b => b === backend)).toBe(true)
      // the marker says so exactly when the demos run on the simulated backend
      expect(runs.reduce((sum, run) => sum + run.markers, 0)).toBe(backend === 'simulated' ? total : 0)
      if (server.backend) {
        // and the Node backend really served them
        const requests = server.backend.state.channels.all().reduce((sum, channel) => sum + channel.stats.requests.length, 0)
        expect(requests).toBeGreaterThan(total)
      }
    }
    finally {
      await server.close()
    }
  }, 600_000)
})
