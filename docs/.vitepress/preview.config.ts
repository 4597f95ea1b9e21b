// `npm run docs:preview`: the static docs build (`npm run docs:build`) served by Vite's preview server
// with the Node demo backend mounted under /__lifeline/, so the built site's demos use the real backend.
// (`vitepress preview` is a bare static server that runs no Vite plugins.)
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'
import { lifelineDemoBackend } from '../../server/vitePlugin'

// Vite reads its config from the default export (the one exception to named exports)
export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  // no SPA fallback: VitePress emits one .html per page, and an unknown path must be a 404
  appType: 'mpa',
  plugins: [lifelineDemoBackend()],
  build: { outDir: 'docs/.vitepress/dist' },
  preview: { host: '127.0.0.1' },
})
