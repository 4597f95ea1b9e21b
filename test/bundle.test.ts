// `vue-lifeline/testing` never reaches an app's production bundle unless the app imports it: a production
// build of a small app against the published files (dist/) must contain none of it, while the same
// build importing the testing entry does (the control that proves the check can see it).
import type { Rollup } from 'vite'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'vite'
import { afterAll, describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('..', import.meta.url))
const built = existsSync(join(root, 'dist/testing.js'))
const dir = mkdtempSync(join(tmpdir(), 'lifeline-app-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** Strings only the testing entry (or the interceptors under it) contains. */
const MARKERS = ['vue-lifeline/testing:active-network', 'vue-lifeline-demo-backend', 'MockEventSource', 'websocket-interceptor', 'fetch-interceptor']

async function bundle(name: string, code: string): Promise<string> {
  const entry = join(dir, `${name}.js`)
  writeFileSync(entry, code)
  const result = await build({
    configFile: false,
    logLevel: 'silent',
    root: dir,
    mode: 'production',
    resolve: { alias: [{ find: /^vue-lifeline(\/.*)?$/, replacement: join(root, 'dist') + '$1' }] },
    build: {
      write: false,
      minify: true,
      rollupOptions: { input: entry, external: ['vue'], preserveEntrySignatures: 'exports-only' },
    },
  }) as Rollup.RollupOutput | Rollup.RollupOutput[]
  const outputs = (Array.isArray(result) ? result : [result]).flatMap(r => r.output)
  return outputs.map(o => o.type === 'chunk' ? o.code : '').join('\n')
}

describe('an app bundle', { timeout: 60_000 }, () => {
  it('that uses the three composables contains nothing of vue-lifeline/testing', async ({ skip }) => {
    if (!built)
      skip('dist/ is absent: run `npm run build` first')
    const code = await bundle('app', `
      import { useEventSource, usePolling, useWebSocketAuto } from 'vue-lifeline/index.js'
      export const app = [useEventSource, useWebSocketAuto, usePolling]
    `)
    expect(code).toContain('EventSource')
    expect(MARKERS.filter(marker => code.includes(marker))).toEqual([])
  })

  it('that imports vue-lifeline/testing does contain it (the control)', async ({ skip }) => {
    if (!built)
      skip('dist/ is absent: run `npm run build` first')
    const code = await bundle('tests', `
      import { startSimulatedBackend } from 'vue-lifeline/testing.js'
      export const start = startSimulatedBackend
    `)
    expect(MARKERS.filter(marker => code.includes(marker)).length).toBeGreaterThanOrEqual(3)
  })
})
