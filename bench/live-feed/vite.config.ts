// The live-feed benchmark page: built and served with `vite preview`, the demo backend mounted on the same
// origin (its `ws/ticker?rate=` streams the messages).
import { fileURLToPath } from 'node:url'
import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'vite'
import { lifelineAliases } from '../../scripts/aliases'
import { lifelineDemoBackend } from '../../server/vitePlugin'

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [vue(), lifelineDemoBackend({ announce: false })],
  resolve: { alias: lifelineAliases },
  define: { 'process.env.NODE_ENV': JSON.stringify('production') },
  logLevel: 'warn',
  build: { outDir: fileURLToPath(new URL('../../node_modules/.cache/bench-live-feed', import.meta.url)), emptyOutDir: true, chunkSizeWarningLimit: 4000 },
})
