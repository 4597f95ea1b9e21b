export { Connection, resolveLifecycle, safe } from './kernel'
export type { ConnectionHooks, ConnectionSnapshot, Lifecycle, LifecycleDefaults, LifecycleOptions } from './kernel'
export { CONNECTION_STATUSES, LIFECYCLE } from './table'
export type { ConnectionStatus, LifecycleEvent, LifecycleTable } from './table'
