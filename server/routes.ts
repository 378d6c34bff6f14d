import type { RegisterRoutes } from './app.js'
import { authRoutes } from './platform/auth/pages/routes.js'
import { adminRoutes } from './platform/admin/routes.js'
import { homeRoutes } from './modules/home/routes.js'
import { peopleRoutes } from './modules/people/index.js'
import { allocationPageRoutes, allocationRoutes } from './modules/allocation/index.js'
import { caseworkPageRoutes, caseworkRoutes, referralPageRoutes } from './modules/casework/index.js'
import { interventionsPageRoutes, interventionsRoutes } from './modules/interventions/index.js'
import { wellbeingPageRoutes, wellbeingRoutes } from './modules/wellbeing/index.js'
import { notificationRoutes } from './platform/notifications/index.js'
import { ssda903PageRoutes } from './modules/ssda903/index.js'
import { impactRoutes } from './modules/impact/index.js'
import { financePageRoutes, financeRoutes } from './modules/finance/index.js'

/** Every module's routes, in one list: the app is these and the platform underneath. */
export const allRoutes: RegisterRoutes[] = [
  authRoutes,
  adminRoutes,
  homeRoutes,
  peopleRoutes,
  allocationRoutes,
  allocationPageRoutes,
  caseworkRoutes,
  caseworkPageRoutes,
  referralPageRoutes,
  wellbeingRoutes,
  interventionsRoutes,
  interventionsPageRoutes,
  wellbeingPageRoutes,
  notificationRoutes,
  ssda903PageRoutes,
  impactRoutes,
  financeRoutes,
  financePageRoutes,
]
