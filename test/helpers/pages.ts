// Browser tests with many pages: fixture pages opened in a browser context of their own (its own
// connection pool, BroadcastChannel and Web Locks namespace), closed after each test.
import { afterEach, expect } from 'vitest'
import { commands } from 'vitest/browser'
import { channel } from './channel'

/**
 * `openTabs(n)` opens `n` pages of `fixture` in a fresh browser context and resolves with their ids once
 * each has defined `window[global]`; `addTabs(n)` opens `n` more in the context of the last `openTabs`
 * (the same origin's tabs, as a user opens another). Every context is closed after the test.
 */
export function usePages(fixture: string, global: string, poll: { timeout: number, interval: number }): {
  openTabs: (n: number) => Promise<string[]>
  addTabs: (n: number) => Promise<string[]>
} {
  const contexts: string[] = []
  afterEach(async () => {
    for (const name of contexts.splice(0))
      await commands.closeContext(name)
  })
  const open = async (name: string, n: number): Promise<string[]> => {
    const ids = await commands.openPages(name, fixture, n)
    for (const id of ids)
      await expect.poll(() => commands.evalInPage(id, `() => typeof window.${global}`), poll).toBe('object')
    return ids
  }
  return {
    openTabs: (n) => {
      const name = channel('ctx')
      contexts.push(name)
      return open(name, n)
    },
    addTabs: n => open(contexts.at(-1)!, n),
  }
}
