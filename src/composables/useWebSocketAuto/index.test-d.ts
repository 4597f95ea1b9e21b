import type { ShallowRef } from 'vue'
import type { ConnectionStatus, LifelineError } from 'vue-lifeline'
import { describe, expectTypeOf, it } from 'vitest'
import { shallowRef } from 'vue'
import { useWebSocketAuto } from 'vue-lifeline'

interface Tick { type: 'tick', data: { n: number } }

describe('useWebSocketAuto types', () => {
  it('returns readonly shallow refs of the right types', () => {
    const ws = useWebSocketAuto('ws://x')
    expectTypeOf(ws.status).toEqualTypeOf<Readonly<ShallowRef<ConnectionStatus>>>()
    expectTypeOf(ws.error).toEqualTypeOf<Readonly<ShallowRef<LifelineError | null>>>()
    expectTypeOf(ws.attempt).toEqualTypeOf<Readonly<ShallowRef<number>>>()
    expectTypeOf(ws.retryIn).toEqualTypeOf<Readonly<ShallowRef<number | null>>>()
    expectTypeOf(ws.latency).toEqualTypeOf<Readonly<ShallowRef<number | null>>>()
    expectTypeOf(ws.queued).toEqualTypeOf<Readonly<ShallowRef<number>>>()
    expectTypeOf(ws.ws).toEqualTypeOf<Readonly<ShallowRef<WebSocket | null>>>()
    expectTypeOf(ws.send).returns.toEqualTypeOf<boolean>()
    expectTypeOf(ws.on).returns.toEqualTypeOf<() => void>()
    // @ts-expect-error readonly
    ws.status.value = 'open'
  })

  it('the data type flows from the generic or from onMessage', () => {
    expectTypeOf(useWebSocketAuto<Tick>('ws://x', { json: true }).data).toEqualTypeOf<Readonly<ShallowRef<Tick | null>>>()
    const inferred = useWebSocketAuto('ws://x', { json: true, onMessage: (_data: Tick) => {} })
    expectTypeOf(inferred.data).toEqualTypeOf<Readonly<ShallowRef<Tick | null>>>()
    const parsed = useWebSocketAuto('ws://x', { parse: (raw: string) => raw.length })
    expectTypeOf(parsed.data).toEqualTypeOf<Readonly<ShallowRef<number | null>>>()
    expectTypeOf(useWebSocketAuto('ws://x').request<{ ok: true }>({ type: 'x' })).resolves.toEqualTypeOf<{ ok: true }>()
  })

  it('accepts a string, URL, ref, getter or async provider as the URL', () => {
    useWebSocketAuto(new URL('ws://x'))
    useWebSocketAuto(shallowRef<string | undefined>())
    useWebSocketAuto(() => 'ws://x')
    useWebSocketAuto(async () => 'ws://x?token=1')
    // @ts-expect-error not a URL
    useWebSocketAuto(42)
    // @ts-expect-error unknown option
    useWebSocketAuto('ws://x', { reConnectTimeOut: 1 })
  })
})
