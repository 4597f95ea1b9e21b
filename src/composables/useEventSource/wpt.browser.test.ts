// A port of the portable ("A") web-platform-tests `eventsource/` vectors (reference/sse.md §4.1), run in
// the same Chromium against three clients side by side: `useEventSource` in fetch mode, in native
// mode, and Chromium's own `EventSource` (the oracle). Server handlers: server/routes/wpt.ts.
import { afterAll, describe, expect, inject, it } from 'vitest'
import { effectScope, watch } from 'vue'
import { useEventSource } from 'vue-lifeline'
import { channel } from '../../../test/helpers/channel'

const base = inject('backendUrl')

type ClientKind = 'fetch' | 'native' | 'chromium'
const KINDS: ClientKind[] = ['fetch', 'native', 'chromium']

interface Entry { kind: 'open' | 'message' | 'error', type?: string, data?: string, lastEventId?: string, readyState: number, at: number }

interface Client {
  log: Entry[]
  readyState: () => number
  close: () => void
}

/** Chromium's own EventSource. */
function chromium(url: string, types: string[]): Client {
  const es = new EventSource(url)
  const log: Entry[] = []
  const at = () => performance.now()
  for (const type of types) {
    es.addEventListener(type, (e) => {
      const m = e as MessageEvent<string>
      log.push({ kind: 'message', type, data: m.data, lastEventId: m.lastEventId, readyState: es.readyState, at: at() })
    })
  }
  es.onopen = () => log.push({ kind: 'open', readyState: es.readyState, at: at() })
  es.onerror = () => log.push({ kind: 'error', readyState: es.readyState, at: at() })
  return { log, readyState: () => es.readyState, close: () => es.close() }
}

/** `useEventSource`, its status mapped to EventSource's readyState and its transitions to `open`/`error` events. */
function lifeline(url: string, types: string[], mode: 'fetch' | 'native'): Client {
  const log: Entry[] = []
  const scope = effectScope()
  const at = () => performance.now()
  const es = scope.run(() => {
    const r = useEventSource(url, types.filter(t => t !== 'message'), {
      mode,
      onOpen: () => log.push({ kind: 'open', readyState: readyState(), at: at() }),
      // the spec fires `error` on every reestablish and on failure; PARSE/MESSAGE_TOO_LARGE are reports, not events
      onError: (e) => {
        if (e.code !== 'PARSE' && e.code !== 'MESSAGE_TOO_LARGE')
          log.push({ kind: 'error', readyState: readyState(), at: at() })
      },
    })
    const readyState = (): number => ({ connecting: 0, reconnecting: 0, open: 1 } as Record<string, number>)[r.status.value] ?? 2
    for (const type of types)
      r.on(type, m => log.push({ kind: 'message', type, data: m.raw, lastEventId: m.lastEventId, readyState: readyState(), at: at() }))
    watch(r.status, () => {}, { flush: 'sync' })
    return { r, readyState }
  })!
  return { log, readyState: es.readyState, close: () => {
    es.r.close()
    scope.stop()
  } }
}

const makeClient = (kind: ClientKind, url: string, types: string[]): Client =>
  kind === 'chromium' ? chromium(url, types) : lifeline(url, types, kind)

class Fail extends Error {}
function eq(actual: unknown, expected: unknown, what: string): void {
  if (JSON.stringify(actual) !== JSON.stringify(expected))
    throw new Fail(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`)
}

/** Waits until `pick(log)` is defined; fails after `ms`. */
async function until<T>(client: Client, pick: (log: Entry[]) => T | undefined, ms: number, what: string): Promise<T> {
  const end = performance.now() + ms
  for (;;) {
    const value = pick(client.log)
    if (value !== undefined)
      return value
    if (performance.now() > end)
      throw new Fail(`timed out waiting for ${what}; log: ${JSON.stringify(client.log.map(e => [e.kind, e.data, e.readyState]))}`)
    await new Promise(resolve => setTimeout(resolve, 10))
  }
}

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms))
const messages = (log: Entry[]) => log.filter(e => e.kind === 'message')
/** The first `n` messages; fails early once the client failed for good (error with CLOSED). */
async function nMessages(client: Client, n: number, ms = 8000): Promise<Entry[]> {
  const got = await until(client, log => messages(log).length >= n ? messages(log).slice(0, n) : log.some(e => e.kind === 'error' && e.readyState === 2) ? 'failed' as const : undefined, ms, `${n} messages`)
  if (got === 'failed')
    throw new Fail(`failed (error with CLOSED) before ${n} messages; log: ${JSON.stringify(client.log.map(e => [e.kind, e.data, e.readyState]))}`)
  return got
}

/** The log up to and including the `n`th message, as [kind, data or readyState] (later events are not the vector's business: WPT closes there). */
async function logUntil(client: Client, n: number): Promise<[string, unknown][]> {
  const last = (await nMessages(client, n)).at(-1)!
  return client.log.slice(0, client.log.indexOf(last) + 1).map(e => [e.kind, e.data ?? e.readyState])
}

interface Vector {
  name: string
  /** Path below `/__lifeline/wpt/` (with query), built per client channel. */
  path: (ch: string) => string
  types?: string[]
  check: (client: Client) => Promise<void>
}

const msg = (message: string, extra = '') => `message?message=${encodeURIComponent(message)}${extra}`

/** Expects `data` of the first messages, in order. */
const datas = (...expected: string[]) => async (c: Client) => eq((await nMessages(c, expected.length)).map(m => m.data), expected, 'data')

/** Expects a failure: `error` with CLOSED, no `open`, no message. */
const failsClosed = async (c: Client) => {
  const error = await until(c, log => log.find(e => e.kind === 'error'), 8000, 'error')
  eq(error.readyState, 2, 'readyState at error')
  await sleep(300)
  eq(c.log.filter(e => e.kind !== 'error').length, 0, 'open/message events')
}

/** Expects the second `open` about `ms` after the first (WPT: ±25%). */
const reopensAfter = (ms: number) => async (c: Client) => {
  const opens = await until(c, log => { const o = log.filter(e => e.kind === 'open'); return o.length >= 2 ? o : undefined }, ms * 2 + 5000, 'two opens')
  const diff = opens[1]!.at - opens[0]!.at
  if (Math.abs(1 - diff / ms) >= 0.25)
    throw new Fail(`reconnected after ${Math.round(diff)} ms, expected ${ms} ±25%`)
}

const lastIds = (...expected: string[]) => async (c: Client) => eq((await nMessages(c, expected.length)).map(m => m.lastEventId), expected, 'lastEventId')

const LONG = 'x'.repeat(2049)
const STATUS_ERRORS = [204, 205, 210, 299, 404, 410, 503]
const REDIRECTS = [301, 302, 303, 307]
const NULL_IDS = ['\0\0', 'x\0', '\0x', 'x\0x', ' \0']

const vectors: Vector[] = [
  { name: 'eventsource-onmessage', path: () => 'message', check: datas('data') },
  { name: 'eventsource-onopen', path: () => 'message', check: async (c) => {
    const open = await until(c, log => log.find(e => e.kind === 'open'), 8000, 'open')
    eq(open.readyState, 1, 'readyState at open')
  } },
  { name: 'eventsource-readyState', path: () => 'message', check: async (c) => {
    eq(c.readyState(), 0, 'readyState at construction')
    const open = await until(c, log => log.find(e => e.kind === 'open'), 8000, 'open')
    eq(open.readyState, 1, 'readyState at open')
    c.close()
    eq(c.readyState(), 2, 'readyState after close()')
  } },
  { name: 'event-data', path: () => 'message2', check: datas('msg\nmsg', '', 'end') },
  { name: 'eventsource-close (close() is synchronous and final)', path: () => 'message', check: async (c) => {
    await until(c, log => log.find(e => e.kind === 'open'), 8000, 'open')
    c.close()
    eq(c.readyState(), 2, 'readyState after close()')
    const before = c.log.length
    await sleep(500)
    eq(c.log.length, before, 'events after close()')
  } },
  { name: 'eventsource-close (reconnect, reconnect, 204 fails)', path: ch => `reconnect-fail?id=${ch}`, check: async (c) => {
    const failed = await until(c, log => log.find(e => e.kind === 'error' && e.readyState === 2), 8000, 'the final error')
    await sleep(300)
    eq(c.log.map(e => [e.kind, e.data ?? e.readyState]), [['open', 1], ['message', 'opened'], ['error', 0], ['open', 1], ['message', 'reconnected'], ['error', 0], ['error', 2]], 'events')
    eq(failed.readyState, 2, 'readyState')
  } },
  { name: 'eventsource-reconnect (200 with only retry:, then data)', path: ch => `status-reconnect?status=200&id=${ch}`, check: async (c) => {
    eq(await logUntil(c, 1), [['open', 1], ['error', 0], ['open', 1], ['message', 'data']], 'events')
  } },
  { name: 'eventsource-reconnect (ok_first)', path: ch => `status-reconnect?status=200&ok_first&id=${ch}`, check: async (c) => {
    eq(await logUntil(c, 2), [['open', 1], ['message', 'ok'], ['error', 0], ['open', 1], ['message', 'data']], 'events')
  } },
  { name: 'format-bom', path: () => msg('\uFEFFdata:1\n\n\uFEFFdata:2\n\ndata:3'), check: datas('1', '3') },
  { name: 'format-bom-2', path: () => msg('\uFEFF\uFEFFdata:1\n\ndata:2\n\ndata:3'), check: datas('2', '3') },
  { name: 'format-bom-utf-16', path: () => `message?b64=${btoa(`\xFF\xFEdata:1\n\ndata:2\n\ndata:3`)}`, check: datas('2', '3') },
  { name: 'format-comments', path: () => msg(`data:1\r:\0\n:\r\ndata:2\n:${LONG}\rdata:3\n:data:fail\r:${LONG}\ndata:4\n`, '&newline=none'), check: datas('1\n2\n3\n4') },
  { name: 'format-data-before-final-empty-line', path: () => msg('retry:1000\ndata:test1\n\nid:test\ndata:test2', '&newline=none'), check: async (c) => {
    const two = await nMessages(c, 2)
    eq(two.map(m => [m.data, m.lastEventId]), [['test1', ''], ['test1', '']], '[data, lastEventId]')
  } },
  { name: 'format-field-data', path: () => msg('data:\n\ndata\ndata\n\ndata:test'), check: datas('', '\n', 'test') },
  { name: 'format-field-event', path: () => msg('event:test\ndata:x\n\ndata:x'), types: ['message', 'test'], check: async c => eq((await nMessages(c, 2)).map(m => m.type), ['test', 'message'], 'types') },
  { name: 'format-field-event-empty', path: () => msg('event: \ndata:data'), types: ['message', ''], check: async c => eq((await nMessages(c, 1)).map(m => m.type), ['message'], 'types') },
  { name: 'format-field-id', path: () => 'last-event-id', check: async (c) => {
    const two = await nMessages(c, 2)
    eq(two.map(m => [m.data, m.lastEventId]), [['hello', '…'], ['…', '…']], '[data, lastEventId]')
  } },
  { name: 'format-field-id-2', path: () => 'last-event-id', check: async (c) => {
    const three = await nMessages(c, 3)
    eq(three.map(m => [m.data, m.lastEventId]), [['hello', '…'], ['…', '…'], ['…', '…']], '[data, lastEventId]')
  } },
  { name: 'format-field-id-3 (persists)', path: () => 'last-event-id2?type=1', check: lastIds('1', '1', '2', '2') },
  { name: 'format-field-id-3 (reset by id:)', path: () => 'last-event-id2?type=2', check: lastIds('1', '', '') },
  { name: 'format-field-id-3 (reset by bare id)', path: () => 'last-event-id2?type=3', check: lastIds('1', '', '') },
  ...NULL_IDS.map((id): Vector => ({ name: `format-field-id-null (${encodeURIComponent(id)})`, path: () => `last-event-id?idvalue=${encodeURIComponent(id)}`, check: async (c) => {
    const two = await nMessages(c, 2)
    eq(two.map(m => [m.data, m.lastEventId]), [['hello', ''], ['hello', '']], '[data, lastEventId]')
  } })),
  { name: 'format-field-parsing', path: () => msg('data:\0\ndata:  2\rData:1\ndata\0:2\ndata:1\r\0data:4\nda-ta:3\rdata_5\ndata:3\rdata:\r\n data:32\ndata:4'), check: datas('\0\n 2\n1\n3\n\n4') },
  { name: 'format-field-retry', path: () => msg('retry:03000\ndata:x'), check: reopensAfter(3000) },
  { name: 'format-field-retry-bogus', path: () => msg('retry:3000\nretry:1000x\ndata:x'), check: reopensAfter(3000) },
  { name: 'format-field-retry-empty', path: () => msg('retry\ndata:test'), check: datas('test') },
  { name: 'format-field-unknown', path: () => msg('data:test\n data\ndata\nfoobar:xxx\njustsometext\n:thisisacommentyay\ndata:test'), check: datas('test\n\ntest') },
  { name: 'format-leading-space', path: () => msg('data:\ttest\rdata: \ndata:test'), check: datas('\ttest\n\ntest') },
  { name: 'format-mime-bogus', path: () => `${msg('data:data')}&mime=${encodeURIComponent('x bogus')}`, check: failsClosed },
  { name: 'format-mime-trailing-semicolon', path: () => `${msg('data:data')}&mime=${encodeURIComponent('text/event-stream;')}`, check: datas('data') },
  { name: 'format-mime-valid-bogus', path: () => `${msg('data:data')}&mime=${encodeURIComponent('text/x-bogus')}`, check: failsClosed },
  { name: 'format-newlines', path: () => msg('data:test\r\ndata\ndata:test\r\n\r', '&newline=none'), check: datas('test\n\ntest') },
  { name: 'format-null-character', path: () => msg('data:\0'), check: datas('\0') },
  { name: 'format-utf-8', path: () => `${msg('data:ok…')}&mime=${encodeURIComponent('text/event-stream;charset=windows-1252')}`, check: datas('ok…') },
  { name: 'request-accept', path: () => 'accept', check: datas('text/event-stream') },
  { name: 'request-cache-control', path: () => 'cache-control', check: datas('no-cache') },
  ...REDIRECTS.map((status): Vector => ({ name: `request-redirect (${status})`, path: ch => `redirect?status=${status}&location=${encodeURIComponent(`${base}/__lifeline/wpt/message?channel=${ch}`)}`, check: async (c) => {
    await until(c, log => log.find(e => e.kind === 'open'), 8000, 'open')
    await datas('data')(c)
  } })),
  ...STATUS_ERRORS.map((status): Vector => ({ name: `request-status-error (${status})`, path: () => `status-error?status=${status}`, check: failsClosed })),
]

/** Spec rules no WPT file covers (reported apart, not in the WPT score). */
const extraVectors: Vector[] = [
  // HTML §9.2.6 dispatch step 1 sets the last event ID before the empty-data check: an id-only block counts.
  { name: 'spec: an id-only block sets the last event ID', path: () => msg('id: 7\n\ndata: x'), check: lastIds('7') },
  // A CR at the very end of the stream is a line end: the event is complete and must be dispatched.
  { name: 'spec: an event ended by CR CR at the end of the stream is dispatched', path: () => msg('data: a\r\r', '&newline=none'), check: datas('a') },
]

type Result = { pass: true } | { pass: false, reason: string }
const results = new Map<string, Record<ClientKind, Result>>()
const extra = new Map<string, Record<ClientKind, Result>>()

async function runVector(vector: Vector, kind: ClientKind): Promise<Result> {
  const ch = channel(`wpt-${kind}`)
  const path = vector.path(ch)
  const url = `${base}/__lifeline/wpt/${path}${path.includes('?') ? '&' : '?'}channel=${ch}`
  const client = makeClient(kind, url, vector.types ?? ['message'])
  try {
    await vector.check(client)
    return { pass: true }
  }
  catch (error) {
    return { pass: false, reason: error instanceof Error ? error.message : String(error) }
  }
  finally {
    client.close()
  }
}

describe('WPT eventsource/ vectors: useEventSource (fetch, native) vs Chromium\'s EventSource', () => {
  for (const vector of vectors) {
    it(vector.name, async () => {
      const outcome = await Promise.all(KINDS.map(kind => runVector(vector, kind)))
      const row = Object.fromEntries(KINDS.map((k, i) => [k, outcome[i]!])) as Record<ClientKind, Result>
      results.set(vector.name, row)
      // Our fetch reader must follow the spec on every vector.
      expect(row.fetch).toEqual({ pass: true })
      // Native mode is the browser's own parser behind our state machine: it must agree with the oracle.
      expect(row.native.pass).toBe(row.chromium.pass)
    }, 30_000)
  }

  for (const vector of extraVectors) {
    it(vector.name, async () => {
      const outcome = await Promise.all(KINDS.map(kind => runVector(vector, kind)))
      extra.set(vector.name, Object.fromEntries(KINDS.map((k, i) => [k, outcome[i]!])) as Record<ClientKind, Result>)
      expect(outcome[0]).toEqual({ pass: true })
    }, 30_000)
  }

  afterAll(() => {
    const score = (k: ClientKind) => [...results.values()].filter(r => r[k].pass).length
    const lines = [...results].map(([name, r]) => `${KINDS.map(k => (r[k].pass ? 'pass' : 'FAIL').padEnd(9)).join('')}${name}`)
    const differs = [...results].filter(([, r]) => !r.chromium.pass).map(([name, r]) => `  ${name}: ${(r.chromium as { reason: string }).reason}`)
    console.info([
      `WPT eventsource/ vectors (${results.size}):`,
      `${KINDS.map(k => k.padEnd(9)).join('')}vector`,
      ...lines,
      `score: fetch ${score('fetch')}/${results.size}, native ${score('native')}/${results.size}, chromium ${score('chromium')}/${results.size}`,
      `Chromium differs from the spec on:`,
      ...(differs.length ? differs : ['  (none)']),
      `Beyond WPT:`,
      ...[...extra].map(([name, r]) => `${KINDS.map(k => (r[k].pass ? 'pass' : 'FAIL').padEnd(9)).join('')}${name}`),
    ].join('\n'))
  })
})
