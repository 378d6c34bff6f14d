/** Finance and impact: settings (unit costs, service costs, targets, parameters), the impact computation on the database, the API and the pages. */
export { financeRoutes } from './routes.js'
export { financePageRoutes } from './pages/routes.js'
export { impactForPeriod, impactAnswer, loadClosedChildren, childrenBehind, type ImpactResult, type Period, type ImpactOverrides } from './impact.js'
export { createFinanceSettings, insertDefaultFinanceSettings, insertDemoFinanceSettings, type FinanceSettings } from './settings.js'
