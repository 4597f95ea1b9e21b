import { describe, expect, it } from 'vitest'
import { LifelineError } from './errors'
import { checkCount, checkDelay, checkFunction, checkNumberAtLeast, checkOneOf, checkUrl } from './validate'

/** Runs `fn`, expects an INVALID_OPTION naming `option` (in `.option` and in the message), returns it. */
function invalid(fn: () => unknown, option: string): LifelineError {
  let caught: unknown
  try {
    fn()
  }
  catch (error) {
    caught = error
  }
  expect(caught).toBeInstanceOf(LifelineError)
  const error = caught as LifelineError
  expect(error.code).toBe('INVALID_OPTION')
  expect(error.option).toBe(option)
  expect(error.message).toContain(`\`${option}\``)
  return error
}

describe('checkDelay', () => {
  it('accepts finite numbers ≥ 0 and returns them', () => {
    expect(checkDelay('interval', 0)).toBe(0)
    expect(checkDelay('interval', 1500)).toBe(1500)
    expect(checkDelay('interval', 0.5)).toBe(0.5)
  })

  it.each([
    [-1, '-1'],
    [Number.NaN, 'NaN'],
    [Infinity, 'Infinity'],
    [-Infinity, '-Infinity'],
    ['100', '"100"'],
    [null, 'null'],
    [undefined, 'undefined'],
    [{}, '{}'],
  ])('rejects %s and shows it as %s', (value, shown) => {
    const error = invalid(() => checkDelay('interval', value), 'interval')
    expect(error.message).toContain(`got ${shown}.`)
    expect(error.message).toContain('finite number ≥ 0')
  })

  it('accepts Infinity only when allowed, never NaN or negatives', () => {
    expect(checkDelay('timeout', Infinity, true)).toBe(Infinity)
    invalid(() => checkDelay('timeout', Number.NaN, true), 'timeout')
    invalid(() => checkDelay('timeout', -Infinity, true), 'timeout')
    invalid(() => checkDelay('timeout', -5, true), 'timeout')
  })
})

describe('checkCount', () => {
  it('accepts whole numbers ≥ 0 and Infinity', () => {
    expect(checkCount('retries', 0)).toBe(0)
    expect(checkCount('retries', 7)).toBe(7)
    expect(checkCount('retries', Infinity)).toBe(Infinity)
  })

  it.each([-1, 1.5, Number.NaN, -Infinity, '3', null, true])('rejects %s', (value) => {
    invalid(() => checkCount('retries', value), 'retries')
  })
})

describe('checkNumberAtLeast', () => {
  it('accepts finite numbers ≥ min', () => {
    expect(checkNumberAtLeast('factor', 1, 1)).toBe(1)
    expect(checkNumberAtLeast('factor', 2.5, 1)).toBe(2.5)
  })

  it.each([0.99, Number.NaN, Infinity, '2'])('rejects %s', (value) => {
    const error = invalid(() => checkNumberAtLeast('factor', value, 1), 'factor')
    expect(error.message).toContain('≥ 1')
  })
})

describe('checkFunction', () => {
  it('returns the function, or undefined when optional and absent', () => {
    const fn = (): number => 1
    expect(checkFunction('onMessage', fn)).toBe(fn)
    expect(checkFunction('onMessage', undefined)).toBeUndefined()
  })

  it.each(['handler', 42, null, {}, []])('rejects non-function %s', (value) => {
    invalid(() => checkFunction('onMessage', value), 'onMessage')
  })

  it('never prints a function body in the message', () => {
    const error = invalid(() => checkOneOf('mode', () => 'secret-body', ['auto']), 'mode')
    expect(error.message).not.toContain('secret-body')
    expect(error.message).toContain('got a function')
  })
})

describe('checkOneOf', () => {
  it('accepts members and lists the allowed values otherwise', () => {
    expect(checkOneOf('mode', 'fetch', ['auto', 'native', 'fetch'] as const)).toBe('fetch')
    const error = invalid(() => checkOneOf('mode', 'xhr', ['auto', 'native', 'fetch']), 'mode')
    expect(error.message).toContain('one of "auto", "native", "fetch"')
    expect(error.message).toContain('got "xhr"')
  })

  it('shows values JSON cannot print (bigint, circular objects) without crashing', () => {
    const circular: Record<string, unknown> = {}
    circular.self = circular
    expect(invalid(() => checkOneOf('mode', 10n, ['auto']), 'mode').message).toContain('got 10')
    expect(invalid(() => checkOneOf('mode', circular, ['auto']), 'mode').message).toContain('got [object Object]')
    expect(invalid(() => checkOneOf('mode', Symbol('s'), ['auto']), 'mode').message).toContain('got Symbol(s)')
  })
})

describe('checkUrl', () => {
  it('accepts absolute URLs of the allowed schemes, as strings or URL objects', () => {
    expect(checkUrl('http://127.0.0.1:8080/sse', ['http:', 'https:'])).toBe('http://127.0.0.1:8080/sse')
    expect(checkUrl(new URL('wss://example.com/ws'), ['ws:', 'wss:'])).toBe('wss://example.com/ws')
  })

  it.each<[unknown, string]>([
    ['', 'the empty string'],
    ['/relative', 'a relative URL where there is no page to resolve it against'],
    ['ftp://example.com/x', 'another scheme'],
    ['http://', 'a malformed URL'],
    [42, 'a number'],
    [{ href: 'http://x/' }, 'an object'],
    [null, 'null'],
  ])('refuses %j (%s) with INVALID_OPTION naming url', (value) => {
    invalid(() => checkUrl(value, ['http:', 'https:']), 'url')
  })
})
