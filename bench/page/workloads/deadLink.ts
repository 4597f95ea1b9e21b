import type { Client, Contender, LivenessOptions } from '../contenders/types'

/** One contender of a dead-link run: which route it connects to and how it may notice. */
export interface DeadLinkEntry {
  id: string
  contender: Contender
  url: string
  liveness: Omit<LivenessOptions, 'onDown'>
}

/**
 * Connects every entry at once to a route that goes silent at `at` (epoch ms) without closing TCP, and
 * reports for each the ms from `at` until it noticed, or `null` if it had not after `cutoffMs`.
 */
export async function deadLink(entries: DeadLinkEntry[], at: number, cutoffMs: number): Promise<Record<string, number | null>> {
  const noticed: Record<string, number | null> = {}
  let over = false
  const clients: Client[] = await Promise.all(entries.map(({ id, contender, url, liveness }) => {
    noticed[id] = null
    const onDown = (): void => {
      if (!over)
        noticed[id] ??= Date.now() - at
    }
    return contender.connect(url, () => {}, { ...liveness, onDown })
  }))
  await new Promise(resolve => setTimeout(resolve, Math.max(0, at + cutoffMs - Date.now())))
  // our own close() below fires close events: they are not the client noticing anything
  over = true
  for (const client of clients)
    client.close()
  return noticed
}
