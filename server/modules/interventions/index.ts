export { interventionsRoutes } from './routes.js'
export { interventionsPageRoutes } from './pages/routes.js'
export {
  createInterventionsService,
  loadPlan,
  scheduleReviews,
  reassignReviewTasks,
  closeReviewTasks,
  closingScoreErrors,
  recordClosingScores,
  type CasePlan,
  type EscalationNotice,
  type InterventionsHooks,
  type InterventionsService,
} from './service.js'
export { goalScore, type GoalScore } from './schemas.js'
export { planTimeline } from './pages/timeline.js'
export { PLAN_LABELS } from './pages/labels.js'
export { REVIEW_TASK_KIND } from './repository.js'
export { reviewSchedule, isRiskOverdue, isReviewOverdue } from './domain/plan.js'
