import { describe, expectTypeOf, it } from 'vitest'
import type { ResolvedBackoff } from './backoff'
import { resolveBackoff } from './backoff'
import type { Environment, PageLifecycleEvent } from './environment'
import type { LifelineErrorCode } from './errors'
import { isLifelineError, LifelineError } from './errors'
import type { ConnectionStatus, StateMachine, TransitionTable } from './machine'
import { CONNECTION_TRANSITIONS, createMachine } from './machine'
import { Registry } from './registry'
import { Store } from './subscribable'
import { checkFunction, checkOneOf } from './validate'

describe('core types', () => {
  it('LifelineError.code is the code union, not string', () => {
    const error = new LifelineError('NETWORK', 'x')
    expectTypeOf(error.code).toEqualTypeOf<LifelineErrorCode>()
    expectTypeOf<'NETWORK'>().toExtend<LifelineErrorCode>()
    expectTypeOf<'TIMEOUT'>().not.toExtend<LifelineErrorCode>()
    expectTypeOf(error.status).toEqualTypeOf<number | undefined>()
    // @ts-expect-error an unknown code is a compile error
    void new LifelineError('TIMEOUT', 'x')
  })

  it('isLifelineError narrows unknown', () => {
    const value: unknown = null
    if (isLifelineError(value))
      expectTypeOf(value).toEqualTypeOf<LifelineError>()
  })

  it('ConnectionStatus is the seven-member union and the table is keyed by it', () => {
    expectTypeOf<ConnectionStatus>().toEqualTypeOf<'idle' | 'connecting' | 'open' | 'reconnecting' | 'paused' | 'closed' | 'failed'>()
    expectTypeOf(CONNECTION_TRANSITIONS).toEqualTypeOf<TransitionTable<ConnectionStatus>>()
    const machine = createMachine(CONNECTION_TRANSITIONS, 'idle')
    expectTypeOf(machine).toEqualTypeOf<StateMachine<ConnectionStatus>>()
    expectTypeOf(machine.state).toEqualTypeOf<ConnectionStatus>()
    // @ts-expect-error not a status
    machine.transition('opened')
  })

  it('a transition table must list every state', () => {
    // @ts-expect-error `yellow` is missing
    const table: TransitionTable<'red' | 'green' | 'yellow'> = { red: ['green'], green: ['red'] }
    void table
  })

  it('Store keeps its snapshot type for getSnapshot and listeners', () => {
    interface Snap { status: ConnectionStatus, data: string | null }
    class S extends Store<Snap> {}
    const store = new S({ status: 'idle', data: null })
    expectTypeOf(store.getSnapshot()).toEqualTypeOf<Snap>()
    store.subscribe((next, previous) => {
      expectTypeOf(next).toEqualTypeOf<Snap>()
      expectTypeOf(previous).toEqualTypeOf<Snap>()
    })
    expectTypeOf(store.subscribe).returns.toEqualTypeOf<() => void>()
    // @ts-expect-error setSnapshot is protected: only the transport changes its state
    store.setSnapshot({ data: 'x' })
  })

  it('Registry.acquire returns the created subtype', () => {
    const registry = new Registry<{ close: () => void }>()
    const value = registry.acquire('k', () => ({ close() {}, extra: 1 }))
    expectTypeOf(value).toEqualTypeOf<{ close: () => void, extra: number }>()
  })

  it('resolveBackoff returns resolved options or null; validators keep types', () => {
    expectTypeOf(resolveBackoff(true)).toEqualTypeOf<ResolvedBackoff | null>()
    expectTypeOf<ResolvedBackoff['retries']>().toEqualTypeOf<number>()
    expectTypeOf(checkOneOf('mode', 'auto', ['auto', 'fetch'] as const)).toEqualTypeOf<'auto' | 'fetch'>()
    expectTypeOf(checkFunction<(x: number) => string>('parse', undefined)).toEqualTypeOf<((x: number) => string) | undefined>()
  })

  it('Environment signals carry their value types', () => {
    expectTypeOf<Environment['visibility']['get']>().returns.toEqualTypeOf<boolean>()
    expectTypeOf<Environment['lifecycle']['get']>().returns.toEqualTypeOf<PageLifecycleEvent>()
  })
})
