import type { Contender } from '../contenders/types'

/** What one receive run reports; times are `performance.now()` ms. */
export interface ReceiveResult {
  received: number
  /** Time of the first and of the last message. */
  first: number
  last: number
  /** Characters of message data received (strings only). */
  chars: number
  timedOut: boolean
}

/**
 * Connects `contender` to a burst route and resolves once `count` messages reached the app's sink (or
 * `timeoutMs` passed), then closes it. The sink does the same tiny work for every contender.
 */
export async function receive(contender: Contender, url: string, count: number, timeoutMs: number): Promise<ReceiveResult> {
  const result: ReceiveResult = { received: 0, first: 0, last: 0, chars: 0, timedOut: false }
  let finish!: () => void
  const done = new Promise<void>(resolve => finish = resolve)
  const sink = (data: unknown): void => {
    const n = ++result.received
    if (typeof data === 'string')
      result.chars += data.length
    if (n === 1)
      result.first = performance.now()
    if (n === count) {
      result.last = performance.now()
      finish()
    }
  }
  const timer = setTimeout(() => {
    result.timedOut = true
    result.last = performance.now()
    finish()
  }, timeoutMs)
  const client = await contender.connect(url, sink)
  await done
  clearTimeout(timer)
  client.close()
  return result
}

/** Sequential round trips over an echo route: the ms of each, in order. */
export async function roundTrips(contender: Contender, url: string, count: number): Promise<number[]> {
  let answered: (() => void) | undefined
  const client = await contender.connect(url, () => answered?.())
  const times: number[] = []
  for (let i = 0; i < count; i++) {
    const reply = new Promise<void>(resolve => answered = resolve)
    const sent = performance.now()
    client.send(`{"type":"rtt","data":{"i":${i}}}`)
    await reply
    times.push(performance.now() - sent)
  }
  client.close()
  return times
}
