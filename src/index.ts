// 'vue-lifeline': the composables and their types. Explicit names only: this file is the public surface.
export type { BackoffOptions, ConnectionStatus, LifelineErrorCode } from './core'
export { isLifelineError, LifelineError } from './core'
