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
  leaderOf: (ids: string[], group: string) => Promise<string>
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
    leaderOf: async (ids, group) => {
      // The pages ask for leadership in the order they join, but each only once its tabs code has loaded,
      // so on a loaded machine the first page need not lead: ask the lock manager which page holds the
      // group's lock (`vue-lifeline:tabs:<group>…`), once exactly one does.
      let leader = ''
      await expect.poll(async () => {
        const held = await Promise.all(ids.map(id => commands.evalInPage<string[]>(id, HELD_LOCKS)))
        const leaders = ids.filter((_, i) => held[i]!.some(name => name.startsWith(`vue-lifeline:tabs:${group}`)))
        leader = leaders[0] ?? ''
        return leaders.length
      }, poll).toBe(1)
      return leader
    },
  }
}

/** In a page: the names of the Web Locks this page holds (its own client id found through a probe lock). */
const HELD_LOCKS = `async () => {
  const probe = 'probe:' + Math.random()
  return navigator.locks.request(probe, async () => {
    const { held = [] } = await navigator.locks.query()
    const me = held.find(lock => lock.name === probe).clientId
    return held.filter(lock => lock.clientId === me && lock.name !== probe).map(lock => lock.name)
  })
}`
