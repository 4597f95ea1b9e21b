// Min+gzip size of the two virtualizers as a Vue app bundles them (esbuild, `vue` external), and of
// what LlLiveFeed adds on top of Element Plus (needs `npm run build` first for the dist/ entry).
//
//   node bench/live-feed/size.mjs
import { existsSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { build } from 'esbuild'

async function size(contents, external) {
  const result = await build({ stdin: { contents, resolveDir: process.cwd() }, bundle: true, minify: true, format: 'esm', write: false, external, logLevel: 'error' })
  return gzipSync(result.outputFiles[0].contents, { level: 9 }).length
}

const rows = [
  ['virtua/vue `VList`', 'export { VList } from \'virtua/vue\'', ['vue']],
  ['@tanstack/vue-virtual `useVirtualizer`', 'export { useVirtualizer } from \'@tanstack/vue-virtual\'', ['vue']],
]
if (existsSync('dist/element-plus.js')) {
  rows.push(['`LlLiveFeed` (with useLiveFeed and virtua; vue, element-plus, @vueuse external)', 'export { LlLiveFeed } from \'./dist/element-plus.js\'', ['vue', 'element-plus', '@vueuse/core']])
  rows.push(['`LlConnectionBadge` (vue, element-plus, @vueuse external)', 'export { LlConnectionBadge } from \'./dist/element-plus.js\'', ['vue', 'element-plus', '@vueuse/core']])
}
console.log('| bundle | min+gzip |\n|---|---:|')
for (const [name, contents, external] of rows)
  console.log(`| ${name} | ${(await size(contents, external) / 1000).toFixed(2)} kB |`)
