/** Short labels for figures and tables: chart axes have little room, so these are shorter than the casework forms' wording. */
export const STRAND_LABELS: Record<string, string> = {
  crisis: 'Crisis and de-escalation',
  risk_of_care: 'Risk of care',
  reunification: 'Reunification',
  placement_stability: 'Placement stability',
}
export const STRANDS = ['crisis', 'risk_of_care', 'reunification', 'placement_stability'] as const

export const REFERRER_TEAM_LABELS: Record<string, string> = {
  front_door: 'Front door',
  child_in_need: 'Child in need',
  child_protection: 'Child protection',
  children_in_care: 'Children in care',
  special_guardianship: 'Special guardianship',
  other: 'Other',
}
export const REFERRER_TEAMS = Object.keys(REFERRER_TEAM_LABELS)

export const OUTCOME_LABELS: Record<string, string> = {
  remained_at_home: 'Remained at home or in the network',
  returned_home: 'Returned home from care',
  placement_stabilised: 'Placement stabilised',
  entered_care: 'Entered care',
  other: 'Other (moved away, disengaged)',
}
export const OUTCOMES = Object.keys(OUTCOME_LABELS)

export const FOLLOW_UP_LABELS: Record<string, string> = {
  at_home: 'At home',
  in_care: 'In care',
  other: 'Other',
  not_recorded: 'Due, not recorded',
  not_due: 'Not due yet',
}
export const FOLLOW_UP_STATES = Object.keys(FOLLOW_UP_LABELS)
export const FOLLOW_UP_MONTHS = [3, 6, 12, 18] as const

export const strandLabel = (code: string) => STRAND_LABELS[code] ?? code
