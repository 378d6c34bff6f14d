import { METHOD_LABELS, OCCASION_LABELS, REVIEW_LABELS, RISK_LEVEL_LABELS, STEP_TO_LABELS, TOLD_LABELS } from '../domain/plan.js'

export const PLAN_LABELS = {
  riskLevel: RISK_LEVEL_LABELS,
  review: REVIEW_LABELS,
  occasion: OCCASION_LABELS,
  told: TOLD_LABELS,
  method: METHOD_LABELS,
  stepTo: STEP_TO_LABELS,
  stepDown: { early_help: STEP_TO_LABELS.early_help, youth_mentoring: STEP_TO_LABELS.youth_mentoring, other: STEP_TO_LABELS.other } as Record<string, string>,
  stepUp: {
    child_in_need: STEP_TO_LABELS.child_in_need,
    child_protection: STEP_TO_LABELS.child_protection,
    children_in_care: STEP_TO_LABELS.children_in_care,
    other: STEP_TO_LABELS.other,
  } as Record<string, string>,
  /** How the printed plan names each meeting, in plain words for the family: no acronyms (GLOSSARY.md). */
  meeting: {
    home_visit: 'Visit at home',
    family_meeting: 'Family meeting',
    network_meeting: 'Meeting with family and friends who help',
    fgc: 'Family group conference (a meeting where the family makes a plan together)',
    phone: 'Phone call',
    video: 'Video call',
    school: 'Meeting at school',
    other: 'Other meeting',
  } as Record<string, string>,
  riskTag: { low: 'govuk-tag--green', medium: 'govuk-tag--yellow', high: 'govuk-tag--red' } as Record<string, string>,
}
