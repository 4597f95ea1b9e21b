/// <reference types="vitest/config" />
import { fileURLToPath } from 'node:url'
import vue from '@vitejs/plugin-vue'
import { playwright } from '@vitest/browser-playwright'
import { defineConfig } from 'vite'
import { lifelineAliases } from './scripts/aliases'
import { chromiumArgs, chromiumPath } from './scripts/chromium'
import { componentStyles } from './scripts/componentStyles'
import { lifelineDemoBackend } from './server/vitePlugin'
import { pageCommands } from './test/pageCommands'

const entry = (path: string): string => fileURLToPath(new URL(path, import.meta.url))

/** Browser tests that open many pages of their own: their own project, run last. */
const PAGES = 'src/**/*.pages.browser.test.ts'

// a function: Vitest writes into the instances it is given, so each project needs its own objects
const browserTest = () => ({
  globalSetup: ['./test/globalSetup.ts'],
  testTimeout: 20_000,
  hookTimeout: 20_000,
  browser: {
    enabled: true,
    headless: true,
    screenshotFailures: false,
    instances: [{ browser: 'chromium' as const }],
    provider: playwright({ launchOptions: { executablePath: chromiumPath(), args: chromiumArgs } }),
    commands: pageCommands,
  },
})

export default defineConfig({
  plugins: [vue(), componentStyles(entry('src/element-plus'))],
  resolve: { alias: lifelineAliases },
  define: {
    // keep `process.env.NODE_ENV` in the library output: the consumer's bundler decides (dev warnings)
  },
  build: {
    target: 'es2022',
    minify: false,
    sourcemap: true,
    lib: {
      entry: {
        'index': entry('src/index.ts'),
        'core': entry('src/core/index.ts'),
        'element-plus': entry('src/element-plus/index.ts'),
        'resolver': entry('src/resolver/index.ts'),
        'testing': entry('src/testing/index.ts'),
        'locale/en': entry('src/element-plus/locale/lang/en.ts'),
        'locale/zh-cn': entry('src/element-plus/locale/lang/zh-cn.ts'),
      },
      formats: ['es'],
      cssFileName: 'element-plus',
    },
    rollupOptions: {
      // @mswjs/interceptors is an optional peer of 'vue-lifeline/testing': the user's copy, never bundled
      external: [/^vue$/, /^element-plus(\/.*)?$/, /^@vueuse\//, /^@tanstack\//, /^@element-plus\//, /^virtua(\/.*)?$/, /^@mswjs\//],
    },
  },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          environment: 'node',
          include: ['src/**/*.test.ts', 'server/**/*.test.ts', 'test/**/*.test.ts', 'bench/**/*.test.ts'],
          exclude: ['**/*.browser.test.ts', '**/*.e2e.test.ts', '**/node_modules/**'],
        },
      },
      {
        extends: true,
        test: {
          // the built docs and the playground as a reader uses them: Chromium through playwright-core. `npm test`
          // runs it after the other projects: a second browser and dev servers would load the machine while
          // the timing-sensitive browser tests run
          name: 'e2e',
          environment: 'node',
          include: ['test/e2e/**/*.e2e.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 300_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'types',
          include: [],
          // vue-tsc, not tsc: the project typechecks as a whole and plain tsc cannot resolve `.vue` imports
          typecheck: { enabled: true, only: true, checker: 'vue-tsc', include: ['src/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
        },
      },
      {
        extends: true,
        optimizeDeps: { include: ['element-plus', 'vue', '@vueuse/core', '@tanstack/vue-virtual', 'vue-router', 'virtua/vue'] },
        // the demo backend under /__lifeline/ on the test page's own origin, for demos' relative URLs
        plugins: [lifelineDemoBackend({ announce: false })],
        test: {
          name: 'browser',
          include: ['src/**/*.browser.test.ts', 'test/**/*.browser.test.ts'],
          exclude: [PAGES, '**/node_modules/**'],
          ...browserTest(),
        },
      },
      {
        extends: true,
        // (the fixture pages of the session guard load Element Plus: optimized up front, or Vite reloads the page)
        optimizeDeps: { include: ['element-plus', 'vue', '@vueuse/core', 'virtua/vue'] },
        // Tests that open many pages (cross-tab, connection limits) run after everything else, one
        // file at a time: on two shared cores they would otherwise slow the timing-sensitive tests.
        test: {
          name: 'browser-pages',
          include: [PAGES],
          sequence: { groupOrder: 1 },
          fileParallelism: false,
          ...browserTest(),
        },
      },
    ],
  },
})
