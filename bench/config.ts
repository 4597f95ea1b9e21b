/**
 * Sizes and repetitions of every case: `full` for the published figures (about 8 minutes on a 2-core
 * machine), `quick` for the smoke test (tiny sizes, two repetitions, about a minute).
 */
export const SIZES = {
  full: {
    ws: { reps: 5, count: 100_000, warm: 2_000, roundTrips: 500, warmRoundTrips: 50, timeoutMs: 60_000 },
    sse: { reps: 5, count: 100_000, warm: 2_000, streamEvents: 20_000, streamSize: 1_000, timeoutMs: 60_000 },
    // clients stay up `minUptime` + `settleMs` before the drop where their library has a minUptime
    storm: { reps: 3, clients: 2_000, outageMs: 5_000, settleMs: 500, waitMinUptime: true, cutoffMs: 40_000, batch: 100, batchEveryMs: 25 },
    deadLink: { reps: 3, interval: 1_000, timeout: 500, sseEvery: 500, idleTimeout: 1_500, leadMs: 2_000, cutoffMs: 8_000 },
    feed: { reps: 3, rate: 5_000, seconds: 10 },
  },
  quick: {
    ws: { reps: 2, count: 2_000, warm: 200, roundTrips: 20, warmRoundTrips: 5, timeoutMs: 20_000 },
    sse: { reps: 2, count: 2_000, warm: 200, streamEvents: 200, streamSize: 1_000, timeoutMs: 20_000 },
    // The cut-offs are how long a run waits before it calls a client "never": they must exceed what every
    // library legitimately needs, also on a loaded machine: partysocket waits 3 s, then 3.9 s, with a 4 s
    // connect timeout, and without `waitMinUptime` no library has reset its backoff before the drop; a
    // heartbeat of 200 + 100 ms is late by whatever the loaded tab's timers are. A storm run ends as soon
    // as every client is back, so the longer cut-off costs nothing when nothing is slow. The dead link's
    // lead lets a loaded machine open every connection before the link goes silent.
    storm: { reps: 2, clients: 20, outageMs: 300, settleMs: 100, waitMinUptime: false, cutoffMs: 20_000, batch: 100, batchEveryMs: 25 },
    deadLink: { reps: 2, interval: 200, timeout: 100, sseEvery: 100, idleTimeout: 300, leadMs: 1_500, cutoffMs: 3_000 },
    feed: { reps: 2, rate: 500, seconds: 1 },
  },
} as const

export type Mode = keyof typeof SIZES
export type Sizes = (typeof SIZES)[Mode]
