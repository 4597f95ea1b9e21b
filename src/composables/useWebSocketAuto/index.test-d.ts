import type { ShallowRef } from 'vue'
import type { ConnectionStatus, LifelineError, MessageOf } from 'vue-lifeline'
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

  it('data is the raw frame without json/parse, any with json alone', () => {
    expectTypeOf(useWebSocketAuto('ws://x').data.value).toEqualTypeOf<string | ArrayBuffer | Blob | null>()
    expectTypeOf(useWebSocketAuto('ws://x', { json: true }).data.value).toBeAny()
  })

  it('a { type, data } union types on(type): useWebSocketAuto<Tick> types the tick handler', () => {
    const ws = useWebSocketAuto<Tick>('ws://x', { json: true })
    // (this handler's data used to be `any`)
    ws.on('tick', (data, message) => {
      expectTypeOf(data).toEqualTypeOf<{ n: number }>()
      expectTypeOf(message).toEqualTypeOf<Tick>()
    })
    // @ts-expect-error not a message type of the union
    ws.on('chat', () => {})
    // without a union, any name and any data
    useWebSocketAuto('ws://x', { json: true }).on('whatever', data => expectTypeOf(data).toBeAny())
  })

  it('a message map types data, on(), send() and request() in and out', () => {
    type In = MessageOf<{ tick: { n: number }, chat: { text: string } }>
    type Out = MessageOf<{ join: { room: string }, say: { text: string } }>
    const ws = useWebSocketAuto<In, Out>('ws://x', { json: true })
    expectTypeOf(ws.data.value).toEqualTypeOf<In | null>()
    ws.on('chat', data => expectTypeOf(data).toEqualTypeOf<{ text: string }>())
    ws.send({ type: 'join', data: { room: 'general' } })
    ws.send('raw text frames stay allowed')
    // @ts-expect-error not an outgoing message
    ws.send({ type: 'tick', data: { n: 1 } })
    // @ts-expect-error wrong payload
    ws.send({ type: 'join', data: { room: 1 } })
    expectTypeOf(ws.request<{ ok: boolean }>({ type: 'say', data: { text: 'hi' } })).resolves.toEqualTypeOf<{ ok: boolean }>()
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
