import type { ChildProcess } from 'node:child_process'
import type { FromClient, ToClient } from '../node/stormClient'
import type { Metric, Sample, Series } from '../lib/results'
import type { BenchCase } from './types'
import { fork } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { installedVersion } from '../lib/machine'
import { alternate, toRows } from '../lib/results'
import { quantile } from '../lib/stats'
import { stormContenders } from '../node/stormContenders'

const METRICS: Metric[] = [
  { key: 'busiestPct', label: 'busiest 100 ms', unit: '% of clients', better: 'lower', digits: 1 },
  { key: 't50', label: '50 % back', unit: 's', better: 'lower', digits: 2 },
  { key: 't95', label: '95 % back', unit: 's', better: 'lower', digits: 2 },
  { key: 't100', label: '100 % back', unit: 's', better: 'lower', digits: 2 },
  { key: 'outageAttempts', label: 'attempts while down', unit: 'per client', better: 'lower', digits: 2 },
]

const BUCKET_MS = 100
const CLIENT = fileURLToPath(new URL('../node/stormClient.ts', import.meta.url))

/** Reconnect attempts per 100 ms from `from`, and the share of clients back by the end of each bucket. */
export function bucketize(attempts: readonly number[], reopened: readonly (number | null)[], from: number, to: number): { attempts: number[], backPct: number[] } {
  const n = Math.max(1, Math.ceil((to - from) / BUCKET_MS))
  const perBucket = Array.from({ length: n }, () => 0)
  for (const t of attempts) {
    const i = Math.floor((t - from) / BUCKET_MS)
    if (i >= 0 && i < n)
      perBucket[i]++
  }
  const back = reopened.filter((t): t is number => t !== null).sort((a, b) => a - b)
  let k = 0
  const backPct = perBucket.map((_, i) => {
    while (k < back.length && back[k] < from + (i + 1) * BUCKET_MS)
      k++
    return +(k / reopened.length * 100).toFixed(2)
  })
  return { attempts: perBucket, backPct }
}

/** The storm's figures for one run. Times are seconds after the server's return. */
export function stormSample(attempts: readonly number[], reopened: readonly (number | null)[], dropAt: number, returnAt: number): Sample {
  const clients = reopened.length
  const after = bucketize(attempts, reopened, returnAt, Math.max(returnAt + BUCKET_MS, ...attempts)).attempts
  const back = reopened.map(t => t === null ? Infinity : (t - returnAt) / 1000).sort((a, b) => a - b)
  const at = (q: number): number | null => {
    const value = quantile(back, q)
    return Number.isFinite(value) ? value : null
  }
  return {
    busiestPct: Math.max(0, ...after) / clients * 100,
    t50: at(0.5),
    t95: at(0.95),
    t100: at(1),
    outageAttempts: attempts.filter(t => t >= dropAt && t < returnAt).length / clients,
  }
}

function message<T extends FromClient['type']>(child: ChildProcess, type: T): Promise<Extract<FromClient, { type: T }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: FromClient): void => {
      if (m.type === type) {
        child.off('exit', onExit)
        child.off('message', onMessage)
        resolve(m as Extract<FromClient, { type: T }>)
      }
    }
    const onExit = (code: number | null): void => reject(new Error(`storm client exited with ${code} before '${type}'`))
    child.on('message', onMessage).once('exit', onExit)
  })
}

/**
 * Case 3: for each library, a child process opens N clients to `ws/echo`; once all have been up longer
 * than any library's `minUptime`, the server drops them all and refuses connections for the outage
 * (`chaos/drop` + `chaos/offline`). Attempts are counted client-side (every `WebSocket` construction)
 * and each client's first re-open is timed.
 */
export const stormCase: BenchCase = {
  id: 'storm',
  browser: false,
  async run(ctx) {
    const { clients, outageMs, settleMs, waitMinUptime, cutoffMs, batch, batchEveryMs, reps: ownReps } = ctx.sizes.storm
    const reps = ctx.reps ?? ownReps
    const ids = Object.keys(stormContenders)
    const series: Record<string, { attempts: number[], backPct: number[] }> = {}
    let seriesEnd = 0
    const samples = await alternate(ids, reps, async (id, rep) => {
      const channel = `storm-${id}-${rep}-${Date.now()}`
      const child = fork(CLIENT, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
      try {
        const ready = message(child, 'ready')
        child.send({ type: 'start', contender: id, url: ctx.host.ws(`ws/echo?channel=${channel}`), clients, batch, batchEveryMs } satisfies ToClient)
        const { open, failed } = await ready
        if (failed)
          throw new Error(`${id}: only ${open} of ${clients} clients connected`)
        // long-lived clients: a library that resets its backoff only after `minUptime` must have done so
        await new Promise(resolve => setTimeout(resolve, settleMs + (waitMinUptime ? stormContenders[id].minUptimeMs : 0)))
        const dropAt = Date.now()
        const offline = await (await fetch(ctx.host.http(`chaos/offline?ms=${outageMs}&channel=${channel}`))).json() as { offlineUntil: number }
        await fetch(ctx.host.http(`chaos/drop?channel=${channel}`))
        const result = message(child, 'result')
        child.send({ type: 'dropped', dropAt, returnAt: offline.offlineUntil, cutoffMs } satisfies ToClient)
        const { attempts, reopened } = await result
        const last = Math.max(offline.offlineUntil, ...reopened.map(t => t ?? 0))
        if (rep === reps - 1) {
          series[id] = bucketize(attempts, reopened, dropAt, last + BUCKET_MS)
          seriesEnd = Math.max(seriesEnd, series[id].attempts.length)
        }
        return stormSample(attempts, reopened, dropAt, offline.offlineUntil)
      }
      finally {
        child.kill()
      }
    }, ctx.log)
    const info = (id: string) => {
      const c = stormContenders[id]
      return { label: c.label, library: c.library, note: c.note, version: installedVersion(c.library) }
    }
    const pad = (values: number[], fill: number): number[] => [...values, ...Array.from({ length: seriesEnd - values.length }, () => fill)]
    const lines = (pick: 'attempts' | 'backPct') => ids.filter(id => series[id]).map(id => ({
      id,
      label: stormContenders[id].label,
      values: pad(series[id][pick], pick === 'backPct' ? series[id].backPct.at(-1) ?? 0 : 0),
    }))
    const storm: Series[] = [
      { key: 'attempts', title: 'Connection attempts per 100 ms', unit: 'attempts per 100 ms', bucketMs: BUCKET_MS, start: 'the drop', markAt: outageMs, lines: lines('attempts') },
      { key: 'back', title: 'Clients back', unit: '% of clients back', bucketMs: BUCKET_MS, start: 'the drop', markAt: outageMs, lines: lines('backPct') },
    ]
    return [{
      id: 'storm',
      case: 3,
      title: 'Reconnect storm',
      what: `${clients.toLocaleString('en')} clients per library (Node, one process per run) lose the server: every socket dropped, then connections refused for ${outageMs / 1000} s. Attempts counted at the client; times from the server's return.`,
      params: { clients, outageS: outageMs / 1000, upBeforeDrop: waitMinUptime ? `minUptime + ${settleMs / 1000} s` : `${settleMs / 1000} s`, cutoffS: cutoffMs / 1000 },
      metrics: METRICS,
      rows: toRows(METRICS, samples, info),
      series: storm,
      notes: ['Busiest 100 ms counts attempts in 100 ms buckets from the server\'s return, as a share of the clients.', `Series: the last repetition; 100 % back "never" = not all back ${cutoffMs / 1000} s after the return.`],
    }]
  },
}
