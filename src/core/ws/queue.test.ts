import { describe, expect, it } from 'vitest'
import { byteSize, SendQueue } from './queue'

describe('SendQueue', () => {
  it('counts text as UTF-8 bytes, binary by byteLength', () => {
    expect(byteSize('abc')).toBe(3)
    expect(byteSize('é')).toBe(2)
    expect(byteSize('😀')).toBe(4)
    expect(byteSize(new Uint8Array(7))).toBe(7)
    expect(byteSize(new ArrayBuffer(5))).toBe(5)
    expect(byteSize(new Blob(['xyz']))).toBe(3)
  })

  it('refuses past max messages, keeps what it holds', () => {
    const q = new SendQueue(2, Infinity)
    expect(q.push('a')).toBe(true)
    expect(q.push('b')).toBe(true)
    expect(q.push('c')).toBe(false)
    expect(q.length).toBe(2)
  })

  it('refuses past maxBytes counted in UTF-8', () => {
    const q = new SendQueue(100, 4)
    expect(q.push('ab')).toBe(true)
    expect(q.push('é')).toBe(true) // 2 bytes → 4
    expect(q.push('x')).toBe(false)
    expect(q.bytes).toBe(4)
  })

  it('flushes in order and stops at a refusal without losing or repeating anything', () => {
    const q = new SendQueue(100, Infinity)
    for (const m of ['1', '2', '3', '4'])
      q.push(m)
    const out: unknown[] = []
    q.flush(d => d !== '3' && out.push(d) > 0)
    expect(out).toEqual(['1', '2'])
    expect(q.length).toBe(2)
    q.flush(d => out.push(d) > 0)
    expect(out).toEqual(['1', '2', '3', '4'])
    expect(q.length).toBe(0)
    expect(q.bytes).toBe(0)
  })

  it('clear drops everything', () => {
    const q = new SendQueue(10, 100)
    q.push('abc')
    q.clear()
    expect([q.length, q.bytes]).toEqual([0, 0])
  })
})
