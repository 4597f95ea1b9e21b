import type { ShallowRef } from 'vue'
import type { ConnectionStatus, EventSourceMessage, LifelineError } from 'vue-lifeline'
import { describe, expectTypeOf, it } from 'vitest'
import { useEventSource } from 'vue-lifeline'

describe('useEventSource types', () => {
  it('returns readonly shallow refs of the right types', () => {
    const r = useEventSource('/sse')
    expectTypeOf(r.status).toEqualTypeOf<Readonly<ShallowRef<ConnectionStatus>>>()
    expectTypeOf(r.error).toEqualTypeOf<Readonly<ShallowRef<LifelineError | null>>>()
    expectTypeOf(r.lastEventId).toEqualTypeOf<Readonly<ShallowRef<string>>>()
    expectTypeOf(r.attempt).toEqualTypeOf<Readonly<ShallowRef<number>>>()
    expectTypeOf(r.retryIn).toEqualTypeOf<Readonly<ShallowRef<number | null>>>()
    expectTypeOf(r.text).toEqualTypeOf<Readonly<ShallowRef<string>>>()
    expectTypeOf(r.eventSource).toEqualTypeOf<Readonly<ShallowRef<EventSource | null>>>()
    expectTypeOf(r.open).toEqualTypeOf<() => void>()
    // readonly: no assignment
    // @ts-expect-error status is readonly
    r.status.value = 'open'
  })

  it('the data type flows from parse (and from serializer.read)', () => {
    const parsed = useEventSource('/sse', [], { parse: raw => ({ n: Number(raw) }) })
    expectTypeOf(parsed.data.value).toEqualTypeOf<{ n: number } | null>()
    const read = useEventSource('/sse', { serializer: { read: (raw?: string) => raw?.length ?? 0 } })
    expectTypeOf(read.data.value).toEqualTypeOf<number | null>()
    parsed.on('tick', (m) => {
      expectTypeOf(m).toEqualTypeOf<EventSourceMessage<{ n: number }>>()
    })
  })

  it('keeps VueUse\'s generics: named events type `event`, Data can be given', () => {
    const r = useEventSource<['notice', 'update'], { id: string }>('/sse', ['notice', 'update'], { json: true })
    expectTypeOf(r.event.value).toEqualTypeOf<'notice' | 'update' | 'message' | null>()
    expectTypeOf(r.data.value).toEqualTypeOf<{ id: string } | null>()
  })

  it('data is the raw string without json/parse, and any with json alone', () => {
    expectTypeOf(useEventSource('/sse').data.value).toEqualTypeOf<string | null>()
    expectTypeOf(useEventSource('/sse', ['notice']).data.value).toEqualTypeOf<string | null>()
    expectTypeOf(useEventSource('/sse', { mode: 'fetch' }).data.value).toEqualTypeOf<string | null>()
    expectTypeOf(useEventSource('/sse', { json: true }).data.value).toBeAny()
    expectTypeOf(useEventSource('/sse', undefined, { json: true }).data.value).toBeAny()
  })

  it('the friendly forms: useEventSource<Tick>(url, { json: true }) and VueUse\'s <string[], Tick>', () => {
    interface Tick { n: number }
    // (this form failed with "Type 'Tick' does not satisfy the constraint 'string[]'")
    const friendly = useEventSource<Tick>('/sse', { json: true })
    expectTypeOf(friendly.data.value).toEqualTypeOf<Tick | null>()
    friendly.on('message', m => expectTypeOf(m.data).toEqualTypeOf<Tick>())
    const vueuse = useEventSource<string[], Tick>('/sse', { json: true, onMessage: m => expectTypeOf(m.data).toEqualTypeOf<Tick>() })
    expectTypeOf(vueuse.data.value).toEqualTypeOf<Tick | null>()
    const withEvents = useEventSource<['tick'], Tick>('/sse', ['tick'], { json: true })
    expectTypeOf(withEvents.event.value).toEqualTypeOf<'tick' | 'message' | null>()
  })

  it('an event map types on(name) per named event', () => {
    interface Tick { n: number }
    interface Notice { text: string }
    const r = useEventSource<string[], Tick, { message: Tick, notice: Notice }>('/sse', { json: true })
    r.on('notice', m => expectTypeOf(m.data).toEqualTypeOf<Notice>())
    r.on('message', m => expectTypeOf(m.data).toEqualTypeOf<Tick>())
    // @ts-expect-error not an event of the map
    r.on('other', () => {})
  })

  it('rejects wrong option types', () => {
    // @ts-expect-error mode is a union
    useEventSource('/sse', { mode: 'xhr' })
    // @ts-expect-error done is boolean | string | predicate
    useEventSource('/sse', { done: 5 })
  })
})
