// The auto-import resolver: its table matches the components the package exports, and it works inside
// unplugin-vue-components in a real Vite build of a template that uses them.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import vue from '@vitejs/plugin-vue'
import Components from 'unplugin-vue-components/vite'
import { build } from 'vite'
import { describe, expect, it } from 'vitest'
import { componentStyleSheets } from '../../scripts/componentStyles'
import { LIFELINE_COMPONENTS, LifelineResolver } from './index'

const elementPlusDir = fileURLToPath(new URL('../element-plus', import.meta.url))

describe('LifelineResolver', () => {
  it('knows every Ll* component `vue-lifeline/element-plus` exports, and each has a stylesheet', async () => {
    const exported = Object.keys(await import('../element-plus/index')).filter(name => /^Ll[A-Z]/.test(name)).sort()
    expect(Object.keys(LIFELINE_COMPONENTS).sort()).toEqual(exported)
    const sheets = componentStyleSheets(elementPlusDir).map(([name]) => name)
    for (const name of exported)
      expect(sheets).toContain(name.replace(/^Ll/, '').replace(/[A-Z]/g, (c, i: number) => (i ? '-' : '') + c.toLowerCase()))
  })

  it('resolves a component with its own and its Element Plus styles; leaves other names alone', () => {
    const resolver = LifelineResolver()
    expect(resolver.resolve('LlConnectionBadge')).toEqual({
      name: 'LlConnectionBadge',
      from: 'vue-lifeline/element-plus',
      sideEffects: [
        'element-plus/es/components/base/style/css',
        'element-plus/es/components/tag/style/css',
        'element-plus/es/components/tooltip/style/css',
        'element-plus/es/components/button/style/css',
        'vue-lifeline/element-plus/styles/connection-badge.css',
      ],
    })
    expect(resolver.resolve('LlSomethingOfYours')).toBeUndefined()
    expect(resolver.resolve('ElButton')).toBeUndefined()
    expect(resolver.resolve('toString')).toBeUndefined()
    expect(LifelineResolver({ exclude: /LiveFeed/ }).resolve('LlLiveFeed')).toBeUndefined()
    expect(LifelineResolver({ importStyle: false }).resolve('LlLiveFeed')).toEqual({ name: 'LlLiveFeed', from: 'vue-lifeline/element-plus', sideEffects: undefined })
    expect(LifelineResolver({ elementPlusStyles: false }).resolve('LlLiveFeed')!.sideEffects).toEqual(['vue-lifeline/element-plus/styles/live-feed.css'])
  })

  it('auto-imports <LlLiveFeed> and <ll-connection-badge> in a Vite build with unplugin-vue-components', { timeout: 60_000 }, async () => {
    const root = mkdtempSync(join(tmpdir(), 'lifeline-resolver-'))
    try {
      writeFileSync(join(root, 'App.vue'), '<template><LlLiveFeed :max="10" /><ll-connection-badge status="open" /><LlUnknown /></template>\n')
      writeFileSync(join(root, 'main.ts'), 'export { default } from \'./App.vue\'\n')
      const output = await build({
        root,
        configFile: false,
        logLevel: 'silent',
        plugins: [vue(), Components({ resolvers: [LifelineResolver()], dts: false, dirs: [] })],
        build: {
          write: false,
          minify: false,
          lib: { entry: join(root, 'main.ts'), formats: ['es'], fileName: 'app' },
          rollupOptions: { external: [/^vue/, /^element-plus/, /^vue-lifeline/] },
        },
      }) as Array<{ output: Array<{ type: string, code?: string }> }>
      const code = output[0]!.output.filter(chunk => chunk.type === 'chunk').map(chunk => chunk.code).join('\n')
      expect(code).toMatch(/import \{ LlLiveFeed(?: as \w+)?, LlConnectionBadge(?: as \w+)? \} from "vue-lifeline\/element-plus"|import \{[^}]*LlLiveFeed[^}]*\} from "vue-lifeline\/element-plus"/)
      expect(code).toContain('LlConnectionBadge')
      expect(code).toContain('import "vue-lifeline/element-plus/styles/live-feed.css"')
      expect(code).toContain('import "vue-lifeline/element-plus/styles/connection-badge.css"')
      expect(code).toContain('import "element-plus/es/components/tag/style/css"')
      // a name the resolver does not know stays a runtime lookup
      expect(code).toContain('resolveComponent("LlUnknown")')
    }
    finally {
      rmSync(root, { recursive: true, force: true })
    }
  })
})
