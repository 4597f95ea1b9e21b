// The message-stream contract (`Symbol.for('vue-lifeline:messages')`) on the three composables, in Node
// against the real demo backend (WebSocket) or a hand-made event stream / fetcher: every delivered message
// once and in order, identical consecutive messages included, removable, non-enumerable, and kept across a
// transport swap.
import type { EventSourceMessage } from '../../index'
import type { MessageSource } from './messages'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { shallowRef, watch } from 'vue'
import WebSocket from 'ws'
import { useBackend } from '../../../server/testing'
import { channel } from '../../../test/helpers/channel'
import { inScope, stopScopes } from '../../../test/helpers/scopes'
import { useEventSource, usePolling, useWebSocketAuto } from '../../index'
import { MESSAGES } from './messages'

const backend = useBackend()
afterEach(stopScopes)

const wsUrl = (path: string, ch: string): string => `${backend.ws(path)}?channel=${ch}`

/** Subscribes to the message stream of `source`; returns what it got and the remover. */
function listen<M>(source: MessageSource<M>): { got: M[], off: () => void } {
  const got: M[] = []
  const off = source[MESSAGES](message => got.push(message))
  return { got, off }
}

describe('message stream (Symbol.for(\'vue-lifeline:messages\'))', () => {
  it('is the registered symbol, non-enumerable on every composable return', () => {
    expect(MESSAGES).toBe(Symbol.for('vue-lifeline:messages'))
    const returns = inScope(() => ({
      ws: useWebSocketAuto('ws://127.0.0.1:1/x', { WebSocket: WebSocket as any, immediate: false }),
      sse: useEventSource('http://127.0.0.1:1/x', { immediate: false }),
      poll: usePolling(async () => 1, { immediate: false }),
    }))
    for (const r of [returns.ws, returns.sse, returns.poll]) {
      expect(typeof r[MESSAGES]).toBe('function')
      expect(Object.keys(r)).not.toContain(MESSAGES)
      expect(Object.getOwnPropertySymbols({ ...r })).toEqual([])
    }
  })

  it('useWebSocketAuto: every frame\'s parsed data once, identical consecutive frames included, in order', async () => {
    const ch = channel('messages-ws')
    const r = inScope(() => useWebSocketAuto(wsUrl('ws/echo', ch), { WebSocket: WebSocket as any, json: true }))
    const a = listen(r)
    const b = listen(r)
    const dataChanges: unknown[] = []
    inScope(() => watch(r.data, value => dataChanges.push(value), { flush: 'sync' }))
    await vi.waitFor(() => expect(r.status.value).toBe('open'))
    for (const frame of ['same', 'same', { n: 1 }, 'same'])
      r.send(JSON.stringify(frame))
    await vi.waitFor(() => expect(a.got).toHaveLength(4))
    expect(a.got).toEqual(['same', 'same', { n: 1 }, 'same'])
    expect(b.got).toEqual(a.got)
    // the reason the contract exists: `data` skipped the repeated value
    expect(dataChanges).toEqual(['same', { n: 1 }, 'same'])

    a.off()
    r.send(JSON.stringify('after'))
    await vi.waitFor(() => expect(b.got.at(-1)).toBe('after'))
    expect(a.got).toHaveLength(4)
  })

  it('useWebSocketAuto: a handler keeps hearing after a reactive URL moves a shared socket', async () => {
    const ch = channel('messages-ws-swap')
    const url = shallowRef(wsUrl('ws/echo', `${ch}-1`))
    const r = inScope(() => useWebSocketAuto(url, { WebSocket: WebSocket as any, shared: true }))
    const { got } = listen(r)
    await vi.waitFor(() => expect(r.status.value).toBe('open'))
    r.send('one')
    await vi.waitFor(() => expect(got).toEqual(['one']))
    url.value = wsUrl('ws/echo', `${ch}-2`)
    await vi.waitFor(() => expect(r.ws.value?.url).toContain(`${ch}-2`))
    await vi.waitFor(() => expect(r.status.value).toBe('open'))
    r.send('two')
    await vi.waitFor(() => expect(got).toEqual(['one', 'two']))
  })

  it('useEventSource: the messages onMessage hears (unnamed and listed events), identical ones included', async () => {
    const body = 'data: same\n\ndata: same\n\nevent: named\ndata: x\n\nevent: unlisted\ndata: y\n\ndata: same\n\n'
    const fetch = vi.fn(async () => new Response(body, { headers: { 'Content-Type': 'text/event-stream' } }))
    const onMessage = vi.fn()
    const r = inScope(() => useEventSource('http://127.0.0.1:1/stream', ['named'], { fetch, retry: false, onMessage }))
    const { got, off } = listen<EventSourceMessage>(r)
    await vi.waitFor(() => expect(got).toHaveLength(4))
    expect(got.map(m => [m.type, m.data])).toEqual([['message', 'same'], ['message', 'same'], ['named', 'x'], ['message', 'same']])
    expect(got).toEqual(onMessage.mock.calls.map(call => call[0]))
    off()
  })

  it('usePolling: the data onUpdate gets, once per update', async () => {
    const answers = ['a', 'a', 'b', 'b', 'c']
    let i = 0
    const updates: string[] = []
    const r = inScope(() => usePolling(async () => answers[Math.min(i++, answers.length - 1)]!, { interval: 5, onUpdate: d => updates.push(d) }))
    const { got, off } = listen(r)
    await vi.waitFor(() => expect(got).toEqual(['a', 'b', 'c']))
    expect(got).toEqual(updates)
    off()
    r.stop()
  })
})
