// The mock network in Chromium: the page's own fetch, WebSocket and EventSource are intercepted (no
// service worker), unmatched requests reach the real network, and everything is restored on stop.
import { afterEach, describe, expect, it } from 'vitest'
import { effectScope } from 'vue'
import { useEventSource } from 'vue-lifeline'
import { createMockNetwork, MockEventSource, startSimulatedBackend, waitForStatus } from 'vue-lifeline/testing'

const NativeEventSource = window.EventSource
const NativeWebSocket = window.WebSocket

afterEach(() => {
  expect(window.EventSource).toBe(NativeEventSource)
  expect(window.WebSocket).toBe(NativeWebSocket)
})

describe('mock network in Chromium', () => {
  it('answers on the page origin, passes other requests through, and restores the platform on stop', async () => {
    const network = createMockNetwork()
    await network.start()
    try {
      expect(window.EventSource).toBe(MockEventSource)
      network.http('/api/hello', { reply: { hello: 'page' } })
      expect(await (await fetch('/api/hello')).json()).toEqual({ hello: 'page' })
      // the real demo backend the browser project mounts on this origin still answers what is not mocked
      expect(await (await fetch('/__lifeline/health')).json()).toMatchObject({ simulated: false })
    }
    finally {
      await network.stop()
    }
  })

  it('the simulated backend answers /__lifeline/ in the page instead of the real one, until stopped', async () => {
    const backend = await startSimulatedBackend()
    try {
      expect(backend.origin).toBe(location.origin)
      expect(await (await fetch('/__lifeline/health')).json()).toEqual({ ok: true, service: 'vue-lifeline-demo-backend', simulated: true })
      const ws = new WebSocket(backend.wsUrl('ws/echo'))
      const echoed = await new Promise<string>((resolve) => {
        ws.onopen = () => ws.send('hi')
        ws.onmessage = event => resolve(String(event.data))
      })
      expect(echoed).toBe('hi')
      ws.close()
    }
    finally {
      await backend.stop()
    }
    expect(await (await fetch('/__lifeline/health')).json()).toMatchObject({ simulated: false })
  })

  it.each(['native', 'fetch'] as const)('a client that leaves is seen by the mock (%s mode): close() cancels the stream', async (mode) => {
    const network = createMockNetwork()
    await network.start()
    const scope = effectScope()
    try {
      const stream = network.eventStream('/api/stream')
      const es = scope.run(() => useEventSource('/api/stream', [], { mode }))!
      const connection = await stream.waitForConnection(1)
      await waitForStatus(es, 'open')
      connection.send('one')
      await expect.poll(() => es.data.value).toBe('one')
      es.close()
      expect(await connection.whenClosed()).toBe('cancel')
    }
    finally {
      scope.stop()
      await network.stop()
    }
  })
})
