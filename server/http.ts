import type { IncomingMessage, ServerResponse } from 'node:http'
import type { HttpContext } from './types'
import { DEFAULTS } from './defaults'
import { parseJsonBody } from '../src/testing/backend/rules'
import { BadRequest } from './errors'

/**
 * CORS for every response. Browser tests run on Vitest's origin and call the backend on 127.0.0.1:PORT,
 * so the `Origin` is reflected (with credentials: `*` is not allowed then) and so are requested headers.
 */
export function applyCors(req: IncomingMessage, res: ServerResponse): void {
  const origin = req.headers.origin
  res.setHeader('Access-Control-Allow-Origin', origin ?? '*')
  if (origin) {
    res.setHeader('Access-Control-Allow-Credentials', 'true')
    res.setHeader('Vary', 'Origin')
  }
  res.setHeader('Access-Control-Allow-Methods', 'GET, POST, PUT, DELETE, OPTIONS')
  const requested = req.headers['access-control-request-headers']
  if (requested)
    res.setHeader('Access-Control-Allow-Headers', requested)
  res.setHeader('Access-Control-Expose-Headers', 'ETag, Retry-After, Last-Event-ID, X-Lifeline-Channel, X-Lifeline-Route')
  res.setHeader('Access-Control-Max-Age', '600')
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed)
    return
  const text = JSON.stringify(body)
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    'Content-Length': Buffer.byteLength(text),
    ...headers,
  })
  res.end(text)
}

/** Reads the body as UTF-8 text, at most `DEFAULTS.maxBody` bytes (413 beyond), and logs it. */
export async function readBody(ctx: HttpContext): Promise<string> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of ctx.req as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > DEFAULTS.maxBody)
      throw new BadRequest(`request body larger than ${DEFAULTS.maxBody} bytes`, 413)
    chunks.push(chunk)
  }
  const text = Buffer.concat(chunks).toString('utf8')
  if (ctx.logEntry)
    ctx.logEntry.body = text.slice(0, DEFAULTS.maxLoggedBody)
  return text
}

/** Reads and parses a JSON body; invalid JSON is a 400. An empty body gives `undefined`. */
export async function readJson(ctx: HttpContext): Promise<unknown> {
  return parseJsonBody(await readBody(ctx))
}

/**
 * Node decodes header values as latin1; `Last-Event-ID` is sent as UTF-8 bytes (WHATWG HTML §9.2), so
 * the raw bytes are re-read as UTF-8.
 */
export function utf8Header(req: IncomingMessage, name: string): string | null {
  const value = req.headers[name]
  if (value === undefined)
    return null
  const text = Array.isArray(value) ? value.join(', ') : value
  try {
    return strictUtf8.decode(Buffer.from(text, 'latin1'))
  }
  catch {
    // not UTF-8 (a client that sent latin1): keep what was received rather than U+FFFD
    return text
  }
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true })

export function header(req: IncomingMessage, name: string): string | null {
  const value = req.headers[name]
  if (value === undefined)
    return null
  return Array.isArray(value) ? value.join(', ') : value
}
