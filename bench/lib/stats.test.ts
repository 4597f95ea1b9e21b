import { describe, expect, it } from 'vitest'
import { alternate, toRows } from './results'
import { quantile, ratio, rotate, summarize } from './stats'

describe('bench statistics', () => {
  it('summarises with median and spread; "never" (null) sorts above every number', () => {
    expect(summarize([3, 1, 2])).toEqual({ median: 2, min: 1, max: 3, n: 3, never: 0 })
    expect(summarize([4, 1, 3, 2]).median).toBe(2.5)
    expect(summarize([5, null, 1])).toEqual({ median: 5, min: 1, max: null, n: 3, never: 1 })
    expect(summarize([null, null, 1]).median).toBeNull()
    expect(summarize([])).toEqual({ median: null, min: null, max: null, n: 0, never: 0 })
  })

  it('takes nearest-rank quantiles and safe ratios', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1)
    expect(quantile(sorted, 0.5)).toBe(50)
    expect(quantile(sorted, 0.99)).toBe(99)
    expect(quantile(sorted, 1)).toBe(100)
    expect(quantile([], 0.5)).toBeNaN()
    expect(ratio(3, 2)).toBe(1.5)
    expect([ratio(null, 2), ratio(1, 0), ratio(1, null)]).toEqual([null, null, null])
  })

  it('rotates so each repetition starts with the next contender', () => {
    expect([0, 1, 2, 3].map(k => rotate(['a', 'b', 'c'], k).join(''))).toEqual(['abc', 'bca', 'cab', 'abc'])
  })

  it('alternates contenders across repetitions and keeps every sample', async () => {
    const order: string[] = []
    const samples = await alternate(['a', 'b', 'c'], 2, async (id, rep) => {
      order.push(`${rep}${id}`)
      return { x: rep * 10 + id.charCodeAt(0) - 96 }
    }, () => {})
    expect(order).toEqual(['0a', '0b', '0c', '1b', '1c', '1a'])
    expect(samples.get('c')).toEqual([{ x: 3 }, { x: 13 }])
  })

  it('builds rows with ratios of medians to the baseline', () => {
    const metrics = [{ key: 'ms', label: 'time', unit: 'ms', better: 'lower' as const }]
    const samples = new Map([['raw', [{ ms: 10 }, { ms: 12 }, { ms: 11 }]], ['lib', [{ ms: 22 }, { ms: null }, { ms: 20 }]]])
    const rows = toRows(metrics, samples, id => ({ label: id, library: id === 'raw' ? '' : 'lib', version: '1.0.0' }), 'raw')
    expect(rows.map(r => [r.id, r.summary.ms.median, r.ratio.ms])).toEqual([['raw', 11, 1], ['lib', 22, 2]])
    expect(rows[1].samples.ms).toEqual([22, null, 20])
    expect(toRows(metrics, samples, id => ({ label: id, library: '', version: '' }))[0].ratio.ms).toBeNull()
  })
})
