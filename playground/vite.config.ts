// `npm run dev`: the playground. Every `src/**/demo.vue` becomes a route, with the demo backend mounted
// under `/__lifeline/` on the same origin, so demos use relative URLs exactly as in the docs.
import { fileURLToPath } from 'node:url'
import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'vite'
import { lifelineAliases } from '../scripts/aliases'
import { lifelineDemoBackend } from '../server/vitePlugin'

// Vite reads its config from the default export (the one exception to named exports)
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [vue(), lifelineDemoBackend()],
  resolve: { alias: lifelineAliases },
  // listed up front: discovering them on the first visit makes Vite reload the page mid-demo
  optimizeDeps: { include: ['element-plus', 'vue', 'vue-router', '@vueuse/core', 'eventsource-parser'] },
  // server.host stays at Vite's default (localhost): the demo backend is a dev tool, not for the network
})
