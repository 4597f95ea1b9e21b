// npm run bench [-- --quick] [--only=ws,sse,deadlink,feed,storm,size] [--reps=N] [--out=file] [--merge]
//
// Builds the measured page, starts the demo backend on 127.0.0.1:0, lets Playwright launch Debian's
// Chromium, drives the page over plain CDP, runs every contender of every case alternately, prints the
// table (stdout; progress goes to stderr) and writes the results as JSON.
import type { CaseContext, Family } from './cases/types'
import type { Mode } from './config'
import type { BenchBrowser } from './lib/browser'
import type { BenchResults, CaseResult, ContenderInfo } from './lib/results'
import { readFileSync, writeFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { CASES, DEFAULT_CASES } from './cases'
import { SIZES } from './config'
import { launchBrowser } from './lib/browser'
import { startHost } from './lib/host'
import { installedVersion, machineFacts, versions } from './lib/machine'
import { buildPage } from './lib/pageBuild'
import { formatResults } from './lib/table'

/** Options of one bench run. */
export interface RunOptions {
  mode?: Mode
  /** Case ids. @default DEFAULT_CASES */
  only?: string[]
  /** Repetitions per contender, for every case. @default each case's own (`SIZES[mode]`) */
  reps?: number
  /** JSON output path; `null` writes nothing. */
  out?: string | null
  /**
   * Replace only the cases run now in the existing JSON at `out`, keep the others (each case records
   * when it ran and under which load). For rerunning a case that a busy machine disturbed.
   */
  merge?: boolean
  log?: (line: string) => void
}

export const DEFAULT_OUT = fileURLToPath(new URL('results.json', import.meta.url))
const QUICK_OUT = fileURLToPath(new URL('results.quick.json', import.meta.url))

export async function runBench({ mode = 'full', only = DEFAULT_CASES, reps, out, merge = false, log = line => console.error(line) }: RunOptions = {}): Promise<BenchResults> {
  const started = Date.now()
  const loadStart = loadavg()[0]
  const unknown = only.filter(id => !CASES.some(c => c.id === id))
  if (unknown.length)
    throw new Error(`unknown case ${unknown.join(', ')}; cases: ${CASES.map(c => c.id).join(', ')}`)
  const cases = CASES.filter(c => only.includes(c.id))
  const sizes = SIZES[mode]
  const needsBrowser = cases.some(c => c.browser)
  log(`[bench] ${mode}: ${cases.map(c => c.id).join(', ')}`)
  const host = await startHost(needsBrowser ? await buildPage() : undefined)
  let browser: BenchBrowser | undefined
  const results: CaseResult[] = []
  try {
    let contenders: Record<string, Record<string, ContenderInfo>> = {}
    if (needsBrowser) {
      browser = await launchBrowser()
      const probe = await browser.open(`${host.url}/`)
      contenders = await probe.call('contenders')
      await probe.close()
    }
    const ctx: CaseContext = {
      mode,
      sizes,
      reps,
      host,
      browser,
      page: () => browser!.open(`${host.url}/`),
      ids: (family: Family) => Object.keys(contenders[family] ?? {}),
      info: (family: Family, id: string) => {
        const c = contenders[family]?.[id]
        if (!c)
          throw new Error(`no contender ${family}:${id}`)
        return { ...c, version: c.library ? installedVersion(c.library) : browser!.product.replace(/^[^/]*\//, 'Chromium ') }
      },
      log,
    }
    for (const c of cases) {
      const t = Date.now()
      const load = loadavg()[0]
      log(`[bench] case ${c.id}`)
      const run = { at: new Date(t).toISOString(), load: [+load.toFixed(2), +loadavg()[0].toFixed(2)] as [number, number] }
      for (const result of await c.run(ctx))
        results.push({ ...result, run: { ...run, seconds: Math.round((Date.now() - t) / 1000), load: [run.load[0], +loadavg()[0].toFixed(2)] } })
      log(`[bench] case ${c.id} took ${((Date.now() - t) / 1000).toFixed(1)} s`)
    }
  }
  finally {
    await browser?.close()
    await host.close()
  }
  const machine = { ...machineFacts(browser?.product, loadStart), loadEnd: loadavg()[0].toFixed(2) }
  const bench: BenchResults = {
    schema: 1,
    createdAt: new Date().toISOString(),
    mode,
    command: ['npm run bench', ...(mode === 'quick' ? ['--quick'] : []), ...(only !== DEFAULT_CASES ? [`--only=${only.join(',')}`] : []), ...(reps ? [`--reps=${reps}`] : []), ...(merge ? ['--merge'] : [])].join(' ').replace('bench --', 'bench -- --'),
    durationMs: Date.now() - started,
    machine,
    versions: versions(browser?.product),
    cases: results,
  }
  const target = out === undefined ? (mode === 'quick' ? QUICK_OUT : DEFAULT_OUT) : out
  if (merge && target) {
    const before: BenchResults = JSON.parse(readFileSync(target, 'utf8'))
    const fresh = new Set(results.map(r => r.id))
    bench.cases = [...before.cases.map(c => fresh.has(c.id) ? results.find(r => r.id === c.id)! : c), ...results.filter(r => !before.cases.some(c => c.id === r.id))]
    bench.command = `${before.command}; ${bench.command}`
    bench.createdAt = before.createdAt
    bench.durationMs += before.durationMs
    bench.machine = { ...before.machine, loadStart: before.machine.loadStart, loadEnd: before.machine.loadEnd }
  }
  if (target)
    writeFileSync(target, `${JSON.stringify(bench, null, 2)}\n`)
  return bench
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      reps: { type: 'string' },
      out: { type: 'string' },
      merge: { type: 'boolean', default: false },
    },
  })
  const reps = values.reps === undefined ? undefined : Number(values.reps)
  if (reps !== undefined && !(Number.isInteger(reps) && reps > 0))
    throw new Error(`--reps must be a positive integer, got ${values.reps}`)
  const results = await runBench({ mode: values.quick ? 'quick' : 'full', only: values.only?.split(',').map(s => s.trim()).filter(Boolean), reps, out: values.out, merge: values.merge })
  console.info(formatResults(results))
}
