// Live-feed benchmark: LlLiveFeed (virtua) vs the same feed on @tanstack/vue-virtual vs a naive v-for
// list, each fed 5,000 messages/s over a real WebSocket for 10 s, in one run of Debian's Chromium.
//
//   npm run bench:feed                                  # all three, 5,000 msg/s, 10 s, max 1,000
//   npm run bench:feed -- --modes feed,naive --runs 3   # repeat, alternating modes
//
// Playwright only launches Chromium. The measured pages are driven over a plain CDP WebSocket with only
// the Page, Runtime, Performance and HeapProfiler domains enabled: Playwright keeps the Network domain on
// for its own pages, which costs ~15 µs of main-thread time per WebSocket frame and would tax the lists
// (shared/recipes/playwright-bench.md).
import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { chromium } from 'playwright-core'
import { build, preview } from 'vite'
import WebSocket from 'ws'
import { chromiumArgs, chromiumPath } from '../../scripts/chromium.ts'

const { values: args } = parseArgs({
  options: {
    modes: { type: 'string', default: 'naive,feed,tanstack' },
    rate: { type: 'string', default: '5000' },
    seconds: { type: 'string', default: '10' },
    max: { type: 'string', default: '1000' },
    runs: { type: 'string', default: '1' },
    drift: { type: 'boolean', default: true },
  },
})
const rate = Number(args.rate)
const seconds = Number(args.seconds)
const max = Number(args.max)
const modes = args.modes.split(',')
const configFile = fileURLToPath(new URL('./vite.config.ts', import.meta.url))
const sleep = ms => new Promise(resolve => setTimeout(resolve, ms))

/** A minimal CDP client: `send(method, params, sessionId)` → result. */
function connectCdp(url) {
  const ws = new WebSocket(url, { perMessageDeflate: false, maxPayload: 256 * 1024 * 1024 })
  let id = 0
  const pending = new Map()
  ws.on('message', (raw) => {
    const message = JSON.parse(raw.toString())
    const waiter = message.id && pending.get(message.id)
    if (!waiter)
      return
    pending.delete(message.id)
    if (message.error)
      waiter.reject(new Error(`${waiter.method}: ${message.error.message}`))
    else
      waiter.resolve(message.result)
  })
  return new Promise((resolve, reject) => {
    ws.once('error', reject)
    ws.once('open', () => resolve({
      send: (method, params = {}, sessionId) => new Promise((res, rej) => {
        pending.set(++id, { resolve: res, reject: rej, method })
        ws.send(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }))
      }),
      close: () => ws.close(),
    }))
  })
}

const freePort = () => new Promise((resolve) => {
  const server = createServer().listen(0, '127.0.0.1', () => {
    const { port } = server.address()
    server.close(() => resolve(port))
  })
})

await build({ configFile, logLevel: 'warn' })
const server = await preview({ configFile, preview: { port: 0, host: '127.0.0.1' }, logLevel: 'warn' })
const pageUrl = server.resolvedUrls.local[0]
const debugPort = await freePort()
const browser = await chromium.launch({ executablePath: chromiumPath(), args: [...chromiumArgs, `--remote-debugging-port=${debugPort}`] })
const { webSocketDebuggerUrl } = await (await fetch(`http://127.0.0.1:${debugPort}/json/version`)).json()
const cdp = await connectCdp(webSocketDebuggerUrl)

/** A fresh context and page for one measurement, driven over CDP. */
async function openPage(mode) {
  const { browserContextId } = await cdp.send('Target.createBrowserContext')
  const { targetId } = await cdp.send('Target.createTarget', { url: 'about:blank', browserContextId })
  const { sessionId } = await cdp.send('Target.attachToTarget', { targetId, flatten: true })
  const send = (method, params) => cdp.send(method, params, sessionId)
  await send('Page.enable')
  await send('Runtime.enable')
  await send('Performance.enable')
  await send('Emulation.setDeviceMetricsOverride', { width: 1280, height: 800, deviceScaleFactor: 1, mobile: false })
  // long tasks from the very start, before any page script
  await send('Page.addScriptToEvaluateOnNewDocument', { source: 'window.__longTasks = []; new PerformanceObserver(l => { for (const e of l.getEntries()) window.__longTasks.push({ start: e.startTime, duration: e.duration }) }).observe({ type: "longtask", buffered: true })' })
  await send('Page.navigate', { url: `${pageUrl}?mode=${mode}` })
  const evaluate = async (expression) => {
    const { result, exceptionDetails } = await send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true })
    if (exceptionDetails)
      throw new Error(`${expression}: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`)
    return result.value
  }
  for (let i = 0; i < 200 && !(await evaluate('typeof window.bench === "object"')); i++)
    await sleep(50)
  const heap = async () => {
    await send('HeapProfiler.collectGarbage')
    const { metrics } = await send('Performance.getMetrics')
    return Object.fromEntries(metrics.map(m => [m.name, m.value])).JSHeapUsedSize
  }
  const close = async () => {
    await cdp.send('Target.closeTarget', { targetId })
    await cdp.send('Target.disposeBrowserContext', { browserContextId })
  }
  return { evaluate, heap, close }
}

const mb = bytes => Math.round(bytes / 1e4) / 100

/** 5,000 msg/s for `seconds`: frames and long tasks over that window, then DOM and heap. */
async function measure(mode) {
  const page = await openPage(mode)
  const heapBefore = await page.heap()
  // the stream lasts 6 s longer than the window: the heap is read twice more while it still flows
  await page.evaluate(`bench.start(${rate}, ${seconds + 6}, ${max})`)
  const frames = await page.evaluate(`bench.frames(${seconds * 1000})`)
  const dom = await page.evaluate('bench.dom()')
  const delivered = await page.evaluate('bench.delivered()')
  const heapAtWindowEnd = await page.heap()
  await sleep(4000)
  const heapFourSecondsLater = await page.heap()
  await page.evaluate('bench.stop()')
  await page.close()
  return {
    mode,
    ...frames,
    domRows: dom.rows,
    domElements: dom.elements,
    delivered,
    heapGrowthMB: mb(heapAtWindowEnd - heapBefore),
    heapLaterGrowthMB: mb(heapFourSecondsLater - heapAtWindowEnd),
  }
}

/** Reading position while scrolled up: the first visible row's drift (px) as items arrive and old ones drop. */
async function drift(mode) {
  const page = await openPage(mode)
  const bufferMax = 20_000
  await page.evaluate(`bench.start(${rate}, 14, ${bufferMax})`)
  // after 5 s the buffer (20,000) is full: from then on every update also drops old rows
  await sleep(5000)
  await page.evaluate('bench.scrollUp(1500)')
  await sleep(100)
  const result = await page.evaluate('bench.drift(4000)')
  await page.evaluate('bench.stop()')
  await page.close()
  return { mode, ...result }
}

const results = []
const drifts = []
try {
  for (let run = 0; run < Number(args.runs); run++) {
    // alternate the order between runs, so no mode always gets the warmer (or more loaded) slot
    for (const mode of run % 2 ? [...modes].reverse() : modes) {
      console.error(`run ${run + 1}: ${mode} …`)
      results.push({ run: run + 1, ...await measure(mode) })
    }
    if (args.drift) {
      for (const mode of modes.filter(m => m !== 'naive')) {
        console.error(`run ${run + 1}: ${mode} (scrolled up) …`)
        drifts.push({ run: run + 1, ...await drift(mode) })
      }
    }
  }
}
finally {
  cdp.close()
  await browser.close()
  await new Promise(resolve => server.httpServer.close(resolve))
}

console.log(JSON.stringify({ chromium: browser.version(), rate, seconds, max, results, drifts }, null, 2))
console.log(`\n| list | p50 frame | p95 frame | max frame | frames > 33 ms | long tasks > 50 ms (longest) | DOM rows | JS heap growth in ${seconds} s | heap growth in the 4 s after | messages delivered |`)
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|')
for (const r of results)
  console.log(`| ${r.mode}${Number(args.runs) > 1 ? ` (run ${r.run})` : ''} | ${r.p50} ms | ${r.p95} ms | ${r.max} ms | ${r.over33ms} of ${r.frames} | ${r.longTasks} (${r.longestTaskMs} ms) | ${r.domRows} | ${r.heapGrowthMB} MB | ${r.heapLaterGrowthMB} MB | ${r.delivered} |`)
if (drifts.length) {
  console.log('\n| list, scrolled up (buffer 20,000 full, dropping) | frames checked | first visible row moved by |')
  console.log('|---|---:|---:|')
  for (const d of drifts)
    console.log(`| ${d.mode} | ${d.checks} | ${d.maxPx} px |`)
}
process.exit(0)
