// `npm run backend`: the demo backend on its own, for a user's app that is not served by Vite.
import { DEFAULTS } from './defaults'
import { describeRoutes } from './index'
import { listen } from './listen'

const raw = process.env.PORT
const port = raw === undefined || raw === '' ? DEFAULTS.cliPort : Number(raw)
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`[lifeline] invalid PORT=${raw}: expected 0–65535`)
  process.exit(1)
}

const server = await listen({ port, host: DEFAULTS.host })
console.info(`[lifeline] demo backend listening on ${server.url}`)
for (const line of describeRoutes())
  console.info(`  ${line}`)

let stopping = false
const stop = async (signal: string) => {
  if (stopping)
    return
  stopping = true
  console.info(`[lifeline] ${signal}: stopping`)
  await server.close()
  process.exit(0)
}
process.on('SIGINT', () => void stop('SIGINT'))
process.on('SIGTERM', () => void stop('SIGTERM'))
