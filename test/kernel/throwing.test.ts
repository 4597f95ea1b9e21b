// Issue 9, "Tests": the throwing-callback matrix. Each callback (option hooks, `on()` handlers,
// `flush: 'sync'` status watchers), at each point it is reached, throws once: the connection's course
// (statuses, requests or sockets, data, the callbacks that ran) is exactly that of the same run without
// the throw, and the error still reaches the process error reporting, once (DESIGN §1, "Re-entrancy and
// callbacks").
import { describe, expect, it } from 'vitest'
import { stopScopes } from '../helpers/scopes'
import { drivers } from './drivers'
import { course, pointsOf, run } from './harness'

for (const driver of drivers) {
  describe(`${driver.name}: throwing-callback matrix`, () => {
    const points = pointsOf(driver)
    console.info(`${driver.name} throwing-callback matrix: ${points.length} points (callback × state)`)

    it.each(points.map(p => [`${p.callback} #${p.nth} throws, ${p.state}`, p]))('%s', async (_, point) => {
      const baseline = await run(driver, point.scenario)
      stopScopes()
      const bug = new Error(`user bug in ${point.callback}`)
      const result = await run(driver, point.scenario, point, () => {
        throw bug
      })
      expect(result.call, 'the callback was reached').toBeDefined()
      expect(result.escaped, 'not thrown into a caller of the library, nor left as an unhandled rejection').toEqual([])
      expect(course(result), 'the course is that of the run without the throw').toEqual(course(baseline))
      expect(result.final).toEqual(baseline.final)
      expect(result.uncaught, 'reported to the process, once').toEqual([bug])
    })
  })
}
