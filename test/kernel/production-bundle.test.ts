// Issue 9, "Tests": a production bundle carries no development text. An app entry importing the three
// composables is built with Vite's JS API (`vue` external, `process.env.NODE_ENV` defined as a bundler
// does for an app), once for production and once for development: the development build proves the
// searched texts are the real ones, the production build must have folded every one of them away
// while the short `INVALID_OPTION` message stays.
import { fileURLToPath } from 'node:url'
import { build } from 'vite'
import { describe, expect, it } from 'vitest'

const source = fileURLToPath(new URL('../../src/index.ts', import.meta.url))
const ENTRY = '\0lifeline-app-entry'

/** The minified chunks of an app that uses every composable, with `NODE_ENV` set to `mode`. */
async function chunks(mode: 'production' | 'development'): Promise<{ code: string, isEntry: boolean }[]> {
  const result = await build({
    configFile: false,
    logLevel: 'silent',
    mode,
    define: { 'process.env.NODE_ENV': JSON.stringify(mode) },
    plugins: [{
      name: 'app-entry',
      resolveId: id => id === ENTRY ? id : undefined,
      load: id => id === ENTRY
        // (an app keeps what it uses: here, a global that calls the three)
        ? `import { useEventSource, useWebSocketAuto, usePolling } from ${JSON.stringify(source)}\nglobalThis.app = () => [useEventSource('/s'), useWebSocketAuto('/w'), usePolling('/p')]\n`
        : undefined,
    }],
    build: {
      write: false,
      minify: 'esbuild',
      target: 'es2022',
      rollupOptions: { input: ENTRY, external: [/^vue$/], output: { format: 'es' } },
    },
  })
  const outputs = (Array.isArray(result) ? result : [result]) as { output: { type: string, code?: string, isEntry?: boolean }[] }[]
  return outputs.flatMap(o => o.output).filter(chunk => chunk.type === 'chunk').map(chunk => ({ code: chunk.code!, isEntry: !!chunk.isEntry }))
}

/** The whole bundle, every chunk. */
const bundle = async (mode: 'production' | 'development'): Promise<string> => (await chunks(mode)).map(c => c.code).join('\n')

/**
 * Development-only text: the warning prefix and warnings (the kernel's refused transition, `shared:
 * 'browser'`, late replies), and the long INVALID_OPTION explanation (": expected <what>, got <value>."
 * with its descriptions of what was expected).
 */
const DEV_TEXT = [
  '[vue-lifeline]',
  'refused',
  'every tab keeps its own connections',
  'late reply',
  ': expected ',
  'a finite number',
  'a whole number',
  'an absolute',
  'a fetcher function',
  'an array of close codes',
]

describe('production bundle (issue 9)', () => {
  it('an app importing the three composables: no development text in production, the short INVALID_OPTION message kept', { timeout: 60_000 }, async () => {
    const [production, development] = [await bundle('production'), await bundle('development')]
    const found = (code: string): string[] => DEV_TEXT.filter(text => code.includes(text))
    // the texts are really there in development (else this test could not fail)
    expect(found(development)).toEqual(DEV_TEXT)
    expect(found(production)).toEqual([])
    expect(production).toContain('Invalid option')
    console.info(`production bundle: ${production.length} bytes minified (development: ${development.length})`)
  })

  it('the tabs code of `shared: \'browser\'` is a chunk of its own: an app that does not share across tabs never loads it', { timeout: 60_000 }, async () => {
    const all = await chunks('production')
    const entry = all.filter(c => c.isEntry).map(c => c.code).join('\n')
    const lazy = all.filter(c => !c.isEntry).map(c => c.code).join('\n')
    // (`share:` names every cross-tab group; `steal` is the Web Locks takeover of the election)
    for (const marker of ['share:', 'steal'])
      expect([entry.includes(marker), lazy.includes(marker)], marker).toEqual([false, true])
    expect(entry).toMatch(/import\(/)
    console.info(`tabs chunk: ${lazy.length} bytes minified, loaded on demand; entry ${entry.length} bytes`)
  })
})
