#!/usr/bin/env node
// Checks, without the network, that package-lock.json is complete: every dependency and optional
// dependency of every locked package, for every platform, has an entry that Node's resolution would find.
//
// Why: npm drops an optional dependency it cannot resolve *without an error*. A lock written while npm
// could not fetch some packuments (offline, a partial cache, a flaky proxy) therefore lacks the other
// platforms' builds (`@rollup/rollup-darwin-x64`, …): `npm ci` then fails on every machine with
// "Missing: … from lock file", and a fresh `npm install` rewrites the lock. Reproduced with
// `npm install --offline --cache <cache holding only the linux-x64/arm64 packuments>`.
//
// To regenerate a complete lock (after a merge, or after adding a dependency):
//   npm install --prefer-online --no-audit --no-fund
//   npm run check:lockfile
// and commit package-lock.json. See CONTRIBUTING.md.
import { readFileSync } from 'node:fs'

const lockPath = new URL('../package-lock.json', import.meta.url)
const pkgPath = new URL('../package.json', import.meta.url)
const lock = JSON.parse(readFileSync(lockPath, 'utf8'))
const pkg = JSON.parse(readFileSync(pkgPath, 'utf8'))
const packages = lock.packages ?? {}

/** Node's lookup: `<from>/node_modules/<name>`, then each ancestor's `node_modules`. */
function resolve(from, name) {
  let dir = from
  for (;;) {
    const candidate = dir ? `${dir}/node_modules/${name}` : `node_modules/${name}`
    if (candidate in packages)
      return candidate
    if (!dir)
      return undefined
    const cut = dir.lastIndexOf('/node_modules/')
    dir = cut === -1 ? '' : dir.slice(0, cut)
  }
}

const problems = []
if (lock.lockfileVersion !== 3)
  problems.push(`lockfileVersion ${lock.lockfileVersion}: expected 3 (npm 9+)`)

// the root entry must list what package.json asks for (npm ci compares the two)
const root = packages[''] ?? {}
for (const field of ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies']) {
  const want = JSON.stringify(pkg[field] ?? {})
  const got = JSON.stringify(root[field] ?? {})
  if (want !== got)
    problems.push(`root ${field} in package-lock.json differ from package.json (run npm install)`)
}

for (const [location, entry] of Object.entries(packages)) {
  if (entry.link)
    continue
  const wanted = { ...entry.dependencies, ...entry.optionalDependencies, ...(location === '' ? entry.devDependencies : {}) }
  for (const name of Object.keys(wanted)) {
    if (!resolve(location, name)) {
      const kind = entry.optionalDependencies && name in entry.optionalDependencies ? 'optional dependency' : 'dependency'
      problems.push(`${name} (${kind} of ${location || 'the root'}) has no entry`)
    }
  }
}

if (problems.length) {
  console.error(`[check-lockfile] package-lock.json is incomplete (${problems.length} problem${problems.length === 1 ? '' : 's'}):`)
  for (const line of problems.slice(0, 30))
    console.error(`  - ${line}`)
  if (problems.length > 30)
    console.error(`  … and ${problems.length - 30} more`)
  console.error('Regenerate it online: npm install --prefer-online --no-audit --no-fund && npm run check:lockfile (see CONTRIBUTING.md)')
  process.exit(1)
}
console.info(`[check-lockfile] package-lock.json is complete (${Object.keys(packages).length - 1} packages, every platform's optional builds locked)`)
