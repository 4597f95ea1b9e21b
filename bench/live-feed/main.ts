// The page the live-feed benchmark drives (bench/live-feed/run.mjs) over a plain CDP connection.
// `?mode=feed` (LlLiveFeed, virtua), `tanstack` (the same on @tanstack/vue-virtual) or `naive` (v-for).
import type { App, Component } from 'vue'
import ElementPlus from 'element-plus'
import { createApp, h, shallowRef } from 'vue'
import Feed from './Feed.vue'
import { tickerUrl } from './lines'
import Naive from './Naive.vue'
import TanstackFeed from './TanstackFeed.vue'
import 'element-plus/dist/index.css'
import 'vue-lifeline/element-plus/style.css'

declare global {
  interface Window {
    __longTasks: Array<{ start: number, duration: number }>
    bench: typeof bench
  }
}

const query = new URLSearchParams(location.search)
const mode = query.get('mode') ?? 'feed'
const modes: Record<string, Component> = { feed: Feed, tanstack: TanstackFeed, naive: Naive }

let app: App | undefined
const instance = shallowRef<any>(null)
let delivered = 0
const MESSAGES = Symbol.for('vue-lifeline:messages')

const bench = {
  /** Mounts the list; its socket connects at mount and streams `rate`/s for `seconds`. */
  start(rate: number, seconds: number, max: number): void {
    const host = document.getElementById('app')!
    host.style.width = '480px'
    app = createApp({ render: () => h(modes[mode]!, { url: tickerUrl(rate, seconds), max, ref: (r: any) => (instance.value = r) }) })
    app.use(ElementPlus).mount(host)
    instance.value.ws[MESSAGES](() => delivered++)
  },
  delivered: (): number => delivered,
  /** Rows in the DOM, and all elements of the page. */
  dom: (): { rows: number, elements: number } => ({ rows: document.querySelectorAll('.ll-live-feed__item').length, elements: document.getElementsByTagName('*').length }),
  /** rAF frame times and long tasks over the next `ms`. */
  async frames(ms: number): Promise<{ frames: number, p50: number, p95: number, p99: number, max: number, over33ms: number, longTasks: number, longestTaskMs: number }> {
    const start = performance.now()
    const stamps: number[] = []
    await new Promise<void>((resolve) => {
      const tick = (t: number): void => {
        stamps.push(t)
        if (t - start < ms)
          requestAnimationFrame(tick)
        else
          resolve()
      }
      requestAnimationFrame(tick)
    })
    const end = performance.now()
    const deltas = stamps.slice(1).map((t, i) => t - stamps[i]!).sort((a, b) => a - b)
    const q = (p: number): number => deltas[Math.min(deltas.length - 1, Math.ceil(p * deltas.length) - 1)] ?? 0
    const tasks = window.__longTasks.filter(t => t.start >= start && t.start < end)
    const round = (x: number): number => Math.round(x * 10) / 10
    return { frames: deltas.length, p50: round(q(0.5)), p95: round(q(0.95)), p99: round(q(0.99)), max: round(deltas.at(-1) ?? 0), over33ms: deltas.filter(d => d > 33.4).length, longTasks: tasks.length, longestTaskMs: round(Math.max(0, ...tasks.map(t => t.duration))) }
  },
  /** Scrolls up as a user does (a wheel event, then the scroll). */
  scrollUp(px: number): void {
    const list = document.querySelector<HTMLElement>('.ll-live-feed__list')!
    list.dispatchEvent(new WheelEvent('wheel', { deltaY: -px, bubbles: true }))
    list.scrollTop -= px
  },
  /** How far the first visible row moves (px, most) over `ms` while the view is scrolled up; sampled after each paint. */
  async drift(ms: number): Promise<{ checks: number, maxPx: number, anchor: string }> {
    const list = document.querySelector<HTMLElement>('.ll-live-feed__list')!
    const visible = (): HTMLElement[] => [...list.querySelectorAll<HTMLElement>('.ll-live-feed__item')].filter(r => getComputedStyle(r).visibility !== 'hidden')
    const top = (row: HTMLElement): number => row.getBoundingClientRect().top - list.getBoundingClientRect().top
    const first = visible().filter(r => r.getBoundingClientRect().bottom > list.getBoundingClientRect().top).sort((a, b) => top(a) - top(b))[0]!
    const anchor = first.textContent!.split(' ')[0]!
    const anchorTop = top(first)
    let checks = 0
    let maxPx = 0
    const end = performance.now() + ms
    const channel = new MessageChannel()
    await new Promise<void>((resolve) => {
      channel.port1.onmessage = () => {
        const row = visible().find(r => r.textContent!.startsWith(`${anchor} `))
        if (row) {
          checks++
          maxPx = Math.max(maxPx, Math.abs(top(row) - anchorTop))
        }
        if (performance.now() < end)
          requestAnimationFrame(() => channel.port2.postMessage(0))
        else
          resolve()
      }
      requestAnimationFrame(() => channel.port2.postMessage(0))
    })
    channel.port1.close()
    return { checks, maxPx: Math.round(maxPx * 100) / 100, anchor }
  },
  stop(): void {
    app?.unmount()
    app = undefined
  },
}
window.bench = bench
