// Debian's Chromium driven by playwright-core (never a downloaded browser), with the project's flags.
import type { Browser } from 'playwright-core'
import { chromium } from 'playwright-core'
import { chromiumArgs, chromiumPath } from '../../scripts/chromium'

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs })
}
