import type { ConnectionStatus, LifecycleEvent } from './table'
import { describe, expect, it } from 'vitest'
import { CONNECTION_STATUSES, LIFECYCLE } from './table'

const EVENTS: LifecycleEvent[] = ['start', 'opened', 'lost', 'fail', 'pause', 'resume', 'close']

// The rules of DESIGN §1, written out independently of the table: the expected next status of every
// (status, event) pair, `null` = refused.
function expected(from: ConnectionStatus, event: LifecycleEvent): ConnectionStatus | null {
  const live = from === 'connecting' || from === 'open' || from === 'reconnecting' || from === 'paused'
  switch (event) {
    case 'start': return 'connecting' // open()/reconnect() work in every status
    case 'close': return 'closed' // close() works in every status
    case 'fail': return 'failed'
    case 'pause': return 'paused' // a stopped one too: started in a hidden page
    case 'opened': return live ? 'open' : null // only an attempt can succeed
    case 'lost': return live ? 'reconnecting' : null // only an attempt can be lost
    case 'resume': return from === 'paused' ? 'connecting' : null
  }
}

describe('LIFECYCLE, the one transition table', () => {
  it('covers every status of the DESIGN vocabulary, in display order', () => {
    expect(CONNECTION_STATUSES).toEqual(['idle', 'connecting', 'open', 'reconnecting', 'paused', 'closed', 'failed'])
    expect(Object.keys(LIFECYCLE).sort()).toEqual([...CONNECTION_STATUSES].sort())
  })

  const pairs = CONNECTION_STATUSES.flatMap(from => EVENTS.map(event => [from, event] as const))
  it.each(pairs)('%s + %s', (from, event) => {
    expect(LIFECYCLE[from][event] ?? null).toBe(expected(from, event))
  })

  it('nothing ever goes back to idle, and every row names statuses of the vocabulary', () => {
    for (const from of CONNECTION_STATUSES) {
      for (const to of Object.values(LIFECYCLE[from])) {
        expect(CONNECTION_STATUSES).toContain(to)
        expect(to).not.toBe('idle')
      }
    }
  })
})
