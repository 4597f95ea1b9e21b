import { withInstall } from '../_internal'
import LiveFeed from './LiveFeed.vue'

/** A live stream view for thousands of messages a second: ring buffer, one update per frame, virtualised. */
export const LlLiveFeed = /* @__PURE__ */ withInstall(LiveFeed)
export { liveFeedPropsDefaults } from './props'
export type { LiveFeedEmits, LiveFeedExposed, LiveFeedProps, LiveFeedSlots } from './props'
