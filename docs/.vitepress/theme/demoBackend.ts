// Which backend the live demos of this page talk to: the Node demo backend when the site is served with
// it (`npm run docs`, `npm run docs:preview`), else the simulated one of `vue-lifeline/testing`, started
// in the page. Decided once per page load and shared by every demo block.

/** Where the demos' backend answers; the same path on the real and the simulated one. */
export const HEALTH_URL = '/__lifeline/health'
/** The health route answers at once; longer means nothing is listening. */
const HEALTH_TIMEOUT_MS = 3000

export type DemoBackend = 'real' | 'simulated'

/**
 * Whether the Node demo backend answers on this origin. The body is read and checked, never only the
 * status: a static host answers a 404 page, and an SPA fallback (`vite preview`) answers `index.html`
 * with a 200 for every path.
 */
export async function realBackendAnswers(): Promise<boolean> {
  try {
    const response = await fetch(HEALTH_URL, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(HEALTH_TIMEOUT_MS) })
    if (!response.ok || !response.headers.get('content-type')?.startsWith('application/json'))
      return false
    const body = await response.json() as { ok?: unknown, service?: unknown, simulated?: unknown }
    return body.ok === true && body.service === 'vue-lifeline-demo-backend' && body.simulated === false
  }
  catch {
    return false
  }
}

let decision: Promise<DemoBackend> | undefined

async function decide(): Promise<DemoBackend> {
  if (await realBackendAnswers())
    return 'real'
  // loaded only here: a site served with the real backend never downloads it
  const { startSimulatedBackend } = await import('vue-lifeline/testing')
  await startSimulatedBackend()
  return 'simulated'
}

/** The backend of this page's demos, starting the simulated one when no real one answers. */
export function demoBackend(): Promise<DemoBackend> {
  decision ??= decide()
  return decision
}
