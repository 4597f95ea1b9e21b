// LlSessionGuard in Chromium against the demo backend mounted on the test page's own origin
// (`/__lifeline/session/*`, so relative URLs, same-origin redirects and the keep-alive work as in an
// app). Navigation is intercepted with `navigate`. Many pages of one origin: SessionGuard.pages.browser.test.ts.
import { ElConfigProvider } from 'element-plus'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { userEvent } from 'vitest/browser'
import { defineComponent, h, resolveComponent, shallowRef } from 'vue'
import { channel } from '../../../test/helpers/channel'
import { mountInPage, unmountAll } from '../../../test/helpers/mounts'
import { LifelinePlugin, LlSessionGuard, zhCn } from '../index'
import 'element-plus/dist/index.css'
import '../style.css'

const route = (path: string, ch: string): string => `/__lifeline/${path}${path.includes('?') ? '&' : '?'}channel=${ch}`
const post = async (path: string, ch: string): Promise<any> => (await fetch(route(path, ch), { method: 'POST' })).json()
const WAIT = { timeout: 15_000, interval: 20 }

afterEach(() => unmountAll())

/** Every dialog of the page that is on show. */
const dialogs = (): HTMLElement[] => [...document.querySelectorAll<HTMLElement>('.ll-session-guard__dialog')].filter(d => d.offsetParent !== null && getComputedStyle(d).display !== 'none')
const onlyDialog = (): HTMLElement => {
  const shown = dialogs()
  expect(shown).toHaveLength(1)
  return shown[0]!
}
const button = (dialog: HTMLElement, name: string): HTMLButtonElement =>
  [...dialog.querySelectorAll<HTMLButtonElement>('button')].find(b => b.textContent!.trim() === name)!

/** Mounts guards on channel `ch` (signed in first unless `login` is false), recording events and navigations. */
async function mountGuards(ch: string, props: Record<string, unknown> = {}, { count = 1, login = true, ttl, wrap }: { count?: number, login?: boolean, ttl?: number, wrap?: (guards: () => any) => any } = {}) {
  if (login)
    await post(`session/login${ttl ? `?ttl=${ttl}` : ''}`, ch)
  const events: Array<[string, ...unknown[]]> = []
  const navigated: string[] = []
  const record = (name: string) => (...args: unknown[]) => events.push([name, ...args])
  const guards = () => Array.from({ length: count }, () => h(LlSessionGuard, {
    url: route('session/status?interval=500', ch),
    navigate: (url: string) => navigated.push(url),
    connectionOptions: { retry: { initialDelay: 300, maxDelay: 1000 } },
    onKicked: record('kicked'),
    onExpired: record('expired'),
    onIdle: record('idle'),
    onWarning: record('warning'),
    onExtended: record('extended'),
    onLogout: record('logout'),
    onUnknown: record('unknown'),
    ...props,
  }))
  const { host } = mountInPage({ render: () => h('div', wrap ? wrap(guards) : guards()) })
  return { events, navigated, host }
}

describe('LlSessionGuard', () => {
  it('kick → exactly one dialog, also with two guards and three triggers at once → "Sign in again" goes to the logout URL', async () => {
    const ch = channel('guard-kick')
    const { events, navigated, host } = await mountGuards(ch, {}, { count: 2 })
    await vi.waitFor(() => expect(host.querySelector('.ll-session-guard')!.getAttribute('data-state')).toBe('signed-in'), WAIT)
    // three triggers in the same moment: a kick, an expiry, and a second kick
    await Promise.all([post('session/kick', ch), post('session/expire', ch), post('session/kick', ch)])
    await vi.waitFor(() => expect(dialogs()).toHaveLength(1), WAIT)
    await new Promise(resolve => setTimeout(resolve, 1000))
    const dialog = onlyDialog()
    // one sign-out (whichever trigger the backend reported first), seen by both guards' listeners: one engine
    const ends = events.filter(e => e[0] === 'kicked' || e[0] === 'expired').map(e => e[0])
    expect(ends).toHaveLength(2)
    expect(ends[0]).toBe(ends[1])
    const [title, text] = ends[0] === 'kicked'
      ? ['Signed in elsewhere', 'Your account was signed in elsewhere. Sign in again?']
      : ['Session expired', 'Your session has expired. Please sign in again.']
    expect(dialog.querySelector('.el-dialog__title')!.textContent).toBe(title)
    expect(dialog.querySelector('.ll-session-guard__message')!.textContent!.trim()).toBe(text)
    expect(navigated).toEqual([])
    button(dialog, 'Sign in again').click()
    expect(navigated).toEqual([`${location.origin}/authorize/logout`])
    await vi.waitFor(() => expect(dialogs()).toHaveLength(0), WAIT)
  })

  it('expiry: a live countdown, status checks that never extend, "Stay signed in" calls the keep-alive and closes it', async () => {
    const ch = channel('guard-expiry')
    // 65 s: the warning (60 s ahead) comes after 5 s; an extension gives 65 s again, so it goes away for 5 s
    const { expiresAt: first } = await post('session/login?ttl=65000', ch)
    const { events, host } = await mountGuards(ch, { keepAlive: route('session/extend', ch) }, { login: false })
    await vi.waitFor(() => expect(dialogs()).toHaveLength(1), WAIT)
    const dialog = onlyDialog()
    expect(dialog.querySelector('.el-dialog__title')!.textContent).toBe('You are about to be signed out')
    const seconds = () => Number(dialog.querySelector('.ll-session-guard__time')!.textContent!.replace(/\D+/g, ''))
    const start = seconds()
    expect(start).toBeGreaterThan(50)
    expect(start).toBeLessThanOrEqual(60)
    expect(dialog.querySelector('.ll-session-guard__message')!.textContent).toMatch(/^Your session expires in \d+ s\.$/)
    await vi.waitFor(() => expect(seconds()).toBeLessThanOrEqual(start - 2), WAIT)
    // two seconds of status messages (every 500 ms): none of them moved the expiry, none called the keep-alive
    const stats = await (await fetch(route('stats', ch))).json()
    expect(stats.requests.filter((r: { route: string }) => r.route === 'session/extend')).toHaveLength(0)
    const status = await (await fetch(route('session/status?format=json', ch))).json()
    expect(status.payload.expiresAt).toBe(first)

    button(dialog, 'Stay signed in').click()
    await vi.waitFor(() => expect(dialogs()).toHaveLength(0), WAIT)
    expect(host.querySelector('.ll-session-guard')!.getAttribute('data-state')).toBe('signed-in')
    const extended = events.find(e => e[0] === 'extended')!
    expect(extended[1]).toBeGreaterThan(first)
    const after = await (await fetch(route('stats', ch))).json()
    expect(after.requests.filter((r: { route: string, method: string }) => r.route === 'session/extend' && r.method === 'POST')).toHaveLength(1)
  })

  it('backend down for 10 s → "cannot check" notice, no dialog, no logout; back up → signed in again without a dialog', { timeout: 40_000 }, async () => {
    const ch = channel('guard-down')
    const { events, navigated, host } = await mountGuards(ch)
    const root = () => host.querySelector('.ll-session-guard')!
    await vi.waitFor(() => expect(root().getAttribute('data-state')).toBe('signed-in'), WAIT)
    const downAt = Date.now()
    await post('chaos/offline?ms=10000&drop=1', ch)
    await vi.waitFor(() => expect(root().getAttribute('data-state')).toBe('unknown'), WAIT)
    const notice = host.querySelector('.ll-session-guard__notice')!
    expect(notice.getAttribute('role')).toBe('status')
    expect(notice.textContent!.trim()).toBe('Cannot check your sign-in status right now. Retrying…')
    // all through the outage: no dialog, no navigation
    while (Date.now() - downAt < 9000) {
      expect(dialogs()).toHaveLength(0)
      expect(root().getAttribute('data-state')).toBe('unknown')
      await new Promise(resolve => setTimeout(resolve, 250))
    }
    await vi.waitFor(() => expect(root().getAttribute('data-state')).toBe('signed-in'), { timeout: 20_000, interval: 50 })
    expect(host.querySelector('.ll-session-guard__notice')).toBeNull()
    expect(dialogs()).toHaveLength(0)
    expect(navigated).toEqual([])
    expect(events.map(e => e[0])).toEqual(['unknown'])
  })

  it('unsafe redirects are refused (INVALID_OPTION): no connection, no dialog, never a navigation', async () => {
    const ch = channel('guard-unsafe')
    await post('session/login', ch)
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const navigated: string[] = []
    for (const logoutUrl of ['https://evil.example/logout', '//evil.example/', 'javascript:alert(document.domain)']) {
      const guard = shallowRef<InstanceType<typeof LlSessionGuard> | null>(null)
      const { host } = mountInPage({ render: () => h(LlSessionGuard, { ref: guard, url: route('session/status', ch), logoutUrl, navigate: (url: string) => navigated.push(url) }) })
      expect(host.querySelector('.ll-session-guard')!.getAttribute('data-state')).toBe('unknown')
      expect(guard.value!.guard.error.value).toMatchObject({ code: 'INVALID_OPTION', option: 'logoutUrl' })
      guard.value!.guard.logout()
    }
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('Invalid option `logoutUrl`'))
    warn.mockRestore()
    expect(navigated).toEqual([])
    await post('session/kick', ch)
    await new Promise(resolve => setTimeout(resolve, 1000))
    expect(dialogs()).toHaveLength(0)
    const stats = await (await fetch(route('stats', ch))).json()
    expect(stats.requests.filter((r: { route: string }) => r.route === 'session/status')).toHaveLength(0)
  })

  it('follows the Element Plus locale (ElConfigProvider), switching live', async () => {
    const ch = channel('guard-locale')
    const locale = shallowRef<any>({ el: {}, ...zhCn })
    await mountGuards(ch, {}, { wrap: guards => h(ElConfigProvider, { locale: locale.value }, () => guards()) })
    await post('session/kick', ch)
    await vi.waitFor(() => expect(dialogs()).toHaveLength(1), WAIT)
    const dialog = onlyDialog()
    expect(dialog.querySelector('.ll-session-guard__message')!.textContent!.trim()).toBe('当前账号已在别处登录，是否重新登录？')
    expect([...dialog.querySelectorAll('button')].map(b => b.textContent!.trim())).toEqual(['取消', '重新登录'])
    locale.value = { name: 'en', el: {} }
    await vi.waitFor(() => expect(dialog.querySelector('.ll-session-guard__message')!.textContent!.trim()).toBe('Your account was signed in elsewhere. Sign in again?'))
    expect([...dialog.querySelectorAll('button')].map(b => b.textContent!.trim())).toEqual(['Cancel', 'Sign in again'])
  })

  it('keyboard only: focus moves to "Stay signed in", Tab stays in the dialog, Escape stays signed in, focus returns', { timeout: 40_000 }, async () => {
    const ch = channel('guard-keys')
    await post('session/login?ttl=65000', ch)
    const Page = defineComponent(() => () => h('div', [
      h('button', { id: 'work' }, 'my work'),
      h(LlSessionGuard, { url: route('session/status?interval=500', ch), keepAlive: route('session/extend', ch), navigate: () => {}, idleTimeout: false }),
    ]))
    const { host } = mountInPage(Page)
    const work = host.querySelector<HTMLButtonElement>('#work')!
    work.focus()
    await vi.waitFor(() => expect(dialogs()).toHaveLength(1), WAIT)
    const dialog = onlyDialog()
    await vi.waitFor(() => expect(document.activeElement!.textContent!.trim()).toBe('Stay signed in'), WAIT)
    await userEvent.keyboard('{Tab}')
    expect(dialog.contains(document.activeElement)).toBe(true)
    await userEvent.keyboard('{Tab}')
    expect(dialog.contains(document.activeElement)).toBe(true)
    await userEvent.keyboard('{Escape}')
    await vi.waitFor(() => expect(dialogs()).toHaveLength(0), WAIT)
    await vi.waitFor(() => expect(document.activeElement).toBe(work), WAIT)
    expect(host.querySelector('.ll-session-guard')!.getAttribute('data-state')).toBe('signed-in')
  })

  it('keyboard only after a kick: Enter on "Sign in again" leaves; the countdown is announced politely at steps, not every second', { timeout: 40_000 }, async () => {
    const ch = channel('guard-announce')
    const navigated: string[] = []
    await post('session/login?ttl=42500', ch)
    const { host } = mountInPage({ render: () => h(LlSessionGuard, { url: route('session/status?interval=500', ch), keepAlive: route('session/extend', ch), navigate: (url: string) => navigated.push(url) }) })
    await vi.waitFor(() => expect(dialogs()).toHaveLength(1), WAIT)
    const announcer = () => document.querySelector('.ll-session-guard__announcer')!
    expect(announcer().getAttribute('aria-live')).toBe('polite')
    const heard: string[] = []
    const observer = new MutationObserver(() => heard.at(-1) !== announcer().textContent && heard.push(announcer().textContent!))
    observer.observe(announcer(), { childList: true, characterData: true, subtree: true })
    // from ~42 s down past the 40 s step: one announcement for the step, none for every second
    await vi.waitFor(() => expect(heard).toContain('You will be signed out in 40 s.'), WAIT)
    await new Promise(resolve => setTimeout(resolve, 2500))
    expect(heard).toEqual(['You will be signed out in 40 s.'])
    observer.disconnect()
    await post('session/kick', ch)
    await vi.waitFor(() => expect(onlyDialog().querySelector('.el-dialog__title')!.textContent).toBe('Signed in elsewhere'), WAIT)
    await vi.waitFor(() => expect(announcer().textContent).toBe('Your account was signed in elsewhere. Sign in again?'), WAIT)
    await vi.waitFor(() => expect(document.activeElement!.textContent!.trim()).toBe('Sign in again'), WAIT)
    await userEvent.keyboard('{Enter}')
    expect(navigated).toEqual([`${location.origin}/authorize/logout`])
    expect(host).toBeTruthy()
  })

  it('LifelinePlugin: <LlSessionGuard> by name, props from the sessionGuard install option; slots replace the content', async () => {
    const ch = channel('guard-plugin')
    await post('session/login', ch)
    const navigated: string[] = []
    const App = defineComponent(() => () => h(resolveComponent('ll-session-guard') as any, {}, {
      default: ({ reason }: { reason: string }) => h('p', { class: 'mine' }, `custom body: ${reason}`),
      footer: ({ logout }: { logout: () => void }) => h('button', { class: 'mine-go', onClick: logout }, 'go'),
    }))
    const Wrapper = defineComponent({ components: {}, setup: () => () => h(App) })
    mountInPage(Wrapper, [[LifelinePlugin, { sessionGuard: { url: route('session/status?interval=500', ch), logoutUrl: '/bye', navigate: (url: string) => navigated.push(url) } }]])
    await new Promise(resolve => setTimeout(resolve, 300))
    await post('session/kick', ch)
    await vi.waitFor(() => expect(dialogs()).toHaveLength(1), WAIT)
    const dialog = onlyDialog()
    expect(dialog.querySelector('.mine')!.textContent).toBe('custom body: kicked')
    dialog.querySelector<HTMLButtonElement>('.mine-go')!.click()
    expect(navigated).toEqual([`${location.origin}/bye`])
  })
})
