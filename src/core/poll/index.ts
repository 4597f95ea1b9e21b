export { POLLING_DEFAULTS, PollingTransport } from './transport'
export type { PollContext, PollFetcher, PollingEvents, PollingResume, PollingSnapshot, PollingTransportOptions, PollTarget } from './types'
