#!/usr/bin/env node
// Finds the Chromium the browser tests drive, installing Debian's package when run as root.
// Playwright's own browser download does not work on our machines, so we never use it.
import { execFileSync, spawnSync } from 'node:child_process'
import { accessSync, constants } from 'node:fs'

const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium'].filter(Boolean)
const found = () => candidates.find((path) => {
  try {
    accessSync(path, constants.X_OK)
    return true
  }
  catch {
    return false
  }
})

let path = found()
if (!path) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0
  const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0
  if (isRoot && hasApt) {
    console.log('[ensure-chromium] Chromium not found: installing Debian\'s package (apt-get install -y chromium)…')
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
    execFileSync('apt-get', ['update'], { stdio: 'inherit', env })
    execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], { stdio: 'inherit', env })
    path = found()
  }
  if (!path) {
    console.error([
      '[ensure-chromium] The browser tests need Chromium and none was found.',
      '  Install it with:   sudo apt-get update && sudo apt-get install -y chromium',
      '  or point to one:   CHROMIUM_PATH=/path/to/chromium npm test',
      '  (`npx playwright install` is not used: the tests drive the system Chromium.)',
    ].join('\n'))
    process.exit(1)
  }
}
const version = spawnSync(path, ['--version'], { encoding: 'utf8' }).stdout?.trim()
console.log(`[ensure-chromium] using ${path}${version ? ` (${version})` : ''}`)
