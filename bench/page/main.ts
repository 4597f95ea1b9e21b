// The measured page: `window.bench` is what bench/run.ts calls over plain CDP. Contenders are picked by
// id, so every case runs the same workload code for every library.
import type { DeadLinkEntry } from './workloads/deadLink'
import { coreContenders } from './contenders/core'
import { feedContenders } from './contenders/feed'
import { sseContenders } from './contenders/sse'
import { wsContenders } from './contenders/ws'
import { deadLink } from './workloads/deadLink'
import { feed, feedUnmount } from './workloads/feed'
import { receive, roundTrips } from './workloads/receive'

const families = { ws: wsContenders, sse: sseContenders }
type Family = keyof typeof families

/** A contender by id; the profile tool may also name a diagnostic one (`coreContenders`). */
function pick<T>(table: Record<string, T>, id: string, diagnostics: Record<string, T> = {}): T {
  const found = table[id] ?? diagnostics[id]
  if (!found)
    throw new Error(`unknown contender ${id}`)
  return found
}

const bench = {
  /** Ids, labels and packages of every contender, by family. */
  contenders: () => Object.fromEntries(Object.entries({ ...families, feed: feedContenders }).map(([family, table]) =>
    [family, Object.fromEntries(Object.entries(table).map(([id, c]) => [id, { label: c.label, library: c.library, note: c.note }]))])),
  receive: (family: Family, id: string, url: string, count: number, timeoutMs: number) => receive(pick(families[family], id, coreContenders[family]), url, count, timeoutMs),
  roundTrips: (id: string, url: string, count: number) => roundTrips(pick(wsContenders, id), url, count),
  deadLink: (entries: (Omit<DeadLinkEntry, 'contender'> & { family: Family })[], at: number, cutoffMs: number) =>
    deadLink(entries.map(entry => ({ ...entry, contender: pick(families[entry.family], entry.id.replace(/^\w+:/, '')) })), at, cutoffMs),
  feed: (id: string, url: string, seconds: number) => feed(pick(feedContenders, id), url, seconds),
  feedUnmount,
}

declare global {
  interface Window {
    bench: typeof bench
  }
}

window.bench = bench
