// Diagnostic contenders for `npm run bench:profile` only (never in the bench table): our core transports
// without the Vue bridge, so a profile can tell the transport's per-message cost from the refs' cost.
import type { Contender } from './types'
import { EventSourceTransport, WebSocketTransport } from 'vue-lifeline/core'

const wsCore: Contender['connect'] = (url, sink) => new Promise((resolve) => {
  const transport = new WebSocketTransport(url)
  transport.listen({ onMessage: data => sink(data), onOpen: () => resolve({ send: data => transport.send(data), close: () => transport.dispose() }) })
  transport.open()
})

function sseCore(mode: 'native' | 'fetch'): Contender['connect'] {
  return (url, sink) => new Promise((resolve) => {
    const transport: EventSourceTransport = new EventSourceTransport({
      url,
      mode,
      onMessage: message => sink(message.data),
      onOpen: () => resolve({ send: () => {}, close: () => transport.dispose() }),
    })
    transport.open()
  })
}

export const coreContenders: Record<string, Record<string, Contender>> = {
  ws: { 'ours-core': { label: 'WebSocketTransport (no Vue)', library: 'vue-lifeline', connect: wsCore } },
  sse: {
    'ours-core-native': { label: 'EventSourceTransport native (no Vue)', library: 'vue-lifeline', connect: sseCore('native') },
    'ours-core-fetch': { label: 'EventSourceTransport fetch (no Vue)', library: 'vue-lifeline', connect: sseCore('fetch') },
  },
}
