import type { Metric, Sample } from '../lib/results'
import type { BenchCase } from './types'
import { gzipSync } from 'node:zlib'
import vue from '@vitejs/plugin-vue'
import { build } from 'vite'
import { lifelineAliases } from '../../scripts/aliases'
import { installedVersion } from '../lib/machine'
import { toRows } from '../lib/results'

const METRICS: Metric[] = [
  { key: 'gzipKb', label: 'min+gzip', unit: 'kB', better: 'lower', digits: 2 },
  { key: 'minKb', label: 'min', unit: 'kB', better: 'lower', digits: 2 },
]

/** One measured import: what a user's entry would contain. */
interface Entry {
  id: string
  label: string
  library: string
  code: string
  note?: string
}

const ours = (label: string, code: string, note?: string): Entry => ({ id: `ours:${label}`, label, library: 'vue-lifeline', code, note })
const anchor = (id: string, label: string, library: string, code: string, note?: string): Entry => ({ id, label, library, code, note })

/**
 * Each composable, each component and each whole entry of ours, beside the anchors. Components are
 * measured as JS (their CSS is one stylesheet for all), Element Plus external, their own dependencies
 * (virtua) bundled, as an app would ship them.
 */
export const ENTRIES: Entry[] = [
  ours('useEventSource', `export { useEventSource } from 'vue-lifeline'`),
  ours('useWebSocketAuto', `export { useWebSocketAuto } from 'vue-lifeline'`),
  ours('usePolling', `export { usePolling } from 'vue-lifeline'`),
  ours('useLiveFeed', `export { useLiveFeed } from 'vue-lifeline'`),
  ours('LlLiveFeed', `export { LlLiveFeed } from 'vue-lifeline/element-plus'`, 'JS only, element-plus external, virtua bundled'),
  ours('LlConnectionBadge', `export { LlConnectionBadge } from 'vue-lifeline/element-plus'`, 'JS only, element-plus external'),
  ours('all three composables', `export { useEventSource, useWebSocketAuto, usePolling } from 'vue-lifeline'`),
  ours('entry vue-lifeline', `export * from 'vue-lifeline'`, 'every export'),
  ours('entry vue-lifeline/core', `export * from 'vue-lifeline/core'`, 'every export'),
  ours('entry vue-lifeline/element-plus', `export * from 'vue-lifeline/element-plus'`, 'JS only, element-plus external'),
  anchor('vueuse:useEventSource', 'VueUse useEventSource', '@vueuse/core', `export { useEventSource } from '@vueuse/core'`),
  anchor('vueuse:useWebSocket', 'VueUse useWebSocket', '@vueuse/core', `export { useWebSocket } from '@vueuse/core'`),
  anchor('vueuse:useTimeoutPoll', 'VueUse useTimeoutPoll', '@vueuse/core', `export { useTimeoutPoll } from '@vueuse/core'`),
  anchor('fetch-event-source', '@microsoft/fetch-event-source', '@microsoft/fetch-event-source', `export { fetchEventSource } from '@microsoft/fetch-event-source'`),
  anchor('eventsource', 'eventsource', 'eventsource', `export { EventSource } from 'eventsource'`),
  anchor('partysocket', 'partysocket WebSocket', 'partysocket', `export { WebSocket } from 'partysocket'`, 'the reconnecting WebSocket'),
  anchor('partysocket:PartySocket', 'partysocket PartySocket', 'partysocket', `export { PartySocket } from 'partysocket'`, 'with PartyKit room URLs'),
]

const VIRTUAL = '\0bench-size-entry'

/**
 * Bundles `code` as a user's production build would: Rollup tree-shaking through Vite, esbuild
 * minification, `process.env.NODE_ENV` = 'production', `vue` (and Element Plus) external, exports kept.
 */
export async function bundleSize(code: string): Promise<{ min: number, gzip: number }> {
  const output = await build({
    configFile: false,
    logLevel: 'silent',
    mode: 'production',
    resolve: { alias: lifelineAliases },
    define: { 'process.env.NODE_ENV': '"production"' },
    plugins: [vue(), { name: 'bench-size-entry', resolveId: id => id === VIRTUAL ? id : null, load: id => id === VIRTUAL ? code : null }],
    build: {
      write: false,
      minify: 'esbuild',
      target: 'es2022',
      modulePreload: false,
      cssCodeSplit: false,
      rollupOptions: {
        input: VIRTUAL,
        external: [/^vue$/, /^element-plus(\/.*)?$/, /^@element-plus\//],
        // keep the entry's exports: an app build would otherwise tree-shake everything away
        preserveEntrySignatures: 'strict',
        output: { format: 'es' },
      },
    },
  })
  const bundles = Array.isArray(output) ? output : [output]
  const chunks = new Map(bundles.flatMap(b => 'output' in b ? b.output : []).flatMap(o => o.type === 'chunk' ? [[o.fileName, o] as const] : []))
  // What the page loads with the import: the entry chunk and what it imports statically. A chunk behind
  // `import()` (the tabs code of `shared: 'browser'`) is loaded only when used, as size-limit counts it.
  const loaded = new Set<string>()
  const visit = (name: string): void => {
    if (loaded.has(name) || !chunks.has(name))
      return
    loaded.add(name)
    chunks.get(name)!.imports.forEach(visit)
  }
  chunks.forEach(chunk => chunk.isEntry && visit(chunk.fileName))
  const js = [...loaded].map(name => chunks.get(name)!.code).join('\n')
  return { min: Buffer.byteLength(js), gzip: gzipSync(js, { level: 9 }).length }
}

/** Case 6: bundle sizes. Deterministic, so measured once (repetitions would only repeat the number). */
export const sizeCase: BenchCase = {
  id: 'size',
  browser: false,
  async run(ctx) {
    const entries = ctx.mode === 'quick' ? ENTRIES.filter(e => ['ours:useEventSource', 'vueuse:useEventSource'].includes(e.id)) : ENTRIES
    const samples = new Map<string, Sample[]>()
    for (const entry of entries) {
      const { min, gzip } = await bundleSize(entry.code)
      samples.set(entry.id, [{ gzipKb: gzip / 1000, minKb: min / 1000 }])
      ctx.log(`  ${entry.label}: ${(gzip / 1000).toFixed(2)} kB min+gzip`)
    }
    const byId = new Map(entries.map(e => [e.id, e]))
    return [{
      id: 'size',
      case: 6,
      title: 'Bundle size',
      what: 'Each import bundled alone as an app would (Vite/Rollup tree-shaking, esbuild minify, NODE_ENV=production, vue and element-plus external), gzip level 9; 1 kB = 1000 bytes.',
      params: { bundler: `vite ${installedVersion('vite')}` },
      metrics: METRICS,
      rows: toRows(METRICS, samples, (id) => {
        const e = byId.get(id)!
        return { label: e.label, library: e.library, note: e.note, version: installedVersion(e.library) }
      }),
      notes: ['Our composables share one kernel: "all three" costs less than the sum of the three.', 'Counted: the entry and its static imports. Code behind import() (the tabs code that shared: \'browser\' loads on demand) is left out, as an app loads it only when used.'],
    }]
  },
}
