import { fileURLToPath } from 'node:url'
import { ESLint } from 'eslint'
import { beforeAll, describe, expect, it } from 'vitest'

// The layering of DESIGN §1 is only real if lint refuses the wrong imports: these lint in-memory code
// as if it lived at the given paths (no file is written), with the project's own eslint.config.js.
const cwd = fileURLToPath(new URL('..', import.meta.url))
let eslint: ESLint

beforeAll(async () => {
  eslint = new ESLint({ cwd })
  // loading the config and the parsers takes seconds on a busy machine: pay it once, here
  await eslint.lintText('export {}\n', { filePath: 'src/core/warm-up.ts' })
}, 60_000)

async function restrictedImports(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath })
  // a parse error would make every "no error" assertion below pass for the wrong reason
  expect(result.messages.filter(m => m.fatal)).toEqual([])
  return result.messages.filter(m => m.ruleId === 'no-restricted-imports' && m.severity === 2).map(m => m.message)
}

const vueImport = 'import { ref } from \'vue\'\n\nexport const count = ref(0)\n'

describe('lint enforces the layers', { timeout: 30_000 }, () => {
  it('rejects `import { ref } from \'vue\'` in src/core', async () => {
    const errors = await restrictedImports(vueImport, 'src/core/x.ts')
    expect(errors).toHaveLength(1)
    expect(errors[0]).toContain('src/core runs without Vue')
  })

  it.each([
    'import { useIntervalFn } from \'@vueuse/core\'\n\nexport const x = useIntervalFn\n',
    'import { ElButton } from \'element-plus\'\n\nexport const x = ElButton\n',
    'import { useEventSource } from \'../composables/useEventSource\'\n\nexport const x = useEventSource\n',
    'import { useEventSource } from \'vue-lifeline\'\n\nexport const x = useEventSource\n',
  ])('rejects upward or Vue imports in src/core: %s', async (code) => {
    expect(await restrictedImports(code, 'src/core/sse/x.ts')).toHaveLength(1)
  })

  it('accepts the same Vue import in src/composables', async () => {
    expect(await restrictedImports(vueImport, 'src/composables/x.ts')).toEqual([])
  })

  it('accepts core imports in src/core', async () => {
    expect(await restrictedImports('import { warn } from \'./dev\'\n\nexport const x = warn\n', 'src/core/x.ts')).toEqual([])
  })

  it('rejects `import \'element-plus\'` in src/composables', async () => {
    const errors = await restrictedImports('import \'element-plus\'\n', 'src/composables/x.ts')
    expect(errors).toHaveLength(1)
    expect(errors[0]).toContain('src/composables cannot import Element Plus')
  })

  it('accepts element-plus in src/element-plus', async () => {
    expect(await restrictedImports('import { ElButton } from \'element-plus\'\n\nexport const x = ElButton\n', 'src/element-plus/x.ts')).toEqual([])
  })

  it.each([
    vueImport,
    'import { LlLiveFeed } from \'../element-plus\'\n\nexport const x = LlLiveFeed\n',
    'import { ElButton } from \'element-plus\'\n\nexport const x = ElButton\n',
  ])('rejects imports of Vue, Element Plus or the library in src/resolver (it runs in the build tool): %s', async (code) => {
    const errors = await restrictedImports(code, 'src/resolver/x.ts')
    expect(errors).toHaveLength(1)
    expect(errors[0]).toContain('src/resolver runs in the user\'s build tool')
  })

  const demo = (from: string): string => `<script setup lang="ts">\nimport { useEventSource } from '${from}'\n\nconst { data } = useEventSource('/__lifeline/sse/ticks')\n</script>\n\n<template>\n  <p>{{ data }}</p>\n</template>\n`

  it('rejects a relative ../../src/... import in a demo.vue', async () => {
    const errors = await restrictedImports(demo('../../src/composables/useEventSource'), 'src/composables/useEventSource/demo.vue')
    expect(errors).toHaveLength(1)
    expect(errors[0]).toContain('Demos import only `vue-lifeline`')
  })

  it('rejects a sibling ./index import in a demo.vue', async () => {
    expect(await restrictedImports(demo('./index'), 'src/composables/useEventSource/demo.vue')).toHaveLength(1)
  })

  it('accepts the public `vue-lifeline` import in a demo.vue', async () => {
    expect(await restrictedImports(demo('vue-lifeline'), 'src/composables/useEventSource/demo.vue')).toEqual([])
  })

  const testingImport = 'import { createMockNetwork } from \'vue-lifeline/testing\'\n\nexport const x = createMockNetwork\n'

  it.each(['src/core/x.ts', 'src/composables/useX/index.ts', 'src/element-plus/x.ts'])('rejects vue-lifeline/testing in the library: %s', async (file) => {
    // (in src/core the upward-import rule objects too)
    const errors = await restrictedImports(testingImport, file)
    expect(errors.filter(e => e.includes('Only tests, the docs and the playground may use vue-lifeline/testing'))).toHaveLength(1)
  })

  it('rejects msw in the library and vue-lifeline/testing in a demo.vue', async () => {
    expect(await restrictedImports('import { http } from \'msw\'\n\nexport const x = http\n', 'src/composables/x.ts')).toHaveLength(1)
    expect(await restrictedImports(demo('vue-lifeline/testing'), 'src/composables/useEventSource/demo.vue')).toHaveLength(1)
  })

  it('accepts vue-lifeline/testing in tests, the docs theme and the playground; the kit itself stays off the composables', async () => {
    expect(await restrictedImports(testingImport, 'src/composables/useX/index.test.ts')).toEqual([])
    expect(await restrictedImports(testingImport, 'docs/.vitepress/theme/x.ts')).toEqual([])
    expect(await restrictedImports(testingImport, 'playground/src/x.ts')).toEqual([])
    expect(await restrictedImports('import { useEventSource } from \'../composables/useEventSource\'\n\nexport const x = useEventSource\n', 'src/testing/x.ts')).toHaveLength(1)
  })
})
