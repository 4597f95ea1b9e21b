// Starts the demo backend once for the browser project, on 127.0.0.1 with an ephemeral port, and
// hands its URL to the tests (`inject('backendUrl')`). The test page runs on Vitest's own origin, so
// every request to the backend is cross-origin: the backend answers CORS for any origin.
import type { TestProject } from 'vitest/node'
import { listen } from '../server/listen'

declare module 'vitest' {
  export interface ProvidedContext {
    backendUrl: string
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await listen({ port: 0, host: '127.0.0.1' })
  project.provide('backendUrl', server.url)
  return () => server.close()
}
