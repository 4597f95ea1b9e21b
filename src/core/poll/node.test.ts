// The core in plain Node: Node's own `fetch` against the real demo backend, no DOM, no Vue.
import type { PollingTransportOptions, PollTarget } from './types'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { useBackend } from '../../../server/testing'
import { channel } from '../../../test/helpers/channel'
import { PollingTransport } from './transport'

// one backend for the file, started before and closed after its tests
const backend = useBackend()

const transports: PollingTransport<any, any>[] = []
function poll<T, C = unknown>(target: PollTarget<T, C>, options: PollingTransportOptions<T, C> = {}): PollingTransport<T, C> {
  const transport = new PollingTransport<T, C>(target, { fetch: globalThis.fetch, ...options })
  transports.push(transport)
  return transport
}
afterAll(() => transports.forEach(t => t.stop()))

describe('pollingTransport in Node (URL shorthand, real backend)', () => {
  it('polls JSON at the interval and reports HTTP_STATUS, then recovers', async () => {
    const ch = channel('node-poll')
    const t = poll<{ n: number }>(`${backend.server.url}/__lifeline/poll/counter?channel=${ch}&fail=2&status=503`, { interval: 50, retry: { initialDelay: 50, jitter: false } })
    const codes: string[] = []
    t.on('error', e => codes.push(`${e.code}:${e.status}`))
    t.start()
    await vi.waitFor(() => expect(t.getSnapshot().data?.n).toBeGreaterThanOrEqual(3), { timeout: 5000 })
    expect(codes).toEqual(['HTTP_STATUS:503', 'HTTP_STATUS:503'])
    expect(t.getSnapshot()).toMatchObject({ status: 'open', error: null, attempt: 0 })
    t.stop()
  })

  it('eTag: a 304 keeps the same data object and counts as success', async () => {
    const ch = channel('node-poll')
    const t = poll<{ version: number }>(`${backend.server.url}/__lifeline/poll/etag?channel=${ch}`, { interval: 30 })
    const updates: unknown[] = []
    t.on('update', v => updates.push(v))
    t.start()
    await vi.waitFor(() => expect(t.getSnapshot().data).toBeDefined(), { timeout: 5000 })
    const first = t.getSnapshot().data
    const at = t.getSnapshot().lastUpdatedAt!
    await vi.waitFor(() => expect(t.getSnapshot().lastUpdatedAt).toBeGreaterThan(at + 100), { timeout: 5000 })
    expect(t.getSnapshot().data).toBe(first)
    expect(updates).toHaveLength(1)
    const stats = await (await fetch(`${backend.server.url}/__lifeline/stats?channel=${ch}`)).json() as { requests: { headers: Record<string, string> }[] }
    expect(stats.requests.length).toBeGreaterThan(2)
    expect(stats.requests.slice(1).every(r => r.headers['if-none-match'] === '"v0"')).toBe(true)
    await fetch(`${backend.server.url}/__lifeline/poll/etag/bump?channel=${ch}`, { method: 'POST' })
    await vi.waitFor(() => expect(t.getSnapshot().data?.version).toBe(1), { timeout: 5000 })
    expect(updates).toHaveLength(2)
    t.stop()
  })

  it('long polling with a cursor receives every event once, in order', async () => {
    const ch = channel('node-poll')
    interface Feed { events: { id: number }[], cursor: number }
    const ids: number[] = []
    const t = poll<Feed, number>(`${backend.server.url}/__lifeline/poll/long?channel=${ch}&count=40&rate=5&timeout=2000`, {
      long: true,
      cursor: data => data.cursor,
    })
    t.on('update', data => ids.push(...data.events.map(e => e.id)))
    t.start()
    await vi.waitFor(() => expect(ids.length).toBe(40), { timeout: 8000 })
    expect(ids).toEqual(Array.from({ length: 40 }, (_, i) => i + 1))
    t.stop()
  })
})
