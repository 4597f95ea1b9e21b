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
    /** The benchmark's CDP binding. */
    __bench?: (payload: string) => void
    feedBench: typeof bench
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
  /**
   * Reports every animation frame to the benchmark (the CDP binding `__bench`) with the rows in the DOM
   * and the JS heap at that moment. The benchmark ends the window by its own clock and computes the
   * figures from what arrived: a list that freezes the page cannot hold the measurement up.
   */
  startFrames(): void {
    const report = window.__bench!
    const rows = document.getElementsByClassName('ll-live-feed__item')
    const heap = (): number => (performance as unknown as { memory: { usedJSHeapSize: number } }).memory.usedJSHeapSize
    report(JSON.stringify({ kind: 'start', t: performance.now(), heap: heap() }))
    const tick = (t: number): void => {
      report(JSON.stringify({ kind: 'frame', t, rows: rows.length, heap: heap() }))
      requestAnimationFrame(tick)
    }
    requestAnimationFrame(tick)
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
window.feedBench = bench
