export { MESSAGES, withMessages } from './messages'
export type { MessageSource, MessageStream } from './messages'
export { tryOnScopeDispose, useSnapshotRefs, whenMounted } from './useTransport'
export type { SnapshotRefs, SnapshotSource } from './useTransport'
