// LlLiveFeed in Chromium, fed by a real WebSocket (`ws/ticker?rate=`) through useWebSocketAuto, or by
// push(). What the issue asks: bounded DOM and buffer at 5,000 messages/s, following the bottom, a steady
// reading position while scrolled up, "N new", dynamic heights without overlap, literal text, polite
// summaries, keyboard scrolling, locale and dark mode.
import type { VueWrapper } from '@vue/test-utils'
import type { UseLiveFeedReturn } from '../../index'
import type { LiveFeedExposed } from './props'
import { ElConfigProvider } from 'element-plus'
import { afterEach, describe, expect, inject, it, vi } from 'vitest'
import { userEvent } from 'vitest/browser'
import { h, nextTick } from 'vue'
import { channel } from '../../../test/helpers/channel'
import { mountInPage, unmountAll } from '../../../test/helpers/mounts'
import { inScope, stopScopes } from '../../../test/helpers/scopes'
import { useWebSocketAuto } from '../../index'
import { LlLiveFeed, zhCn } from '../index'
import 'element-plus/dist/index.css'
import 'element-plus/theme-chalk/dark/css-vars.css'

const base = inject('backendUrl').replace(/^http/, 'ws')
interface Tick { type: 'tick', data: { n: number } }
interface Line { n: number, text: string }

/** Every tenth message is ten lines long: rows of two very different heights. */
const line = (n: number): Line => ({ n, text: n % 10 === 0 ? Array.from({ length: 10 }, (_, i) => `#${n} line ${i + 1}`).join('\n') : `#${n}` })

afterEach(() => {
  unmountAll()
  stopScopes()
  document.documentElement.classList.remove('dark')
})

/** A real socket streaming `count` ticks at `rate` per second (JSON parsed). */
function ticker(rate: number, count: number) {
  return inScope(() => useWebSocketAuto<Tick>(`${base}/__lifeline/ws/ticker?rate=${rate}&count=${count}&channel=${channel('feed')}`, { json: true }))
}

function mountFeed(props: Record<string, unknown>, wrap?: (feed: () => any) => any): { wrapper: VueWrapper, exposed: () => LiveFeedExposed<any>, list: () => HTMLElement, follows: boolean[], newestAtFollow: unknown[] } {
  const follows: boolean[] = []
  // the newest item in the feed when the view stopped or started following
  const newestAtFollow: unknown[] = []
  let exposed: LiveFeedExposed<any> | undefined
  const feed = () => h(LlLiveFeed as any, { ...props, ref: (r: any) => (exposed = r ?? exposed), onFollow: (f: boolean) => {
    follows.push(f)
    newestAtFollow.push(exposed?.feed.items.value.at(-1))
  } })
  const { wrapper, host } = mountInPage({ render: wrap ? () => wrap(feed) : feed })
  host.style.width = '480px'
  return { wrapper, exposed: () => exposed!, list: () => host.querySelector<HTMLElement>('.ll-live-feed__list')!, follows, newestAtFollow }
}

const frame = (): Promise<number> => new Promise(resolve => requestAnimationFrame(resolve))
/**
 * Calls `fn` once per frame, after that frame was painted (a task posted from `requestAnimationFrame`
 * runs after the rendering step): it sees what was on screen, not the DOM halfway through a frame.
 */
function everyFrame(fn: () => void): () => void {
  let on = true
  const channel = new MessageChannel()
  channel.port1.onmessage = () => {
    if (!on)
      return
    fn()
    requestAnimationFrame(() => channel.port2.postMessage(0))
  }
  requestAnimationFrame(() => channel.port2.postMessage(0))
  return () => {
    on = false
    channel.port1.close()
  }
}

/** Rendered rows; virtua hides a row (`visibility: hidden`) until it has measured it, so those are not on screen. */
const rows = (list: HTMLElement): HTMLElement[] => [...list.querySelectorAll<HTMLElement>('.ll-live-feed__item')].filter(r => getComputedStyle(r).visibility !== 'hidden')
const nOf = (row: HTMLElement): number => Number(/#(\d+)/.exec(row.textContent ?? '')![1])
/** The first row whose box reaches into the viewport, with its top relative to the viewport's top. */
function firstVisible(list: HTMLElement): { n: number, top: number } | undefined {
  const view = list.getBoundingClientRect()
  const row = rows(list).map(r => ({ r, box: r.getBoundingClientRect() })).filter(x => x.box.bottom > view.top + 0.5 && x.box.top < view.bottom).sort((a, b) => a.box.top - b.box.top)[0]
  return row && { n: nOf(row.r), top: row.box.top - view.top }
}
/** Scrolls the list as a user does: a wheel event first (user intent), then the scroll. */
async function wheelBy(list: HTMLElement, dy: number): Promise<void> {
  list.dispatchEvent(new WheelEvent('wheel', { deltaY: dy, bubbles: true }))
  list.scrollTop += dy
  await frame()
}

describe('LlLiveFeed in Chromium', () => {
  it('20,000 messages at 5,000/s: DOM bounded by the viewport, buffer within max, follows the bottom, rows never overlap', { timeout: 30_000 }, async () => {
    const ws = ticker(5000, 20_000)
    const { exposed, list, follows } = mountFeed({ source: ws, max: 1000, select: (m: Tick) => line(m.data.n), itemText: (l: Line) => l.text, itemKey: 'n', height: 400 })
    let maxRows = 0
    let maxItems = 0
    let behind = 0
    let overlaps = 0
    let frames = 0
    let blank = 0
    const stop = everyFrame(() => {
      frames++
      const feed: UseLiveFeedReturn<Line> = exposed().feed
      maxItems = Math.max(maxItems, feed.items.value.length)
      const rendered = rows(list())
      maxRows = Math.max(maxRows, rendered.length)
      const newest = feed.items.value.at(-1)?.n ?? 0
      if (!rendered.length) {
        // nothing on screen although there are items: a blank frame
        blank += feed.items.value.length ? 1 : 0
        return
      }
      // following: the newest row on screen is never more than a frame or two of messages behind
      behind = Math.max(behind, newest - Math.max(...rendered.map(nOf)))
      const boxes = rendered.map(r => r.getBoundingClientRect()).sort((a, b) => a.top - b.top)
      const bad = boxes.filter((b, i) => i > 0 && b.top < boxes[i - 1].bottom - 0.5)
      overlaps += bad.length
    })
    await vi.waitFor(() => expect(exposed().feed.received.value).toBe(20_000), { timeout: 20_000, interval: 50 })
    await vi.waitFor(() => expect(nOf(rows(list()).at(-1)!)).toBe(20_000))
    await frame()
    await frame()
    stop()

    const view = list().getBoundingClientRect()
    const one = Math.min(...rows(list()).map(r => r.getBoundingClientRect().height))
    // virtua renders the viewport plus 200 px of overscan on each side
    const bound = Math.ceil((view.height + 2 * 200) / one) + 2
    console.info(`[feed 5k/s] frames ${frames}, max rows in DOM ${maxRows} (bound ${bound}), max items ${maxItems}, newest row behind by ≤ ${behind}, overlaps ${overlaps}, blank frames ${blank}`)
    expect(blank).toBe(0)
    expect(maxRows).toBeLessThanOrEqual(bound)
    expect(maxItems).toBeLessThanOrEqual(1000)
    expect(exposed().feed.items.value).toHaveLength(1000)
    expect(exposed().feed.dropped.value).toBe(19_000)
    expect(behind).toBeLessThanOrEqual(250)
    expect(overlaps).toBe(0)
    expect(follows).toEqual([])
    // at the bottom: the newest row's bottom is the viewport's bottom
    const last = rows(list()).find(r => nOf(r) === 20_000)!.getBoundingClientRect()
    expect(Math.abs(last.bottom - view.bottom)).toBeLessThanOrEqual(1)
  })

  it('scrolled up: the first visible row stays within 1 px while items arrive and old ones drop; "N new" is right and jumps back', { timeout: 45_000 }, async () => {
    // 20,000 messages still to come after the scroll (~4 s at 5k/s): enough frames to sample the anchor
    // while items arrive even when the machine is loaded and the tab gets few frames
    const total = 32_000
    const ws = ticker(5000, total)
    const { exposed, list, follows, newestAtFollow, wrapper } = mountFeed({ source: ws, max: 10_000, select: (m: Tick) => line(m.data.n), itemText: (l: Line) => l.text, itemKey: 'n', height: 400 })
    await vi.waitFor(() => expect(exposed().feed.received.value).toBeGreaterThan(12_000), { timeout: 20_000, interval: 20 })
    const feed = exposed().feed
    await wheelBy(list(), -1500)
    await frame()
    expect(follows).toEqual([false])
    const anchor = firstVisible(list())!
    const droppedBefore = feed.dropped.value
    let drift = 0
    // frames in which the anchor was measured and new items had arrived since the previous one
    let checks = 0
    let seen = feed.received.value
    const stop = everyFrame(() => {
      const row = rows(list()).find(r => nOf(r) === anchor.n)
      if (!row)
        return
      if (feed.received.value !== seen)
        checks++
      seen = feed.received.value
      drift = Math.max(drift, Math.abs(row.getBoundingClientRect().top - list().getBoundingClientRect().top - anchor.top))
    })
    await vi.waitFor(() => expect(feed.received.value).toBe(total), { timeout: 30_000, interval: 50 })
    await frame()
    await frame()
    stop()
    console.info(`[feed scrolled up] anchor #${anchor.n}, ${checks} frames checked, max drift ${drift.toFixed(2)} px, dropped meanwhile ${feed.dropped.value - droppedBefore}`)
    expect(feed.dropped.value - droppedBefore).toBeGreaterThan(5000)
    expect(checks).toBeGreaterThan(10)
    expect(drift).toBeLessThanOrEqual(1)
    expect(exposed().following).toBe(false)

    // "N new": everything since the view stopped following
    const button = wrapper.find('.ll-live-feed__jump')
    expect(button.exists()).toBe(true)
    expect(button.text()).toContain(`${total - (newestAtFollow[0] as Line).n} new`)
    await button.trigger('click')
    await vi.waitFor(() => {
      const view = list().getBoundingClientRect()
      const last = rows(list()).find(r => nOf(r) === total)?.getBoundingClientRect()
      expect(last && Math.abs(last.bottom - view.bottom)).toBeLessThanOrEqual(1)
    })
    expect(exposed().following).toBe(true)
    expect(follows).toEqual([false, true])
    await nextTick()
    expect(wrapper.find('.ll-live-feed__jump').exists()).toBe(false)
  })

  it('keyboard: PageUp leaves the bottom (and stops following), End returns to it', { timeout: 20_000 }, async () => {
    const { exposed, list } = mountFeed({ max: 500, height: 300 })
    exposed().feed.push(Array.from({ length: 300 }, (_, i) => `#${i + 1} message`))
    await vi.waitFor(() => expect(nOf(rows(list()).at(-1)!)).toBe(300))
    list().focus()
    expect(document.activeElement).toBe(list())
    await userEvent.keyboard('{PageUp}')
    await vi.waitFor(() => expect(exposed().following).toBe(false))
    exposed().feed.push('#301 message')
    await frame()
    await frame()
    expect(rows(list()).some(r => nOf(r) === 301)).toBe(false)
    await userEvent.keyboard('{End}')
    await vi.waitFor(() => expect(exposed().following).toBe(true))
    await vi.waitFor(() => expect(rows(list()).some(r => nOf(r) === 301)).toBe(true))
  })

  it('newest first: new items appear at the top while following it; scrolled down, the view stays put', { timeout: 20_000 }, async () => {
    const { exposed, list } = mountFeed({ max: 1000, newestFirst: true, height: 300, itemKey: 'n', itemText: (l: Line) => l.text })
    const feed = exposed().feed
    let n = 0
    const push = (count: number): void => feed.push(Array.from({ length: count }, () => line(++n)))
    push(900)
    await vi.waitFor(() => expect(nOf(rows(list())[0]!)).toBe(900))
    expect(firstVisible(list())!.n).toBe(900)
    push(5)
    await vi.waitFor(() => expect(firstVisible(list())!.n).toBe(905))
    await wheelBy(list(), 800)
    await frame()
    expect(exposed().following).toBe(false)
    const anchor = firstVisible(list())!
    let drift = 0
    for (let round = 0; round < 30; round++) {
      push(20) // past max after a few rounds: old ones drop at the bottom while new ones arrive at the top
      await frame()
      await frame()
      const row = rows(list()).find(r => nOf(r) === anchor.n)!
      drift = Math.max(drift, Math.abs(row.getBoundingClientRect().top - list().getBoundingClientRect().top - anchor.top))
    }
    expect(feed.dropped.value).toBeGreaterThan(0)
    expect(drift).toBeLessThanOrEqual(1)
  })

  it('renders markup as text: XSS strings show literally and never run', async () => {
    const w = window as unknown as { xss?: number }
    delete w.xss
    const attacks = ['<img src=x onerror="window.xss=1">', '<script>window.xss=2</script>', '"><svg onload="window.xss=3">']
    const { exposed, list, wrapper } = mountFeed({ max: 10 })
    exposed().feed.push(attacks)
    await vi.waitFor(() => expect(rows(list())).toHaveLength(3))
    await new Promise(resolve => setTimeout(resolve, 100))
    expect(rows(list()).map(r => r.textContent)).toEqual(attacks)
    expect(wrapper.element.querySelectorAll('img, script, svg')).toHaveLength(0)
    expect(w.xss).toBeUndefined()
  })

  it('a throwing item-text, item-time or item-key costs that row its extras, not the list; the error still surfaces', async () => {
    const thrown: unknown[] = []
    const onError = (event: ErrorEvent): void => {
      thrown.push(event.error)
      event.preventDefault()
    }
    window.addEventListener('error', onError)
    try {
      const bad = new Error('bad item')
      const { exposed, list } = mountFeed({
        max: 10,
        itemText: (s: string) => {
          if (s === '#2 boom')
            throw bad
          return s.toUpperCase()
        },
        itemTime: (s: string) => {
          if (s === '#3 boom')
            throw bad
          return 0
        },
        itemKey: (s: string) => {
          if (s === '#1 boom')
            throw bad
          return s
        },
      })
      exposed().feed.push(['#1 boom', '#2 boom', '#3 boom', '#4 fine'])
      await vi.waitFor(() => expect(rows(list())).toHaveLength(4))
      expect(rows(list()).map(r => r.querySelector('.ll-live-feed__text')!.textContent)).toEqual(['#1 BOOM', '#2 boom', '#3 BOOM', '#4 FINE'])
      await vi.waitFor(() => expect(thrown.filter(e => e === bad).length).toBeGreaterThanOrEqual(3))
    }
    finally {
      window.removeEventListener('error', onError)
    }
  })

  it('announces throttled summaries in a polite live region, not every item', { timeout: 20_000 }, async () => {
    const ws = ticker(2000, 4000)
    const { exposed, wrapper } = mountFeed({ source: ws, announce: 500, select: (m: Tick) => `#${m.data.n}` })
    const region = wrapper.find('[aria-live="polite"]')
    expect(region.attributes('role')).toBe('status')
    // not on the list itself (a virtualised list would re-announce recycled rows)
    expect(wrapper.find('.ll-live-feed__list').attributes('aria-live')).toBeUndefined()
    const said: string[] = []
    const observer = new MutationObserver(() => said.push(region.element.textContent!))
    observer.observe(region.element, { childList: true, characterData: true, subtree: true })
    const started = performance.now()
    await vi.waitFor(() => expect(exposed().feed.received.value).toBe(4000), { timeout: 15_000 })
    await new Promise(resolve => setTimeout(resolve, 700))
    observer.disconnect()
    const seconds = (performance.now() - started) / 1000
    console.info(`[announce] ${said.length} announcements in ${seconds.toFixed(1)} s: ${said.slice(0, 3).join(' | ')} …`)
    expect(said.length).toBeGreaterThan(0)
    expect(said.length).toBeLessThanOrEqual(Math.ceil(seconds * 2) + 1)
    for (const text of said)
      expect(text).toMatch(/^\d+ new messages?\u00A0?$/)
    // the summaries add up to every message
    expect(said.reduce((sum, text) => sum + Number(/\d+/.exec(text)![0]), 0)).toBe(4000)
  })

  it('follows the Element Plus locale (merged pack), falls back to English, formats times for it', async () => {
    const at = Date.UTC(2026, 0, 2, 3, 4, 5)
    const { wrapper } = mountFeed({ max: 10, itemTime: () => at }, feed => h(ElConfigProvider, { locale: { el: {}, ...zhCn } }, () => feed()))
    expect(wrapper.find('.ll-live-feed__empty').text()).toBe('暂无消息')
    expect(wrapper.find('.ll-live-feed__list').attributes('aria-label')).toBe('实时消息')
    const english = mountFeed({ max: 10 }, feed => h(ElConfigProvider, { locale: { name: 'de', el: {} } }, () => feed()))
    expect(english.wrapper.find('.ll-live-feed__empty').text()).toBe('No messages yet')

    const timed = mountFeed({ max: 10, itemTime: () => at }, feed => h(ElConfigProvider, { locale: { el: {}, ...zhCn } }, () => feed()))
    timed.exposed().feed.push('#1')
    await vi.waitFor(() => expect(timed.wrapper.find('time').exists()).toBe(true))
    const time = timed.wrapper.find('time')
    expect(time.attributes('datetime')).toBe(new Date(at).toISOString())
    expect(time.text()).toBe(new Intl.DateTimeFormat('zh-cn', { hour: '2-digit', minute: '2-digit', second: '2-digit' }).format(at))
  })

  it('takes its colours from Element Plus tokens, so dark mode follows html.dark', async () => {
    const { wrapper } = mountFeed({ max: 10 })
    const background = (): string => getComputedStyle(wrapper.find('.ll-live-feed').element).backgroundColor
    const light = background()
    document.documentElement.classList.add('dark')
    const dark = background()
    expect(light).toBe('rgb(255, 255, 255)')
    expect(dark).not.toBe(light)
    // Element Plus's dark `--el-bg-color`
    expect(dark).toBe('rgb(20, 20, 20)')
  })

  it('empty, header and item slots', async () => {
    const { wrapper, exposed } = mountFeed({ max: 10 }, feed => h(LlLiveFeed as any, { ...feed().props }, {
      empty: () => 'nothing yet',
      header: (s: any) => `count ${s.count}`,
      item: ({ item, index }: any) => h('b', `${index}:${item}`),
    }))
    expect(wrapper.text()).toContain('nothing yet')
    expect(wrapper.text()).toContain('count 0')
    void exposed
    const feed = wrapper.findComponent(LlLiveFeed as any).vm as unknown as LiveFeedExposed<string>
    feed.feed.push(['a', 'b'])
    await vi.waitFor(() => expect(wrapper.findAll('b').map(b => b.text())).toEqual(['0:a', '1:b']))
    expect(wrapper.text()).toContain('count 2')
  })
})
