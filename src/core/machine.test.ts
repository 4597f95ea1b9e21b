import { afterEach, describe, expect, it, vi } from 'vitest'
import type { ConnectionStatus, TransitionTable } from './machine'
import { CONNECTION_STATUSES, CONNECTION_TRANSITIONS, createMachine } from './machine'

const pairs = CONNECTION_STATUSES.flatMap(from => CONNECTION_STATUSES.map(to => [from, to] as const))

describe('createMachine over CONNECTION_TRANSITIONS', () => {
  afterEach(() => {
    vi.restoreAllMocks()
  })

  it('covers every status of the DESIGN vocabulary, in display order', () => {
    expect(CONNECTION_STATUSES).toEqual(['idle', 'connecting', 'open', 'reconnecting', 'paused', 'closed', 'failed'])
    expect(Object.keys(CONNECTION_TRANSITIONS).sort()).toEqual([...CONNECTION_STATUSES].sort())
  })

  it.each(pairs)('%s → %s: allowed exactly when the table lists it', (from, to) => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const seen: Array<[ConnectionStatus, ConnectionStatus]> = []
    const machine = createMachine(CONNECTION_TRANSITIONS, from, (next, previous) => seen.push([next, previous]))
    const listed = CONNECTION_TRANSITIONS[from].includes(to)
    expect(machine.can(to)).toBe(listed)
    const moved = machine.transition(to)
    if (from === to) {
      // staying in place is not a move and not a bug: no callback, no warning
      expect(moved).toBe(false)
      expect(machine.state).toBe(from)
      expect(seen).toEqual([])
      expect(warn).not.toHaveBeenCalled()
    }
    else if (listed) {
      expect(moved).toBe(true)
      expect(machine.state).toBe(to)
      expect(seen).toEqual([[to, from]])
      expect(warn).not.toHaveBeenCalled()
    }
    else {
      expect(moved).toBe(false)
      expect(machine.state).toBe(from)
      expect(seen).toEqual([])
      expect(warn).toHaveBeenCalledOnce()
      expect(warn.mock.calls[0][0]).toBe(`[vue-lifeline] refused transition ${from} → ${to}`)
    }
  })

  it('the table encodes the DESIGN rules', () => {
    const allowed = (from: ConnectionStatus, to: ConnectionStatus): boolean => CONNECTION_TRANSITIONS[from].includes(to)
    for (const from of CONNECTION_STATUSES) {
      // no self-loops in the table (a no-op is not a transition), nothing returns to idle
      expect(allowed(from, from)).toBe(false)
      expect(allowed(from, 'idle')).toBe(false)
      // close() works from everywhere
      if (from !== 'closed')
        expect(allowed(from, 'closed')).toBe(true)
      // every status can (re)start with open()
      if (from !== 'connecting')
        expect(allowed(from, 'connecting')).toBe(true)
    }
    // every live status can pause and fail; a failed one must be restarted, not resumed
    for (const live of ['connecting', 'open', 'reconnecting'] as const) {
      expect(allowed(live, 'paused')).toBe(true)
      expect(allowed(live, 'failed')).toBe(true)
    }
    expect(allowed('failed', 'paused')).toBe(false)
    expect(allowed('failed', 'open')).toBe(false)
    expect(allowed('closed', 'open')).toBe(false)
    // the native EventSource retries by itself: reconnecting may go straight to open
    expect(allowed('reconnecting', 'open')).toBe(true)
  })

  it('does not warn in production builds', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    vi.stubEnv('NODE_ENV', 'production')
    try {
      const machine = createMachine(CONNECTION_TRANSITIONS, 'idle')
      expect(machine.transition('open')).toBe(false)
      expect(warn).not.toHaveBeenCalled()
    }
    finally {
      vi.unstubAllEnvs()
    }
  })

  it('walks a whole connection life and reports every step', () => {
    const steps: string[] = []
    const machine = createMachine(CONNECTION_TRANSITIONS, 'idle', (to, from) => steps.push(`${from}>${to}`))
    for (const to of ['connecting', 'open', 'reconnecting', 'connecting', 'open', 'paused', 'connecting', 'failed', 'connecting', 'closed'] as const)
      expect(machine.transition(to)).toBe(true)
    expect(steps).toEqual(['idle>connecting', 'connecting>open', 'open>reconnecting', 'reconnecting>connecting', 'connecting>open', 'open>paused', 'paused>connecting', 'connecting>failed', 'failed>connecting', 'connecting>closed'])
  })

  it('works with any small table', () => {
    type Light = 'red' | 'green' | 'yellow'
    const table: TransitionTable<Light> = { red: ['green'], green: ['yellow'], yellow: ['red'] }
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const light = createMachine(table, 'red')
    expect(light.transition('yellow')).toBe(false)
    expect(warn).toHaveBeenCalledOnce()
    expect(light.transition('green')).toBe(true)
    expect(light.transition('yellow')).toBe(true)
    expect(light.transition('red')).toBe(true)
    expect(light.state).toBe('red')
  })
})
