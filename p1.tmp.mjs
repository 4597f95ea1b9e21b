import { http, ws, HttpResponse, delay } from 'msw'
import { defineNetwork, InterceptorSource } from 'msw/experimental'
import { FetchInterceptor } from '@mswjs/interceptors/fetch'
import { WebSocketInterceptor } from '@mswjs/interceptors/WebSocket'

class Dummy { constructor(){ throw new Error('no real WebSocket') } }
if (!globalThis.WebSocket) globalThis.WebSocket = Dummy
const enc = new TextEncoder()
let cancelled = 0
const net = defineNetwork({
  sources: [new InterceptorSource({ interceptors: [new FetchInterceptor(), new WebSocketInterceptor()] })],
  handlers: [
    http.get('http://x.test/__lifeline/sse/ticker', ({ request }) => {
      let n = 0; let timer
      request.signal.addEventListener('abort', () => console.log('request signal aborted'))
      const body = new ReadableStream({
        start(c) { timer = setInterval(() => c.enqueue(enc.encode(`id: ${++n}\ndata: {"n":${n}}\n\n`)), 50) },
        cancel() { cancelled++; clearInterval(timer); console.log('stream cancelled') },
      })
      return new HttpResponse(body, { headers: { 'content-type': 'text/event-stream' } })
    }),
    http.get('http://x.test/__lifeline/err', () => HttpResponse.error()),
    ws.link('ws://x.test/__lifeline/ws/echo').addEventListener('connection', async ({ client }) => {
      console.log('ws connection', client.url.href)
      await delay(100)
      client.addEventListener('message', e => client.send(e.data))
    }),
  ],
  onUnhandledFrame: 'bypass',
  context: { quiet: true },
})
await net.enable()
const ac = new AbortController()
const res = await fetch('http://x.test/__lifeline/sse/ticker', { signal: ac.signal, headers: { accept: 'text/event-stream' } })
console.log(res.status, res.headers.get('content-type'))
const reader = res.body.getReader()
for (let i = 0; i < 3; i++) { const { value } = await reader.read(); console.log(JSON.stringify(new TextDecoder().decode(value))) }
ac.abort()
try { await reader.read() } catch (e) { console.log('read after abort:', e.name) }
await delay(100)
console.log('cancelled', cancelled)
try { await fetch('http://x.test/__lifeline/err') } catch (e) { console.log('err route:', e.name, e.message) }
const t0 = Date.now()
const sock = new WebSocket('ws://x.test/__lifeline/ws/echo')
sock.onopen = () => { console.log('open after', Date.now() - t0); sock.send('hi') }
sock.onmessage = e => { console.log('echo', e.data); sock.close() }
await new Promise(r => sock.onclose = e => { console.log('close', e.code); r() })
const real = await fetch('https://registry.npmjs.org/msw').then(r => r.status).catch(e => e.message)
console.log('passthrough', real)
net.disable()
