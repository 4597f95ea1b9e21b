// the route prefix and default channel are part of the contract shared with the simulated backend
export { DEFAULT_CHANNEL, PREFIX } from '../src/testing/backend/contract'

/** All defaults of the demo backend, in one place (DESIGN §6). */
export const DEFAULTS = {
  /** `listen()` host: loopback only, the backend is a dev/test tool. */
  host: '127.0.0.1',
  /** `listen()` port: 0 = an ephemeral port chosen by the OS. */
  port: 0,
  /** `npm run backend` port when `PORT` is unset. */
  cliPort: 8787,
  /** Largest request body a route reads (bytes); more answers 413. */
  maxBody: 64 * 1024,
  /** Request log entries kept per channel (oldest dropped first), so a long dev session stays bounded. */
  maxLog: 10_000,
  /** Text frames kept per channel in `wsReceived`. */
  maxWsLog: 10_000,
  /** Longest request body kept in the request log (characters). */
  maxLoggedBody: 2048,
} as const
