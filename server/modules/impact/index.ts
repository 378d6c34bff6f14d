/** Impact: the service dashboard, equality monitoring and the reports (PRODUCT.md §4). Reads only, apart from the reference population. */
import type { RegisterRoutes } from '../../app.js'
import { impactApiRoutes } from './routes.js'
import { impactPageRoutes } from './pages/routes.js'

/** The module's API and pages, as one entry in the app's route list. */
export const impactRoutes: RegisterRoutes = (app, modules, deps) => {
  impactApiRoutes(app, modules, deps)
  impactPageRoutes(app, modules, deps)
}
export { buildServiceDashboard, type ServiceDashboard, type Section } from './service-dashboard.js'
export { suppressTable, suppressCount, suppressFor, tableFor, SUPPRESSED, SUPPRESSION_NOTE, type SuppressionPlan, type Audience } from './domain/suppression.js'
