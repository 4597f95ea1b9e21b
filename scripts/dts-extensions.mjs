// Adds explicit `.js` / `/index.js` to relative specifiers in the emitted declarations (dist/**/*.d.ts);
// `./X.vue` becomes `./X.vue.js`, which node16 resolution maps to the emitted `X.vue.d.ts`.
// Why: the sources use bundler-style extensionless imports, which TypeScript's `node16`/`nodenext`
// resolution refuses inside an ESM package ("Internal resolution error" in `attw`), so users with
// `moduleResolution: node16` would get `any` types. Run after `vue-tsc -p tsconfig.build.json`.
// It also drops side-effect CSS imports (`import './style.css'`): Vite's library build moves that CSS
// into `dist/element-plus.css` and drops the import from the JS, so in a declaration it would point at
// a file that is not shipped there.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const dist = resolve(fileURLToPath(new URL('..', import.meta.url)), process.argv[2] ?? 'dist')
// `from './x'`, `import './x'`, `import('./x')`, `export * from './x'`
const CSS_IMPORT = /^import\s+(['"])[^'"]+\.css\1;?\r?\n/gm
// (also a bare `.` or `..`, which declaration emit writes for an inline `import("..")` type)
const SPECIFIER = /(\bfrom\s+|\bimport\s*\(\s*|\bimport\s+)(['"])(\.{1,2}(?:\/[^'"]*)?)\2/g

function* declarations(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory())
      yield* declarations(path)
    else if (entry.name.endsWith('.d.ts'))
      yield path
  }
}

function withExtension(file, specifier) {
  if (/\.(?:js|mjs|cjs|json|css)$/.test(specifier))
    return specifier
  const target = resolve(dirname(file), specifier)
  if (existsSync(`${target}.d.ts`))
    return `${specifier}.js`
  if (existsSync(join(target, 'index.d.ts')))
    return `${specifier.replace(/\/$/, '')}/index.js`
  throw new Error(`${file}: cannot resolve "${specifier}" to a declaration file`)
}

if (!existsSync(dist))
  throw new Error(`${dist} does not exist: run \`vite build && vue-tsc -p tsconfig.build.json\` first`)
let changed = 0
for (const file of declarations(dist)) {
  const before = readFileSync(file, 'utf8')
  const after = before.replace(CSS_IMPORT, '').replace(SPECIFIER, (_all, lead, quote, specifier) => `${lead}${quote}${withExtension(file, specifier)}${quote}`)
  if (after !== before) {
    writeFileSync(file, after)
    changed++
  }
}
console.info(`dts-extensions: rewrote relative imports in ${changed} declaration files under ${dist}`)
