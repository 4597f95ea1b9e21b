// The machinery of the re-entrancy and throwing-callback matrices (issue 9, "Tests"): a transport driver
// describes its fake server, its scenarios (each reaching some callbacks in some states) and its public
// methods with what each promises; this file runs one scenario with one action at one point and records
// the connection's course, so a cell can compare it with the same run without the action.
import type { EffectScope, Ref } from 'vue'
import type { Environment } from '../../src/core'
import type { ConnectionStatus } from '../../src/index'
import { expect, vi } from 'vitest'
import { watch } from 'vue'
import { createEnvironment } from '../../src/core'
import { captureUncaught } from '../helpers/uncaught'

/** A user callback: an option hook, an `on()` handler, or a `flush: 'sync'` watcher seeing a status. */
export type Callback = 'onOpen' | 'onMessage' | 'onUpdate' | 'onError' | 'onClose' | 'onEnd' | 'on' | `watch:${ConnectionStatus}`

/** What the harness reads from every composable return. */
export interface Conn {
  status: Readonly<Ref<ConnectionStatus>>
  retryIn: Readonly<Ref<number | null>>
  data: Readonly<Ref<unknown>>
  on: (name: any, handler: (...args: any[]) => void) => () => void
}

/** One run's connection and its fake server. */
export interface World<R extends Conn = Conn> {
  r: R
  scope: EffectScope
  /** Requests / sockets made so far (an attempt counts once its request or socket exists). */
  attempts: () => number
}

/** A point: the `nth` call of `callback` in `scenario`, described as `state`. */
export interface Point {
  scenario: string
  callback: Callback
  nth: number
  state: string
  /** The connection is paused by `pause()` at this point (what `resume()` undoes). */
  manualPause?: boolean
  /** The page is hidden or gone at this point: a start is `paused`, not `connecting`. */
  blocked?: boolean
}

/** A scripted run of the fake server; `points` are the callbacks it reaches: [callback, nth, state]. */
export interface Scenario<W> {
  name: string
  /** Options of the composable in this scenario (over the driver's test defaults). */
  options?: Record<string, unknown>
  script: (w: W) => Promise<void>
  points: [Callback, number, string, Partial<Point>?][]
}

/** What a method call observed, when called and when it returned. */
export interface Call {
  point: Point
  status: ConnectionStatus
  attempts: number
  /** Routed messages seen so far (by the reference `on()` handler). */
  routed: number
  data: number
  returned: unknown
  after: { status: ConnectionStatus, retryIn: number | null, attempts: number }
  /** Routed messages the handler added by this call got (`on`), as reference sequence numbers. */
  got: number[]
  /** The reference sequence number now. */
  seq: () => number
}

/** The course of one run. */
export interface Run {
  statuses: ConnectionStatus[]
  data: unknown[]
  attempts: number
  routed: number
  /** Sequence numbers of the routed messages a handler added before the run (removed by `off`) got. */
  offGot: number[]
  /** What reached the process error reporting. */
  uncaught: unknown[]
  /** Errors that ended as unhandled promise rejections, or were thrown into the scenario's own calls. */
  escaped: unknown[]
  /** How often each callback was called. */
  counts: Map<Callback, number>
  timers: number
  final: { status: ConnectionStatus, retryIn: number | null }
  call?: Call
}

/** A public method, and what its call promises given the status it is called in. */
export interface Method<W extends World> {
  call: (w: W, call: Call, off: () => void) => unknown
  check: (call: Call, run: Run, baseline: Run, w: W) => void
}

/** A transport as the matrices see it. */
export interface Driver<W extends World> {
  name: string
  /** The name `on()` handlers listen to. */
  route: string
  /** The option callbacks of this composable. */
  hooks: readonly Callback[]
  create: (scenario: Scenario<W>, hooks: Record<string, (...args: unknown[]) => void>) => W
  /** Runs time far ahead (fake timers): whatever would happen has happened. */
  settle: (w: W) => Promise<unknown>
  /** At the end: one more routed message if the connection is open (so `on()` checks are never empty). */
  probe?: (w: W) => Promise<unknown>
  methods: Record<string, Method<W>>
  scenarios: Scenario<W>[]
}

/** Every point of a driver, from its scenario table. */
export function pointsOf<W extends World>(driver: Driver<W>): Point[] {
  return driver.scenarios.flatMap(s => s.points.map(([callback, nth, state, extra]) => ({ scenario: s.name, callback, nth, state, ...extra })))
}

/** Lets pending promises settle without moving fake time. */
export const flush = (): Promise<unknown> => vi.advanceTimersByTimeAsync(0)

/** Moves fake time by `ms`, settling promises on the way. */
export const after = (ms: number): Promise<unknown> => vi.advanceTimersByTimeAsync(ms)

/** A scenario script that only lets the first attempt happen. */
export const settleOnce = async (): Promise<void> => {
  await flush()
}

/** A fresh environment that reads visible and online (scenarios flip it). */
export function testEnvironment(): Environment {
  const environment = createEnvironment()
  environment.visibility.set(true)
  environment.online.set(true)
  return environment
}

/**
 * Runs `scenario`; at `point` (if given) calls `action` once, from inside that callback. Records the
 * statuses, data values, attempts, routed messages, uncaught errors and timers left.
 */
export async function run<W extends World>(driver: Driver<W>, name: string, point?: Point, action?: (w: W, call: Call, off: () => void) => unknown): Promise<Run & { w: W }> {
  const scenario = driver.scenarios.find(s => s.name === name)!
  const uncaught = captureUncaught()
  const rejections = captureUncaught('unhandledRejection')
  const escaped = rejections.errors
  try {
    const counts = new Map<Callback, number>()
    let routed = 0
    let call: Call | undefined
    const offGot: number[] = []
    let off = (): void => {}
    const fire = (callback: Callback): void => {
      const n = (counts.get(callback) ?? 0) + 1
      counts.set(callback, n)
      if (!point || call || callback !== point.callback || n !== point.nth || !action)
        return
      const r = w.r
      const c: Call = call = { point, status: r.status.value, attempts: w.attempts(), routed, data: log.data.length, returned: undefined, after: undefined!, got: [], seq: () => routed }
      c.returned = action(w, c, off)
      c.after = { status: r.status.value, retryIn: r.retryIn.value, attempts: w.attempts() }
    }
    const hooks = Object.fromEntries(driver.hooks.map(name => [name, () => fire(name)]))
    const log = { statuses: [] as ConnectionStatus[], data: [] as unknown[] }
    const w = driver.create(scenario, hooks)
    const { r, scope } = w
    log.statuses.push(r.status.value)
    scope.run(() => {
      watch(r.status, s => log.statuses.push(s), { flush: 'sync' })
      watch(r.data, d => log.data.push(d), { flush: 'sync' })
      watch(r.status, s => fire(`watch:${s}`), { flush: 'sync' })
    })
    // the reference handler first: a handler added later sees the sequence number of the message it gets
    r.on(driver.route, () => ++routed)
    r.on(driver.route, () => fire('on'))
    off = r.on(driver.route, () => offGot.push(routed))
    try {
      await scenario.script(w)
    }
    catch (error) {
      escaped.push(error)
    }
    await driver.settle(w)
    await driver.probe?.(w)
    await flush()
    return {
      w,
      counts,
      ...log,
      attempts: w.attempts(),
      routed,
      offGot,
      uncaught: uncaught.errors,
      escaped,
      timers: vi.getTimerCount(),
      final: { status: r.status.value, retryIn: r.retryIn.value },
      call,
    }
  }
  finally {
    uncaught.restore()
    rejections.restore()
  }
}

/** A run's course as compared between runs: statuses, data values, attempts, and how often each callback ran. */
export const course = (r: Run): object => ({ statuses: r.statuses, data: r.data, attempts: r.attempts, callbacks: Object.fromEntries(r.counts) })

/** `1, 2, …, n` after `from`. */
const seqs = (from: number, to: number): number[] => Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i + 1)

// ---------------------------------------------------------------------------------------------------
// What the methods promise, shared by the three transports

/** `close()` / `stop()`: `closed` when it returns and ever after; no attempt, timer, retry or new data. */
export function checkStopped(call: Call, run: Run): void {
  expect(call.after, 'when it returns').toMatchObject({ status: 'closed', retryIn: null })
  expect(run.final, 'after a long time').toEqual({ status: 'closed', retryIn: null })
  expect(run.attempts, 'no request or socket after it').toBe(call.attempts)
  expect(run.timers, 'no timer left').toBe(0)
  expect(run.data.length, 'no data after it').toBe(call.data)
}

/** The call did nothing: the course is that of the run without it. */
export function checkNoop(_call: Call, run: Run, baseline: Run): void {
  expect(course(run)).toEqual(course(baseline))
}

/**
 * `open()` / `reconnect()` of a stream or socket: a new attempt at once (`connecting`, or `paused` in a
 * hidden or gone page), exactly one request or socket for it, then `open`.
 */
export function checkRestarted(call: Call, run: Run): void {
  expect(call.after.status, 'when it returns').toBe(call.point.blocked ? 'paused' : 'connecting')
  expect(run.attempts - call.attempts, 'requests / sockets made by the call').toBe(1)
  expect(run.final.status).toBe('open')
}

/** `pause()`: `paused` when it returns and ever after, no request after it, no timer. */
export function checkPaused(call: Call, run: Run): void {
  expect(call.after.status, 'when it returns').toBe('paused')
  expect(run.final.status, 'after a long time').toBe('paused')
  expect(run.attempts, 'no request after it').toBe(call.after.attempts)
  expect(run.timers, 'no timer left').toBe(0)
}

/**
 * The routed message being dispatched when a callback runs, if any: `on` handlers run after the
 * reference handler counted it, a message callback before. A handler added or removed during that
 * dispatch may or may not get that one message (the DOM gives it to neither); every later one decides.
 */
function current(call: Call): number | null {
  return call.point.callback === 'on' ? call.routed : ['onMessage', 'onUpdate'].includes(call.point.callback) ? call.routed + 1 : null
}

/** `on()` from a callback: the new handler gets every later routed message, once each. */
export function checkOn(call: Call, run: Run, baseline: Run): void {
  checkNoop(call, run, baseline)
  const now = current(call)
  const expected = now === null ? [seqs(call.routed, run.routed)] : [seqs(now - 1, run.routed), seqs(now, run.routed)]
  expect(expected).toContainEqual(call.got)
  if (run.final.status === 'open')
    expect(run.routed, 'a routed message after the call (else the check is empty)').toBeGreaterThan(now ?? call.routed)
}

/** `off()` from a callback: the removed handler got every routed message before, none after. */
export function checkOff(call: Call, run: Run, baseline: Run): void {
  checkNoop(call, run, baseline)
  const now = current(call)
  const expected = now === null ? [seqs(0, call.routed)] : [seqs(0, now - 1), seqs(0, now)]
  expect(expected).toContainEqual(run.offGot)
}

/** The `on` / `off` methods, the same on every transport. */
export function routeMethods<W extends World>(route: string): Record<'on' | 'off', Method<W>> {
  return {
    on: { call: (w, call) => w.r.on(route, () => call.got.push(call.seq())), check: checkOn },
    off: { call: (_w, _call, off) => off(), check: checkOff },
  }
}
