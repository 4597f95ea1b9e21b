import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { ResolvedBackoff } from './backoff'
import { BACKOFF_DEFAULTS, backoffDelay, resolveBackoff } from './backoff'
import { LifelineError } from './errors'

const options = (patch: Partial<ResolvedBackoff> = {}): ResolvedBackoff => ({ ...BACKOFF_DEFAULTS, ...patch })

/** Any valid resolved options (fractional values included), through resolveBackoff so they are valid by construction. */
const arbOptions = fc.record({
  retries: fc.oneof(fc.nat(50), fc.constant(Infinity)),
  initialDelay: fc.oneof(fc.nat(100_000), fc.double({ min: 0, max: 100_000, noNaN: true })),
  maxDelay: fc.oneof(fc.nat(200_000), fc.double({ min: 0, max: 200_000, noNaN: true })),
  factor: fc.double({ min: 1, max: 10, noNaN: true }),
  jitter: fc.boolean(),
}).map(value => resolveBackoff(value)!)

/** Math.random's range: [0, 1). */
const arbRandom = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true })

describe('resolveBackoff', () => {
  it('false → null, true / undefined → the DESIGN defaults', () => {
    expect(resolveBackoff(false)).toBeNull()
    const expected = { retries: Infinity, initialDelay: 1000, maxDelay: 30_000, factor: 2, jitter: true }
    expect(resolveBackoff(true)).toEqual(expected)
    expect(resolveBackoff(undefined)).toEqual(expected)
    expect(BACKOFF_DEFAULTS).toEqual(expected)
    expect(Object.isFrozen(BACKOFF_DEFAULTS)).toBe(true)
  })

  it('merges an object over the defaults; undefined members mean "not set"', () => {
    expect(resolveBackoff({ retries: 2, maxDelay: undefined }, 'retry'))
      .toEqual({ retries: 2, initialDelay: 1000, maxDelay: 30_000, factor: 2, jitter: true })
  })

  it('takes a predicate for `retries` (VueUse\'s `autoReconnect.retries`), and refuses other non-numbers', () => {
    const retries = (n: number): boolean => n < 3
    expect(resolveBackoff({ retries })!.retries).toBe(retries)
    expect(() => resolveBackoff({ retries: 'many' }, 'reconnect')).toThrow(expect.objectContaining({ code: 'INVALID_OPTION', option: 'reconnect.retries' }))
  })

  it.each([
    [{ retries: -1 }, 'reconnect.retries'],
    [{ retries: 1.5 }, 'reconnect.retries'],
    [{ retries: Number.NaN }, 'reconnect.retries'],
    [{ initialDelay: -10 }, 'reconnect.initialDelay'],
    [{ initialDelay: Number.NaN }, 'reconnect.initialDelay'],
    [{ maxDelay: Infinity }, 'reconnect.maxDelay'],
    [{ factor: 0.5 }, 'reconnect.factor'],
    [{ factor: Number.NaN }, 'reconnect.factor'],
    [{ jitter: 'yes' }, 'reconnect.jitter'],
    ['always', 'reconnect'],
    [null, 'reconnect'],
    [3, 'reconnect'],
    [[], 'reconnect'],
  ])('rejects %j with INVALID_OPTION naming %s', (value, option) => {
    let caught: unknown
    try {
      resolveBackoff(value as never, 'reconnect')
    }
    catch (error) {
      caught = error
    }
    expect(caught).toBeInstanceOf(LifelineError)
    expect(caught).toMatchObject({ code: 'INVALID_OPTION', option })
    expect((caught as Error).message).toContain(`\`${option}\``)
  })
})

describe('backoffDelay', () => {
  it('without jitter waits exactly min(maxDelay, initialDelay·factor^attempt)', () => {
    const o = options({ jitter: false })
    expect([0, 1, 2, 3, 4, 5, 6].map(n => backoffDelay(n, o))).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000])
  })

  it('with jitter draws from [0, ceiling] using the injected random', () => {
    const o = options()
    expect(backoffDelay(2, o, 0, () => 0)).toBe(0)
    expect(backoffDelay(2, o, 0, () => 0.5)).toBe(2000)
    expect(backoffDelay(2, o, 0, () => 0.999_999)).toBe(4000)
  })

  it('honours a server hint as the floor, even above the cap', () => {
    expect(backoffDelay(0, options(), 3000, () => 0.1)).toBe(3000)
    expect(backoffDelay(10, options({ jitter: false }), 60_000)).toBe(60_000)
    expect(backoffDelay(10, options({ jitter: false }), 100)).toBe(30_000)
  })

  it('stays a number at huge attempt counts (retries: Infinity), also with initialDelay 0', () => {
    expect(backoffDelay(5000, options({ jitter: false }))).toBe(30_000)
    expect(backoffDelay(5000, options({ initialDelay: 0, jitter: false }))).toBe(0)
    expect(backoffDelay(5000, options({ initialDelay: 0 }), 250)).toBe(250)
  })

  it('bounds the jittered ceiling by the outage age, never below 6 s nor below initialDelay', () => {
    const o = options()
    const top = (): number => 0.999_999
    // a 7-second-old outage: the 4th retry's ceiling (8 s) and later ones are 7 s, not 8, 16, 30
    expect([0, 1, 2, 3, 4, 5].map(n => backoffDelay(n, o, 0, top, 7000))).toEqual([1000, 2000, 4000, 7000, 7000, 7000])
    // young outage: the bound is 6 s, the first retries are untouched
    expect([0, 1, 2, 3].map(n => backoffDelay(n, o, 0, top, 0))).toEqual([1000, 2000, 4000, 6000])
    // old outage: maxDelay again
    expect(backoffDelay(10, o, 0, top, 120_000)).toBe(30_000)
    // a large initialDelay is never cut (factor 1: a 10 s ceiling stays 10 s)
    expect(backoffDelay(0, options({ initialDelay: 10_000, factor: 1 }), 0, top, 0)).toBe(10_000)
    // the draw is within the bounded ceiling; a server hint still wins
    expect(backoffDelay(5, o, 0, () => 0.5, 9000)).toBe(4500)
    expect(backoffDelay(5, o, 20_000, () => 0.5, 9000)).toBe(20_000)
  })

  it('without jitter the configured schedule is kept exactly, whatever the outage age', () => {
    const o = options({ jitter: false })
    expect([0, 1, 2, 3, 4, 5].map(n => backoffDelay(n, o, 0, Math.random, 7000))).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000])
  })

  it('property: the outage age never raises a delay, and never cuts it below min(6 s, initialDelay·factor^n)', () => {
    fc.assert(fc.property(arbOptions, fc.nat(60), fc.nat(200_000), arbRandom, (o, attempt, elapsed, r) => {
      const bounded = backoffDelay(attempt, o, 0, () => r, elapsed)
      const free = backoffDelay(attempt, o, 0, () => r)
      expect(bounded).toBeLessThanOrEqual(free)
      const unjittered = backoffDelay(attempt, { ...o, jitter: false }, 0, () => r, elapsed)
      expect(unjittered).toBeGreaterThanOrEqual(Math.floor(Math.min(o.maxDelay, o.initialDelay * o.factor ** attempt || 0, Math.max(6000, o.initialDelay, elapsed))))
    }), { numRuns: 2000 })
  })

  it('property: every delay is a whole number within [floor, max(floor, min(maxDelay, initialDelay·factor^n))]', () => {
    fc.assert(fc.property(
      arbOptions,
      fc.nat(2000),
      fc.oneof(fc.constant(0), fc.nat(100_000)),
      arbRandom,
      (o, attempt, floor, r) => {
        const delay = backoffDelay(attempt, o, floor, () => r)
        const ceiling = Math.min(o.maxDelay, o.initialDelay * o.factor ** attempt || 0)
        expect(Number.isInteger(delay)).toBe(true)
        expect(delay).toBeGreaterThanOrEqual(floor)
        expect(delay).toBeLessThanOrEqual(Math.max(floor, ceiling))
      },
    ), { numRuns: 2000 })
  })

  it('property: without a floor a delay never exceeds the cap maxDelay', () => {
    fc.assert(fc.property(arbOptions, fc.nat(5000), arbRandom, (o, attempt, r) => {
      const delay = backoffDelay(attempt, o, 0, () => r)
      expect(delay).toBeGreaterThanOrEqual(0)
      expect(delay).toBeLessThanOrEqual(o.maxDelay)
    }), { numRuns: 2000 })
  })

  it('property: without jitter delays never shrink as the attempt grows', () => {
    fc.assert(fc.property(arbOptions, fc.nat(200), (o, attempt) => {
      const fixed = { ...o, jitter: false }
      expect(backoffDelay(attempt + 1, fixed)).toBeGreaterThanOrEqual(backoffDelay(attempt, fixed))
    }))
  })

  it('full jitter spreads Math.random draws uniformly over [0, ceiling] (no lockstep)', () => {
    const o = options()
    const ceiling = 8000 // attempt 3
    const draws = Array.from({ length: 20_000 }, () => backoffDelay(3, o))
    const buckets = Array.from({ length: 10 }, () => 0)
    for (const delay of draws)
      buckets[Math.min(9, Math.floor(delay / (ceiling / 10)))]++
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(0)
    expect(Math.max(...draws)).toBeLessThanOrEqual(ceiling)
    // each tenth expects 2000 draws (σ ≈ 42): ±300 is > 7σ, so this only fails if the spread is wrong
    for (const count of buckets)
      expect(count).toBeGreaterThan(1700)
    for (const count of buckets)
      expect(count).toBeLessThan(2300)
    const mean = draws.reduce((a, b) => a + b, 0) / draws.length
    expect(mean).toBeGreaterThan(ceiling / 2 - 150)
    expect(mean).toBeLessThan(ceiling / 2 + 150)
    expect(new Set(draws).size).toBeGreaterThan(5000)
  })
})
