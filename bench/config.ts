/** Sizes of every case: `full` for the published figures, `quick` for the smoke test (seconds, not minutes). */
export const SIZES = {
  full: {
    reps: 3,
    ws: { count: 100_000, warm: 5_000, roundTrips: 1_000, warmRoundTrips: 100, timeoutMs: 60_000 },
    sse: { count: 100_000, warm: 5_000, streamEvents: 20_000, streamSize: 1_000, timeoutMs: 60_000 },
    storm: { clients: 2_000, outageMs: 5_000, settleMs: 5_500, cutoffMs: 40_000, staggerPerMs: 200 },
    deadLink: { interval: 1_000, timeout: 500, sseEvery: 500, idleTimeout: 1_500, leadMs: 2_000, cutoffMs: 8_000 },
    feed: { rate: 5_000, seconds: 10 },
  },
  quick: {
    reps: 2,
    ws: { count: 2_000, warm: 200, roundTrips: 20, warmRoundTrips: 5, timeoutMs: 20_000 },
    sse: { count: 2_000, warm: 200, streamEvents: 200, streamSize: 1_000, timeoutMs: 20_000 },
    storm: { clients: 20, outageMs: 300, settleMs: 100, cutoffMs: 6_000, staggerPerMs: 200 },
    deadLink: { interval: 200, timeout: 100, sseEvery: 100, idleTimeout: 300, leadMs: 500, cutoffMs: 1_000 },
    feed: { rate: 500, seconds: 1 },
  },
} as const

export type Mode = keyof typeof SIZES
export type Sizes = (typeof SIZES)[Mode]
