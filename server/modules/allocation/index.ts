export { allocationRoutes } from './routes.js'
export { listWorkers, workerCaseload, OPEN_CASE_STATUSES } from './caseload.js'
