import type { Hostable, SharedAcrossTabs, TabGroup } from '.'
import type { LifelineError } from '../errors'
import { describe, expectTypeOf, it } from 'vitest'
import { createTabGroup, shareAcrossTabs } from '.'

interface Snap { status: string, n: number }

describe('tabs types', () => {
  it('createTabGroup types messages, requests and replies', () => {
    const group = createTabGroup<{ type: 'logout' }, { op: 'refresh' }, boolean>('session')
    expectTypeOf(group).toEqualTypeOf<TabGroup<{ type: 'logout' }, { op: 'refresh' }, boolean>>()
    expectTypeOf(group.request({ op: 'refresh' })).toEqualTypeOf<Promise<boolean>>()
    group.onMessage((message, from) => {
      expectTypeOf(message).toEqualTypeOf<{ type: 'logout' }>()
      expectTypeOf(from).toEqualTypeOf<string>()
    })
    group.handle(payload => payload.op === 'refresh')
    // @ts-expect-error a message of another shape
    group.post({ type: 'login' })
    // @ts-expect-error the handler must answer a boolean
    group.handle(() => 'yes')
  })

  it('shareAcrossTabs keeps the snapshot and transport types', () => {
    class Counter implements Hostable<Snap> {
      getSnapshot = (): Snap => ({ status: 'open', n: 1 })
      subscribe = (_listener: (s: Snap, p: Snap) => void) => () => {}
      listen = (_listener: (name: string, args: unknown[]) => void) => () => {}
      dispose = (): void => {}
      bump = (): number => 2
    }
    const shared = shareAcrossTabs<Snap, Counter>('k', { initial: { status: 'connecting', n: 0 }, create: () => new Counter(), onError: (e) => expectTypeOf(e).toEqualTypeOf<LifelineError>() })
    expectTypeOf(shared).toEqualTypeOf<SharedAcrossTabs<Snap, Counter>>()
    expectTypeOf(shared.getSnapshot()).toEqualTypeOf<Snap>()
    expectTypeOf(shared.transport).toEqualTypeOf<Counter | null>()
    expectTypeOf(shared.call('bump')).toEqualTypeOf<Promise<unknown>>()
    // @ts-expect-error `initial` must be a snapshot
    shareAcrossTabs<Snap, Counter>('k', { initial: { status: 1 }, create: () => new Counter() })
  })
})
