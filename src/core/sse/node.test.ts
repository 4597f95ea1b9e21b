// The core in plain Node: Node's own fetch against the real demo backend, no DOM, no Vue.
import { describe, expect, it } from 'vitest'
import { useBackend } from '../../../server/testing'
import { EventSourceTransport } from './transport'

// one backend for the file, started before and closed after its tests
const backend = useBackend()

const until = async (check: () => boolean, ms = 10_000): Promise<void> => {
  const end = Date.now() + ms
  while (!check()) {
    if (Date.now() > end)
      throw new Error('timed out')
    await new Promise(resolve => setTimeout(resolve, 10))
  }
}

describe('EventSourceTransport in Node (native fetch, real backend)', () => {
  it('auto mode falls back to fetch without EventSource and resumes after a drop', async () => {
    const channel = `node-${Date.now()}`
    const seen: number[] = []
    const t = new EventSourceTransport<{ n: number }>({
      url: `${backend.server.url}/__lifeline/sse/ticker?interval=20&channel=${channel}`,
      json: true,
      retry: { initialDelay: 50 },
      onMessage: m => seen.push(m.data.n),
    })
    t.open()
    await until(() => seen.length >= 3)
    expect(t.getSnapshot().eventSource).toBe(null)
    await fetch(`${backend.server.url}/__lifeline/chaos/drop?channel=${channel}`, { method: 'POST' })
    const before = seen.length
    await until(() => seen.length >= before + 3)
    t.close()
    expect(seen).toEqual(seen.map((_, i) => i + 1))
    const stats = await (await fetch(`${backend.server.url}/__lifeline/stats?channel=${channel}`)).json()
    const ids = stats.requests.filter((r: { route: string }) => r.route === 'sse/ticker').map((r: { headers: Record<string, string | null> }) => r.headers['last-event-id'])
    expect(ids[0]).toBe(null)
    expect(Number(ids[1])).toBeGreaterThanOrEqual(3)
  })

  it('POSTs a chat prompt and ends at [DONE]', async () => {
    const t = new EventSourceTransport({ url: `${backend.server.url}/__lifeline/sse/chat?delay=1`, method: 'POST', body: { prompt: 'hi' }, done: true, accumulate: true })
    t.open()
    await until(() => t.getSnapshot().status === 'closed')
    expect(t.getSnapshot().text).toContain('You said "hi".')
    expect(t.getSnapshot().error).toBe(null)
  })

  it('a 404 fails with HTTP_STATUS and no retry', async () => {
    const t = new EventSourceTransport({ url: `${backend.server.url}/__lifeline/sse/status/404` })
    t.open()
    await until(() => t.getSnapshot().status === 'failed')
    expect(t.getSnapshot().error).toMatchObject({ code: 'HTTP_STATUS', status: 404 })
  })
})
