// @vitest-environment happy-dom
// Every status of every composable, driven by the testing kit, in happy-dom (test/suites/statuses.ts).
import { statusSuite } from '../../test/suites/statuses'

statusSuite('happy-dom')
