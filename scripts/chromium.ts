import { existsSync } from 'node:fs'

/** Flags for Chromium on these machines: no sandbox as root, no GPU, no calls home (the network is closed). */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]

/** `$CHROMIUM_PATH`, else Debian's `/usr/bin/chromium` (installed by `scripts/ensure-chromium.mjs`). */
export function chromiumPath(): string {
  const fromEnv = process.env.CHROMIUM_PATH
  if (fromEnv && existsSync(fromEnv))
    return fromEnv
  return '/usr/bin/chromium'
}
