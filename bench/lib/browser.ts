import type { Browser } from 'playwright-core'
import type { CdpSession } from './cdp'
import { createServer } from 'node:net'
import { chromium } from 'playwright-core'
import { chromiumArgs, chromiumPath } from '../../scripts/chromium'
import { CdpConnection } from './cdp'

/** A page driven over plain CDP with only `Page`, `Runtime` and `Performance` enabled. */
export interface MeasuredPage {
  session: CdpSession
  /** Calls `window.bench[name](...args)` in the page and resolves with its (JSON) result. */
  call: <T = unknown>(name: string, ...args: unknown[]) => Promise<T>
  /** `Performance.getMetrics` as a name → value record (`TaskDuration`, `ScriptDuration`: main-thread CPU seconds). */
  metrics: () => Promise<Record<string, number>>
  /** A full garbage collection, so that one run does not pay for the garbage of the previous one. */
  gc: () => Promise<void>
  close: () => Promise<void>
}

export interface BenchBrowser {
  /** e.g. `Chrome/156.0.8078.114` */
  product: string
  userAgent: string
  /** Opens `url` in a new tab of a browser context that Playwright never saw, and waits for `window.bench`. */
  open: (url: string) => Promise<MeasuredPage>
  close: () => Promise<void>
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().once('error', reject).listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

/**
 * Playwright only launches Chromium (Debian's, never a downloaded one); everything measured goes over
 * our own CDP connection to `--remote-debugging-port`, in a browser context created over that
 * connection, to which Playwright never attaches (checked: `attached: false` until we attach).
 */
export async function launchBrowser(): Promise<BenchBrowser> {
  const port = await freePort()
  const browser: Browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: [...chromiumArgs, `--remote-debugging-port=${port}`],
  })
  let version: { 'Browser': string, 'User-Agent': string, 'webSocketDebuggerUrl': string } | undefined
  for (let i = 0; i < 50 && !version; i++) {
    try {
      version = await (await fetch(`http://127.0.0.1:${port}/json/version`)).json() as typeof version
    }
    catch {
      await new Promise(resolve => setTimeout(resolve, 100))
    }
  }
  if (!version) {
    await browser.close()
    throw new Error(`Chromium did not open its debugging port ${port}`)
  }
  const cdp = await CdpConnection.connect(version.webSocketDebuggerUrl)
  const { browserContextId } = await cdp.browser.send('Target.createBrowserContext', { disposeOnDetach: true })

  const open = async (url: string): Promise<MeasuredPage> => {
    const { targetId } = await cdp.browser.send('Target.createTarget', { url: 'about:blank', browserContextId })
    const { sessionId } = await cdp.browser.send('Target.attachToTarget', { targetId, flatten: true })
    const session = cdp.session(sessionId)
    // thread ticks: TaskDuration/ScriptDuration count the main thread's CPU time, so other processes on a
    // busy machine (which preempt the renderer mid-task) do not inflate them
    await Promise.all([session.send('Page.enable'), session.send('Runtime.enable'), session.send('Performance.enable', { timeDomain: 'threadTicks' })])
    const loaded = session.once('Page.loadEventFired')
    await session.send('Page.navigate', { url })
    await loaded
    const evaluate = async <T>(expression: string): Promise<T> => {
      const { result, exceptionDetails } = await session.send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true })
      if (exceptionDetails)
        throw new Error(`in the page: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`)
      return result.value as T
    }
    if (!await evaluate<boolean>(`new Promise(r => { const t = Date.now(); const f = () => window.bench ? r(true) : Date.now() - t > 10000 ? r(false) : setTimeout(f, 20); f() })`))
      throw new Error(`${url} never defined window.bench`)
    return {
      session,
      call: (name, ...args) => evaluate(`window.bench[${JSON.stringify(name)}](...${JSON.stringify(args)})`),
      metrics: async () => {
        const { metrics } = await session.send('Performance.getMetrics')
        return Object.fromEntries(metrics.map((m: { name: string, value: number }) => [m.name, m.value]))
      },
      gc: async () => {
        await session.send('HeapProfiler.collectGarbage')
      },
      close: async () => {
        await cdp.browser.send('Target.closeTarget', { targetId })
      },
    }
  }

  return {
    product: version.Browser,
    userAgent: version['User-Agent'],
    open,
    close: async () => {
      cdp.close()
      await browser.close()
    },
  }
}
