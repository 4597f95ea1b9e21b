import { fileURLToPath } from 'node:url'

const src = (path: string): string => fileURLToPath(new URL(`../src/${path}`, import.meta.url))

/**
 * `vue-lifeline` and its subpaths resolved to the sources, so demos, the playground, the docs and the
 * tests import the public names exactly as a user does, without a build.
 */
export const lifelineAliases = [
  { find: /^vue-lifeline$/, replacement: src('index.ts') },
  { find: /^vue-lifeline\/core$/, replacement: src('core/index.ts') },
  { find: /^vue-lifeline\/element-plus$/, replacement: src('element-plus/index.ts') },
  { find: /^vue-lifeline\/testing$/, replacement: src('testing/index.ts') },
  { find: /^vue-lifeline\/element-plus\/style\.css$/, replacement: src('element-plus/style.css') },
  { find: /^vue-lifeline\/element-plus\/locale\/(.*)$/, replacement: src('element-plus/locale/lang/$1.ts') },
  { find: /^vue-lifeline\/resolver$/, replacement: src('resolver/index.ts') },
]
