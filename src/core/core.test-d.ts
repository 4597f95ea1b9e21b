import { describe, expectTypeOf, it } from 'vitest'
import type { ResolvedBackoff } from './backoff'
import { resolveBackoff } from './backoff'
import type { Environment, PageLifecycleEvent } from './environment'
import type { LifelineErrorCode } from './errors'
import { isLifelineError, LifelineError } from './errors'
import type { ConnectionStatus, LifecycleEvent, LifecycleTable } from './lifecycle'
import { LIFECYCLE } from './lifecycle'
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

  it('ConnectionStatus is the seven-member union and the table is keyed by status and event', () => {
    expectTypeOf<ConnectionStatus>().toEqualTypeOf<'idle' | 'connecting' | 'open' | 'reconnecting' | 'paused' | 'closed' | 'failed'>()
    expectTypeOf(LIFECYCLE).toEqualTypeOf<LifecycleTable>()
    expectTypeOf(LIFECYCLE.open.lost).toEqualTypeOf<ConnectionStatus | undefined>()
    // @ts-expect-error not an event
    void LIFECYCLE.open.transition
    expectTypeOf<'resume'>().toExtend<LifecycleEvent>()
  })

  it('a lifecycle table must list every status', () => {
    // @ts-expect-error `failed` and others are missing
    const table: LifecycleTable = { idle: { start: 'connecting' } }
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
    expectTypeOf<ResolvedBackoff['retries']>().toEqualTypeOf<number | ((retried: number) => boolean)>()
    expectTypeOf(checkOneOf('mode', 'auto', ['auto', 'fetch'] as const)).toEqualTypeOf<'auto' | 'fetch'>()
    expectTypeOf(checkFunction<(x: number) => string>('parse', undefined)).toEqualTypeOf<((x: number) => string) | undefined>()
  })

  it('Environment signals carry their value types', () => {
    expectTypeOf<Environment['visibility']['get']>().returns.toEqualTypeOf<boolean>()
    expectTypeOf<Environment['lifecycle']['get']>().returns.toEqualTypeOf<PageLifecycleEvent>()
  })
})
