import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitepress'
import { lifelineAliases } from '../../scripts/aliases'
import { lifelineDemoBackend } from '../../server/vitePlugin'
import { demoContainer } from './plugins/demoContainer'

const root = fileURLToPath(new URL('../..', import.meta.url))

// VitePress reads its config from this file's default export (the one exception to named exports)
export default defineConfig({
  title: 'vue-lifeline',
  description: 'Live connections for Vue 3 that stay alive: SSE, WebSocket and polling composables with heartbeat, backoff and sharing.',
  cleanUrls: true,
  lastUpdated: false,
  head: [['link', { rel: 'icon', href: 'data:,' }]],
  themeConfig: {
    nav: [
      { text: 'Guide', link: '/guide/getting-started', activeMatch: '^/guide/' },
      { text: 'Composables', link: '/composables/use-event-source', activeMatch: '^/composables/' },
      { text: 'Components', link: '/guide/components', activeMatch: '^/components/' },
    ],
    sidebar: [
      {
        text: 'Guide',
        items: [
          { text: 'Getting started', link: '/guide/getting-started' },
          { text: 'Demo backend', link: '/guide/demo-backend' },
          { text: 'Lifecycle and errors', link: '/guide/lifecycle' },
          { text: 'Tabs and the six-connection limit', link: '/guide/tabs' },
          { text: 'Element Plus components', link: '/guide/components' },
          { text: 'Performance', link: '/guide/performance' },
          { text: 'Testing your components', link: '/guide/testing' },
        ],
      },
      {
        text: 'Composables',
        items: [
          { text: 'useEventSource', link: '/composables/use-event-source' },
          { text: 'useWebSocketAuto', link: '/composables/use-web-socket-auto' },
          { text: 'usePolling', link: '/composables/use-polling' },
          { text: 'useLiveFeed', link: '/composables/use-live-feed' },
        ],
      },
      {
        text: 'Components',
        items: [
          { text: 'LlSessionGuard', link: '/components/session-guard' },
          { text: 'LlLiveFeed', link: '/components/live-feed' },
          { text: 'LlConnectionBadge', link: '/components/connection-badge' },
        ],
      },
    ],
    search: { provider: 'local' },
    outline: { level: [2, 3] },
  },
  markdown: {
    config: md => demoContainer(md, { root }),
  },
  vite: {
    // the backend under /__lifeline/ in `vitepress dev`: demos use relative URLs, same origin as the page
    plugins: [lifelineDemoBackend()],
    resolve: { alias: lifelineAliases },
    // Element Plus ships CSS imports that Node cannot load during the server render
    ssr: { noExternal: ['element-plus'] },
    // found up front: discovering it on the first visit makes Vite reload the page
    optimizeDeps: { include: ['element-plus', '@vueuse/core', 'virtua/vue'] },
    // the full Element Plus build is one large chunk by design (demos use any component)
    build: { chunkSizeWarningLimit: 2000 },
  },
})
