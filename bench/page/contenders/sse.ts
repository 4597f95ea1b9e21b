// The SSE contenders of cases 2 and 4, each used the way its docs show.
import type { Contender, LivenessOptions, Sink } from './types'
import { fetchEventSource } from '@microsoft/fetch-event-source'
import { useEventSource as useVueUseEventSource } from '@vueuse/core'
import { EventSource as EventSourcePolyfill } from 'eventsource'
import { useEventSource } from 'vue-lifeline'
import { effectScope, watch } from 'vue'
import { once } from './types'

function nativeLike(Ctor: typeof EventSource): Contender['connect'] {
  return (url, sink, liveness) => new Promise((resolve) => {
    const es = new Ctor(url)
    es.onmessage = event => sink(event.data)
    es.onerror = once(liveness?.onDown)
    es.onopen = () => resolve({ send: () => {}, close: () => es.close() })
  })
}

function ours(mode: 'native' | 'fetch'): Contender['connect'] {
  return (url, sink, liveness) => new Promise((resolve) => {
    const scope = effectScope()
    scope.run(() => {
      const { idleTimeout, onDown } = liveness ?? {}
      const source = useEventSource(url, {
        // an idle timeout needs the fetch reader (comments are invisible to native EventSource)
        mode: idleTimeout ? 'auto' : mode,
        idleTimeout,
        onMessage: message => sink(message.data),
        onOpen: () => resolve({ send: () => {}, close: () => scope.stop() }),
      })
      if (onDown) {
        const down = once(onDown)
        watch(source.status, (now, before) => before === 'open' && down(), { flush: 'sync' })
      }
    })
  })
}

// VueUse offers no per-message callback: the app reads `data`. The sink listens on the same EventSource,
// so what is measured is VueUse's own listener (it sets `event`, `data`, `lastEventId`) plus one listener.
function vueuse(url: string, sink: Sink, liveness?: LivenessOptions): ReturnType<Contender['connect']> {
  return new Promise((resolve) => {
    const scope = effectScope()
    scope.run(() => {
      const source = useVueUseEventSource(url)
      source.eventSource.value?.addEventListener('message', event => sink(event.data))
      const down = once(liveness?.onDown)
      watch(source.status, (now, before) => {
        if (now === 'OPEN')
          resolve({ send: () => {}, close: () => scope.stop() })
        else if (before === 'OPEN')
          down()
      }, { flush: 'sync' })
    })
  })
}

function microsoft(url: string, sink: Sink, liveness?: LivenessOptions): ReturnType<Contender['connect']> {
  return new Promise((resolve) => {
    const controller = new AbortController()
    const down = once(liveness?.onDown)
    void fetchEventSource(url, {
      signal: controller.signal,
      openWhenHidden: true,
      onopen: async () => resolve({ send: () => {}, close: () => controller.abort() }),
      onmessage: event => sink(event.data),
      onclose: down,
      onerror: (error) => {
        down()
        throw error
      },
    }).catch(() => {})
  })
}

/** Keyed by the id used in results; `raw` is the baseline every ratio refers to. */
export const sseContenders: Record<string, Contender> = {
  'raw': { label: 'raw EventSource', library: '', connect: nativeLike(EventSource) },
  'vueuse': { label: 'VueUse useEventSource', library: '@vueuse/core', connect: vueuse },
  'fetch-event-source': { label: '@microsoft/fetch-event-source', library: '@microsoft/fetch-event-source', connect: microsoft },
  'eventsource': { label: 'eventsource (package)', library: 'eventsource', connect: nativeLike(EventSourcePolyfill as unknown as typeof EventSource) },
  'ours-native': { label: 'useEventSource native', library: 'vue-lifeline', note: 'mode: \'native\'', connect: ours('native') },
  'ours-fetch': { label: 'useEventSource fetch', library: 'vue-lifeline', note: 'mode: \'fetch\'', connect: ours('fetch') },
}
