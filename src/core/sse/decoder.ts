import { utf8Length } from '../bytes'
import { LifelineError } from '../errors'

/** Where a {@link createStreamDecoder} delivers what it read. */
export interface StreamSink {
  /** A complete event (dispatched at its blank line). */
  event: (type: string, data: string) => void
  /** The last event ID string changed (committed at a blank line, as the spec does). */
  id: (lastEventId: string) => void
  /** A valid `retry:` field: the new reconnection time in ms. */
  retry: (ms: number) => void
  /** A non-fatal problem: an ignored line (`PARSE`) or a dropped oversized event (`MESSAGE_TOO_LARGE`). */
  error: (error: LifelineError) => void
}

/** The error for an event dropped for exceeding `maxMessageSize`. */
export const tooLarge = (max: number): LifelineError => new LifelineError('MESSAGE_TOO_LARGE', process.env.NODE_ENV !== 'production' ? `An event exceeded maxMessageSize (${max}) and was dropped.` : '')

/** Turns decoded text of one response into events; `push` each decoded chunk in order. */
export type StreamDecoder = (text: string) => void

/**
 * The `text/event-stream` interpretation of WHATWG HTML §9.2.6, fed with decoded text:
 * - Line ends: CR, LF and CRLF are normalised here, including a CR that ends one chunk and an LF that
 *   starts the next; an event terminated by `\r\r` is dispatched at once, not when more bytes arrive.
 * - BOM: the caller's `TextDecoder` strips exactly one leading U+FEFF (the spec's "UTF-8 decode"); a
 *   second one, or a leading `ï»¿` (which in UTF-8 text is data), makes its line an unknown field.
 * - Fields (spec "process the field"): `data` appends its value and a LF to the data buffer, `event`
 *   sets the type, `id` (without NUL) the last event ID buffer, an all-digits `retry` the reconnection
 *   time; any other line is ignored and reported (`PARSE`) rather than dropped silently.
 * - Last event ID: the spec keeps one "last event ID buffer" that persists across events, starts from
 *   the source's last event ID on every connection (as Chromium does) and is committed at every blank
 *   line — also for blocks without data. An incomplete event at EOF is never committed, with its id.
 * - Size: `maxSize` bounds the data of one event in UTF-8 bytes (the meaning native mode checks too);
 *   the rest of an event over it is skipped, and no line much longer than it is ever buffered.
 */
export function createStreamDecoder(sink: StreamSink, lastEventId: string, maxSize: number): StreamDecoder {
  let idBuffer = lastEventId
  let committed = lastEventId
  // The event type and data buffers of the event being read.
  let type = ''
  let data = ''
  let pending = ''
  let size = 0
  // The previous chunk ended in CR: an LF at the start of this one belongs to it.
  let cr = false
  // Skipping the rest of an oversized event; `tail` = the line that overflowed is still incomplete.
  let skip = false
  let tail = false

  const overflow = (): void => {
    skip = true
    pending = type = data = ''
    sink.error(tooLarge(maxSize))
  }

  // (the reason is development text, written at each call site behind the production guard)
  const ignored = (reason: string): void => sink.error(new LifelineError('PARSE', reason))

  const line = (text: string): void => {
    if (tail) {
      tail = false
      return
    }
    if (text === '') {
      size = 0
      if (committed !== idBuffer)
        sink.id(committed = idBuffer)
      // Spec "dispatch the event": nothing when the data buffer is empty; its last LF is removed.
      if (data)
        sink.event(type || 'message', data.slice(0, -1))
      skip = false
      type = data = ''
      return
    }
    // Comments only prove liveness, which the reader already counted.
    if (skip || text.charCodeAt(0) === 58)
      return
    // A line without a colon is a field with an empty value; one space after the colon is skipped.
    const colon = text.indexOf(':')
    const field = colon < 0 ? text : text.slice(0, colon)
    const value = colon < 0 ? '' : text.slice(colon + (text.charCodeAt(colon + 1) === 32 ? 2 : 1))
    if (field === 'data') {
      // (the LF that joins data lines is data too; counted only when there is a limit: hot path)
      if (maxSize < Infinity && (size += utf8Length(value) + (data ? 1 : 0)) > maxSize)
        return overflow()
      data += `${value}\n`
    }
    else if (field === 'event')
      type = value
    else if (field === 'id') {
      if (!value.includes('\0'))
        idBuffer = value
    }
    else if (field === 'retry') {
      if (/^\d+$/.test(value))
        sink.retry(Number(value))
      else
        ignored(process.env.NODE_ENV !== 'production' ? `SSE line ignored: \`retry:\` needs ASCII digits, got "${value}".` : '')
    }
    else {
      ignored(process.env.NODE_ENV !== 'production' ? `SSE line ignored: "${field.length > 20 ? `${field.slice(0, 20)}…` : field}" is not a field the spec knows.` : '')
    }
  }

  return (chunk) => {
    // An empty chunk (a zero-length read, or bytes the TextDecoder holds back) must not clear `cr`:
    // "\r" | "" | "\n" is still one CRLF line end (found by decoder.oracle.test.ts).
    if (!chunk)
      return
    if (cr && chunk.charCodeAt(0) === 10)
      chunk = chunk.slice(1)
    cr = chunk.charCodeAt(chunk.length - 1) === 13
    if (chunk.includes('\r'))
      chunk = chunk.replace(/\r\n?/g, '\n')
    let start = 0
    for (let end = chunk.indexOf('\n'); end !== -1; end = chunk.indexOf('\n', start)) {
      const text = pending + chunk.slice(start, end)
      pending = ''
      start = end + 1
      line(text)
    }
    if (start < chunk.length) {
      if (skip || tail)
        tail = true
      // a data line has at most 6 chars before its value, and a char is at least one UTF-8 byte
      else if (size + pending.length + chunk.length - start - 6 > maxSize) {
        overflow()
        tail = true
      }
      else
        pending += chunk.slice(start)
    }
  }
}
