// LlConnectionBadge in Chromium on real connections to the demo backend, driven through every status by
// the composables' own methods and the chaos routes (`chaos/offline`, `chaos/drop`, `chaos/reset`); "Retry
// now" must really reconnect.
import type { BadgeConnection } from './props'
import { ElConfigProvider } from 'element-plus'
import { afterEach, describe, expect, inject, it, vi } from 'vitest'
import { userEvent } from 'vitest/browser'
import { defineComponent, h, inject as injectContext, resolveComponent, shallowRef } from 'vue'
import { channel } from '../../../test/helpers/channel'
import { mountInPage, unmountAll } from '../../../test/helpers/mounts'
import { inScope, stopScopes } from '../../../test/helpers/scopes'
import { useEventSource, usePolling, useWebSocketAuto } from '../../index'
import { useInstallOptions } from '../_internal'
import { LifelinePlugin, lifelineOptionsKey, LlConnectionBadge, zhCn } from '../index'
import 'element-plus/dist/index.css'

const base = inject('backendUrl')
const chaos = (path: string, ch: string): Promise<Response> => fetch(`${base}/__lifeline/${path}${path.includes('?') ? '&' : '?'}channel=${ch}`, { method: 'POST' })
/** Small, fixed delays so the test walks through the statuses quickly; two retries, then `failed`. */
const retry = { retries: 2, initialDelay: 150, maxDelay: 150, jitter: false }

afterEach(() => {
  unmountAll()
  stopScopes()
})

/** Mounts a badge and records every status it showed (its `data-status`), in order, without repeats. */
function mountBadge(props: Record<string, unknown>, wrap?: (badge: () => any) => any) {
  const badge = () => h(LlConnectionBadge, props)
  const { wrapper, host } = mountInPage({ render: wrap ? () => wrap(badge) : badge })
  const root = (): HTMLElement => host.querySelector('.ll-connection-badge')!
  const shown: string[] = [root().dataset.status!]
  const observer = new MutationObserver(() => {
    if (root().dataset.status !== shown.at(-1))
      shown.push(root().dataset.status!)
  })
  observer.observe(host, { attributes: true, subtree: true, attributeFilter: ['data-status'] })
  return { wrapper, root, shown, label: () => host.querySelector('.ll-connection-badge__label')!.textContent!.trim(), retryButton: () => host.querySelector<HTMLButtonElement>('.ll-connection-badge__retry') }
}

/** The tooltip's text, shown on hover (Element Plus teleports it to the body). */
async function tooltip(root: HTMLElement): Promise<string> {
  await userEvent.hover(root.querySelector('.ll-connection-badge__label')!)
  let text = ''
  await vi.waitFor(() => {
    const details = [...document.querySelectorAll<HTMLElement>('.ll-connection-badge__details')].find(d => d.offsetParent !== null)
    expect(details).toBeDefined()
    text = details!.innerText
  })
  await userEvent.unhover(root.querySelector('.ll-connection-badge__label')!)
  return text
}

describe('LlConnectionBadge on real connections', () => {
  it('usePolling: idle, connecting, open, paused, reconnecting, failed, "Retry now" back to open, closed', { timeout: 30_000 }, async () => {
    const ch = channel('badge-poll')
    const poll = inScope(() => usePolling(`${base}/__lifeline/poll/counter?channel=${ch}`, { interval: 200, retry, immediate: false }))
    const { root, shown, label, retryButton } = mountBadge({ connection: poll })
    expect(label()).toBe('Idle')
    poll.start()
    await vi.waitFor(() => expect(root().dataset.status).toBe('open'))
    expect(label()).toBe('Connected')
    expect(root().querySelector('.el-tag--success')).not.toBeNull()
    poll.pause()
    await vi.waitFor(() => expect(root().dataset.status).toBe('paused'))
    poll.resume()
    await vi.waitFor(() => expect(root().dataset.status).toBe('open'))

    await chaos('chaos/offline?ms=30000', ch)
    await vi.waitFor(() => expect(root().dataset.status).toBe('reconnecting'))
    expect(retryButton()?.textContent?.trim()).toBe('Retry now')
    await vi.waitFor(() => expect(root().dataset.status).toBe('failed'), { timeout: 10_000 })
    expect(root().querySelector('.el-tag--danger')).not.toBeNull()
    const details = await tooltip(root())
    expect(details).toContain('Failed')
    expect(details).toMatch(/Error: RETRY_LIMIT/)

    await chaos('chaos/reset', ch)
    retryButton()!.click()
    await vi.waitFor(() => expect(root().dataset.status).toBe('open'))
    expect(retryButton()).toBeNull()
    poll.stop()
    await vi.waitFor(() => expect(root().dataset.status).toBe('closed'))
    // every status of the shared vocabulary, in the order the connection went through them
    expect(shown).toEqual(['idle', 'connecting', 'open', 'paused', 'open', 'reconnecting', 'failed', 'connecting', 'open', 'closed'])
  })

  it('useWebSocketAuto: latency in the tooltip; offline + drop → reconnecting with a countdown → failed; "Retry now" reconnects', { timeout: 30_000 }, async () => {
    const ch = channel('badge-ws')
    const ws = inScope(() => useWebSocketAuto(`${base.replace(/^http/, 'ws')}/__lifeline/ws/pong?channel=${ch}`, {
      heartbeat: { interval: 300, timeout: 2000 },
      reconnect: { retries: 2, initialDelay: 1500, maxDelay: 1500, jitter: false },
    }))
    const { root, shown, retryButton } = mountBadge({ connection: ws, variant: 'text' })
    await vi.waitFor(() => expect(ws.latency.value).not.toBeNull())
    expect(root().dataset.status).toBe('open')
    expect(root().querySelector('.el-tag')).toBeNull()
    expect(await tooltip(root())).toMatch(/Latency \d+ ms/)

    await chaos('chaos/offline?ms=30000', ch)
    await chaos('chaos/drop', ch)
    await vi.waitFor(() => expect(root().dataset.status).toBe('reconnecting'))
    const first = await tooltip(root())
    expect(first).toMatch(/Next try in [12] s/)
    await vi.waitFor(() => expect(root().dataset.status).toBe('failed'), { timeout: 15_000 })
    expect(await tooltip(root())).toContain('Attempt')

    await chaos('chaos/reset', ch)
    const opened = ws.status.value
    expect(opened).toBe('failed')
    retryButton()!.click()
    await vi.waitFor(() => expect(root().dataset.status).toBe('open'))
    expect(shown.slice(-3)).toEqual(['failed', 'connecting', 'open'])
  })

  it('useEventSource: a dropped stream shows reconnecting, and "Retry now" opens it at once instead of waiting', { timeout: 30_000 }, async () => {
    const ch = channel('badge-sse')
    const sse = inScope(() => useEventSource(`${base}/__lifeline/sse/ticker?interval=200&channel=${ch}`, [], { retry: { initialDelay: 20_000, maxDelay: 20_000, jitter: false } }))
    const { root, shown, retryButton } = mountBadge({ connection: sse, variant: 'compact' })
    await vi.waitFor(() => expect(root().dataset.status).toBe('open'))
    // compact: a dot with an accessible name, no visible text
    expect(root().querySelector('.ll-connection-badge__text')).toBeNull()
    expect(root().querySelector('[role="status"]')!.getAttribute('aria-label')).toBe('Connection: Connected')
    await chaos('chaos/drop', ch)
    await vi.waitFor(() => expect(root().dataset.status).toBe('reconnecting'))
    expect(retryButton()!.getAttribute('aria-label')).toBe('Retry now')
    const before = performance.now()
    retryButton()!.click()
    await vi.waitFor(() => expect(root().dataset.status).toBe('open'))
    // the scheduled retry was 20 s away
    expect(performance.now() - before).toBeLessThan(10_000)
    expect(shown).toEqual(['connecting', 'open', 'reconnecting', 'connecting', 'open'])
  })

  it('separate props instead of a connection; `retry` is emitted; a set prop wins over the connection', async () => {
    const onRetry = vi.fn()
    const { root, label, retryButton } = mountBadge({ status: 'failed', error: 'server said no', attempt: 3, onRetry })
    expect(label()).toBe('Failed')
    const details = await tooltip(root())
    expect(details).toContain('Error: server said no')
    expect(details).toContain('Attempt 3')
    retryButton()!.click()
    expect(onRetry).toHaveBeenCalledTimes(1)

    const connection: BadgeConnection = { status: shallowRef('open'), error: shallowRef(null) }
    const overridden = mountBadge({ connection, status: 'paused', retryable: false })
    expect(overridden.root().dataset.status).toBe('paused')
    const failing = mountBadge({ status: 'failed', retryable: false })
    expect(failing.retryButton()).toBeNull()
  })

  it('follows the Element Plus locale, falling back to English', async () => {
    const zh = mountBadge({ status: 'reconnecting' }, badge => h(ElConfigProvider, { locale: { el: {}, ...zhCn } }, () => badge()))
    expect(zh.label()).toBe('重连中')
    expect(zh.retryButton()!.textContent!.trim()).toBe('立即重试')
    const other = mountBadge({ status: 'open' }, badge => h(ElConfigProvider, { locale: { name: 'fr', el: {} } }, () => badge()))
    expect(other.label()).toBe('Connected')
  })

  it('LifelinePlugin registers the components by name and provides its install options', () => {
    let options: unknown
    let own: unknown
    const Probe = defineComponent({
      setup() {
        options = injectContext(lifelineOptionsKey)
        own = useInstallOptions('sessionGuard')
        return () => h('div', [h(resolveComponent('LlConnectionBadge') as any, { status: 'open' }), h(resolveComponent('ll-live-feed') as any, { max: 5 })])
      },
    })
    const installOptions = { sessionGuard: { probe: true } }
    const { host } = mountInPage(Probe, [[LifelinePlugin, installOptions]])
    expect(host.querySelector('.ll-connection-badge')).not.toBeNull()
    expect(host.querySelector('.ll-live-feed')).not.toBeNull()
    expect(options).toBe(installOptions)
    // what a component reads of its own install options
    expect(own).toBe(installOptions.sessionGuard)
  })
})
