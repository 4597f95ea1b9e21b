// The `usePolling` driver of the matrices: a fetcher answering `n` (its call number) or failing as the
// scenario plans, fake timers, and the scenarios that reach each callback in each state.
import type { Environment } from '../../src/core'
import type { ConnectionStatus, UsePollingReturn } from '../../src/index'
import type { Call, Driver, Run, Scenario, World } from './harness'
import { expect } from 'vitest'
import { usePolling } from '../../src/index'
import { inScope } from '../helpers/scopes'
import { after, checkNoop, checkPaused, checkStopped, flush, routeMethods, settleOnce, testEnvironment } from './harness'

export interface PollWorld extends World<UsePollingReturn<number> & { scope: World['scope'] }> {
  environment: Environment
  /** `Date.now()` of every request. */
  times: number[]
}

type S = Scenario<PollWorld> & { fails?: number[] }

const INTERVAL = 1000
const REST: ConnectionStatus[] = ['idle', 'closed', 'failed']

const scenarios: S[] = [
  {
    name: 'first poll',
    script: settleOnce,
    points: [
      ['onOpen', 1, 'open: the first poll answered'],
      ['onUpdate', 1, 'open: the first data'],
      ['watch:open', 1, 'open: the first poll answered'],
      ['on', 1, 'open: the first data'],
    ],
  },
  {
    name: 'later poll',
    script: async () => {
      await flush()
      await after(INTERVAL)
    },
    points: [['onUpdate', 2, 'open: a later poll']],
  },
  {
    name: 'error',
    fails: [0],
    script: async () => {
      await flush()
      await after(100)
    },
    points: [['onError', 1, 'reconnecting: a poll failed'], ['watch:reconnecting', 1, 'reconnecting: a poll failed'], ['onOpen', 1, 'open after a failed poll']],
  },
  {
    name: 'retry limit',
    fails: [0],
    options: { retry: { retries: 0 } },
    script: settleOnce,
    points: [
      ['onError', 1, 'a failed poll with the retry budget spent (before RETRY_LIMIT)'],
      ['onError', 2, 'failed: RETRY_LIMIT'],
      ['watch:failed', 1, 'failed: RETRY_LIMIT'],
    ],
  },
  {
    name: 'until',
    options: { until: (n: number) => n === 2 },
    script: async () => {
      await flush()
      await after(INTERVAL)
    },
    points: [['onUpdate', 2, 'closed: the poll that ends the loop (until)'], ['onEnd', 1, 'closed: until ended the loop'], ['watch:closed', 1, 'closed: until ended the loop']],
  },
  {
    name: 'hidden',
    script: async ({ environment }) => {
      await flush()
      environment.visibility.set(false)
      await after(5000)
      environment.visibility.set(true)
      await flush()
    },
    points: [['watch:paused', 1, 'paused: the page is hidden', { blocked: true }], ['watch:open', 2, 'open again once the page is visible']],
  },
  {
    name: 'manual pause',
    script: async ({ r }) => {
      await flush()
      r.pause()
    },
    points: [['watch:paused', 1, 'paused: pause() was called', { manualPause: true }]],
  },
  {
    name: 'refresh while paused',
    script: async ({ r }) => {
      await flush()
      r.pause()
      r.refresh()
      await flush()
    },
    points: [['onUpdate', 2, 'paused by pause(): the answer of refresh()', { manualPause: true }]],
  },
  {
    name: 'manual start',
    options: { immediate: false },
    script: async ({ r }) => {
      r.start()
      await flush()
    },
    points: [['watch:connecting', 1, 'connecting: start() was called']],
  },
]

/** The loop runs, and only once: the last requests are exactly `interval` apart (two loops would halve it). */
function checkLooping(run: Run, w: PollWorld): void {
  expect(run.final.status).toBe('open')
  const gaps = w.times.slice(-6).map((t, i, all) => i ? t - all[i - 1]! : INTERVAL)
  expect(gaps, 'one loop, every interval').toEqual(Array.from({ length: 6 }, () => INTERVAL))
}

/** `start()` from rest: one request at once, `connecting`, then the loop. */
function checkStarted(call: Call, run: Run, w: PollWorld): void {
  expect(call.after.status, 'when it returns').toBe('connecting')
  expect(call.after.attempts - call.attempts, 'requests made at once').toBe(1)
  checkLooping(run, w)
}

const start = { call: ({ r }: PollWorld) => r.start(), check: (call: Call, run: Run, b: Run, w: PollWorld) => REST.includes(call.status) ? checkStarted(call, run, w) : checkNoop(call, run, b) }
const stop = {
  call: ({ r }: PollWorld) => r.stop(),
  check: (call: Call, run: Run, _b: Run, w: PollWorld) => {
    checkStopped(call, run)
    expect(w.r.isFetching.value).toBe(false)
  },
}

export const pollDriver: Driver<PollWorld> = {
  name: 'usePolling',
  route: 'update',
  hooks: ['onOpen', 'onUpdate', 'onError', 'onEnd'],
  scenarios,
  create: (scenario, hooks) => {
    const fails = (scenario as S).fails ?? []
    const times: number[] = []
    const fetcher = (): Promise<number> => {
      const n = times.push(Date.now())
      return fails.includes(n - 1) ? Promise.reject(new Error('down')) : Promise.resolve(n)
    }
    const environment = testEnvironment()
    const r = inScope(() => usePolling(fetcher, { environment, interval: INTERVAL, retry: { initialDelay: 100, jitter: false }, ...scenario.options, ...hooks }))
    return { r, scope: r.scope, environment, times, attempts: () => times.length }
  },
  settle: () => after(120_000),
  methods: {
    start,
    stop,
    pause: { call: ({ r }) => r.pause(), check: (call, run, b) => REST.includes(call.status) ? checkNoop(call, run, b) : checkPaused(call, run) },
    resume: {
      call: ({ r }) => r.resume(),
      check: (call, run, b, w) => {
        if (!call.point.manualPause)
          return checkNoop(call, run, b)
        expect(call.after.status, 'no longer paused when it returns').not.toBe('paused')
        checkLooping(run, w)
      },
    },
    refresh: {
      call: ({ r }) => r.refresh(),
      check: (call, run, b, w) => {
        if (REST.includes(call.status))
          return checkStarted(call, run, w)
        expect(call.after.attempts - call.attempts, 'requests made at once').toBe(1)
        expect(call.after.status, 'the status is unchanged when it returns').toBe(call.status)
        if (call.status === 'paused')
          return expect(run.final.status, 'paused, it polled once and stays as it was').toBe(b.final.status)
        checkLooping(run, w)
      },
    },
    open: start,
    close: stop,
    ...routeMethods('update'),
  },
}
