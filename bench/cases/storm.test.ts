import { describe, expect, it } from 'vitest'
import { bucketize, stormSample } from './storm'

describe('storm figures', () => {
  // 4 clients; the server drops them at 0 and is back at 1000
  const attempts = [
    0, 0, 0, 0, // initial connections (before the drop: not counted while down)
    100, 400, 700, 900, // refused while down
    1000, 1010, 1050, // three in the first 100 ms after the return
    1500, // the last one
  ]
  const reopened = [1005, 1020, 1060, 1510]

  it('takes the busiest 100 ms after the return as a share of the clients, and the times back', () => {
    const sample = stormSample(attempts, reopened, 1, 1000)
    expect(sample.busiestPct).toBe(75)
    expect(sample.outageAttempts).toBe(1)
    expect(sample.t50).toBeCloseTo(0.02)
    expect(sample.t100).toBeCloseTo(0.51)
  })

  it('reports 100 % back as never when a client did not come back', () => {
    const sample = stormSample(attempts, [1005, 1020, 1060, null], 1, 1000)
    expect(sample.t100).toBeNull()
    expect(sample.t50).toBeCloseTo(0.02)
  })

  it('buckets attempts per 100 ms and the cumulative share back', () => {
    const { attempts: perBucket, backPct } = bucketize(attempts, reopened, 1000, 1600)
    expect(perBucket).toEqual([3, 0, 0, 0, 0, 1])
    expect(backPct).toEqual([75, 75, 75, 75, 75, 100])
  })
})
