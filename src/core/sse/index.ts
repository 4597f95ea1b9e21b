export { createStreamDecoder } from './decoder'
export type { StreamDecoder, StreamSink } from './decoder'
export { EVENT_SOURCE_DEFAULTS, EventSourceTransport } from './transport'
export type { EventSourceMessage, EventSourceMode, EventSourceSnapshot, EventSourceTransportOptions, PerAttempt } from './types'
