// Every status of every composable, driven by the testing kit, in plain Node (test/suites/statuses.ts).
import { statusSuite } from '../../test/suites/statuses'

statusSuite('Node')
