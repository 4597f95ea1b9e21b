// Every status of every composable, driven by the testing kit, in Chromium (test/suites/statuses.ts).
import { statusSuite } from '../../test/suites/statuses'

statusSuite('Chromium')
