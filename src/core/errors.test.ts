import { describe, expect, it } from 'vitest'
import type { LifelineErrorCode } from './errors'
import { isLifelineError, LifelineError, toLifelineError } from './errors'

const CODES: LifelineErrorCode[] = [
  'NETWORK', 'HTTP_STATUS', 'BAD_CONTENT_TYPE', 'PARSE', 'CONNECT_TIMEOUT', 'HEARTBEAT_TIMEOUT', 'IDLE_TIMEOUT',
  'CLOSED_BY_SERVER', 'RETRY_LIMIT', 'MESSAGE_TOO_LARGE', 'QUEUE_FULL', 'REQUEST_TIMEOUT', 'INVALID_OPTION',
]

describe('LifelineError', () => {
  it.each(CODES)('carries code %s, a message and the Error basics', (code) => {
    const error = new LifelineError(code, `went wrong: ${code}`)
    expect(error).toBeInstanceOf(Error)
    expect(error).toBeInstanceOf(LifelineError)
    expect(error.name).toBe('LifelineError')
    expect(error.code).toBe(code)
    expect(error.message).toBe(`went wrong: ${code}`)
    expect(error.stack).toContain('LifelineError')
    expect(String(error)).toBe(`LifelineError: went wrong: ${code}`)
  })

  it('keeps cause, status, closeCode, attempt and option when given', () => {
    const cause = new TypeError('Failed to fetch')
    const error = new LifelineError('HTTP_STATUS', 'bad status', { cause, status: 503, closeCode: 1006, attempt: 2, option: 'url' })
    expect(error.cause).toBe(cause)
    expect(error.status).toBe(503)
    expect(error.closeCode).toBe(1006)
    expect(error.attempt).toBe(2)
    expect(error.option).toBe('url')
  })

  it('keeps falsy details (status 0, attempt 0, closeCode 0) instead of dropping them', () => {
    const error = new LifelineError('NETWORK', 'x', { status: 0, attempt: 0, closeCode: 0, cause: null })
    expect(error.status).toBe(0)
    expect(error.attempt).toBe(0)
    expect(error.closeCode).toBe(0)
    expect('cause' in error).toBe(true)
    expect(error.cause).toBeNull()
  })

  it('has no own detail keys that were not given', () => {
    const error = new LifelineError('PARSE', 'x')
    expect('cause' in error).toBe(false)
    expect(Object.keys(error).sort()).toEqual(['code', 'name'])
  })
})

describe('isLifelineError', () => {
  it('recognises only LifelineError, optionally by code', () => {
    const error = new LifelineError('QUEUE_FULL', 'full')
    expect(isLifelineError(error)).toBe(true)
    expect(isLifelineError(error, 'QUEUE_FULL')).toBe(true)
    expect(isLifelineError(error, 'NETWORK')).toBe(false)
    expect(isLifelineError(new Error('plain'))).toBe(false)
    expect(isLifelineError({ name: 'LifelineError', code: 'QUEUE_FULL', message: 'duck' })).toBe(false)
    expect(isLifelineError(undefined)).toBe(false)
    expect(isLifelineError('QUEUE_FULL')).toBe(false)
  })
})

describe('toLifelineError', () => {
  it('wraps anything thrown with the given code and keeps the original as cause', () => {
    const thrown = new SyntaxError('Unexpected token')
    const error = toLifelineError(thrown, 'PARSE', 'invalid JSON', { attempt: 1 })
    expect(error).toBeInstanceOf(LifelineError)
    expect(error.code).toBe('PARSE')
    expect(error.message).toBe('invalid JSON')
    expect(error.cause).toBe(thrown)
    expect(error.attempt).toBe(1)
    const fromString = toLifelineError('boom', 'NETWORK', 'network down')
    expect(fromString.cause).toBe('boom')
  })

  it('returns an existing LifelineError unchanged (no double wrapping)', () => {
    const original = new LifelineError('HEARTBEAT_TIMEOUT', 'no pong')
    expect(toLifelineError(original, 'NETWORK', 'other')).toBe(original)
  })
})
