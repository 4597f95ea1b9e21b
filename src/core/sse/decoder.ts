import type { EventSourceMessage, ParseError } from 'eventsource-parser'
import { createParser } from 'eventsource-parser'
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
export const tooLarge = (max: number): LifelineError => new LifelineError('MESSAGE_TOO_LARGE', `An event exceeded maxMessageSize (${max}) and was dropped.`)

/** Turns decoded text of one response into events; `push` each decoded chunk in order. */
export type StreamDecoder = (text: string) => void

/**
 * The `text/event-stream` interpretation of WHATWG HTML §9.2.6 over `eventsource-parser` 3.x, with the
 * fix-ups the spec needs around it:
 * - Line ends: CR, LF and CRLF are normalised here, including a CR that ends one chunk and an LF that
 *   starts the next. The parser on its own holds back a chunk-final CR until more bytes arrive, which
 *   delays an event terminated by `\r\r` and loses it entirely when the stream ends there.
 * - BOM: the caller's `TextDecoder` strips exactly one leading U+FEFF (the spec's "UTF-8 decode"). The
 *   parser would also strip a leading `ï»¿` (a BOM decoded as Latin-1), which in UTF-8 text is data:
 *   an empty first `feed('')` disarms that check.
 * - Last event ID: the spec keeps one "last event ID buffer" that persists across events, starts from
 *   the source's last event ID on every connection (as Chromium does) and is committed at every blank
 *   line — also for blocks without data. The parser forgets ids between blocks and drops id-only
 *   blocks, so ids are tracked here. An incomplete event at EOF is never committed, with its id.
 * - Size: `maxSize` bounds the characters buffered for one event; the rest of that event is skipped.
 */
export function createStreamDecoder(sink: StreamSink, lastEventId: string, maxSize: number): StreamDecoder {
  let idBuffer = lastEventId
  let committed = lastEventId
  let pending = ''
  let size = 0
  // The previous chunk ended in CR: an LF at the start of this one belongs to it.
  let cr = false
  // Skipping the rest of an oversized event; `tail` = the line that overflowed is still incomplete.
  let skip = false
  let tail = false

  const parser = createParser({
    onEvent: (event: EventSourceMessage) => sink.event(event.event || 'message', event.data),
    onRetry: sink.retry,
    onError: (error: ParseError) => sink.error(new LifelineError('PARSE', `Ignored line: ${error.message}`, { cause: error })),
  })
  parser.feed('')

  const overflow = (): void => {
    skip = true
    pending = ''
    parser.reset()
    parser.feed('')
    sink.error(tooLarge(maxSize))
  }

  const line = (text: string): void => {
    if (tail) {
      tail = false
      return
    }
    if (text === '') {
      size = 0
      if (committed !== idBuffer)
        sink.id(committed = idBuffer)
      if (skip)
        skip = false
      else
        parser.feed('\n')
      return
    }
    // Comments only prove liveness, which the reader already counted.
    if (skip || text.charCodeAt(0) === 58)
      return
    if ((size += text.length + 1) > maxSize)
      return overflow()
    if (text.startsWith('id')) {
      const value = text.length === 2 ? '' : text[2] === ':' ? text.slice(text[3] === ' ' ? 4 : 3) : null
      if (value !== null && !value.includes('\0'))
        idBuffer = value
    }
    parser.feed(`${text}\n`)
  }

  return (chunk) => {
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
      else if (size + pending.length + chunk.length - start > maxSize) {
        overflow()
        tail = true
      }
      else
        pending += chunk.slice(start)
    }
  }
}
