/**
 * Whether a `Content-Type` opens an event stream: only the MIME essence counts (spec §9.2.3 step 6),
 * so `text/event-stream;` and `text/event-stream; charset=windows-1252` open (the charset is ignored:
 * event streams are always UTF-8) and `text/x-bogus` or `x bogus` fail.
 */
export function isEventStream(contentType: string | null): boolean {
  return contentType?.split(';')[0]!.trim().toLowerCase() === 'text/event-stream'
}

/**
 * A header value carrying `value`'s UTF-8 bytes. `fetch` takes header values as ByteStrings (one char
 * per byte) and throws on anything above U+00FF, while the spec sends `Last-Event-ID` as UTF-8: an id
 * such as `…` must become the three chars of its bytes, exactly what native `EventSource` puts on the wire.
 */
export function utf8Header(value: string): string {
  // (ASCII comes out unchanged; ids are short and this runs once per request)
  let out = ''
  for (const byte of new TextEncoder().encode(value))
    out += String.fromCharCode(byte)
  return out
}
