// Runs in Node: browser commands for tests that need extra tabs in the same browser context (same
// origin as the test iframe, so BroadcastChannel, Web Locks and storage are shared with the test),
// or many tabs in a browser context of their own (`openPages`): its own connection pool and its own
// BroadcastChannel / Web Locks namespace, so six busy connections there cannot stall the test page.
import type { BrowserContext, CDPSession, Page } from 'playwright'
import type { BrowserCommand } from 'vitest/node'

const pages = new Map<string, Page>()
const contexts = new Map<string, BrowserContext>()
const sessions = new Map<string, CDPSession>()
let seq = 0

const remember = (page: Page): string => {
  const id = `p${++seq}`
  pages.set(id, page)
  return id
}

const pageOf = (id: string): Page => {
  const page = pages.get(id)
  if (!page)
    throw new Error(`no page ${id}`)
  return page
}

const openPage: BrowserCommand<[path: string]> = async (ctx, path) => {
  const page = await ctx.context.newPage()
  await page.goto(new URL(path, ctx.page.url()).href)
  return remember(page)
}

/** Opens `count` pages of `path` in the isolated browser context `name` (created on first use), one after the other. */
const openPages: BrowserCommand<[name: string, path: string, count: number]> = async (ctx, name, path, count) => {
  let context = contexts.get(name)
  if (!context) {
    context = await ctx.context.browser()!.newContext()
    contexts.set(name, context)
  }
  const ids: string[] = []
  for (let i = 0; i < count; i++) {
    const page = await context.newPage()
    await page.goto(new URL(path, ctx.page.url()).href)
    ids.push(remember(page))
  }
  return ids
}

/** Closes an isolated context and every page in it. */
const closeContext: BrowserCommand<[name: string]> = async (_ctx, name) => {
  const context = contexts.get(name)
  contexts.delete(name)
  for (const [id, page] of pages) {
    if (page.context() === context) {
      pages.delete(id)
      sessions.delete(id)
    }
  }
  await context?.close()
}

const evalInPage: BrowserCommand<[id: string, fnSource: string, arg?: unknown]> = (_ctx, id, fnSource, arg) =>
  pageOf(id).evaluate(([src, a]) => (0, eval)(`(${src})`)(a), [fnSource, arg] as const)

/** Closes a page as a user closes a tab (`pagehide` runs); resolves with `Date.now()` just before. */
const closePage: BrowserCommand<[id: string]> = async (_ctx, id) => {
  const at = Date.now()
  await pages.get(id)?.close()
  pages.delete(id)
  sessions.delete(id)
  return at
}

async function cdp(id: string): Promise<CDPSession> {
  let session = sessions.get(id)
  if (!session) {
    const page = pageOf(id)
    session = await page.context().newCDPSession(page)
    sessions.set(id, session)
  }
  return session
}

/**
 * Freezes a page (`frozen`) or thaws it (`active`): no script runs, its tasks (timers, messages, lock
 * callbacks) wait, and it keeps its Web Locks, as a page the browser froze. Done with the debugger
 * (`Debugger.pause`, resolved once paused; `Debugger.resume`), because CDP
 * `Page.setWebLifecycleState` does not freeze a headless page: measured on Chromium 156, timers and
 * message handlers keep running and `visibilityState` stays `visible`. Resolves with `Date.now()`
 * when the page is frozen (or just before it is thawed).
 */
const setPageLifecycle: BrowserCommand<[id: string, state: 'frozen' | 'active']> = async (_ctx, id, state) => {
  const session = await cdp(id)
  if (state === 'active') {
    const at = Date.now()
    await session.send('Debugger.resume')
    return at
  }
  await session.send('Debugger.enable')
  const paused = new Promise(resolve => session.once('Debugger.paused', resolve))
  await session.send('Debugger.pause')
  // pauses at the next script to run (the page's own timers run within half a second)
  await paused
  return Date.now()
}

/** Crashes a page's renderer (CDP `Page.crash`): no `pagehide`, the browser frees its Web Locks. Resolves with `Date.now()` just before. */
const crashPage: BrowserCommand<[id: string]> = async (_ctx, id) => {
  const session = await cdp(id)
  const at = Date.now()
  // the session dies with the page, so the command never answers
  session.send('Page.crash').catch(() => {})
  pages.delete(id)
  sessions.delete(id)
  return at
}

/** Blocks a page's main thread for `ms` (a hung tab); returns at once with `Date.now()`. */
const hangPage: BrowserCommand<[id: string, ms: number]> = async (_ctx, id, ms) => {
  const at = Date.now()
  await pageOf(id).evaluate((ms) => {
    setTimeout(() => {
      const end = Date.now() + ms
      while (Date.now() < end) { /* busy */ }
    }, 0)
  }, ms)
  return at
}

/** Presses `key` in a page with the real keyboard (trusted input, as a user's): `Shift`, `a`, `Tab`… */
const pressKey: BrowserCommand<[id: string, key: string]> = async (_ctx, id, key) => {
  await pageOf(id).keyboard.press(key)
}

/** `fetch` from Node (outside the browser's per-host connection limit); resolves with the JSON body. */
const serverFetch: BrowserCommand<[url: string, method?: string]> = async (_ctx, url, method = 'GET') =>
  (await fetch(url, { method })).json()

// No `setOffline` command: Playwright's `context.setOffline(true)` also cuts Vitest's own RPC socket to
// the page and the run hangs. Offline tests fire `offline`/`online` and set `navigator.onLine` in the page.
export const pageCommands = { openPage, openPages, closeContext, evalInPage, closePage, crashPage, setPageLifecycle, hangPage, pressKey, serverFetch }

declare module 'vitest/browser' {
  interface BrowserCommands {
    openPage: (path: string) => Promise<string>
    openPages: (name: string, path: string, count: number) => Promise<string[]>
    closeContext: (name: string) => Promise<void>
    evalInPage: <T = unknown>(id: string, fnSource: string, arg?: unknown) => Promise<T>
    closePage: (id: string) => Promise<number>
    crashPage: (id: string) => Promise<number>
    setPageLifecycle: (id: string, state: 'frozen' | 'active') => Promise<number>
    hangPage: (id: string, ms: number) => Promise<number>
    pressKey: (id: string, key: string) => Promise<void>
    serverFetch: <T = any>(url: string, method?: string) => Promise<T>
  }
}
