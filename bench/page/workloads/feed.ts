import type { FeedContender, FeedView } from '../contenders/feed'

/** What a feed run reports (ms); heap and CDP node counts are read from Node around it. */
export interface FeedResult {
  received: number
  /** rAF intervals while the feed ran. */
  frames: { count: number, p50: number, p95: number, max: number, over33: number }
  longTasks: { count: number, totalMs: number, maxMs: number }
  /** Elements in the document at the end. */
  domElements: number
}

let mounted: FeedView | undefined

const quantile = (sorted: number[], q: number): number => sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] : 0

/**
 * Mounts the feed, streams `url` (a paced burst) into it for `seconds`, and reports frame times, long
 * tasks and DOM size. The feed stays mounted (its retained heap is measured) until `feedUnmount()`.
 */
export async function feed(contender: FeedContender, url: string, seconds: number): Promise<FeedResult> {
  mounted?.unmount()
  const view = mounted = contender.mount(document.getElementById('app')!)
  const longTasks: number[] = []
  const observer = new PerformanceObserver(list => longTasks.push(...list.getEntries().map(entry => entry.duration)))
  observer.observe({ type: 'longtask' })
  const deltas: number[] = []
  let running = true
  let previous = 0
  const tick = (now: number): void => {
    if (previous)
      deltas.push(now - previous)
    previous = now
    if (running)
      requestAnimationFrame(tick)
  }
  requestAnimationFrame(tick)
  let received = 0
  const ws = new WebSocket(url)
  ws.onmessage = (event) => {
    received++
    const { data } = JSON.parse(event.data)
    view.push({ n: data.n, text: data.pad ?? '' })
  }
  await new Promise(resolve => ws.onopen = resolve)
  await new Promise(resolve => setTimeout(resolve, seconds * 1000))
  // after close() no further message is delivered (WHATWG WebSockets): the backlog is dropped
  ws.close()
  running = false
  await new Promise(resolve => requestAnimationFrame(() => setTimeout(resolve, 50)))
  observer.disconnect()
  const sorted = [...deltas].sort((a, b) => a - b)
  return {
    received,
    frames: { count: sorted.length, p50: quantile(sorted, 0.5), p95: quantile(sorted, 0.95), max: sorted.at(-1) ?? 0, over33: sorted.filter(d => d > 33.4).length },
    longTasks: { count: longTasks.length, totalMs: longTasks.reduce((a, b) => a + b, 0), maxMs: Math.max(0, ...longTasks) },
    domElements: document.getElementsByTagName('*').length,
  }
}

export function feedUnmount(): void {
  mounted?.unmount()
  mounted = undefined
}
