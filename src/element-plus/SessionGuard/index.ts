import { withInstall } from '../_internal'
import SessionGuard from './SessionGuard.vue'

/**
 * Drop-in login-status watcher: "signed in elsewhere", expiry and idle warnings with a live countdown,
 * one dialog and one decision for all tabs, never a false logout, same-origin redirects only.
 */
export const LlSessionGuard = /* @__PURE__ */ withInstall(SessionGuard)
export { sessionGuardPropsDefaults } from './props'
export type { SessionGuardEmits, SessionGuardExposed, SessionGuardProps, SessionGuardSlotProps, SessionGuardSlots, SessionGuardTexts } from './props'
export type SessionGuardInstance = InstanceType<typeof SessionGuard>
