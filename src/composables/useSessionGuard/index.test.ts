// useSessionGuard in Node, headless: the status endpoint scripted on the mock network of
// `vue-lifeline/testing`, time on its test clock. Each test uses its own endpoint, so its own guard.
// The same behaviour against the real demo backend in Chromium: index.browser.test.ts.
import type { UseSessionGuardOptions, UseSessionGuardReturn } from '.'
import type { MockNetwork } from '../../testing'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { effectScope, shallowRef } from 'vue'
import { createEnvironment, registry } from '../../core'
import { createMockNetwork, createTestClock } from '../../testing'
import { useSessionGuard } from '.'

const clock = createTestClock()
let network: MockNetwork
const environment = createEnvironment()
environment.visibility.set(true)
environment.online.set(true)

beforeAll(async () => {
  network = createMockNetwork({ baseUrl: 'http://app.test/', clock })
  await network.start()
})
afterEach(() => {
  stopAll()
  registry.clear()
  network.reset()
})
afterAll(() => network.stop())

let seq = 0
const scopes: Array<ReturnType<typeof effectScope>> = []
const stopAll = (): void => scopes.splice(0).forEach(scope => scope.stop())

/** A guard on a fresh endpoint, its events in order, and the URLs it navigated to. */
function guard(options: Partial<UseSessionGuardOptions> & { path?: string } = {}) {
  const path = options.path ?? `/status-${++seq}`
  const events: Array<[string, ...unknown[]]> = []
  const navigated: string[] = []
  const record = (name: string) => (...args: unknown[]) => events.push([name, ...args])
  const scope = effectScope()
  scopes.push(scope)
  const g = scope.run(() => useSessionGuard({
    url: `http://app.test${path}`,
    navigate: url => navigated.push(url),
    scheduler: clock,
    environment,
    // each test alone in its "browser": the cross-tab part has tests of its own (tabs.test.ts)
    tabs: { BroadcastChannel: null },
    retry: { initialDelay: 1000, maxDelay: 1000, jitter: false },
    onKicked: record('kicked'),
    onExpired: record('expired'),
    onIdle: record('idle'),
    onWarning: record('warning'),
    onExtended: record('extended'),
    onLogout: record('logout'),
    onUnknown: e => events.push(['unknown', e?.code]),
    onError: e => events.push(['error', e.code]),
    ...options,
  } as UseSessionGuardOptions))!
  return { g, events, navigated, scope, path }
}

const T0 = () => clock.now()
const ok = (expiresAt: number | null = null) => ({ data: { status: 200, message: 'ok', payload: { user: 'u', expiresAt } } })

/** The endpoint and the guard's first stream. */
async function streaming(options: Parameters<typeof guard>[0] = {}) {
  const path = `/status-${++seq}`
  const stream = network.eventStream(path)
  const made = guard({ ...options, path })
  const connection = await stream.waitForConnection(1)
  return { ...made, stream, connection }
}

const until = (check: () => void) => vi.waitFor(check, { timeout: 3000, interval: 5 })

describe('useSessionGuard: signed in elsewhere (the classic protocol)', () => {
  it('checking → signed-in → a 401 signs out once ("kicked"), closes the stream, and logout() goes to /authorize/logout', async () => {
    const { g, events, navigated, connection } = await streaming()
    expect(g.state.value).toBe('checking')
    connection.send(ok())
    await until(() => expect(g.state.value).toBe('signed-in'))
    expect(g.connection.status.value).toBe('open')
    connection.send({ data: { status: 401, message: '当前账号已在别处登录', payload: null } })
    await until(() => expect(g.state.value).toBe('signed-out'))
    expect(g.reason.value).toBe('kicked')
    expect(g.message.value).toEqual({ status: 401, message: '当前账号已在别处登录', payload: null })
    expect(g.connection.status.value).toBe('closed')
    expect(await connection.whenClosed()).toBe('cancel')
    // never on its own: the user decides
    expect(navigated).toEqual([])
    g.logout()
    g.logout()
    expect(navigated).toEqual(['/authorize/logout'])
    expect(events).toEqual([['kicked', { status: 401, message: '当前账号已在别处登录', payload: null }], ['logout', '/authorize/logout']])
  })

  it('three triggers at once (two 401s and an expiry) make one sign-out and one event', async () => {
    const { g, events, connection } = await streaming()
    connection.send(ok(T0() + 30_000))
    await until(() => expect(g.state.value).toBe('warning'))
    connection.send({ data: { status: 401, payload: { reason: 'kicked' } } }).send({ data: { status: 401, payload: { reason: 'expired' } } })
    await until(() => expect(g.state.value).toBe('signed-out'))
    await clock.advance(40_000)
    expect(g.reason.value).toBe('kicked')
    expect(events.filter(e => ['kicked', 'expired', 'idle'].includes(e[0]))).toEqual([['kicked', { status: 401, payload: { reason: 'kicked' } }]])
  })

  it('payload.reason picks the dialog; isExpired may return a reason or any truthy value', async () => {
    const a = await streaming()
    a.connection.send({ data: { status: 401, message: 'session expired', payload: { reason: 'expired' } } })
    await until(() => expect(a.g.reason.value).toBe('expired'))
    expect(a.events[0]![0]).toBe('expired')

    const b = await streaming({ isExpired: m => m.message === 'gone' ? 'expired' : m.status === 499 })
    b.connection.send({ data: { status: 200 } })
    await until(() => expect(b.g.state.value).toBe('signed-in'))
    b.connection.send({ data: { status: 401 } })
    await clock.advance(10)
    expect(b.g.state.value).toBe('unknown') // not expired by this app's rule, and not a success
    b.connection.send({ data: { status: 499 } })
    await until(() => expect(b.g.reason.value).toBe('kicked'))
  })

  it('a 401 or 403 HTTP status of the endpoint signs out ("expired"); the guard does not retry it', async () => {
    for (const status of [401, 403]) {
      const path = `/status-${++seq}`
      network.eventStream(path).fail({ status })
      const { g, events } = guard({ path })
      await until(() => expect(g.state.value).toBe('signed-out'))
      expect(g.reason.value).toBe('expired')
      expect(events).toEqual([['expired', null]])
    }
  })

  it('a safe redirect in the 401 message is where "Sign in again" goes; an unsafe one is refused (INVALID_OPTION) and logoutUrl is used', async () => {
    const safe = await streaming({ loginUrl: '/login' })
    safe.connection.send({ data: { status: 401, payload: { redirect: '/sso/start?from=kick' } } })
    await until(() => expect(safe.g.state.value).toBe('signed-out'))
    safe.g.logout()
    expect(safe.navigated).toEqual(['/sso/start?from=kick'])

    const unsafe = await streaming()
    unsafe.connection.send({ data: { status: 401, payload: { redirect: '//evil.example/phish' } } })
    await until(() => expect(unsafe.g.state.value).toBe('signed-out'))
    expect(unsafe.g.error.value).toMatchObject({ code: 'INVALID_OPTION', option: 'payload.redirect' })
    unsafe.g.logout()
    expect(unsafe.navigated).toEqual(['/authorize/logout'])
  })

  it('loginUrl is where "Sign in again" goes once the session is gone; "Sign out" always goes to logoutUrl', async () => {
    const { g, navigated, connection } = await streaming({ loginUrl: '/login', logoutUrl: '/bye' })
    connection.send({ data: { status: 401 } })
    await until(() => expect(g.state.value).toBe('signed-out'))
    g.logout()
    expect(navigated).toEqual(['/login'])

    const other = await streaming({ loginUrl: '/login', logoutUrl: '/bye' })
    other.connection.send(ok())
    await until(() => expect(other.g.state.value).toBe('signed-in'))
    other.g.logout()
    expect(other.navigated).toEqual(['/bye'])
    expect(other.g.state.value).toBe('signed-out')
    expect(other.g.reason.value).toBeNull()
  })
})

describe('useSessionGuard: never a false logout', () => {
  it('5xx: unknown, retries with backoff, recovers to signed-in without a prompt', async () => {
    const path = `/status-${++seq}`
    const stream = network.eventStream(path)
    stream.fail({ status: 503 }, { times: 3 })
    const { g, events, navigated } = guard({ path })
    await until(() => expect(g.state.value).toBe('unknown'))
    expect(g.connection.status.value).toBe('reconnecting')
    expect(g.connection.retryIn.value).toBe(1000)
    for (let i = 0; i < 3; i++)
      await clock.advance(1000)
    const connection = await stream.waitForConnection(1)
    connection.send(ok())
    await until(() => expect(g.state.value).toBe('signed-in'))
    expect(navigated).toEqual([])
    expect(events).toEqual([['unknown', 'HTTP_STATUS']])
  })

  it('endpoint unreachable (network errors): unknown and retrying; an expiry still ends the session on time', async () => {
    const path = `/status-${++seq}`
    const stream = network.eventStream(path)
    const first = guard({ path, expiresAt: T0() + 90_000, autoRedirect: false })
    const connection = await stream.waitForConnection(1)
    connection.send(ok())
    await until(() => expect(first.g.state.value).toBe('signed-in'))
    stream.refuse()
    connection.drop()
    await until(() => expect(first.g.state.value).toBe('unknown'))
    await clock.advance(5000)
    expect(first.g.state.value).toBe('unknown')
    expect(first.g.connection.attempt.value).toBeGreaterThanOrEqual(3)
    // "only an expired expiresAt signs out": the countdown runs on while the endpoint is down
    await clock.advance(30_000)
    expect(first.g.state.value).toBe('warning')
    await clock.advance(60_000)
    expect(first.g.state.value).toBe('signed-out')
    expect(first.g.reason.value).toBe('expired')
  })

  it('a message that is not a status, or an isExpired that throws, is "cannot tell" (PARSE), never a logout', async () => {
    const uncaught: unknown[] = []
    const onUncaught = (e: unknown) => uncaught.push(e)
    process.on('uncaughtException', onUncaught)
    try {
      const { g, events, connection } = await streaming({ isExpired: (m) => {
        if (m.message === 'boom')
          throw new Error('app bug')
        return m.status === 401
      } })
      connection.send(ok())
      await until(() => expect(g.state.value).toBe('signed-in'))
      connection.send({ data: '"just a string"' }).send('{not json')
      await until(() => expect(events.filter(e => e[0] === 'error')).toHaveLength(2))
      expect(g.state.value).toBe('unknown')
      connection.send({ data: { status: 401, message: 'boom' } })
      await clock.advance(10)
      expect(g.state.value).toBe('unknown')
      expect(uncaught).toEqual([expect.objectContaining({ message: 'app bug' })])
      connection.send(ok())
      await until(() => expect(g.state.value).toBe('signed-in'))
    }
    finally {
      process.off('uncaughtException', onUncaught)
    }
  })
})

describe('useSessionGuard: expiry warning', () => {
  it('warns warnBefore ahead with a countdown in whole seconds; status messages never call keepAlive; "Stay signed in" POSTs it and takes the new expiry', async () => {
    const keep = network.http('/keep', { method: 'POST' })
    const { g, events, connection } = await streaming({ keepAlive: 'http://app.test/keep' })
    const expiresAt = T0() + 100_000
    connection.send(ok(expiresAt))
    await until(() => expect(g.state.value).toBe('signed-in'))
    expect(g.expiresAt.value).toBe(expiresAt)
    for (let i = 0; i < 39; i++) {
      await clock.advance(1000)
      connection.send(ok(expiresAt))
    }
    expect(g.state.value).toBe('signed-in')
    await clock.advance(1000)
    expect(g.state.value).toBe('warning')
    expect(g.reason.value).toBe('expired')
    expect(g.remaining.value).toBe(60)
    expect(g.canExtend.value).toBe(true)
    await clock.advance(1000)
    expect(g.remaining.value).toBe(59)
    await clock.advance(500)
    expect(g.remaining.value).toBe(59)
    // forty status messages, and the session was never extended by them
    expect(keep.requests).toHaveLength(0)

    keep.reply({ ok: true, expiresAt: T0() + 300_000 })
    const done = g.extend()
    expect(g.extending.value).toBe(true)
    expect(await done).toBe(true)
    expect(keep.requests).toHaveLength(1)
    expect(keep.requests[0]!.method).toBe('POST')
    expect(g.state.value).toBe('signed-in')
    expect(g.expiresAt.value).toBe(T0() + 300_000)
    expect(g.extending.value).toBe(false)
    expect(events).toEqual([['warning', 'expired', 60], ['extended', T0() + 300_000]])
  })

  it('at zero: signed out ("expired") and, nobody having answered, it leaves on its own; autoRedirect: false waits', async () => {
    const a = await streaming()
    a.connection.send(ok(T0() + 30_000))
    await until(() => expect(a.g.state.value).toBe('warning'))
    await clock.advance(30_000)
    expect(a.g.state.value).toBe('signed-out')
    expect(a.g.reason.value).toBe('expired')
    expect(a.navigated).toEqual(['/authorize/logout'])
    expect(a.events.map(e => e[0])).toEqual(['warning', 'expired', 'logout'])

    const b = await streaming({ autoRedirect: false })
    b.connection.send(ok(T0() + 25_000))
    await until(() => expect(b.g.state.value).toBe('warning'))
    await clock.advance(25_000)
    expect(b.g.state.value).toBe('signed-out')
    expect(b.navigated).toEqual([])
  })

  it('warnBefore below 20 s is raised to 20 s (WCAG 2.2.1)', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const { g, connection } = await streaming({ warnBefore: 5000 })
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('raised to 20000 ms'))
    warn.mockRestore()
    connection.send(ok(T0() + 21_000))
    await until(() => expect(g.state.value).toBe('signed-in'))
    await clock.advance(1000)
    expect(g.state.value).toBe('warning')
    expect(g.remaining.value).toBe(20)
  })

  it('expiresAt as a getter of app state; an extension that answers no expiry does not warn again for the same one', async () => {
    const session = shallowRef(T0() + 50_000)
    const keepAlive = vi.fn(async () => {})
    const { g, connection } = await streaming({ expiresAt: () => session.value, keepAlive })
    connection.send(ok())
    await until(() => expect(g.message.value).not.toBeNull())
    expect(g.state.value).toBe('warning')
    expect(g.remaining.value).toBe(50)
    expect(await g.extend()).toBe(true)
    expect(keepAlive).toHaveBeenCalledTimes(1)
    expect(g.state.value).toBe('signed-in')
    await clock.advance(10_000)
    expect(g.state.value).toBe('signed-in')
    // the app learns the new expiry (its own API): the guard follows at once
    session.value = T0() + 200_000
    expect(g.expiresAt.value).toBe(session.value)
    session.value = T0() + 30_000
    expect(g.state.value).toBe('warning')
  })

  it('a keep-alive that answers 401 signs out; one that fails otherwise keeps the warning and reports', async () => {
    const keep = network.http('/keep-fail', { method: 'POST' })
    const { g, events, connection } = await streaming({ keepAlive: 'http://app.test/keep-fail' })
    connection.send(ok(T0() + 40_000))
    await until(() => expect(g.state.value).toBe('warning'))
    keep.fail({ status: 500 }, { times: 1 })
    expect(await g.extend()).toBe(false)
    expect(g.state.value).toBe('warning')
    expect(g.error.value).toMatchObject({ code: 'HTTP_STATUS', status: 500 })
    keep.fail({ status: 401 }, { times: 1 })
    expect(await g.extend()).toBe(false)
    expect(g.state.value).toBe('signed-out')
    expect(g.reason.value).toBe('expired')
    expect(events.map(e => e[0])).toEqual(['warning', 'error', 'expired'])
  })

  it('without keepAlive an expiry warning cannot be extended (canExtend false); dismiss() hides it until the next prompt', async () => {
    const { g, connection } = await streaming({ autoRedirect: false })
    connection.send(ok(T0() + 30_000))
    await until(() => expect(g.state.value).toBe('warning'))
    expect(g.canExtend.value).toBe(false)
    g.dismiss()
    expect(g.dismissed.value).toBe(true)
    await clock.advance(5000)
    expect(g.dismissed.value).toBe(true)
    await clock.advance(25_000)
    expect(g.state.value).toBe('signed-out')
    expect(g.dismissed.value).toBe(false)
  })
})

describe('useSessionGuard: options and the callback policy', () => {
  it.each([
    ['logoutUrl', { logoutUrl: 'https://evil.example/logout' }],
    ['logoutUrl', { logoutUrl: 'javascript:alert(1)' }],
    ['loginUrl', { loginUrl: '//evil.example/login' }],
    ['transport', { transport: 'smoke' }],
    ['warnBefore', { warnBefore: -1 }],
    ['idleTimeout', { idleTimeout: 'soon' }],
    ['keepAlive', { keepAlive: 'ftp://x/keep' }],
  ])('an invalid %s is refused with INVALID_OPTION at setup: nothing connects, nothing navigates', async (option, bad) => {
    const path = `/status-${++seq}`
    const stream = network.eventStream(path)
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const { g, events, navigated } = guard({ path, ...bad } as any)
    warn.mockRestore()
    expect(g.error.value).toMatchObject({ code: 'INVALID_OPTION', option })
    expect(g.state.value).toBe('unknown')
    expect(events).toEqual([['error', 'INVALID_OPTION']])
    g.logout()
    expect(await g.extend()).toBe(false)
    await clock.advance(2000)
    expect(stream.connections).toHaveLength(0)
    expect(navigated).toEqual([])
  })

  it('a throwing callback changes nothing, and every method works from inside a callback', async () => {
    const uncaught: unknown[] = []
    const onUncaught = (e: unknown) => uncaught.push(e)
    process.on('uncaughtException', onUncaught)
    try {
      const self: { g?: UseSessionGuardReturn } = {}
      const made = await streaming({
        onKicked: () => {
          self.g!.dismiss()
          self.g!.logout()
          throw new Error('from onKicked')
        },
        onLogout: () => {
          throw new Error('from onLogout')
        },
      })
      const g = self.g = made.g
      made.connection.send({ data: { status: 401 } })
      await until(() => expect(made.navigated).toEqual(['/authorize/logout']))
      expect(g.state.value).toBe('signed-out')
      expect(g.dismissed.value).toBe(true)
      await clock.advance(10)
      expect(uncaught.map(e => (e as Error).message).sort()).toEqual(['from onKicked', 'from onLogout'])
    }
    finally {
      process.off('uncaughtException', onUncaught)
    }
  })

  it('guards of one name in a page share one engine and one connection; the last one to go closes it', async () => {
    const path = `/status-${++seq}`
    const stream = network.eventStream(path)
    const a = guard({ path })
    const b = guard({ path })
    const connection = await stream.waitForConnection(1)
    connection.send({ data: { status: 401 } })
    await until(() => expect(b.g.state.value).toBe('signed-out'))
    expect(a.g.state).toBe(b.g.state)
    expect(a.events).toHaveLength(1)
    expect(b.events).toHaveLength(1)
    expect(stream.connections).toHaveLength(1)
    a.scope.stop()
    b.g.logout()
    // one navigation, by the one engine, with only the remaining caller's callbacks
    expect([...a.navigated, ...b.navigated]).toEqual(['/authorize/logout'])
    expect(a.events.map(e => e[0])).toEqual(['kicked'])
    expect(b.events.map(e => e[0])).toEqual(['kicked', 'logout'])
  })

  it('disposal closes the connection (after the grace time) and leaves no timer behind', async () => {
    const { scope, g, connection } = await streaming({ idleTimeout: 60_000 })
    connection.send(ok(T0() + 500_000))
    await until(() => expect(g.state.value).toBe('signed-in'))
    scope.stop()
    await clock.advance(1000)
    expect(await connection.whenClosed()).toBe('cancel')
    expect(clock.pending).toBe(0)
  })
})

describe('useSessionGuard: other transports', () => {
  it('poll: the JSON status with the HTTP status mirrored; a 401 response signs out and stops polling', async () => {
    const path = `/poll-${++seq}`
    const endpoint = network.http(path).reply({ status: 200, payload: { expiresAt: null } })
    const { g } = guard({ path, transport: 'poll', interval: 1000 })
    await until(() => expect(g.state.value).toBe('signed-in'))
    endpoint.fail({ status: 401, body: { status: 401 } })
    await clock.advance(1000)
    await until(() => expect(g.state.value).toBe('signed-out'))
    expect(g.reason.value).toBe('expired')
    // the guard closed the connection: shared across tabs (the default), the last tab's close() lets go
    // at once (the grace time is for remounts)
    const count = endpoint.requests.length
    await clock.advance(10_000)
    expect(endpoint.requests).toHaveLength(count)
  })

  it('ws: JSON frames; close code 4401 signs out, a dropped socket is "cannot check"', async () => {
    const path = `/ws-${++seq}`
    const server = network.webSocket(`ws://app.test${path}`)
    const { g } = guard({ path, transport: 'ws', url: `ws://app.test${path}` })
    const socket = await server.waitForConnection(1)
    socket.send(JSON.stringify({ status: 200 }))
    await until(() => expect(g.state.value).toBe('signed-in'))
    socket.drop()
    await until(() => expect(g.state.value).toBe('unknown'))
    await clock.advance(1000)
    const again = await server.waitForConnection(2)
    again.send(JSON.stringify({ status: 200 }))
    await until(() => expect(g.state.value).toBe('signed-in'))
    again.close(4401, 'session revoked')
    await until(() => expect(g.state.value).toBe('signed-out'))
    expect(g.reason.value).toBe('expired')
  })
})
