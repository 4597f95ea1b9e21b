// The testing kit drives each composable through every status of the shared vocabulary (DESIGN §1):
// connecting, open, reconnecting, paused, closed, failed. Written once against the public entries only
// (`vue-lifeline`, `vue-lifeline/core`, `vue-lifeline/testing`), as a user's test would be, and run in
// Node, in happy-dom and in Chromium (Vitest browser mode) by three small files.
import type { ConnectionStatus } from 'vue-lifeline'
import type { MockNetwork, TestClock } from 'vue-lifeline/testing'
import type { EffectScope } from 'vue'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { effectScope, watch } from 'vue'
import { useEventSource, usePolling, useWebSocketAuto } from 'vue-lifeline'
import { createEnvironment } from 'vue-lifeline/core'
import { createMockNetwork, createTestClock, waitForStatus } from 'vue-lifeline/testing'

const ALL: ConnectionStatus[] = ['connecting', 'open', 'reconnecting', 'paused', 'closed', 'failed']

/** Every status `ref` takes, in order, synchronously. */
function record(status: { readonly value: ConnectionStatus }, source: () => ConnectionStatus): ConnectionStatus[] {
  const seen: ConnectionStatus[] = [status.value]
  watch(source, s => seen.push(s), { flush: 'sync' })
  return seen
}

/** `api.example` stands for the app's own API: relative in a page, an absolute origin in Node. */
export function statusSuite(environment: string): void {
  const clock: { current: TestClock } = { current: createTestClock() }
  let network: MockNetwork
  let scope: EffectScope
  // a fresh clock per test; the network reads it through this stable wrapper
  const scheduler = {
    now: () => clock.current.now(),
    setTimeout: (fn: () => void, ms: number) => clock.current.setTimeout(fn, ms),
    clearTimeout: (handle: unknown) => clock.current.clearTimeout(handle),
  }
  const run = <T>(fn: () => T): T => scope.run(fn)!

  beforeAll(async () => {
    network = createMockNetwork({ clock: scheduler, baseUrl: 'http://api.example/' })
    await network.start()
  })
  afterEach(() => {
    scope?.stop()
    network.reset()
    clock.current = createTestClock()
  })
  afterAll(() => network.stop())

  describe(`the testing kit drives every composable through every status (${environment})`, () => {
    it.each(['native', 'fetch'] as const)('useEventSource (%s mode)', async (mode) => {
      scope = effectScope()
      const env = createEnvironment()
      const prices = network.eventStream('/prices')
      const es = run(() => useEventSource('http://api.example/prices', [], {
        mode,
        json: true,
        scheduler,
        environment: env,
        retry: { initialDelay: 1000, jitter: false, retries: 1 },
        pauseWhenHidden: mode === 'fetch',
      }))
      const seen = record(es.status, () => es.status.value)
      expect(es.status.value).toBe('connecting')

      const first = await prices.waitForConnection(1)
      await waitForStatus(es, 'open')
      first.send({ id: 7, data: { price: 10 } })
      await expect.poll(() => es.data.value).toEqual({ price: 10 })

      // the link dies: reconnecting, and the retry happens when the test clock says so
      first.drop()
      await waitForStatus(es, 'reconnecting')
      await clock.current.advance(mode === 'native' ? 3000 : es.retryIn.value!)
      const second = await prices.waitForConnection(2)
      expect(second.lastEventId).toBe('7')
      await waitForStatus(es, 'open')

      if (mode === 'fetch') {
        // a hidden tab with pauseWhenHidden: paused, then back
        env.visibility.set(false)
        await waitForStatus(es, 'paused')
        env.visibility.set(true)
        await prices.waitForConnection(3)
        await waitForStatus(es, 'open')
      }

      es.close()
      expect(es.status.value).toBe('closed')

      // a status other than 200 fails for good (WHATWG HTML §9.2)
      prices.fail({ status: 503 })
      es.open()
      await waitForStatus(es, 'failed')
      expect(es.error.value?.code).toBe(mode === 'fetch' ? 'HTTP_STATUS' : 'NETWORK')
      const reached = new Set(seen)
      expect(ALL.filter(s => !reached.has(s))).toEqual(mode === 'fetch' ? [] : ['paused'])
    })

    it('useWebSocketAuto', async () => {
      scope = effectScope()
      const env = createEnvironment()
      const live = network.webSocket('/live', { reply: data => data === 'ping' ? 'pong' : undefined })
      const ws = run(() => useWebSocketAuto('ws://api.example/live', {
        scheduler,
        environment: env,
        random: () => 0.5,
        onlineDelay: 0,
        reconnect: { initialDelay: 1000, jitter: false, retries: 2 },
        minUptime: 60_000,
      }))
      const seen = record(ws.status, () => ws.status.value)
      expect(ws.status.value).toBe('connecting')
      const first = await live.waitForConnection(1)
      await waitForStatus(ws, 'open')
      first.send('hello')
      await expect.poll(() => ws.data.value).toBe('hello')

      first.drop()
      await waitForStatus(ws, 'reconnecting')
      expect(ws.retryIn.value).toBe(1000)
      // offline while waiting to retry: paused, no attempt burnt; back online: it retries
      env.online.set(false)
      await waitForStatus(ws, 'paused')
      env.online.set(true)
      await clock.current.advance(0)
      await live.waitForConnection(2)
      await waitForStatus(ws, 'open')

      ws.close()
      expect(ws.status.value).toBe('closed')

      // every attempt refused: the retry limit ends in failed
      live.refuse()
      ws.open()
      await waitForStatus(ws, 'reconnecting')
      await clock.current.advance(1000)
      await waitForStatus(ws, s => s === 'reconnecting' && ws.attempt.value === 2)
      await clock.current.advance(2000)
      await waitForStatus(ws, 'failed')
      expect(ws.error.value?.code).toBe('RETRY_LIMIT')
      expect(ALL.filter(s => !seen.includes(s))).toEqual([])
    })

    it('useWebSocketAuto: a connect timeout and a fatal close code', async () => {
      scope = effectScope()
      const live = network.webSocket('/live')
      live.hold({ times: 1 })
      const ws = run(() => useWebSocketAuto('ws://api.example/live', { scheduler, connectTimeout: 2000, reconnect: { initialDelay: 500, jitter: false } }))
      await clock.current.advance(2000)
      await waitForStatus(ws, 'reconnecting')
      expect(ws.error.value?.code).toBe('CONNECT_TIMEOUT')
      await clock.current.advance(500)
      const conn = await live.waitForConnection(1)
      await waitForStatus(ws, 'open')
      expect(live.connections).toHaveLength(1)
      conn.close(1008, 'policy')
      await waitForStatus(ws, 'failed')
      expect(ws.error.value).toMatchObject({ code: 'CLOSED_BY_SERVER', closeCode: 1008 })
    })

    it('usePolling', async () => {
      scope = effectScope()
      const job = network.http('/job', { reply: { state: 'running' } })
      const poll = run(() => usePolling<{ state: string }>('http://api.example/job', {
        scheduler,
        interval: 1000,
        retry: { initialDelay: 500, jitter: false, retries: 1 },
        until: data => data.state === 'done',
        pauseWhenHidden: false,
        pauseWhenOffline: false,
      }))
      const seen = record(poll.status, () => poll.status.value)
      expect(poll.status.value).toBe('connecting')
      await waitForStatus(poll, 'open')
      expect(poll.data.value).toEqual({ state: 'running' })

      job.fail({ status: 503 }, { times: 1 })
      await clock.current.advance(1000)
      await waitForStatus(poll, 'reconnecting')
      await clock.current.advance(500)
      await waitForStatus(poll, 'open')

      poll.pause()
      expect(poll.status.value).toBe('paused')
      poll.resume()
      await waitForStatus(poll, 'open')

      job.reply({ state: 'done' })
      await clock.current.advance(1000)
      await waitForStatus(poll, 'closed')

      job.fail({ status: 500 })
      poll.start()
      await waitForStatus(poll, 'reconnecting')
      await clock.current.advance(500)
      await waitForStatus(poll, 'failed')
      expect(poll.error.value?.code).toBe('RETRY_LIMIT')
      expect(ALL.filter(s => !seen.includes(s))).toEqual([])
    })
  })
}
