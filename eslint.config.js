import js from '@eslint/js'
import stylistic from '@stylistic/eslint-plugin'
import pluginVue from 'eslint-plugin-vue'
import globals from 'globals'
import tseslint from 'typescript-eslint'

// Layering (DESIGN §1): core ← composables ← element-plus, one direction only; demos and docs use the
// public entry points, never relative source paths, which proves the public API is enough.
const noVue = { group: ['vue', 'vue/*', '@vue/*', '@vueuse/*', 'element-plus', 'element-plus/*'], message: 'src/core runs without Vue: no vue, @vueuse or element-plus imports.' }
const noUpFromCore = { group: ['**/composables/**', '**/element-plus/**', 'vue-lifeline', 'vue-lifeline/*'], message: 'src/core cannot import the layers above it.' }
const noElementPlus = { group: ['element-plus', 'element-plus/*', '**/element-plus/**', 'vue-lifeline/element-plus', 'vue-lifeline/element-plus/*'], message: 'src/composables cannot import Element Plus or the component layer.' }
const standalone = { group: ['vue', 'vue/*', '@vue/*', '@vueuse/*', 'element-plus', 'element-plus/*', '../*', 'vue-lifeline', 'vue-lifeline/*'], message: 'src/resolver runs in the user\'s build tool: it imports nothing of Vue, Element Plus or the library.' }
const onlyPublic = { group: ['./*', '../*', '**/src/**'], message: 'Demos import only `vue-lifeline` and its subpaths.' }
// the testing kit (and MSW under it) is for tests, the docs and the playground: never in an app's bundle
const noTesting = { group: ['**/testing', '**/testing/**', 'vue-lifeline/testing', 'msw', 'msw/*', '@mswjs/*'], message: 'Only tests, the docs and the playground may use vue-lifeline/testing: the library and its demos never import it.' }
const tests = ['src/**/*.test.ts', 'src/**/*.browser.test.ts', 'src/**/*.test-d.ts']

export const layeringRules = [
  {
    name: 'lifeline/layering-core',
    files: ['src/core/**/*.ts'],
    ignores: tests,
    rules: { 'no-restricted-imports': ['error', { patterns: [noVue, noUpFromCore, noTesting] }] },
  },
  {
    name: 'lifeline/layering-composables',
    files: ['src/composables/**/*.ts', 'src/composables/**/*.vue'],
    ignores: ['src/composables/**/demo.vue', ...tests],
    rules: { 'no-restricted-imports': ['error', { patterns: [noElementPlus, noTesting] }] },
  },
  {
    name: 'lifeline/layering-element-plus',
    files: ['src/element-plus/**/*.ts', 'src/element-plus/**/*.vue'],
    ignores: ['src/**/demo.vue', ...tests],
    rules: { 'no-restricted-imports': ['error', { patterns: [noTesting] }] },
  },
  {
    name: 'lifeline/layering-testing',
    files: ['src/testing/**/*.ts'],
    ignores: tests,
    rules: { 'no-restricted-imports': ['error', { patterns: [noElementPlus, { group: ['**/composables/**', 'vue-lifeline'], message: 'vue-lifeline/testing builds on the core only: it must not pull the composables into a test bundle.' }] }] },
  },
  {
    name: 'lifeline/layering-resolver',
    files: ['src/resolver/**/*.ts'],
    ignores: ['src/resolver/**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [standalone] }] },
  },
  {
    name: 'lifeline/demos-public-api',
    files: ['playground/src/**/*.vue', 'docs/**/*.vue', 'docs/**/*.md/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [onlyPublic] }] },
  },
  {
    // a demo runs unchanged on the real or the simulated backend: it never knows which
    name: 'lifeline/demos-no-testing',
    files: ['src/**/demo.vue'],
    rules: { 'no-restricted-imports': ['error', { patterns: [onlyPublic, noTesting] }] },
  },
]

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'docs/.vitepress/cache', 'docs/.vitepress/dist', 'bench/.page', 'bench/.profiles', '**/__screenshots__', 'test/fixtures/lint/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/recommended'],
  stylistic.configs.customize({ indent: 2, quotes: 'single', semi: false, jsx: false }),
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
  },
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'] } },
  },
  {
    rules: {
      'no-console': ['error', { allow: ['warn', 'error', 'info'] }],
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'separate-type-imports' }],
      'no-empty': ['error', { allowEmptyCatch: true }],
      'vue/multi-word-component-names': 'off',
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
      '@stylistic/max-statements-per-line': 'off',
      '@stylistic/arrow-parens': 'off',
      '@stylistic/brace-style': ['error', 'stroustrup', { allowSingleLine: true }],
    },
  },
  {
    files: ['scripts/**', 'server/**', 'test/**', 'bench/**', '**/*.test.ts', '**/*.browser.test.ts'],
    rules: { 'no-console': 'off' },
  },
  ...layeringRules,
)
