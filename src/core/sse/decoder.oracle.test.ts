import type { LifelineError } from '../errors'
import { createParser } from 'eventsource-parser'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createStreamDecoder } from './decoder'

/*
 * Differential test: `eventsource-parser` 3.x (a devDependency, the parser our decoder used to delegate
 * to) is the ORACLE for `createStreamDecoder`. It is not spec-exact everywhere, so the generated streams
 * stay inside the region where WHATWG HTML §9.2.5–9.2.6 and the oracle agree
 * (see /work/shared/reference/sse.md §2.2 and §3.4):
 * - No BOM at all: the oracle strips a leading decoded "ï»¿" (three Latin-1 characters, which are data in
 *   UTF-8 text) and not U+FEFF, while the spec's UTF-8 decode strips one U+FEFF. So neither U+FEFF nor "ï"
 *   is ever generated.
 * - The stream always ends with "\n\n": the oracle holds back a CR at the very end of its input until the
 *   next character, so a stream ending in CR would be an (expected) disagreement.
 * - Every block holds at least one `data` line and no `id` contains NUL: the oracle's `id` is per block
 *   (reset after each dispatch, id-only blocks dropped), whereas the spec's last event ID buffer persists.
 *   With data in every block, "the oracle's id when defined, else the previous one" is exactly the
 *   spec's last event ID, which we rebuild from the oracle's events and compare with ours.
 * Everything else is random: field lines with and without colon / space / value, `event`, `id`,
 * `retry` with digits or junk, comments, unknown and near-miss field names, lines without a colon,
 * LF / CRLF / CR line ends, and independent random chunkings for each side — ours gets UTF-8 bytes cut
 * anywhere (inside CRLF pairs, inside multi-byte characters, empty chunks) through one streaming
 * `TextDecoder`, exactly as `readFetch` feeds it; the oracle gets the text cut at random UTF-16 offsets.
 */

type Entry
  = | { kind: 'event', type: string, data: string, id: string }
    | { kind: 'retry', ms: number }
    | { kind: 'ignored', what: 'unknown-field' | 'invalid-retry' }

type Cuts = number[] | 'each' | 'each+empty'

interface Case {
  /** Lines of each block, the last one blank. */
  blocks: string[][]
  /** The line end after each line, LF when missing (the stream ends with "\n\n" whatever is drawn). */
  ends: string[]
  lastEventId: string
  /** Byte cut points as fractions of the length (per mille), or one byte per chunk (also with empty chunks between). */
  byteCuts: Cuts
  textCuts: number[]
  tightMaxSize: boolean
}

// Characters for values: the tricky ones often, any code point (no lone surrogates) otherwise;
// never CR / LF (they end the line), U+FEFF or "ï" (see the BOM note above).
const char = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(' ', ':', '\t', '\0', 'a', 'd', 'é', '€', '😀', '\u2028', '\u0085') },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
).filter(c => !/[\r\n\uFEFF\u00EF]/u.test(c))
const text = (maxLength = 8): fc.Arbitrary<string> => fc.string({ unit: char, maxLength })

/** `name`, `name:value`, `name: value`, `name:  value` (the second space is part of the value). */
const field = (name: string, value: fc.Arbitrary<string>): fc.Arbitrary<string> => fc.oneof(
  fc.constant(name),
  fc.tuple(fc.constantFrom(':', ': ', ':  '), value).map(([sep, v]) => `${name}${sep}${v}`),
)

const dataLine = field('data', text())
const digits = fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 1, maxLength: 12 })
const otherLine = fc.oneof(
  field('event', fc.oneof(fc.constantFrom('', 'message', 'update', 'error', 'open'), text())),
  field('id', text().filter(v => !v.includes('\0'))),
  field('retry', fc.oneof(digits, fc.constantFrom('', ' 1', '1 ', '-1', '1.5', '1e3', '0x10', '١٢'), text())),
  // comments
  text().map(v => `:${v}`),
  // unknown fields and near misses (case, spaces, NUL, prefixes), and lines without a colon
  fc.tuple(
    fc.oneof(
      fc.constantFrom('Data', 'DATA', 'data ', ' data', 'dat', 'datas', 'data\0', 'Event', 'ID', 'i', 'idx', 'Retry', 'retry ', 'foo', '\u00A0id'),
      text().filter(v => v !== '' && !v.includes(':')),
    ),
    fc.option(text(), { nil: undefined }),
  ).filter(([name]) => !['data', 'event', 'id', 'retry'].includes(name) && !name.startsWith(':'))
    .map(([name, value]) => value === undefined ? name : `${name}:${value}`),
)

const block = fc.tuple(fc.array(otherLine, { maxLength: 5 }), dataLine, fc.array(fc.oneof(dataLine, otherLine), { maxLength: 3 }), fc.nat())
  .map(([others, data, more, at]) => {
    const lines = [...others, ...more]
    lines.splice(at % (others.length + 1), 0, data)
    // the blank line that ends the block
    return [...lines, '']
  })

const eol = fc.constantFrom('\n', '\r\n', '\r')
const cuts = fc.array(fc.integer({ min: 0, max: 1000 }), { maxLength: 24 })

// A record, not a chain, so that fast-check shrinks blocks, line ends and cuts independently.
const caseArb: fc.Arbitrary<Case> = fc.record({
  blocks: fc.array(block, { minLength: 1, maxLength: 6 }),
  ends: fc.array(eol, { maxLength: 40 }),
  lastEventId: fc.oneof(fc.constant(''), text()),
  byteCuts: fc.oneof({ weight: 4, arbitrary: cuts }, { weight: 1, arbitrary: fc.constantFrom('each' as const, 'each+empty' as const) }),
  textCuts: cuts,
  tightMaxSize: fc.boolean(),
})

function streamOf({ blocks, ends }: Case): string {
  const lines = blocks.flat()
  const last = lines.length - 1
  // The last two lines are the last field line and the blank line: both end with LF.
  return lines.map((line, i) => line + (i >= last - 1 ? '\n' : ends[i] ?? '\n')).join('')
}

/** Splits `length` units at the given per-mille positions (sorted, duplicates give empty chunks). */
function offsets(length: number, perMille: Cuts): number[] {
  if (perMille === 'each')
    return Array.from({ length: length + 1 }, (_, i) => i)
  if (perMille === 'each+empty')
    return Array.from({ length: 2 * length + 1 }, (_, i) => Math.ceil(i / 2))
  return [0, ...perMille.map(p => Math.floor(p * length / 1000)).sort((a, b) => a - b), length]
}

/** Our decoder, fed UTF-8 bytes cut at `at` through one streaming TextDecoder (as `readFetch` does). */
function ours(bytes: Uint8Array, at: number[], lastEventId: string, maxSize: number): Entry[] {
  const log: Entry[] = []
  let id = lastEventId
  const push = createStreamDecoder({
    event: (type, data) => log.push({ kind: 'event', type, data, id }),
    id: (value) => {
      // documented as "the last event ID string changed"
      expect(value).not.toBe(id)
      id = value
    },
    retry: ms => log.push({ kind: 'retry', ms }),
    error: (error: LifelineError) => {
      expect(error.code).toBe('PARSE')
      log.push({ kind: 'ignored', what: error.message.includes('not a field the spec knows') ? 'unknown-field' : 'invalid-retry' })
    },
  }, lastEventId, maxSize)
  const decoder = new TextDecoder()
  for (let i = 1; i < at.length; i++)
    push(decoder.decode(bytes.subarray(at[i - 1], at[i]), { stream: true }))
  return log
}

/** The oracle, fed the text cut at `at`; ids rebuilt into the spec's persistent last event ID. */
function oracle(stream: string, at: number[], lastEventId: string): Entry[] {
  const log: Entry[] = []
  let id = lastEventId
  const parser = createParser({
    onEvent: (event) => {
      id = event.id ?? id
      log.push({ kind: 'event', type: event.event ?? 'message', data: event.data, id })
    },
    onRetry: ms => log.push({ kind: 'retry', ms }),
    onError: error => log.push({ kind: 'ignored', what: error.type as 'unknown-field' | 'invalid-retry' }),
  })
  for (let i = 1; i < at.length; i++)
    parser.feed(stream.slice(at[i - 1], at[i]))
  return log
}

describe('createStreamDecoder against eventsource-parser as an oracle', () => {
  it('dispatches the same events, types, data, retries, ignored lines and last event IDs for any chunking', () => {
    fc.assert(fc.property(caseArb, (c) => {
      const stream = streamOf(c)
      const bytes = new TextEncoder().encode(stream)
      const expected = oracle(stream, offsets(stream.length, c.textCuts), c.lastEventId)
      // the generator really produces events (every block has data), so the comparison is never vacuous
      expect(expected.some(e => e.kind === 'event')).toBe(true)
      // A maxSize of the whole stream's UTF-8 length can never be exceeded by the data of one event.
      const maxSize = c.tightMaxSize ? bytes.length : Infinity
      expect(ours(bytes, offsets(bytes.length, c.byteCuts), c.lastEventId, maxSize)).toEqual(expected)
    }), { numRuns: 1000 })
  })

  // Regression cases, each a shrunk counterexample of the property above or a neighbour of one.
  describe('regressions', () => {
    /** Ours with the bytes cut at `cuts` (or one byte per chunk) vs the oracle fed the whole text. */
    const check = (stream: string, cuts: Cuts, expectedData: string[]): void => {
      const bytes = new TextEncoder().encode(stream)
      const at = typeof cuts === 'string' ? offsets(bytes.length, cuts) : [0, ...cuts, bytes.length]
      const log = ours(bytes, at, '', Infinity)
      expect(log).toEqual(oracle(stream, [0, stream.length], ''))
      expect(log.flatMap(e => e.kind === 'event' ? [e.data] : [])).toEqual(expectedData)
    }

    it('an empty chunk between the CR and the LF of a CRLF does not split it into two line ends', () => {
      // bytes "data:x\r" | "" | "\ndata:y\n\n": one event "x\ny", as if there were no empty chunk
      check('data:x\r\ndata:y\n\n', [7, 7], ['x\ny'])
      check('data:x\r\n\n', [7, 7, 7], ['x'])
      // the property's shrunk counterexample: one byte per chunk with an empty chunk after each
      check('data\r\ndata\n\n', 'each+empty', ['\n'])
    })

    it('CRLF split inside, around and next to multi-byte characters', () => {
      const stream = 'data:€\r\ndata:😀\r\n\r\nevent:é\rdata\r\rdata:ok\n\n'
      check(stream, 'each', ['€\n😀', '', 'ok'])
    })
  })
})
