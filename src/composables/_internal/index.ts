export { tryOnScopeDispose, useSnapshotRefs, whenMounted } from './useTransport'
export type { SnapshotRefs, SnapshotSource } from './useTransport'
