import { fileURLToPath } from 'node:url'
import vue from '@vitejs/plugin-vue'
import { build } from 'vite'
import { lifelineAliases } from '../../scripts/aliases'

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url))

/** Where the measured page is built (ignored by git). */
export const PAGE_DIR = here('../.page')

/**
 * Builds `bench/page` for production (`process.env.NODE_ENV` folded to `'production'`, as in a user's
 * app) but unminified, so CPU profiles name real functions. Minifying changes names, not the work done.
 */
export async function buildPage(): Promise<string> {
  await build({
    configFile: false,
    root: here('../page'),
    mode: 'production',
    logLevel: 'warn',
    plugins: [vue()],
    resolve: { alias: lifelineAliases },
    build: { outDir: PAGE_DIR, emptyOutDir: true, minify: false, target: 'es2022', modulePreload: false, reportCompressedSize: false },
  })
  return PAGE_DIR
}
