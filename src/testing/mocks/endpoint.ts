import type { RuleWindow } from '../network/admission'
import type { NetworkCore } from '../network/network'
import type { WaitOptions } from '../network/waitList'
import { Admission } from '../network/admission'
import { WaitList } from '../network/waitList'

/** Resolves after `ms` real milliseconds (0: at once, without a timer). */
export const sleep = (ms: number): Promise<void> => ms > 0 ? new Promise(resolve => globalThis.setTimeout(resolve, ms)) : Promise.resolve()

/**
 * What every scripted endpoint shares: its URL, the faults scripted on it (refuse, latency) and the
 * connections (or requests) it has served, oldest first.
 */
export abstract class MockEndpoint<Connection> {
  /** The absolute URL this endpoint serves (`:name` matches one path segment, a trailing `*` the rest). */
  readonly url: string
  protected readonly admission: Admission
  protected readonly served: WaitList<Connection>

  constructor(protected readonly network: NetworkCore, url: string | URL, what: string) {
    this.url = network.resolve(url).href
    this.admission = new Admission(network.now)
    this.served = new WaitList(what)
  }

  /** Every connection (or request) so far, oldest first. */
  get connections(): readonly Connection[] {
    return this.served.items
  }

  /** The newest connection (or request), if any. */
  get latest(): Connection | undefined {
    return this.served.items.at(-1)
  }

  /**
   * Resolves with the `count`-th connection (1-based, over the endpoint's life) once it has been made:
   * `waitForConnection(1)` the first, `waitForConnection(2)` the one after a reconnect.
   * @param count @default connections.length + 1 (the next one)
   */
  waitForConnection(count: number = this.served.items.length + 1, options?: WaitOptions): Promise<Connection> {
    return this.served.waitFor(count, () => true, options)
  }

  /**
   * New connections (or requests) fail with a network error, as when the server is down: for `times`
   * attempts, for `ms` of the network's clock, or until {@link accept}. Open connections are not touched.
   */
  refuse(window?: RuleWindow): this {
    this.admission.add({ kind: 'refuse' }, window)
    return this
  }

  /** Ms of real time added before every later answer (or WebSocket handshake); `0` removes it. */
  latency(ms: number): this {
    if (!(ms >= 0))
      throw new RangeError(`latency(${ms}): expected ms ≥ 0`)
    this.admission.latency = ms
    return this
  }

  /** Ends every refusal, failure and hold scripted so far: new connections are served normally again. */
  accept(): this {
    this.admission.clear()
    return this
  }
}
