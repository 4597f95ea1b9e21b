export { EVENT_SOURCE_DEFAULTS, EventSourceTransport } from './transport'
export type { EventSourceMessage, EventSourceMode, EventSourceSnapshot, EventSourceTransportOptions, PerAttempt } from './types'
