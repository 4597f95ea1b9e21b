// The guard's state machine (pure): deadlines against the wall clock, the earliest countdown first, a
// sign-out sticky, an extension that answered no new expiry never warning twice for the same one.
import type { GuardInputs } from './verdict'
import { describe, expect, it } from 'vitest'
import { judge } from './verdict'

const T = 1_000_000
const base: GuardInputs = { now: T, out: null, server: 'signed-in', expiresAt: null, extendedFor: null, warnBefore: 60_000, idleTimeout: 0, lastActive: T, idleWarnedAt: null }
const at = (patch: Partial<GuardInputs>) => judge({ ...base, ...patch })

describe('judge', () => {
  it('passes the server state through when no countdown runs, and never wakes by itself', () => {
    for (const server of ['checking', 'signed-in', 'unknown'] as const)
      expect(at({ server })).toEqual({ state: server, reason: null, remaining: null, endsAt: null, wakeAt: null })
  })

  it('a sign-out is sticky, whatever else holds', () => {
    expect(at({ out: { reason: 'kicked' }, expiresAt: T - 1, idleTimeout: 1, lastActive: 0 })).toMatchObject({ state: 'signed-out', reason: 'kicked', wakeAt: null })
    expect(at({ out: { reason: null } })).toMatchObject({ state: 'signed-out', reason: null })
  })

  it('expiry: quiet until warnBefore ahead, then a countdown in whole seconds, then ends', () => {
    const expiresAt = T + 100_000
    expect(at({ expiresAt })).toMatchObject({ state: 'signed-in', wakeAt: expiresAt - 60_000 })
    expect(at({ expiresAt, now: expiresAt - 60_000 })).toMatchObject({ state: 'warning', reason: 'expired', remaining: 60, endsAt: expiresAt, wakeAt: expiresAt - 59_000 })
    // 59.5 s left reads 60 and wakes when it becomes 59
    expect(at({ expiresAt, now: expiresAt - 59_500 })).toMatchObject({ remaining: 60, wakeAt: expiresAt - 59_000 })
    expect(at({ expiresAt, now: expiresAt - 1 })).toMatchObject({ state: 'warning', remaining: 1, wakeAt: expiresAt })
    expect(at({ expiresAt, now: expiresAt })).toMatchObject({ state: 'signed-out', reason: 'expired', ends: 'expired' })
    // a session that is already past its expiry when first seen ends at once
    expect(at({ expiresAt: T - 5 })).toMatchObject({ ends: 'expired' })
  })

  it('an expiry that is already inside the warning window warns at once with what is left', () => {
    expect(at({ expiresAt: T + 25_000 })).toMatchObject({ state: 'warning', remaining: 25 })
  })

  it('an extension that said no new expiry does not warn again for the same one, but it still ends', () => {
    const expiresAt = T + 30_000
    expect(at({ expiresAt, extendedFor: expiresAt })).toMatchObject({ state: 'signed-in', wakeAt: expiresAt })
    expect(at({ expiresAt, extendedFor: expiresAt, now: expiresAt })).toMatchObject({ ends: 'expired' })
    // a new expiry warns again
    expect(at({ expiresAt: expiresAt + 1, extendedFor: expiresAt })).toMatchObject({ state: 'warning' })
  })

  it('idle: warns idleTimeout after the last activity, ends warnBefore later; a begun warning holds', () => {
    const idle = { idleTimeout: 30_000, lastActive: T - 10_000 }
    expect(at(idle)).toMatchObject({ state: 'signed-in', wakeAt: T + 20_000 })
    expect(at({ ...idle, now: T + 20_000 })).toMatchObject({ state: 'warning', reason: 'idle', remaining: 60, endsAt: T + 80_000 })
    // later activity does not move a warning that has begun
    expect(at({ ...idle, lastActive: T + 30_000, idleWarnedAt: T + 20_000, now: T + 31_000 })).toMatchObject({ state: 'warning', remaining: 49 })
    expect(at({ ...idle, idleWarnedAt: T + 20_000, now: T + 80_000 })).toMatchObject({ state: 'signed-out', reason: 'idle', ends: 'idle' })
  })

  it('two countdowns: the one that ends first is shown, and the clock wakes for the nearest event', () => {
    const both = { idleTimeout: 10_000, lastActive: T - 10_000, expiresAt: T + 90_000 }
    // idle ends at T+60 s, expiry at T+90 s: idle shown
    expect(at(both)).toMatchObject({ state: 'warning', reason: 'idle', remaining: 60, wakeAt: T + 1000 })
    // expiry ends first
    expect(at({ ...both, expiresAt: T + 40_000 })).toMatchObject({ state: 'warning', reason: 'expired', remaining: 40 })
    // not yet warning for either: wake at the earlier start
    expect(at({ idleTimeout: 100_000, lastActive: T, expiresAt: T + 150_000 })).toMatchObject({ state: 'signed-in', wakeAt: T + 90_000 })
  })
})
