import fc from 'fast-check'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { LifelineError } from './errors'
import { Registry, registry } from './registry'

describe('Registry', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('shares one value per key and counts holders', () => {
    const reg = new Registry<{ id: number }>()
    let made = 0
    const create = (): { id: number } => ({ id: ++made })
    const a = reg.acquire('sse:/feed', create)
    const b = reg.acquire('sse:/feed', create)
    const c = reg.acquire('ws:/chat', create)
    expect(a).toBe(b)
    expect(c).not.toBe(a)
    expect(made).toBe(2)
    expect(reg.count('sse:/feed')).toBe(2)
    expect(reg.count('ws:/chat')).toBe(1)
    expect(reg.count('nope')).toBe(0)
    expect(reg.keys().sort()).toEqual(['sse:/feed', 'ws:/chat'])
  })

  it('disposes once, gcTime after the last release', () => {
    const reg = new Registry<string>({ gcTime: 1000 })
    const dispose = vi.fn()
    reg.acquire('k', () => 'value', dispose)
    reg.acquire('k', () => 'other', vi.fn())
    reg.release('k')
    vi.advanceTimersByTime(5000)
    expect(dispose).not.toHaveBeenCalled()
    reg.release('k')
    expect(reg.count('k')).toBe(0)
    expect(reg.keys().includes('k')).toBe(true)
    vi.advanceTimersByTime(999)
    expect(dispose).not.toHaveBeenCalled()
    vi.advanceTimersByTime(1)
    expect(dispose).toHaveBeenCalledExactlyOnceWith('value')
    expect(reg.keys().includes('k')).toBe(false)
    vi.advanceTimersByTime(10_000)
    expect(dispose).toHaveBeenCalledOnce()
  })

  it('re-acquiring during the grace time keeps the same value and cancels disposal', () => {
    const reg = new Registry<object>({ gcTime: 1000 })
    const dispose = vi.fn()
    const first = reg.acquire('k', () => ({}), dispose)
    reg.release('k')
    vi.advanceTimersByTime(600)
    const again = reg.acquire('k', () => ({}), dispose)
    expect(again).toBe(first)
    vi.advanceTimersByTime(5000)
    expect(dispose).not.toHaveBeenCalled()
    expect(reg.count('k')).toBe(1)
    reg.release('k')
    vi.advanceTimersByTime(1000)
    expect(dispose).toHaveBeenCalledOnce()
    // after disposal a new acquire creates a fresh value
    const fresh = reg.acquire('k', () => ({}), dispose)
    expect(fresh).not.toBe(first)
  })

  it('gcTime 0 disposes at once; extra releases are ignored', () => {
    const reg = new Registry<number>({ gcTime: 0 })
    const dispose = vi.fn()
    reg.acquire('k', () => 1, dispose)
    reg.release('k')
    expect(dispose).toHaveBeenCalledOnce()
    expect(reg.keys().includes('k')).toBe(false)
    reg.release('k')
    reg.release('never')
    expect(dispose).toHaveBeenCalledOnce()
  })

  it('a second release during the grace time does not go negative or double-dispose', () => {
    const reg = new Registry<number>({ gcTime: 100 })
    const dispose = vi.fn()
    reg.acquire('k', () => 1, dispose)
    reg.release('k')
    reg.release('k')
    expect(reg.count('k')).toBe(0)
    reg.acquire('k', () => 2, dispose)
    expect(reg.count('k')).toBe(1)
    vi.advanceTimersByTime(1000)
    expect(dispose).not.toHaveBeenCalled()
  })

  it('clear() disposes everything now, including values in their grace time, and cancels their timers', () => {
    const reg = new Registry<string>({ gcTime: 1000 })
    const dispose = vi.fn()
    reg.acquire('a', () => 'A', dispose)
    reg.acquire('b', () => 'B', dispose)
    reg.release('b')
    reg.clear()
    expect(dispose.mock.calls.map(c => c[0]).sort()).toEqual(['A', 'B'])
    expect(reg.keys()).toEqual([])
    expect(vi.getTimerCount()).toBe(0)
  })

  it('a create() that throws leaves nothing registered', () => {
    const reg = new Registry()
    expect(() => reg.acquire('k', () => {
      throw new Error('no socket')
    })).toThrow('no socket')
    expect(reg.keys().includes('k')).toBe(false)
    expect(reg.acquire('k', () => 'ok')).toBe('ok')
  })

  it.each([-1, Number.NaN, Infinity, '100'])('rejects gcTime %s with INVALID_OPTION', (gcTime) => {
    expect(() => new Registry({ gcTime: gcTime as number })).toThrowError(LifelineError)
    expect(() => new Registry({ gcTime: gcTime as number })).toThrowError(/`gcTime`/)
  })

  it('the page-wide registry is a Registry with a 1 s grace time', () => {
    expect(registry).toBeInstanceOf(Registry)
    const dispose = vi.fn()
    registry.acquire('test:page-wide', () => 1, dispose)
    registry.release('test:page-wide')
    vi.advanceTimersByTime(999)
    expect(dispose).not.toHaveBeenCalled()
    vi.advanceTimersByTime(1)
    expect(dispose).toHaveBeenCalledOnce()
  })
})

type Op = { kind: 'acquire', key: string } | { kind: 'release', key: string } | { kind: 'wait', ms: number }

const arbOp: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('acquire' as const), key: fc.constantFrom('a', 'b', 'c') }),
  fc.record({ kind: fc.constant('release' as const), key: fc.constantFrom('a', 'b', 'c') }),
  fc.record({ kind: fc.constant('wait' as const), ms: fc.integer({ min: 0, max: 250 }) }),
)

describe('Registry properties (fast-check)', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('for any sequence of acquire / release / time: counts match, one create per live period, one dispose per value, only after the grace time', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 200 }), fc.array(arbOp, { maxLength: 80 }), (gcTime, ops) => {
      vi.clearAllTimers()
      vi.setSystemTime(0)
      const reg = new Registry<{ key: string, serial: number }>({ gcTime })
      // model: holders per key, the live value, and when its grace time started (null while held)
      const model = new Map<string, { holders: number, value: { key: string, serial: number }, idleSince: number | null }>()
      const created: Array<{ key: string, serial: number }> = []
      const disposed: Array<{ value: { key: string, serial: number }, at: number }> = []
      let serial = 0
      const now = (): number => Date.now()

      for (const op of ops) {
        if (op.kind === 'acquire') {
          const value = reg.acquire(op.key, () => {
            const made = { key: op.key, serial: ++serial }
            created.push(made)
            return made
          }, v => disposed.push({ value: v, at: now() }))
          const entry = model.get(op.key)
          if (entry) {
            // re-acquire, also during the grace time: same value, disposal cancelled
            expect(value).toBe(entry.value)
            entry.holders++
            entry.idleSince = null
          }
          else {
            expect(created.at(-1)).toBe(value)
            model.set(op.key, { holders: 1, value, idleSince: null })
          }
        }
        else if (op.kind === 'release') {
          reg.release(op.key)
          const entry = model.get(op.key)
          if (entry && entry.holders > 0) {
            entry.holders--
            if (entry.holders === 0) {
              entry.idleSince = now()
              if (gcTime === 0)
                model.delete(op.key)
            }
          }
        }
        else {
          vi.advanceTimersByTime(op.ms)
          for (const [key, entry] of model) {
            if (entry.idleSince !== null && now() - entry.idleSince >= gcTime)
              model.delete(key)
          }
        }
        for (const key of ['a', 'b', 'c']) {
          expect(reg.count(key)).toBe(model.get(key)?.holders ?? 0)
          expect(reg.keys().includes(key)).toBe(model.has(key))
        }
      }

      // every disposed value was created, disposed once, and only when its key was not live any more
      const disposedValues = disposed.map(d => d.value)
      expect(new Set(disposedValues).size).toBe(disposedValues.length)
      for (const value of disposedValues)
        expect(created).toContain(value)
      for (const value of created) {
        const live = [...model.values()].some(entry => entry.value === value)
        expect(disposedValues.includes(value)).toBe(!live)
      }
      // one create per live period: values of one key never overlap in time
      for (const key of ['a', 'b', 'c']) {
        const ofKey = created.filter(v => v.key === key)
        for (let i = 0; i < ofKey.length - 1; i++)
          expect(disposedValues).toContain(ofKey[i])
      }
      reg.clear()
    }), { numRuns: 500 })
  })

  it('disposal happens exactly gcTime after the last release, not before', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 1, max: 5 }), (gcTime, holders) => {
      vi.clearAllTimers()
      vi.setSystemTime(0)
      const reg = new Registry<number>({ gcTime })
      const dispose = vi.fn()
      for (let i = 0; i < holders; i++)
        reg.acquire('k', () => 1, dispose)
      for (let i = 0; i < holders; i++)
        reg.release('k')
      vi.advanceTimersByTime(gcTime - 1)
      expect(dispose).not.toHaveBeenCalled()
      vi.advanceTimersByTime(1)
      expect(dispose).toHaveBeenCalledOnce()
    }), { numRuns: 200 })
  })
})
