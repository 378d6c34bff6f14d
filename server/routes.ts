import type { RegisterRoutes } from './app.js'
import { authRoutes } from './platform/auth/pages/routes.js'
import { adminRoutes } from './platform/admin/routes.js'
import { homeRoutes } from './modules/home/routes.js'
import { peopleRoutes } from './modules/people/index.js'
import { allocationRoutes } from './modules/allocation/index.js'
import { caseworkPageRoutes, caseworkRoutes, referralPageRoutes } from './modules/casework/index.js'
import { wellbeingRoutes } from './modules/wellbeing/index.js'
import { financePageRoutes, financeRoutes } from './modules/finance/index.js'

/** Every module's routes, in one list: the app is these and the platform underneath. */
export const allRoutes: RegisterRoutes[] = [
  authRoutes,
  adminRoutes,
  homeRoutes,
  peopleRoutes,
  allocationRoutes,
  caseworkRoutes,
  caseworkPageRoutes,
  referralPageRoutes,
  wellbeingRoutes,
  financeRoutes,
  financePageRoutes,
]
