export { useConnection } from './bridge'
export type { Bridge, BridgeOptions, SnapshotRefs } from './bridge'
export { hooksOf } from './hooks'
