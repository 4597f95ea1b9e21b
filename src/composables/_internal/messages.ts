/**
 * The message stream every composable return carries (a contract between the composables and the views
 * built on them, e.g. `useLiveFeed`): a non-enumerable property under this registered symbol whose value
 * subscribes a handler to every delivered message. Watching `data` is not enough: the store skips a value
 * identical to the last one, so two equal string messages in a row change `data` once, and several
 * messages inside one tick reach a watcher as one change.
 */
export const MESSAGES: unique symbol = Symbol.for('vue-lifeline:messages')

/**
 * Subscribes `handler` to every message the composable delivers, once per message and in order
 * (`useEventSource`: the `EventSourceMessage` of `onMessage`; `useWebSocketAuto`: the `data` of
 * `onMessage`, parsed with `json`; `usePolling`: the data of `onUpdate`). Returns the remover.
 */
export type MessageStream<M> = (handler: (message: M) => void) => () => void

/** Anything that carries a {@link MessageStream} under {@link MESSAGES}. */
export interface MessageSource<M = unknown> {
  readonly [MESSAGES]: MessageStream<M>
}

/** Adds `stream` to `target` under {@link MESSAGES}, non-enumerable so spreads and snapshots ignore it. */
export function withMessages<T extends object, M>(target: T, stream: MessageStream<M>): T & MessageSource<M> {
  return Object.defineProperty(target, MESSAGES, { value: stream }) as T & MessageSource<M>
}
