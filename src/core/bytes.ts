let encoder: TextEncoder | undefined

/** Bytes `text` takes in UTF-8 (what a server sees and sends), not `text.length`. */
export function utf8Length(text: string): number {
  return (encoder ??= new TextEncoder()).encode(text).length
}
