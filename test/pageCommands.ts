// Runs in Node: browser commands for tests that need extra tabs in the same browser context (same
// origin as the test iframe, so BroadcastChannel, Web Locks and storage are shared with the test).
import type { Page } from 'playwright'
import type { BrowserCommand } from 'vitest/node'

const pages = new Map<string, Page>()
let seq = 0

const openPage: BrowserCommand<[path: string]> = async (ctx, path) => {
  const page = await ctx.context.newPage()
  await page.goto(new URL(path, ctx.page.url()).href)
  const id = `p${++seq}`
  pages.set(id, page)
  return id
}

const evalInPage: BrowserCommand<[id: string, fnSource: string, arg?: unknown]> = (_ctx, id, fnSource, arg) => {
  const page = pages.get(id)
  if (!page)
    throw new Error(`no page ${id}`)

  return page.evaluate(([src, a]) => (0, eval)(`(${src})`)(a), [fnSource, arg] as const)
}

const closePage: BrowserCommand<[id: string]> = async (_ctx, id) => {
  await pages.get(id)?.close()
  pages.delete(id)
}

// No `setOffline` command: Playwright's `context.setOffline(true)` also cuts Vitest's own RPC socket to
// the page and the run hangs. Offline tests fire `offline`/`online` and set `navigator.onLine` in the page.
export const pageCommands = { openPage, evalInPage, closePage }

declare module 'vitest/browser' {
  interface BrowserCommands {
    openPage: (path: string) => Promise<string>
    evalInPage: <T = unknown>(id: string, fnSource: string, arg?: unknown) => Promise<T>
    closePage: (id: string) => Promise<void>
  }
}
