// One implementation for the Node backend and the simulated one of `vue-lifeline/testing`.
export { BadRequest } from '../src/testing/backend/query'
