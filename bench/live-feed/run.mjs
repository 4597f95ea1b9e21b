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
    'modes': { type: 'string', default: 'naive,feed,tanstack' },
    'rate': { type: 'string', default: '5000' },
    'seconds': { type: 'string', default: '10' },
    'max': { type: 'string', default: '1000' },
    'runs': { type: 'string', default: '1' },
    'skip-drift': { type: 'boolean', default: false },
  },
})
const rate = Number(args.rate)
const seconds = Number(args.seconds)
const max = Number(args.max)
const modes = args.modes.split(',')
const configFile = fileURLToPath(new URL('./vite.config.ts', import.meta.url))
const sleep = ms => new Promise(resolve => setTimeout(resolve, ms))

/** A minimal CDP client: `send(method, params, sessionId)` → result; `events` gets every event. */
function connectCdp(url, events) {
  const ws = new WebSocket(url, { perMessageDeflate: false, maxPayload: 256 * 1024 * 1024 })
  let id = 0
  const pending = new Map()
  ws.on('message', (raw) => {
    const message = JSON.parse(raw.toString())
    if (!message.id) {
      events(message)
      return
    }
    const waiter = pending.get(message.id)
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
const browser = await chromium.launch({ executablePath: chromiumPath(), args: [...chromiumArgs, `--remote-debugging-port=${debugPort}`, '--enable-precise-memory-info'] })
const { webSocketDebuggerUrl } = await (await fetch(`http://127.0.0.1:${debugPort}/json/version`)).json()
// what each page reports through its `__bench` binding, with the time (here) it arrived
const reports = new Map()
let trace = []
let traced = () => {}
const cdp = await connectCdp(webSocketDebuggerUrl, (event) => {
  if (event.method === 'Runtime.bindingCalled' && event.params.name === '__bench')
    reports.get(event.sessionId)?.push({ at: performance.now(), ...JSON.parse(event.params.payload) })
  else if (event.method === 'Tracing.dataCollected')
    trace.push(...event.params.value)
  else if (event.method === 'Tracing.tracingComplete')
    traced()
})

/**
 * Long tasks the way Lighthouse counts them: the renderer main thread's top-level tasks (`RunTask`; in
 * this Chromium `ThreadControllerImpl::RunTask`, category `toplevel`) longer than 50 ms, from a trace of
 * the window. The page's own long-task observer is delivered at low priority, so a page kept busy (the
 * naive list) would report none. Counted by wall time, and by thread (CPU) time, which the machine's
 * other load does not inflate; also the main thread's CPU share over the window.
 */
async function startTrace() {
  trace = []
  await cdp.send('Tracing.start', { categories: 'toplevel', transferMode: 'ReportEvents' })
}
async function longTasksOfTrace() {
  const complete = new Promise(resolve => (traced = resolve))
  await cdp.send('Tracing.end')
  await complete
  if (process.env.BENCH_TRACE_DUMP)
    (await import('node:fs')).writeFileSync(process.env.BENCH_TRACE_DUMP, JSON.stringify(trace))
  const main = new Set(trace.filter(e => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map(e => `${e.pid}:${e.tid}`))
  const tasks = trace.filter(e => e.ph === 'X' && (e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask') && main.has(`${e.pid}:${e.tid}`))
  // the measured page's renderer is the busy one (others: about:blank, Chromium's own pages)
  const byThread = new Map()
  for (const e of tasks) {
    const thread = `${e.pid}:${e.tid}`
    byThread.set(thread, byThread.get(thread) ?? [])
    byThread.get(thread).push(e)
  }
  const page = [...byThread.values()].sort((a, b) => b.length - a.length)[0] ?? []
  const long = page.filter(e => e.dur > 50_000)
  const round = x => Math.round(x * 10) / 10
  return {
    longTasks: long.length,
    longestTaskMs: round(Math.max(0, ...long.map(e => e.dur / 1000))),
    // thread time (`tdur`): what the task really ran, without the time the OS gave other processes
    longTasksByCpu: page.filter(e => (e.tdur ?? e.dur) > 50_000).length,
    longestTaskCpuMs: round(Math.max(0, ...page.map(e => (e.tdur ?? e.dur) / 1000))),
    mainThreadCpuPercent: round(page.reduce((sum, e) => sum + (e.tdur ?? e.dur), 0) / 10 / (seconds * 1000)),
  }
}

/** A fresh context and page for one measurement, driven over CDP. */
async function openPage(mode) {
  const { browserContextId } = await cdp.send('Target.createBrowserContext')
  const { targetId } = await cdp.send('Target.createTarget', { url: 'about:blank', browserContextId })
  const { sessionId } = await cdp.send('Target.attachToTarget', { targetId, flatten: true })
  const send = (method, params) => cdp.send(method, params, sessionId)
  const reported = []
  reports.set(sessionId, reported)
  await send('Page.enable')
  await send('Runtime.enable')
  await send('Runtime.addBinding', { name: '__bench' })
  await send('Performance.enable')
  await send('Emulation.setDeviceMetricsOverride', { width: 1280, height: 800, deviceScaleFactor: 1, mobile: false })
  // long tasks from the very start, before any page script
  await send('Page.navigate', { url: `${pageUrl}?mode=${mode}` })
  /** Evaluates in the page; `null` when the page does not answer within `timeout` ms (a frozen page). */
  const evaluate = async (expression, timeout = 120_000) => {
    const answer = await Promise.race([send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true }), sleep(timeout).then(() => null)])
    if (!answer)
      return null
    const { result, exceptionDetails } = answer
    if (exceptionDetails)
      throw new Error(`${expression}: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`)
    return result.value
  }
  for (let i = 0; i < 200 && !(await evaluate('typeof window.feedBench === "object"')); i++)
    await sleep(50)
  /** JS heap after a forced garbage collection; `null` when the page does not answer within `timeout` ms. */
  const heap = async (timeout = 120_000) => {
    const answer = await Promise.race([send('HeapProfiler.collectGarbage').then(() => send('Performance.getMetrics')), sleep(timeout).then(() => null)])
    return answer && Object.fromEntries(answer.metrics.map(m => [m.name, m.value])).JSHeapUsedSize
  }
  const close = async () => {
    await cdp.send('Target.closeTarget', { targetId })
    await cdp.send('Target.disposeBrowserContext', { browserContextId })
  }
  return { evaluate, heap, close, reported }
}

const mb = bytes => Math.round(bytes / 1e4) / 100

/** Frame and long-task figures from what the page reported during the window (page clock `t`). */
function figures(reported, windowEnd) {
  const start = reported.find(r => r.kind === 'start')
  const frames = reported.filter(r => r.kind === 'frame' && r.t >= start.t && r.at <= windowEnd)
  const last = frames.at(-1) ?? start
  // the time from the last frame to the end of the window counts as one frame: a frozen page shows
  const deltas = [...frames.map((f, i) => f.t - (i ? frames[i - 1].t : start.t)), windowEnd - last.at].sort((a, b) => a - b)
  const q = p => deltas[Math.min(deltas.length - 1, Math.ceil(p * deltas.length) - 1)]
  const round = x => Math.round(x * 10) / 10
  return {
    frames: frames.length,
    p50: round(q(0.5)),
    p95: round(q(0.95)),
    max: round(deltas.at(-1)),
    over33ms: deltas.filter(d => d > 33.4).length,
    domRows: last.rows ?? 0,
    // not after a GC: read in the page at its last frame, the same way for every list
    heapInPageGrowthMB: mb(last.heap - start.heap),
  }
}

/** 5,000 msg/s for `seconds`: frames and long tasks over that window, then DOM and heap. */
async function measure(mode) {
  const page = await openPage(mode)
  const step = what => console.error(`  ${mode}: ${what} (${new Date().toISOString().slice(11, 19)})`)
  const heapBefore = await page.heap()
  // the stream lasts 6 s longer than the window: the heap is read twice more while it still flows
  // mount (not measured), then the window opens with the first message
  await page.evaluate(`feedBench.start(${rate}, ${seconds + 6}, ${max})`)
  while (!await page.evaluate('feedBench.delivered()'))
    await sleep(5)
  await startTrace()
  await page.evaluate('feedBench.startFrames()')
  const windowStart = performance.now()
  await sleep(seconds * 1000)
  const result = { mode, ...figures(page.reported, windowStart + seconds * 1000), ...await longTasksOfTrace() }
  step('window over')
  // a page the list froze may not answer these for a long time: bounded waits, `null` if not
  result.delivered = await page.evaluate('feedBench.delivered()', 20_000)
  const heapAtWindowEnd = await page.heap(30_000)
  await sleep(4000)
  const heapFourSecondsLater = heapAtWindowEnd === null ? null : await page.heap(30_000)
  result.heapGrowthMB = heapAtWindowEnd === null ? null : mb(heapAtWindowEnd - heapBefore)
  result.heapLaterGrowthMB = heapFourSecondsLater === null ? null : mb(heapFourSecondsLater - heapAtWindowEnd)
  step('done')
  await page.close()
  return result
}

/** Reading position while scrolled up: the first visible row's drift (px) as items arrive and old ones drop. */
async function drift(mode) {
  const page = await openPage(mode)
  const bufferMax = 20_000
  await page.evaluate(`feedBench.start(${rate}, 14, ${bufferMax})`)
  // (no frame reports needed here)
  // after 5 s the buffer (20,000) is full: from then on every update also drops old rows
  await sleep(5000)
  await page.evaluate('feedBench.scrollUp(1500)')
  await sleep(100)
  const result = await page.evaluate('feedBench.drift(4000)')
  await page.evaluate('feedBench.stop()')
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
    if (!args['skip-drift']) {
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

console.log(JSON.stringify({ chromium: browser.version(), loadAverage: (await import('node:os')).loadavg(), rate, seconds, max, results, drifts }, null, 2))
const shown = x => (x === null || x === undefined ? 'no answer' : x)
console.log(`\n| list | p50 frame | p95 frame | max frame | frames > 33 ms | long tasks > 50 ms, wall (longest) | long tasks > 50 ms, CPU (longest CPU) | main-thread CPU | DOM rows | JS heap growth in ${seconds} s (after GC) | in-page heap growth (no GC) | growth in the 4 s after | messages handled |`)
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|')
for (const r of results)
  console.log(`| ${r.mode}${Number(args.runs) > 1 ? ` (run ${r.run})` : ''} | ${r.p50} ms | ${r.p95} ms | ${r.max} ms | ${r.over33ms} of ${r.frames + 1} | ${r.longTasks} (${r.longestTaskMs} ms) | ${r.longTasksByCpu} (${r.longestTaskCpuMs} ms) | ${r.mainThreadCpuPercent} % | ${r.domRows} | ${shown(r.heapGrowthMB)} MB | ${r.heapInPageGrowthMB} MB | ${shown(r.heapLaterGrowthMB)} MB | ${shown(r.delivered)} |`)
if (drifts.length) {
  console.log('\n| list, scrolled up (buffer 20,000 full, dropping) | frames checked | first visible row moved by |')
  console.log('|---|---:|---:|')
  for (const d of drifts)
    console.log(`| ${d.mode} | ${d.checks} | ${d.maxPx} px |`)
}
process.exit(0)
