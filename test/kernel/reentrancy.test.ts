// Issue 9, "Tests": the re-entrancy matrix. Every public method of each composable, called from every
// callback (option hooks, `on()` handlers, `flush: 'sync'` status watchers) in every state that callback
// is reached in, keeps its promise when it returns and afterwards (DESIGN §1, "Re-entrancy and callbacks").
// The cells are generated from each driver's tables: methods × points (callback × state).
import type { Run } from './harness'
import { describe, expect, it } from 'vitest'
import { watch } from 'vue'
import { useEventSource } from '../../src/index'
import { inScope, stopScopes } from '../helpers/scopes'
import { drivers } from './drivers'
import { after, flush, pointsOf, run } from './harness'
import { fakeSseServer } from './sse'

for (const driver of drivers) {
  describe(`${driver.name}: re-entrancy matrix`, () => {
    const points = pointsOf(driver)
    const methods = Object.keys(driver.methods)
    const cells = methods.flatMap(method => points.map(point => ({ method, point })))
    console.info(`${driver.name} re-entrancy matrix: ${methods.length} methods × ${points.length} points (callback × state) = ${cells.length} cells`)
    const baselines = new Map<string, Run>()
    const baseline = async (scenario: string): Promise<Run> => {
      if (!baselines.has(scenario))
        baselines.set(scenario, await run(driver, scenario))
      stopScopes()
      return baselines.get(scenario)!
    }

    it.each(driver.scenarios.map(s => [s.name]))('scenario "%s" reaches each of its points, throws nothing', async (name) => {
      const b = await baseline(name)
      expect([b.uncaught, b.escaped]).toEqual([[], []])
      for (const point of points.filter(p => p.scenario === name))
        expect(b.counts.get(point.callback) ?? 0, `${point.callback} #${point.nth}`).toBeGreaterThanOrEqual(point.nth)
    })

    it.each(cells.map(c => [`${c.method}() from ${c.point.callback} #${c.point.nth}, ${c.point.state}`, c]))('%s', async (_, { method, point }) => {
      const b = await baseline(point.scenario)
      const result = await run(driver, point.scenario, point, driver.methods[method]!.call)
      expect(result.call, 'the callback was reached').toBeDefined()
      expect(result.uncaught, 'nothing thrown').toEqual([])
      expect(result.escaped, 'nothing thrown into a caller or left as an unhandled rejection').toEqual([])
      driver.methods[method]!.check(result.call!, result, b, result.w)
    })
  })
}

describe('a shared connection: a caller\'s sync status watcher that closes it', () => {
  it('leaves every caller reading closed (no caller is handed the older snapshot afterwards)', async () => {
    const { fetch, calls } = fakeSseServer()
    const options = { fetch, shared: true, retry: { initialDelay: 100, jitter: false } }
    const a = inScope(() => useEventSource('http://sse.test/shared', options))
    const b = inScope(() => useEventSource('http://sse.test/shared', options))
    a.scope.run(() => watch(a.status, (s) => {
      if (s === 'reconnecting')
        a.close()
    }, { flush: 'sync' }))
    await flush()
    expect(calls).toHaveLength(1)
    calls[0]!.end()
    await flush()
    expect([a.status.value, b.status.value]).toEqual(['closed', 'closed'])
    expect([a.retryIn.value, b.retryIn.value]).toEqual([null, null])
    await after(60_000)
    expect(calls).toHaveLength(1)
  })
})
