// One storm run's clients, in a process of their own (forked by bench/cases/storm.ts), so the server's
// event loop never waits for them and no library's globals leak into another's run.
import type { SocketClass, StormClient } from './stormContenders'
import WebSocket from 'ws'
import { stormContenders } from './stormContenders'

interface Start { type: 'start', contender: string, url: string, clients: number, batch: number, batchEveryMs: number }
interface Dropped { type: 'dropped', dropAt: number, returnAt: number, cutoffMs: number }
interface Ready { type: 'ready', open: number, failed: boolean }
interface Result { type: 'result', attempts: number[], reopened: (number | null)[] }

/** parent → child */
export type ToClient = Start | Dropped
/** child → parent */
export type FromClient = Ready | Result

const attempts: number[] = []
// every construction is one connection attempt, whichever library makes it
class CountingSocket extends WebSocket {
  constructor(...args: ConstructorParameters<typeof WebSocket>) {
    attempts.push(Date.now())
    super(...args)
    // Node's `ws` throws on an unhandled 'error' event: a refused attempt must not end the process
    this.on('error', () => {})
  }
}

const send = (message: FromClient): Promise<void> => new Promise(resolve => process.send!(message, () => resolve()))
const sleep = (ms: number): Promise<void> => new Promise(resolve => setTimeout(resolve, ms))

async function until(done: () => boolean, deadline: number): Promise<boolean> {
  while (!done() && Date.now() < deadline)
    await sleep(10)
  return done()
}

process.once('message', async (start: ToClient) => {
  if (start.type !== 'start')
    return
  const make = await stormContenders[start.contender].load(CountingSocket as unknown as SocketClass)
  const opened: number[] = Array.from({ length: start.clients }, () => 0)
  let dropAt = Infinity
  const reopened: (number | null)[] = Array.from({ length: start.clients }, () => null)
  const clients: StormClient[] = []
  for (let i = 0; i < start.clients; i++) {
    clients.push(make(start.url, () => {
      const now = Date.now()
      if (now >= dropAt)
        reopened[i] ??= now
      else
        opened[i] = now
    }))
    // in batches: a real fleet did not connect within one millisecond either
    if ((i + 1) % start.batch === 0)
      await sleep(start.batchEveryMs)
  }
  const ready = await until(() => opened.every(Boolean), Date.now() + 30_000)
  process.once('message', async (dropped: ToClient) => {
    if (dropped.type !== 'dropped')
      return
    dropAt = dropped.dropAt
    await until(() => reopened.every(t => t !== null), dropped.returnAt + dropped.cutoffMs)
    await send({ type: 'result', attempts, reopened })
    clients.forEach(client => client.close())
    process.exit(0)
  })
  await send({ type: 'ready', open: opened.filter(Boolean).length, failed: !ready })
})
