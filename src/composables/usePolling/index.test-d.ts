import type { ShallowRef } from 'vue'
import type { ConnectionStatus, LifelineError, PollContext } from '../../core'
import { describe, expectTypeOf, it } from 'vitest'
import { computed, shallowRef } from 'vue'
import { usePolling } from '.'

interface Job { id: string, progress: number, done: boolean }
interface Feed { events: { id: number }[], cursor: number }

describe('usePolling types', () => {
  it('infers the data type from the fetcher and returns readonly shallow refs', () => {
    const p = usePolling(async ({ signal, attempt, cursor, previous }) => {
      expectTypeOf(signal).toEqualTypeOf<AbortSignal>()
      expectTypeOf(attempt).toEqualTypeOf<number>()
      // `any`, so that `T` is inferred from the return type
      expectTypeOf(previous).toBeAny()
      expectTypeOf(cursor).toBeAny()
      return { id: 'a', progress: 1, done: true } as Job
    }, { until: job => job.done })
    expectTypeOf(p.data).toEqualTypeOf<Readonly<ShallowRef<Job | undefined>>>()
    expectTypeOf(p.status).toEqualTypeOf<Readonly<ShallowRef<ConnectionStatus>>>()
    expectTypeOf(p.error).toEqualTypeOf<Readonly<ShallowRef<LifelineError | null>>>()
    expectTypeOf(p.isFetching).toEqualTypeOf<Readonly<ShallowRef<boolean>>>()
    expectTypeOf(p.attempt).toEqualTypeOf<Readonly<ShallowRef<number>>>()
    expectTypeOf(p.retryIn).toEqualTypeOf<Readonly<ShallowRef<number | null>>>()
    expectTypeOf(p.lastUpdatedAt).toEqualTypeOf<Readonly<ShallowRef<number | null>>>()
    // readonly: no assignment
    // @ts-expect-error the refs are readonly
    p.data.value = undefined
    expectTypeOf(p.refresh).toEqualTypeOf<() => void>()
  })

  it('takes the data type explicitly for a URL, a ref or a computed URL; the cursor type flows', () => {
    const feed = usePolling<Feed, number>('/__lifeline/poll/long', {
      long: true,
      cursor: (data, previous) => {
        expectTypeOf(data).toEqualTypeOf<Feed>()
        expectTypeOf(previous).toEqualTypeOf<number | undefined>()
        return data.cursor
      },
      onUpdate: data => expectTypeOf(data).toEqualTypeOf<Feed>(),
      onError: error => expectTypeOf(error).toEqualTypeOf<LifelineError>(),
    })
    expectTypeOf(feed.data.value).toEqualTypeOf<Feed | undefined>()
    feed.on('update', data => expectTypeOf(data).toEqualTypeOf<Feed>())
    feed.on('error', error => expectTypeOf(error).toEqualTypeOf<LifelineError>())
    // @ts-expect-error unknown event name
    feed.on('message', () => {})

    const url = shallowRef<string | null>(null)
    usePolling<Job>(url, { interval: computed(() => 1000) })
    usePolling<Job>(computed(() => `/jobs/${url.value}`), { interval: () => 500 })
    // @ts-expect-error the cursor must return C
    usePolling<Feed, number>('/x', { cursor: () => 'a' })
    // @ts-expect-error a fetcher gets a PollContext
    usePolling(async (context: PollContext<number, string>) => context.cursor!.length, { cursor: (n: string) => n })
  })
})
