import { build } from 'esbuild'
import { gzipSync } from 'node:zlib'
const [,, entry, imp, ...ext] = process.argv
const r = await build({ stdin: { contents: `export ${imp} from '${entry}'`, resolveDir: process.cwd() }, bundle: true, minify: true, format: 'esm', write: false, external: ext, treeShaking: true, logLevel: 'error' })
console.log(imp, (gzipSync(r.outputFiles[0].contents, { level: 9 }).length / 1000).toFixed(2), 'kB')
