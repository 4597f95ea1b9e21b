import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { cpus, release, totalmem, type } from 'node:os'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../..', import.meta.url))
const require = createRequire(`${root}/package.json`)

/** Packages whose exact installed versions the results name. */
export const VERSIONED = ['vue', '@vueuse/core', 'partysocket', '@microsoft/fetch-event-source', 'eventsource', 'ws', 'playwright-core', 'vite'] as const

/** The installed version of `name` (read from its package.json, not from our ranges). */
export function installedVersion(name: string): string {
  if (name === '')
    return ''
  if (name === 'vue-lifeline')
    return ourVersion()
  try {
    return JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')).version
  }
  catch {
    // packages whose exports hide package.json: find it next to the resolved entry
    let dir = require.resolve(name)
    while (dir.includes('node_modules')) {
      dir = dir.slice(0, dir.lastIndexOf('/'))
      try {
        const pkg = JSON.parse(readFileSync(`${dir}/package.json`, 'utf8'))
        if (pkg.name === name)
          return pkg.version
      }
      catch {}
    }
    return 'unknown'
  }
}

let ours: string | undefined
/** `0.1.0+<commit>` (`-dirty` when the tree has uncommitted changes). */
export function ourVersion(): string {
  if (ours)
    return ours
  const { version } = JSON.parse(readFileSync(`${root}/package.json`, 'utf8'))
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim()
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src'], { cwd: root, encoding: 'utf8' }).trim() !== ''
    return ours = `${version}+${commit}${dirty ? '-dirty' : ''}`
  }
  catch {
    return ours = version
  }
}

/** What the machine is, for the reader of the numbers. */
export function machineFacts(browser: string | undefined, loadStart: number): Record<string, string | number> {
  return {
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    cores: cpus().length,
    memoryGb: Math.round(totalmem() / 1024 ** 3),
    os: `${type()} ${release()}`,
    node: process.version,
    browser: browser ?? 'not launched',
    loadStart: loadStart.toFixed(2),
  }
}

export function versions(browser: string | undefined): Record<string, string> {
  return {
    'vue-lifeline': ourVersion(),
    ...Object.fromEntries(VERSIONED.map(name => [name, installedVersion(name)])),
    ...(browser ? { chromium: browser.replace(/^[^/]*\//, '') } : {}),
  }
}
