/**
 * Method calls made on a connection that is not there yet (the tabs code still loading, or a tab that
 * closed its part of a shared connection), kept in order and made on the real one later. `send` answers
 * `true` (queued, as a WebSocket transport queues while not open), `request` a promise that settles
 * with the real call.
 */
export function deferCalls(): {
  call: (method: string, args: unknown[]) => unknown
  replay: (target: object) => void
} {
  let calls: [method: string, args: unknown[], settle?: [(value: unknown) => void, (error: unknown) => void]][] = []
  return {
    call: (method, args) => {
      if (method === 'request')
        return new Promise((resolve, reject) => calls.push([method, args, [resolve, reject]]))
      calls.push([method, args])
      return method === 'send' || undefined
    },
    replay: (target) => {
      const pending = calls
      calls = []
      for (const [method, args, settle] of pending) {
        const result = (target as Record<string, (...a: unknown[]) => unknown>)[method]!(...args)
        if (settle)
          Promise.resolve(result).then(...settle)
      }
    },
  }
}
