import type { LifelineError } from '../errors'
import { describe, expect, it } from 'vitest'
import { createStreamDecoder } from './decoder'

interface Seen { type: string, data: string, id: string }

/** Decodes `bytes` split into chunks at every given offset, through a real streaming TextDecoder. */
function run(input: string | Uint8Array, { splits = [] as number[], lastEventId = '', maxSize = Infinity } = {}) {
  const bytes = typeof input === 'string' ? new TextEncoder().encode(input) : input
  const events: Seen[] = []
  const errors: LifelineError[] = []
  const retries: number[] = []
  let id = lastEventId
  const push = createStreamDecoder({
    event: (type, data) => events.push({ type, data, id }),
    id: (value) => { id = value },
    retry: ms => retries.push(ms),
    error: e => errors.push(e),
  }, lastEventId, maxSize)
  const decoder = new TextDecoder()
  let at = 0
  for (const cut of [...splits, bytes.length]) {
    push(decoder.decode(bytes.subarray(at, cut), { stream: true }))
    at = cut
  }
  return { events, errors, retries, id, data: events.map(e => e.data) }
}

const BOM = '\uFEFF'

describe('createStreamDecoder: WPT eventsource/ parsing vectors', () => {
  it('format-bom: one leading BOM is stripped, a second one makes the line unknown', () => {
    expect(run(`${BOM}data:1\n\n${BOM}data:2\n\ndata:3\n\n`).data).toEqual(['1', '3'])
    expect(run(`${BOM}${BOM}data:1\n\ndata:2\n\ndata:3\n\n`).data).toEqual(['2', '3'])
  })

  it('does not strip a Latin-1-looking "ï»¿" (that is data in UTF-8, not a BOM)', () => {
    expect(run('\u00EF\u00BB\u00BFdata:1\n\ndata:2\n\n').data).toEqual(['2'])
  })

  it('format-bom-utf-16: a UTF-16 BOM is not honoured', () => {
    const bytes = new Uint8Array([0xFF, 0xFE, ...new TextEncoder().encode('data:1\n\ndata:2\n\n')])
    expect(run(bytes).data).toEqual(['2'])
  })

  it('format-comments', () => {
    const long = 'x'.repeat(2049)
    const input = `data:1\r:\0\n:\r\ndata:2\n:${long}\rdata:3\n:data:fail\r:${long}\ndata:4\n\n`
    expect(run(input).data).toEqual(['1\n2\n3\n4'])
  })

  it('format-field-data', () => {
    expect(run('data:\n\ndata\ndata\n\ndata:test\n\n').data).toEqual(['', '\n', 'test'])
  })

  it('format-field-event and format-field-event-empty', () => {
    expect(run('event:test\ndata:x\n\ndata:x\n\n').events.map(e => e.type)).toEqual(['test', 'message'])
    expect(run('event: \ndata:data\n\n').events.map(e => e.type)).toEqual(['message'])
  })

  it('format-field-parsing', () => {
    const input = 'data:\0\ndata:  2\rData:1\ndata\0:2\ndata:1\r\0data:4\nda-ta:3\rdata_5\ndata:3\rdata:\r\n data:32\ndata:4\n\n'
    expect(run(input).data).toEqual(['\0\n 2\n1\n3\n\n4'])
  })

  it('format-field-unknown', () => {
    const { data, errors } = run('data:test\n data\ndata\nfoobar:xxx\njustsometext\n:thisisacommentyay\ndata:test\n\n')
    expect(data).toEqual(['test\n\ntest'])
    // the ignored lines are reported, not silently dropped
    expect(errors.map(e => e.code)).toEqual(['PARSE', 'PARSE', 'PARSE'])
  })

  it('format-leading-space', () => {
    expect(run('data:\ttest\rdata: \ndata:test\n\n').data).toEqual(['\ttest\n\ntest'])
  })

  it('format-newlines: CRLF, LF and CR, also split across chunks', () => {
    const input = 'data:test\r\ndata\ndata:test\r\n\r\n'
    expect(run(input).data).toEqual(['test\n\ntest'])
    for (let cut = 1; cut < input.length; cut++)
      expect(run(input, { splits: [cut] }).data).toEqual(['test\n\ntest'])
  })

  it('dispatches an event ended by CR CR at once, without waiting for more bytes', () => {
    expect(run('data:x\r\r').data).toEqual(['x'])
    expect(run('data:x\r', { splits: [] }).data).toEqual([])
    expect(run('data:x\r\r\ndata:y\r\n\r\n').data).toEqual(['x', 'y'])
  })

  it('format-null-character and format-utf-8 (multi-byte chars split across chunks)', () => {
    expect(run('data:\0\n\n').data).toEqual(['\0'])
    const input = 'data:ok…\n\n'
    const bytes = new TextEncoder().encode(input)
    for (let cut = 1; cut < bytes.length; cut++)
      expect(run(bytes, { splits: [cut] }).data).toEqual(['ok…'])
  })

  it('format-data-before-final-empty-line: the incomplete event at EOF is dropped with its id', () => {
    const result = run('retry:1000\ndata:test1\n\nid:test\ndata:test2')
    expect(result.data).toEqual(['test1'])
    expect(result.id).toBe('')
    expect(result.retries).toEqual([1000])
  })

  it('format-field-id-3: the last event ID persists over id-less events, `id:` and bare `id` reset it', () => {
    expect(run('id: 1\ndata: 1\n\ndata: 2\n\nid: 2\ndata:3\n\ndata:4\n\n').events.map(e => e.id)).toEqual(['1', '1', '2', '2'])
    expect(run('id: 1\ndata: 1\n\nid:\ndata:2\n\ndata:3\n\n').events.map(e => e.id)).toEqual(['1', '', ''])
    expect(run('id: 1\ndata: 1\n\nid\ndata:2\n\ndata:3\n\n').events.map(e => e.id)).toEqual(['1', '', ''])
  })

  it('format-field-id-null: an id containing NUL is ignored', () => {
    for (const id of ['\0', 'a\0', '\0b', 'a\0b', '\0\0'])
      expect(run(`id:${id}\ndata:x\n\n`).events[0]!.id).toBe('')
  })

  it('commits the id of a block without data (spec step 1 of dispatch), and starts from the given last id', () => {
    expect(run('id: 7\n\ndata: x\n\n').events).toEqual([{ type: 'message', data: 'x', id: '7' }])
    expect(run('data: x\n\n', { lastEventId: 'prev' }).events[0]!.id).toBe('prev')
  })

  it('format-field-retry, -bogus, -empty', () => {
    expect(run('retry:03000\ndata:x\n\n').retries).toEqual([3000])
    const bogus = run('retry:3000\nretry:1000x\ndata:x\n\n')
    expect(bogus.retries).toEqual([3000])
    expect(bogus.errors.map(e => e.code)).toEqual(['PARSE'])
    expect(run('retry\ndata:test\n\n').data).toEqual(['test'])
  })

  it('maxSize drops an oversized event, also one that arrives in pieces, and keeps the next ones', () => {
    const big = 'x'.repeat(100)
    const input = `data:a\n\ndata:${big}\ndata:more\n\ndata:b\n\n`
    for (const splits of [[], [20], [20, 40, 60], [12, 13]]) {
      const { data, errors } = run(input, { maxSize: 50, splits })
      expect(data).toEqual(['a', 'b'])
      expect(errors.map(e => e.code)).toEqual(['MESSAGE_TOO_LARGE'])
    }
  })

  it('an oversized partial line followed by its line end is not mistaken for a blank line', () => {
    const input = `data:${'x'.repeat(100)}\ndata:tail\n\ndata:ok\n\n`
    expect(run(input, { maxSize: 50, splits: [60, 105] }).data).toEqual(['ok'])
  })
})
