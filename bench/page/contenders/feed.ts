// The live-feed contenders of case 5: LlLiveFeed against the naive list every project starts with.
import { createApp, h, shallowRef } from 'vue'
import LiveFeedList from './LiveFeedList.vue'
import NaiveList from './NaiveList.vue'

/** One message as the feed shows it. */
export interface FeedItem {
  n: number
  text: string
}

/** A mounted feed: the page pushes every message into it. */
export interface FeedView {
  push: (item: FeedItem) => void
  unmount: () => void
}

export interface FeedContender {
  label: string
  /** The npm package whose version is reported. */
  library: string
  note?: string
  mount: (el: Element) => FeedView
}

/** Mounts `component` in its own app and hands pushes to the `push` it exposes. */
function mountExposing(component: Parameters<typeof h>[0]): FeedContender['mount'] {
  return (el) => {
    const instance = shallowRef<{ push: (item: FeedItem) => void } | null>(null)
    const app = createApp({ render: () => h(component, { ref: instance }) })
    app.mount(el)
    return { push: item => instance.value!.push(item), unmount: () => app.unmount() }
  }
}

/** Keyed by the id used in results. */
export const feedContenders: Record<string, FeedContender> = {
  naive: { label: 'naive v-for list', library: 'vue', note: 'ref([]) + v-for, no cap', mount: mountExposing(NaiveList) },
  ours: { label: 'LlLiveFeed', library: 'vue-lifeline', note: 'defaults: max 1,000, one update per frame, virtualised (virtua)', mount: mountExposing(LiveFeedList) },
}
