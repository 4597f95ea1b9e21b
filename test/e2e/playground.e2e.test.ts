// The playground as a user drives it, in Chromium against its own Vite dev server (demo backend mounted):
// chaos applies at once and reads back after a reload, Reset clears it, nav items are real links with a
// title of their own, and the layout holds at a phone's width.
import type { Browser, Page } from 'playwright-core'
import type { ViteDevServer } from 'vite'
import { fileURLToPath } from 'node:url'
import { createServer } from 'vite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from './browser'

const config = fileURLToPath(new URL('../../playground/vite.config.ts', import.meta.url))
let server: ViteDevServer
let browser: Browser
let base = ''

beforeAll(async () => {
  server = await createServer({ configFile: config, logLevel: 'warn', server: { host: '127.0.0.1', port: 0, strictPort: false } })
  await server.listen()
  base = server.resolvedUrls!.local[0].replace(/\/$/, '')
  browser = await launchChromium()
})

afterAll(async () => {
  await browser?.close()
  await server?.close()
})

const chaosState = async (): Promise<{ latency: number, offlineUntil: number, now: number }> => (await fetch(`${base}/__lifeline/chaos/state`)).json()

async function open(path: string, viewport = { width: 1280, height: 900 }): Promise<Page> {
  const page = await browser.newPage({ viewport })
  await page.goto(`${base}${path}`)
  await page.getByTestId('backend-health').filter({ hasText: 'backend up' }).waitFor({ timeout: 60_000 })
  return page
}

describe('playground in Chromium', () => {
  it('latency applies at once, survives a reload (read back from the backend), and Reset clears it', async () => {
    const page = await open('/useEventSource')
    try {
      const input = page.getByTestId('chaos-latency').locator('input')
      await input.fill('800')
      await input.press('Enter')
      await expect.poll(async () => (await chaosState()).latency, { timeout: 10_000 }).toBe(800)
      await expect.poll(() => page.getByTestId('chaos-state-latency').textContent()).toContain('latency 800 ms')

      await page.reload()
      await expect.poll(() => page.getByTestId('chaos-state-latency').textContent(), { timeout: 30_000 }).toContain('latency 800 ms')
      expect(await input.inputValue()).toBe('800')

      await page.getByTestId('chaos-reset').click()
      await expect.poll(async () => (await chaosState()).latency, { timeout: 10_000 }).toBe(0)
      await expect.poll(() => page.getByTestId('chaos-state-latency').textContent()).toContain('latency 0 ms')
      expect(await input.inputValue()).toBe('0')
    }
    finally {
      await fetch(`${base}/__lifeline/chaos/reset`, { method: 'POST' })
      await page.close()
    }
  })

  it('offline shows a countdown; "go down" also drops the demo\'s open connections, "refuse" keeps them', async () => {
    const page = await open('/useEventSource')
    try {
      const status = page.locator('[data-test="status"]')
      await expect.poll(() => status.textContent(), { timeout: 30_000 }).toBe('open')
      const channel = await page.locator('[data-test="channel"]').textContent()
      // target the demo's own channel, as a user picks it from the list
      await page.getByTestId('chaos-target').click()
      await page.getByRole('option', { name: new RegExp(`^${channel} `) }).click()

      await page.getByText('Refuse new connections (open ones stay up)').click()
      await page.getByTestId('chaos-offline').click()
      await expect.poll(() => page.getByTestId('chaos-state-offline').textContent(), { timeout: 10_000 }).toMatch(/refusing new connections: \d+ s left/)
      await page.waitForTimeout(1500)
      expect(await status.textContent()).toBe('open')

      await page.getByText('Go down (also drops open connections)').click()
      await page.getByTestId('chaos-offline').click()
      await expect.poll(() => status.textContent(), { timeout: 10_000 }).toBe('reconnecting')
      await page.getByTestId('chaos-reset').click()
      await expect.poll(() => status.textContent(), { timeout: 30_000 }).toBe('open')
    }
    finally {
      await page.close()
    }
  })

  it('nav items are real links that open in a new page, each page with its own title, heading and docs link', async () => {
    const page = await open('/useEventSource')
    try {
      await expect.poll(() => page.title(), { timeout: 30_000 }).toBe('useEventSource · vue-lifeline playground')
      expect(await page.locator('main h2').textContent()).toBe('useEventSource')
      expect(await page.getByTestId('docs-link').getAttribute('href')).toMatch(/composables\/use-event-source/)
      const link = page.locator('nav a', { hasText: 'useWebSocketAuto' })
      expect(await link.getAttribute('href')).toBe('/useWebSocketAuto')
      const [opened] = await Promise.all([page.context().waitForEvent('page'), link.click({ modifiers: ['Control'] })])
      await opened.waitForLoadState()
      await expect.poll(() => opened.title(), { timeout: 30_000 }).toBe('useWebSocketAuto · vue-lifeline playground')
      expect(await opened.locator('main h2').textContent()).toBe('useWebSocketAuto')
      expect(page.url()).toBe(`${base}/useEventSource`)
      await opened.close()
    }
    finally {
      await page.close()
    }
  })

  it('is usable at 390 px: the demo gets the width, the chaos panel goes under it; the dark-mode labels are readable', async () => {
    const page = await open('/useWebSocketAuto', { width: 390, height: 844 })
    try {
      await page.locator('[data-demo-ready="true"]').waitFor({ timeout: 30_000 })
      // one layout, measured at once
      const [main, panel] = await page.evaluate(() => ['main', '.playground__chaos'].map((selector) => {
        const { y, width, height } = document.querySelector(selector)!.getBoundingClientRect()
        return { y, width, height }
      }))
      expect(main.width).toBeGreaterThanOrEqual(350)
      expect(panel.y).toBeGreaterThanOrEqual(main.y + main.height - 1)
      // no horizontal scrolling of the page
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
      // the switch's labels sit on the page background in text colours: contrast ≥ 4.5 (WCAG AA), both themes
      for (const dark of [false, true]) {
        await page.evaluate(on => document.documentElement.classList.toggle('dark', on), dark)
        const contrast = (): Promise<number[]> => page.locator('.el-switch__label').evaluateAll((labels) => {
          const rgb = (css: string): number[] => css.match(/[\d.]+/g)!.slice(0, 3).map(Number)
          const lum = ([r, g, b]: number[]): number => {
            const c = [r, g, b].map(v => v / 255).map(v => v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)
            return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]
          }
          const background = lum(rgb(getComputedStyle(document.body).backgroundColor))
          return labels.map((label) => {
            const fg = lum(rgb(getComputedStyle(label).color))
            return (Math.max(fg, background) + 0.05) / (Math.min(fg, background) + 0.05)
          })
        })
        // polled: the theme switch fades colours in
        await expect.poll(async () => Math.min(...await contrast()), { timeout: 5000 }).toBeGreaterThanOrEqual(4.5)
        expect(await contrast()).toHaveLength(2)
      }
    }
    finally {
      await page.close()
    }
  })
})
