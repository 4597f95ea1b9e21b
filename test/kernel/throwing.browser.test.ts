// Issue 9, "Tests": the throwing-callback rule in Chromium against the real demo backend. Two runs side
// by side on their own channels, one whose callback throws once: the same statuses, the same data, the
// same connections; and the error reaches `window`'s `error` event, as a throwing DOM listener's does.
import type { ConnectionStatus } from 'vue-lifeline'
import { describe, expect, it } from 'vitest'
import { watch } from 'vue'
import { useEventSource, usePolling, useWebSocketAuto } from 'vue-lifeline'
import { channel } from '../helpers/channel'
import { api, POLL, scoped, stats, windowErrors } from './page'

interface Run { ch: string, r: { status: { value: ConnectionStatus } }, statuses: ConnectionStatus[], data: unknown[] }

/**
 * Starts the same run twice, `quiet` and `throwing` (whose `throwOnce()` throws `bug` the first time it
 * is called), and resolves both once `done` holds for both.
 */
async function sideBySide(name: string, start: (ch: string, throwOnce: () => void) => Omit<Run, 'ch' | 'statuses' | 'data'> & { statuses: ConnectionStatus[], data: { value: unknown } }, done: (run: Run) => boolean | Promise<boolean>) {
  const bug = new Error(`user bug (${name})`)
  let thrown = false
  const runs = (['quiet', 'throwing'] as const).map((kind) => {
    const ch = channel(`throw-${name}-${kind}`)
    const started = start(ch, () => {
      if (kind === 'throwing' && !thrown) {
        thrown = true
        throw bug
      }
    })
    const run: Run = { ch, r: started.r, statuses: started.statuses, data: [] }
    watch(() => started.data.value, d => run.data.push(d), { flush: 'sync' })
    return run
  })
  await expect.poll(async () => (await Promise.all(runs.map(done))).every(Boolean), POLL).toBe(true)
  return { runs, bug, thrown: () => thrown }
}

describe('a callback that throws once changes nothing, and reaches window error reporting (Chromium)', () => {
  it.each(['fetch', 'native'] as const)('useEventSource (%s mode): onMessage', async (mode) => {
    const errors = windowErrors()
    const { runs, bug, thrown } = await sideBySide(`sse-${mode}`, (ch, throwOnce) => {
      const r = scoped(() => useEventSource(api('sse/ticker', ch, 'interval=40&count=5'), { mode, json: true, retry: false, onMessage: throwOnce }))
      return { r, statuses: r.statuses, data: r.data }
    }, run => ['closed', 'failed'].includes(run.r.status.value))
    expect(thrown()).toBe(true)
    const [quiet, throwing] = runs
    expect(throwing!.statuses).toEqual(quiet!.statuses)
    // (the events carry the server's time: only their numbers can be equal)
    for (const run of runs)
      expect(run.data.map(d => (d as { n: number }).n)).toEqual([1, 2, 3, 4, 5])
    expect([(await stats(quiet!.ch)).opened.sse, (await stats(throwing!.ch)).opened.sse]).toEqual([1, 1])
    expect(errors).toEqual([bug])
  })

  it('useWebSocketAuto: onClose, on a dropped socket', async () => {
    const errors = windowErrors()
    const { runs, bug, thrown } = await sideBySide('ws', (ch, throwOnce) => {
      const r = scoped(() => useWebSocketAuto(api('ws/echo', ch).replace(/^http/, 'ws'), { reconnect: { initialDelay: 50, jitter: false }, onClose: throwOnce, onOpen: () => {
        if (r.statuses.filter(s => s === 'open').length === 1)
          fetch(api('chaos/drop', ch), { method: 'POST' })
      } }))
      return { r, statuses: r.statuses, data: r.data }
    }, run => run.statuses.filter(s => s === 'open').length === 2)
    expect(thrown()).toBe(true)
    const [quiet, throwing] = runs
    expect(quiet!.statuses).toEqual(['connecting', 'open', 'reconnecting', 'open'])
    expect(throwing!.statuses).toEqual(quiet!.statuses)
    expect([(await stats(quiet!.ch)).opened.ws, (await stats(throwing!.ch)).opened.ws]).toEqual([2, 2])
    expect(errors).toEqual([bug])
  })

  it('usePolling: onUpdate', async () => {
    const errors = windowErrors()
    const { runs, bug, thrown } = await sideBySide('poll', (ch, throwOnce) => {
      const r = scoped(() => usePolling<{ n: number }>(api('poll/counter', ch), { interval: 40, until: d => d.n >= 4, onUpdate: throwOnce }))
      return { r, statuses: r.statuses, data: r.data }
    }, run => run.r.status.value === 'closed')
    expect(thrown()).toBe(true)
    const [quiet, throwing] = runs
    expect(throwing!.statuses).toEqual(quiet!.statuses)
    for (const run of runs)
      expect(run.data.map(d => (d as { n: number }).n)).toEqual([1, 2, 3, 4])
    expect(errors).toEqual([bug])
  })
})
