import { withInstall } from '../_internal'
import ConnectionBadge from './ConnectionBadge.vue'

/** Status of any vue-lifeline connection: colour per status, tooltip with the details, "Retry now". */
export const LlConnectionBadge = /* @__PURE__ */ withInstall(ConnectionBadge)
export { connectionBadgePropsDefaults } from './props'
export type { BadgeConnection, ConnectionBadgeEmits, ConnectionBadgeProps, ConnectionBadgeSlots, ConnectionBadgeVariant } from './props'
export type ConnectionBadgeInstance = InstanceType<typeof ConnectionBadge>
