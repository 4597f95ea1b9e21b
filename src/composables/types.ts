/** Payload types by message name: `{ tick: Tick, notice: Notice }`. */
export type MessageMap = Record<string, unknown>

/**
 * The `{ type, data }` messages a {@link MessageMap} describes: `MessageOf<{ tick: Tick }>` is
 * `{ type: 'tick', data: Tick }`. Give it to `useWebSocketAuto<In, Out>` to type `data`, `on()`, `send()`
 * and `request()`.
 */
export type MessageOf<M extends MessageMap> = { [K in keyof M & string]: { type: K, data: M[K] } }[keyof M & string]

type IsAny<T> = 0 extends 1 & T ? true : false

/** The message names of a `{ type, data }` union (`string` for anything else). */
export type MessageName<T> = IsAny<T> extends true ? string : T extends { type: infer K extends string } ? K : string

/** The `data` of the message named `K` in a `{ type, data }` union (`any` where the union says nothing). */
export type MessageData<T, K extends string> = IsAny<T> extends true
  ? any
  : [Extract<T, { type: K }>] extends [never] ? any : Extract<T, { type: K }> extends { data: infer D } ? D : undefined
