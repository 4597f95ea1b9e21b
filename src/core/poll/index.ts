export { POLLING_DEFAULTS, PollingTransport } from './transport'
export type { PollContext, PollFetcher, PollingEvents, PollingSnapshot, PollingTransportOptions, PollTarget } from './types'
