import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import { componentStyleSheets } from '../scripts/componentStyles'

// The public surface as runtime names, one snapshot per entry: adding, renaming or dropping an export
// shows up in review as a snapshot change (update deliberately with `vitest run -u`).
const root = fileURLToPath(new URL('..', import.meta.url))
const entries = {
  'vue-lifeline': () => import('../src/index'),
  'vue-lifeline/core': () => import('../src/core/index'),
  'vue-lifeline/element-plus': () => import('../src/element-plus/index'),
  'vue-lifeline/resolver': () => import('../src/resolver/index'),
  'vue-lifeline/testing': () => import('../src/testing/index'),
}

const names = (module: object): string[] => Object.keys(module).sort()

describe('export names', () => {
  it.each(Object.keys(entries) as Array<keyof typeof entries>)('%s', async (entry) => {
    const module = await entries[entry]()
    expect(names(module)).toMatchSnapshot()
  })

  it('exports only named exports (DESIGN §6: no default export)', async () => {
    for (const load of Object.values(entries))
      expect(names(await load())).not.toContain('default')
  })
})

interface Conditions { types?: string, default?: string }
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { exports: Record<string, string | Conditions> }
const LOCALES = ['en', 'zh-cn']
/** One stylesheet per component folder of src/element-plus (what `vue-lifeline/element-plus/styles/*.css` serves). */
const STYLES = componentStyleSheets(`${root}src/element-plus`).map(([name]) => name)
/** What each `*` subpath expands to. */
const WILDCARDS: Record<string, string[]> = { './element-plus/locale/*': LOCALES, './element-plus/styles/*.css': STYLES }

/** Every file `package.json#exports` points at, with `*` expanded to the shipped locales and stylesheets. */
function exportTargets(): Array<{ subpath: string, condition: string, file: string }> {
  const out: Array<{ subpath: string, condition: string, file: string }> = []
  for (const [subpath, value] of Object.entries(pkg.exports)) {
    const conditions: Record<string, string> = typeof value === 'string' ? { default: value } : { ...value } as Record<string, string>
    for (const [condition, target] of Object.entries(conditions)) {
      const expanded = target.includes('*') ? WILDCARDS[subpath]!.map(l => ({ sub: subpath.replace('*', l), file: target.replace('*', l) })) : [{ sub: subpath, file: target }]
      for (const { sub, file } of expanded)
        out.push({ subpath: sub, condition, file })
    }
  }
  return out
}

const built = existsSync(new URL('../dist', import.meta.url))
const notBuilt = 'dist/ is absent: run `npm run build` to check the package.json exports against the build'

describe('package.json exports', () => {
  it('covers the entries of DESIGN §6 and every locale source exists', () => {
    expect(Object.keys(pkg.exports).sort()).toEqual(['.', './core', './element-plus', './element-plus/locale/*', './element-plus/style.css', './element-plus/styles/*.css', './package.json', './resolver', './testing'])
    expect(STYLES.sort()).toEqual(['connection-badge', 'live-feed', 'session-guard'])
    for (const locale of LOCALES)
      expect(existsSync(`${root}src/element-plus/locale/lang/${locale}.ts`)).toBe(true)
  })

  it('every exports target exists in dist/', ({ skip }) => {
    if (!built)
      skip(notBuilt)
    const missing = exportTargets().filter(t => !existsSync(`${root}${t.file}`)).map(t => `${t.subpath} [${t.condition}] → ${t.file}`)
    expect(missing).toEqual([])
  })

  it('the built JS entries export the same names as the sources (else dist/ is stale or the build drops names)', async ({ skip }) => {
    if (!built)
      skip(notBuilt)
    const js = (subpath: string): string => `${root}${(pkg.exports[subpath] as Conditions).default}`
    const pairs: Array<[string, string]> = [['.', 'vue-lifeline'], ['./core', 'vue-lifeline/core'], ['./element-plus', 'vue-lifeline/element-plus'], ['./resolver', 'vue-lifeline/resolver'], ['./testing', 'vue-lifeline/testing']]
    for (const [subpath, entry] of pairs) {
      const fromDist = names(await import(/* @vite-ignore */ pathToFileURL(js(subpath)).href))
      expect(fromDist, `${subpath}: rebuild with \`npm run build\` if this is stale`).toEqual(names(await entries[entry as keyof typeof entries]()))
    }
  })

  it('the built locale packs match the sources', async ({ skip }) => {
    if (!built)
      skip(notBuilt)
    const sources = { 'en': await import('../src/element-plus/locale/lang/en'), 'zh-cn': await import('../src/element-plus/locale/lang/zh-cn') }
    for (const locale of LOCALES) {
      const file = (pkg.exports['./element-plus/locale/*'] as Conditions).default!.replace('*', locale)
      const fromDist = await import(/* @vite-ignore */ pathToFileURL(`${root}${file}`).href)
      expect({ ...fromDist }).toEqual({ ...sources[locale as keyof typeof sources] })
    }
  })
})
