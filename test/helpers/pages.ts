// Browser tests with many pages: fixture pages opened in a browser context of their own (its own
// connection pool, BroadcastChannel and Web Locks namespace), closed after each test.
import { afterEach, expect } from 'vitest'
import { commands } from 'vitest/browser'
import { channel } from './channel'

/**
 * `openTabs(n)` opens `n` pages of `fixture` in a fresh browser context and resolves with their ids once
 * each has defined `window[global]`; every context is closed after the test.
 */
export function usePages(fixture: string, global: string, poll: { timeout: number, interval: number }): { openTabs: (n: number) => Promise<string[]> } {
  const contexts: string[] = []
  afterEach(async () => {
    for (const name of contexts.splice(0))
      await commands.closeContext(name)
  })
  return {
    openTabs: async (n) => {
      const name = channel('ctx')
      contexts.push(name)
      const ids = await commands.openPages(name, fixture, n)
      for (const id of ids)
        await expect.poll(() => commands.evalInPage(id, `() => typeof window.${global}`), poll).toBe('object')
      return ids
    },
  }
}
