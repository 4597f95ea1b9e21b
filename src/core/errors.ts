import { assignDefined } from './util'

/**
 * Every error code vue-lifeline reports. One union for all transports, so a single
 * `switch (error.code)` in user code covers SSE, WebSocket and polling alike.
 */
export type LifelineErrorCode
  = | 'NETWORK'
    | 'HTTP_STATUS'
    | 'BAD_CONTENT_TYPE'
    | 'PARSE'
    | 'CONNECT_TIMEOUT'
    | 'HEARTBEAT_TIMEOUT'
    | 'IDLE_TIMEOUT'
    | 'CLOSED_BY_SERVER'
    | 'RETRY_LIMIT'
    | 'MESSAGE_TOO_LARGE'
    | 'QUEUE_FULL'
    | 'REQUEST_TIMEOUT'
    | 'INVALID_OPTION'

/** Extra facts attached to a {@link LifelineError} where they are known. */
export interface LifelineErrorDetails {
  /** The underlying error or event (a `TypeError` from `fetch`, a `CloseEvent`, a `SyntaxError`, …). */
  cause?: unknown
  /** HTTP status of the response that caused the error. */
  status?: number
  /** WebSocket close code as received (never a substitute such as 1000 over 1006). */
  closeCode?: number
  /** The retry attempt during which the error happened (0 = first connection). */
  attempt?: number
  /** Name of the option at fault, for `INVALID_OPTION`. */
  option?: string
}

/**
 * The single error class of vue-lifeline. Reported on the reactive `error` state and to `onError`,
 * never thrown into a render.
 */
export class LifelineError extends Error {
  override readonly name = 'LifelineError'
  /** What went wrong, machine-readable. */
  readonly code: LifelineErrorCode
  // `declare`: with ES2022 class fields a plain declaration would define every detail as an own
  // `undefined` key, so logs and `{ ...error }` would show details that were never known.
  /** HTTP status, where the error came from a response. */
  declare readonly status?: number
  /** WebSocket close code, where the error came from a close. */
  declare readonly closeCode?: number
  /** Retry attempt during which the error happened. */
  declare readonly attempt?: number
  /** Name of the option at fault, for `INVALID_OPTION`. */
  declare readonly option?: string

  /**
   * @param message What happened, for a developer. Production builds of vue-lifeline pass `''` (their
   * long texts are development-only), and the message is then the code.
   */
  constructor(code: LifelineErrorCode, message: string, { cause, ...details }: LifelineErrorDetails = {}) {
    super(message || code, cause === undefined ? undefined : { cause })
    this.code = code
    assignDefined(this, details)
  }
}

/** Type guard, optionally narrowed to one code. */
export function isLifelineError(value: unknown, code?: LifelineErrorCode): value is LifelineError {
  return value instanceof LifelineError && (code === undefined || value.code === code)
}

/** Wraps anything thrown into a `LifelineError`, keeping an existing one as it is. */
export function toLifelineError(value: unknown, code: LifelineErrorCode, message: string, details: LifelineErrorDetails = {}): LifelineError {
  return value instanceof LifelineError ? value : new LifelineError(code, message, { ...details, cause: value })
}
