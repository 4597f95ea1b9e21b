// size-limit budgets (min+gzip, as a bundler includes each import). The tabs code that `shared: 'browser'`
// loads with import() is a chunk of its own in every bundler that splits code (Vite, Rollup, webpack):
// it is left out of the composables' figures (esbuild, which size-limit runs, would inline it) and
// measured on its own below.
const lazyTabs = config => ({ ...config, external: [...(config.external ?? []), './connection-*'] })
// A component's own code beyond the composables: the shared chunk the composables live in (index-*) is
// left out, as an app that uses both pays for it once.
const beyondComposables = config => ({ ...config, external: [...(config.external ?? []), './index-*'] })

export default [
  { name: 'useEventSource', path: 'dist/index.js', import: '{ useEventSource }', ignore: ['vue'], gzip: true, limit: '7.42 kB', modifyEsbuildConfig: lazyTabs },
  { name: 'useWebSocketAuto', path: 'dist/index.js', import: '{ useWebSocketAuto }', ignore: ['vue'], gzip: true, limit: '7.26 kB', modifyEsbuildConfig: lazyTabs },
  { name: 'usePolling', path: 'dist/index.js', import: '{ usePolling }', ignore: ['vue'], gzip: true, limit: '6.4 kB', modifyEsbuildConfig: lazyTabs },
  { name: 'all three composables', path: 'dist/index.js', import: '{ useEventSource, useWebSocketAuto, usePolling }', ignore: ['vue'], gzip: true, limit: '11.5 kB', modifyEsbuildConfig: lazyTabs },
  { name: 'createTabGroup (vue-lifeline/core)', path: 'dist/core.js', import: '{ createTabGroup }', gzip: true, limit: '4.7 kB' },
  { name: 'shareAcrossTabs (vue-lifeline/core, with createTabGroup)', path: 'dist/core.js', import: '{ shareAcrossTabs }', gzip: true, limit: '6.3 kB' },
  { name: 'useLiveFeed', path: 'dist/index.js', import: '{ useLiveFeed }', ignore: ['vue'], gzip: true, limit: '1.6 kB', modifyEsbuildConfig: lazyTabs },
  { name: 'LlLiveFeed (with useLiveFeed and virtua) beyond Element Plus', path: 'dist/element-plus.js', import: '{ LlLiveFeed }', ignore: ['vue', 'element-plus', '@vueuse/core'], gzip: true, limit: '9 kB' },
  // the guard picks its transport at run time, so all three come with it, and its tab group (activity and decisions)
  { name: 'useSessionGuard (with the three transports, createTabGroup and VueUse useIdle)', path: 'dist/index.js', import: '{ useSessionGuard }', ignore: ['vue'], gzip: true, limit: '19.5 kB', modifyEsbuildConfig: lazyTabs },
  { name: 'LlSessionGuard own code, beyond the composables and Element Plus', path: 'dist/element-plus.js', import: '{ LlSessionGuard }', ignore: ['vue', 'element-plus', '@vueuse/core'], gzip: true, limit: '4 kB', modifyEsbuildConfig: beyondComposables },
  { name: 'LlSessionGuard with useSessionGuard, beyond Element Plus', path: 'dist/element-plus.js', import: '{ LlSessionGuard }', ignore: ['vue', 'element-plus', '@vueuse/core'], gzip: true, limit: '21 kB', modifyEsbuildConfig: lazyTabs },
  { name: 'LlConnectionBadge beyond Element Plus', path: 'dist/element-plus.js', import: '{ LlConnectionBadge }', ignore: ['vue', 'element-plus', '@vueuse/core'], gzip: true, limit: '2 kB' },
  { name: 'vue-lifeline/testing (own code; @mswjs/interceptors is a peer, not counted)', path: 'dist/testing.js', import: '*', ignore: ['vue', '@mswjs/interceptors'], gzip: true, limit: '12 kB' },
  { name: 'shared: \'browser\' tabs chunk (loaded on demand, with what it imports)', path: 'dist/connection-*.js', ignore: ['vue'], gzip: true, limit: '6.95 kB' },
]
