// npx tsx bench/stormModel.ts [--clients=2000] [--outage=5000] [--runs=5] [--sweep]
//
// A model of case 3 (reconnect storm) for backoff policies: every client loses the server at t = 0,
// each attempt before the server's return fails at once, the first one after it succeeds. Our policy
// uses the real `backoffDelay`; the model is checked against what `npm run bench` measures, then
// used to compare policies that bound the tail. Times in seconds after the server's return.
import type { ResolvedBackoff } from 'vue-lifeline/core'
import { parseArgs } from 'node:util'
import { BACKOFF_DEFAULTS, backoffDelay } from 'vue-lifeline/core'
import { median, quantile } from './lib/stats'

/** Delay (ms) before attempt `attempt` (0-based) of a client that lost its connection `elapsed` ms ago. */
type Policy = (attempt: number, elapsed: number, previous: number) => number

const D: ResolvedBackoff = { ...BACKOFF_DEFAULTS }
const jitter = (ceiling: number): number => Math.round(Math.random() * ceiling)

export const POLICIES: Record<string, Policy> = {
  'ours: ceiling ≤ max(6 s, outage age)': (attempt, elapsed) => backoffDelay(attempt, D, 0, Math.random, elapsed),
  'before: random(0, min(30 s, 1 s·2ⁿ))': attempt => jitter(Math.min(D.maxDelay, D.initialDelay * D.factor ** attempt)),
  'ceiling ≤ time since the loss': (attempt, elapsed) => jitter(Math.min(D.maxDelay, D.initialDelay * D.factor ** attempt, Math.max(D.initialDelay, elapsed))),
  'ceiling ≤ half the time since the loss': (attempt, elapsed) => jitter(Math.min(D.maxDelay, D.initialDelay * D.factor ** attempt, Math.max(D.initialDelay, elapsed / 2))),
  'decorrelated jitter (AWS), cap 30 s': (_attempt, _elapsed, previous) => Math.round(Math.min(D.maxDelay, D.initialDelay + Math.random() * (Math.max(previous, D.initialDelay) * 3 - D.initialDelay))),
  'static cap maxDelay: 5 s': attempt => backoffDelay(attempt, { ...D, maxDelay: 5000 }),
}

interface Outcome { busiestPct: number, t50: number, t95: number, t100: number, downAttempts: number }

/** One storm: `clients` clients, server back at `outage` ms; `refuseMs` is how long a refused attempt takes. */
export function simulate(policy: Policy, clients: number, outage: number, refuseMs = 5): Outcome {
  const buckets = new Map<number, number>()
  const back: number[] = []
  let down = 0
  for (let c = 0; c < clients; c++) {
    let t = 0
    let attempt = 0
    let previous = 0
    for (;;) {
      previous = policy(attempt++, t, previous)
      t += previous
      if (t >= outage) {
        const bucket = Math.floor((t - outage) / 100)
        buckets.set(bucket, (buckets.get(bucket) ?? 0) + 1)
        back.push((t - outage) / 1000)
        break
      }
      down++
      t += refuseMs
    }
  }
  back.sort((a, b) => a - b)
  return { busiestPct: Math.max(...buckets.values()) / clients * 100, t50: quantile(back, 0.5), t95: quantile(back, 0.95), t100: back.at(-1)!, downAttempts: down / clients }
}

/** Attempts per client per minute while a server stays down for `outage` ms (the load on a dead server). */
export function loadWhileDown(policy: Policy, outage: number, clients = 500): number {
  let attempts = 0
  for (let c = 0; c < clients; c++) {
    let t = 0
    let attempt = 0
    let previous = 0
    while (t < outage) {
      previous = policy(attempt++, t, previous)
      t += previous
      if (t < outage)
        attempts++
    }
  }
  return attempts / clients / (outage / 60_000)
}

function sweep(clients: number, runs: number): void {
  const outages = [1000, 3000, 5000, 10_000, 30_000, 120_000]
  console.info(`${clients} clients; per outage length: busiest 100 ms % / t95 s / t100 s after the return (median of ${runs} runs)`)
  console.info(`${'policy'.padEnd(42)} ${outages.map(o => `${o / 1000} s`.padStart(18)).join('')}`)
  for (const [name, policy] of Object.entries(POLICIES)) {
    const cells = outages.map((outage) => {
      const outcomes = Array.from({ length: runs }, () => simulate(policy, clients, outage))
      const m = (key: keyof Outcome): number => median(outcomes.map(o => o[key]).sort((a, b) => a - b))
      return `${m('busiestPct').toFixed(1)}/${m('t95').toFixed(1)}/${m('t100').toFixed(1)}`.padStart(18)
    })
    console.info(`${name.padEnd(42)} ${cells.join('')}`)
  }
}

if (process.argv[1]?.endsWith('stormModel.ts')) {
  const { values } = parseArgs({ options: { clients: { type: 'string', default: '2000' }, outage: { type: 'string', default: '5000' }, runs: { type: 'string', default: '5' }, sweep: { type: 'boolean', default: false } } })
  if (values.sweep) {
    sweep(Number(values.clients), Number(values.runs))
    process.exit(0)
  }
  const clients = Number(values.clients)
  const outage = Number(values.outage)
  const runs = Number(values.runs)
  console.info(`${clients} clients, server back after ${outage / 1000} s; median of ${runs} runs. busiest = attempts in the busiest 100 ms after the return, % of clients; times in s after the return; load = attempts per client per minute during a 10-minute outage`)
  console.info(`${'policy'.padEnd(42)} busiest    t50    t95   t100  down/client  load 10 min`)
  for (const [name, policy] of Object.entries(POLICIES)) {
    const outcomes = Array.from({ length: runs }, () => simulate(policy, clients, outage))
    const m = (key: keyof Outcome): number => median(outcomes.map(o => o[key]).sort((a, b) => a - b))
    console.info(`${name.padEnd(42)} ${m('busiestPct').toFixed(1).padStart(6)} % ${m('t50').toFixed(2).padStart(6)} ${m('t95').toFixed(2).padStart(6)} ${m('t100').toFixed(2).padStart(6)} ${m('downAttempts').toFixed(2).padStart(12)} ${loadWhileDown(policy, 600_000).toFixed(1).padStart(12)}`)
  }
}
