// The three drivers the matrices run, with fake timers around every test of the file that imports this.
import type { Driver, World } from './harness'
import { afterEach, beforeEach, vi } from 'vitest'
import { stopScopes } from '../helpers/scopes'
import { pollDriver } from './poll'
import { sseDriver } from './sse'
import { wsDriver } from './ws'

export const drivers = [sseDriver, wsDriver, pollDriver] as unknown as Driver<World>[]

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  stopScopes()
  vi.useRealTimers()
})
