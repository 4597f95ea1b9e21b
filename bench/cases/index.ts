import type { BenchCase } from './types'
import { deadLinkCase } from './deadLink'
import { feedCase } from './feed'
import { sizeCase } from './size'
import { sseCase } from './sse'
import { stormCase } from './storm'
import { wsCase } from './ws'

/** Every case, in run order. */
export const CASES: BenchCase[] = [wsCase, sseCase, deadLinkCase, feedCase, stormCase, sizeCase]

/** What `npm run bench` runs without `--only`: every case. */
export const DEFAULT_CASES = CASES.map(c => c.id)
