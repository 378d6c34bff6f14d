/** Plain-English labels for the lifecycle's codes, for pages a family may also see: no acronyms (GLOSSARY.md). */
export const STRAND_LABELS: Record<string, string> = {
  crisis: 'Crisis and de-escalation',
  risk_of_care: 'Risk of care',
  reunification: 'Reunification',
  placement_stability: 'Placement stability',
}
export const STATUS_LABELS: Record<string, string> = {
  awaiting_allocation: 'Waiting for a worker',
  active: 'Active',
  closure_pending: 'Closure waiting for sign-off',
  closed: 'Closed',
  awaiting_panel: 'Waiting for panel',
  accepted: 'Accepted',
  declined: 'Declined',
  stepped_down: 'Stepped down',
  more_information: 'More information needed',
}
export const PRIORITY_LABELS: Record<string, string> = { urgent: 'Urgent', high: 'High', standard: 'Standard' }
export const CONTACT_LABELS: Record<string, string> = {
  home_visit: 'Home visit',
  family_meeting: 'Family meeting',
  network_meeting: 'Network meeting',
  fgc: 'Family group conference',
  phone: 'Phone call',
  video: 'Video call',
  school: 'School',
  other: 'Other',
}
export const OUTCOME_LABELS: Record<string, string> = {
  remained_at_home: 'Remained at home or in the family network',
  returned_home: 'Returned home from care',
  placement_stabilised: 'Placement stabilised',
  entered_care: 'Entered care',
  other: 'Other (moved away, disengaged)',
}
export const PLACEMENT_LABELS: Record<string, string> = {
  residential: 'Children’s home (residential)',
  secure: 'Secure unit',
  fostering: 'Foster care',
  kinship: 'Kinship care (family or friends)',
  supported_accommodation: 'Supported accommodation',
  placed_with_parents: 'Placed with parents',
  parent_and_baby: 'Parent and baby',
  adoption: 'Adoption',
  other: 'Other',
}
export const FOLLOW_UP_LABELS: Record<string, string> = { at_home: 'At home', in_care: 'In care', other: 'Other' }
export const DECISION_LABELS: Record<string, string> = {
  accepted: 'Accept',
  declined: 'Decline and signpost',
  stepped_down: 'Step down',
  more_information: 'More information needed',
}
export const STEP_DOWN_LABELS: Record<string, string> = { early_help: 'Early Help', fgc: 'Family group conference', youth_mentoring: 'Youth mentoring', other: 'Other' }

export const LABELS = {
  strand: STRAND_LABELS,
  status: STATUS_LABELS,
  priority: PRIORITY_LABELS,
  contact: CONTACT_LABELS,
  outcome: OUTCOME_LABELS,
  placement: PLACEMENT_LABELS,
  followUp: FOLLOW_UP_LABELS,
  decision: DECISION_LABELS,
  stepDown: STEP_DOWN_LABELS,
}
