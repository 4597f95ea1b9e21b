// The bench's smoke test: `npm run bench -- --quick` with every case (tiny sizes, two repetitions), run as
// the CLI a user runs, so the harness cannot rot unnoticed. It checks the printed table and the shape of
// the JSON, and the few outcomes that do not depend on timing; the figures themselves are not judged.
import type { BenchResults } from './lib/results'
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CASES } from './cases'
import { VERSIONED } from './lib/machine'

const dir = mkdtempSync(join(tmpdir(), 'lifeline-bench-'))
const out = join(dir, 'results.json')
let stdout = ''
let results: BenchResults

beforeAll(async () => {
  stdout = await new Promise<string>((resolve, reject) => {
    execFile('npx', ['tsx', 'bench/run.ts', '--quick', `--only=${CASES.map(c => c.id).join(',')}`, `--out=${out}`], { maxBuffer: 64 * 1024 ** 2 }, (error, text, stderr) => error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(text))
  })
  results = JSON.parse(readFileSync(out, 'utf8'))
}, 300_000)

afterAll(() => rmSync(dir, { recursive: true, force: true }))

const semver = /^\d+\.\d+\.\d+/

describe('npm run bench -- --quick', () => {
  it('writes results naming the run, the machine and every exact version', () => {
    expect(results).toMatchObject({ schema: 1, mode: 'quick' })
    expect(results.command).toBe('npm run bench -- --quick --only=ws,sse,deadlink,feed,storm,size')
    for (const key of ['cpu', 'cores', 'memoryGb', 'os', 'node', 'browser', 'loadStart', 'loadEnd'])
      expect(results.machine[key], key).toBeDefined()
    expect(results.machine.browser).toMatch(/Chrome\/\d+/)
    for (const name of ['vue-lifeline', 'chromium', ...VERSIONED])
      expect(results.versions[name], name).toMatch(semver)
  })

  it('has every case, and for every row a sample per repetition, a summary and a ratio per metric', () => {
    expect(results.cases.map(c => c.id)).toEqual(['ws', 'sse-events', 'sse-stream', 'deadlink', 'feed', 'storm', 'size'])
    for (const c of results.cases) {
      expect(c.rows.length, c.id).toBeGreaterThan(0)
      const reps = c.id === 'size' ? 1 : 2
      for (const row of c.rows) {
        expect(row.label, `${c.id} ${row.id}`).not.toBe('')
        if (row.library)
          expect(row.version, `${c.id} ${row.id}`).toMatch(semver)
        for (const m of c.metrics) {
          expect(row.samples[m.key], `${c.id} ${row.id} ${m.key}`).toHaveLength(reps)
          expect(row.summary[m.key].n).toBe(reps)
          expect(row.ratio).toHaveProperty(m.key)
        }
      }
      if (c.baseline)
        expect(c.rows.find(r => r.id === c.baseline)!.ratio[c.metrics[0].key]).toBe(1)
    }
  })

  it('runs every contender of the throughput cases to the end (no timeout)', () => {
    const ws = results.cases.find(c => c.id === 'ws')!
    expect(ws.rows.map(r => r.id)).toEqual(['raw', 'raw-json', 'vueuse', 'partysocket', 'ours', 'ours-json'])
    for (const id of ['ws', 'sse-events', 'sse-stream']) {
      for (const row of results.cases.find(c => c.id === id)!.rows)
        expect(row.summary[id === 'ws' ? 'framesPerSec' : 'eventsPerSec'].never, `${id} ${row.id}`).toBe(0)
    }
  })

  it('sees the silent link with a heartbeat or idle timeout and never without one', () => {
    const dead = results.cases.find(c => c.id === 'deadlink')!
    const noticed = (id: string) => dead.rows.find(r => r.id === id)!.samples.noticedMs
    expect(noticed('ws:raw')).toEqual([null, null])
    expect(noticed('sse:raw')).toEqual([null, null])
    for (const id of ['ws:ours', 'ws:vueuse', 'sse:ours-fetch'])
      expect(noticed(id).every(ms => ms !== null && ms >= 0), id).toBe(true)
  })

  it('runs LlLiveFeed and the naive list through the same live feed', () => {
    const feed = results.cases.find(c => c.id === 'feed')!
    expect(feed.rows.map(r => r.id)).toEqual(['naive', 'ours'])
    expect(feed.baseline).toBe('naive')
    for (const row of feed.rows)
      expect(row.samples.received.every(n => typeof n === 'number' && n > 0), row.id).toBe(true)
  })

  // Behaviour, not figures: on a loaded machine the timing of 20 clients says little, but every client of
  // every library must come back (the cut-off in SIZES.quick leaves room for the slowest library's
  // backoff), and the series must end at 100 %.
  it('brings every storm client back and keeps one series line per library', () => {
    const storm = results.cases.find(c => c.id === 'storm')!
    expect(storm.rows.map(r => r.id)).toEqual(['raw', 'vueuse', 'partysocket', 'ours'])
    for (const row of storm.rows)
      expect(row.summary.t100.never, row.id).toBe(0)
    expect(storm.series!.map(s => s.key)).toEqual(['attempts', 'back'])
    for (const series of storm.series!)
      expect(series.lines.map(l => l.id)).toEqual(['raw', 'vueuse', 'partysocket', 'ours'])
    expect(storm.series![1].lines.every(l => l.values.at(-1) === 100)).toBe(true)
  })

  it('prints the table with a row per contender', () => {
    for (const c of results.cases)
      expect(stdout).toContain(`## Case ${c.case}: ${c.title}`)
    expect(stdout).toMatch(/useWebSocketAuto 0\.\d+\.\d+\+\w+.*×\d\.\d\d/)
    expect(stdout).toContain('cells: median (min–max over repetitions) ×ratio to the baseline')
  })
})
