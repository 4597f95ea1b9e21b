// npm run bench:profile [-- --family=ws|sse] [--ids=raw,ours] [--count=100000] [--top=15]
//
// Where the main-thread time of the receive path goes. Per contender, each in a fresh tab after a
// warm-up, against the same demo backend routes as the bench:
// 1. main-thread time per message (CDP TaskDuration, no profiler attached), 3 alternating repetitions;
// 2. a CPU profile (CDP Profiler, 50 µs sampling): self time per message by function;
// 3. an allocation profile (sampling heap profiler, collected objects included): bytes per message.
// Diagnostic contenders (our core transports without Vue: ours-core, ours-core-native, ours-core-fetch)
// separate the transport's cost from the Vue bridge's. .cpuprofile files (DevTools › Performance) go to
// bench/.profiles/.
import type { MeasuredPage } from './lib/browser'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { mainMsPer1k } from './cases/types'
import { launchBrowser } from './lib/browser'
import { startHost } from './lib/host'
import { buildPage, PAGE_DIR } from './lib/pageBuild'
import { median, rotate } from './lib/stats'

interface CallFrame { functionName: string, url: string, lineNumber: number, columnNumber: number }
interface CpuProfile { nodes: { id: number, callFrame: CallFrame }[], samples: number[], timeDeltas: number[], startTime: number, endTime: number }
interface HeapNode { callFrame: CallFrame, selfSize: number, children: HeapNode[] }

const OUT = fileURLToPath(new URL('.profiles/', import.meta.url))

/** `name file:line` plus, for anonymous functions, the start of the source line in the built page. */
function describe(frame: CallFrame, sources: Map<string, string[]>): string {
  const file = frame.url.replace(/^.*\//, '')
  if (!file)
    return frame.functionName || '(native)'
  const line = sources.get(file)?.[frame.lineNumber]?.trim().slice(0, 70) ?? ''
  return `${frame.functionName || '(anonymous)'} ${file}:${frame.lineNumber + 1}${frame.functionName ? '' : `  «${line}»`}`
}

/** Self time (µs) per function: the interval after each sample is charged to the sampled node. */
export function selfTimes(profile: CpuProfile, sources: Map<string, string[]>): Map<string, number> {
  const byId = new Map(profile.nodes.map(n => [n.id, n.callFrame]))
  const totals = new Map<string, number>()
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i + 1] ?? 0
    const key = describe(byId.get(id)!, sources)
    totals.set(key, (totals.get(key) ?? 0) + dt)
  })
  return totals
}

/** Allocated bytes per function (self) over the sampled heap tree. */
export function allocations(head: HeapNode, sources: Map<string, string[]>, into = new Map<string, number>()): Map<string, number> {
  const key = describe(head.callFrame, sources)
  into.set(key, (into.get(key) ?? 0) + head.selfSize)
  head.children.forEach(child => allocations(child, sources, into))
  return into
}

function top(totals: Map<string, number>, perMessage: number, unit: string, n: number): string[] {
  const sum = [...totals.values()].reduce((a, b) => a + b, 0)
  return [...totals].sort((a, b) => b[1] - a[1]).slice(0, n)
    .map(([key, v]) => `${(v / perMessage).toFixed(3).padStart(9)} ${unit}  ${(v / sum * 100).toFixed(1).padStart(5)} %  ${key}`)
}

async function burst(page: MeasuredPage, family: string, id: string, url: string, count: number): Promise<void> {
  const r = await page.call<{ received: number, timedOut: boolean }>('receive', family, id, url, count, 120_000)
  if (r.timedOut)
    throw new Error(`${id}: only ${r.received} of ${count} messages`)
}

const { values } = parseArgs({ options: { family: { type: 'string', default: 'ws' }, ids: { type: 'string' }, count: { type: 'string', default: '100000' }, top: { type: 'string', default: '15' } } })
const family = values.family as 'ws' | 'sse'
const count = Number(values.count)
const ids = values.ids?.split(',') ?? (family === 'ws' ? ['raw', 'raw-json', 'vueuse', 'ours-core', 'ours', 'ours-json'] : ['raw', 'vueuse', 'ours-core-native', 'ours-native', 'ours-core-fetch', 'ours-fetch'])
const route = (host: Awaited<ReturnType<typeof startHost>>, n: number): string => family === 'ws' ? host.ws(`ws/burst?count=${n}`) : host.http(`sse/burst?count=${n}`)

const host = await startHost(await buildPage())
const browser = await launchBrowser()
mkdirSync(OUT, { recursive: true })
const sources = new Map<string, string[]>()
try {
  const perMessage = new Map<string, number[]>(ids.map(id => [id, []]))
  for (let rep = 0; rep < 3; rep++) {
    for (const id of rotate(ids, rep)) {
      const page = await browser.open(`${host.url}/`)
      await burst(page, family, id, route(host, 5000), 5000)
      await page.gc()
      const before = await page.metrics()
      await burst(page, family, id, route(host, count), count)
      perMessage.get(id)!.push(mainMsPer1k(before, await page.metrics(), count))
      await page.close()
    }
  }
  const base = median([...perMessage.get(ids[0])!].sort((a, b) => a - b))
  console.info(`main-thread µs per message (TaskDuration, median of 3, no profiler), ratio to ${ids[0]}:`)
  for (const [id, list] of perMessage) {
    const m = median([...list].sort((a, b) => a - b))
    console.info(`  ${id.padEnd(18)} ${m.toFixed(2).padStart(7)} µs  ×${(m / base).toFixed(2)}   (${list.map(v => v.toFixed(2)).join(', ')})`)
  }
  for (const id of ids) {
    // CPU: one tab, warm-up, GC, then the profiled burst
    let page = await browser.open(`${host.url}/`)
    await burst(page, family, id, route(host, 5000), 5000)
    await page.gc()
    await page.session.send('Profiler.enable')
    await page.session.send('Profiler.setSamplingInterval', { interval: 50 })
    await page.session.send('Profiler.start')
    await burst(page, family, id, route(host, count), count)
    const { profile } = await page.session.send<{ profile: CpuProfile }>('Profiler.stop')
    await page.close()
    for (const node of profile.nodes) {
      const file = node.callFrame.url.replace(/^.*\//, '')
      if (file.endsWith('.js') && !sources.has(file)) {
        try {
          sources.set(file, readFileSync(`${PAGE_DIR}/assets/${file}`, 'utf8').split('\n'))
        }
        catch {}
      }
    }
    writeFileSync(`${OUT}${family}-${id}.cpuprofile`, JSON.stringify(profile))
    const self = selfTimes(profile, sources)
    const wall = profile.endTime - profile.startTime
    const busy = wall - (self.get('(idle)') ?? 0)
    console.info(`\n### ${family} ${id}: ${count.toLocaleString('en')} messages, busy ${(busy / count).toFixed(2)} µs/message (sampled), wall ${(wall / 1000).toFixed(0)} ms`)
    console.info('self time per message, share of samples, function:')
    for (const line of top(new Map([...self].filter(([k]) => k !== '(idle)')), count, 'µs', Number(values.top)))
      console.info(`  ${line}`)

    // Allocations: a fresh tab, the same burst under the sampling heap profiler
    page = await browser.open(`${host.url}/`)
    await burst(page, family, id, route(host, 5000), 5000)
    await page.gc()
    await page.session.send('HeapProfiler.enable')
    await page.session.send('HeapProfiler.startSampling', { samplingInterval: 256, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true })
    await burst(page, family, id, route(host, count), count)
    const { profile: heap } = await page.session.send<{ profile: { head: HeapNode } }>('HeapProfiler.stopSampling')
    await page.close()
    const alloc = allocations(heap.head, sources)
    const bytes = [...alloc.values()].reduce((a, b) => a + b, 0)
    console.info(`allocated ≈ ${(bytes / count).toFixed(0)} bytes/message (sampled every 256 bytes), by function:`)
    for (const line of top(alloc, count, 'B ', Math.min(10, Number(values.top))))
      console.info(`  ${line}`)
  }
}
finally {
  await browser.close()
  await host.close()
}
console.info(`\nCPU profiles: ${OUT}`)
