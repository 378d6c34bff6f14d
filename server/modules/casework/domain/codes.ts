/** Codes from API.md ("Codes") for the edge-of-care lifecycle. */
export const STRANDS = ['crisis', 'risk_of_care', 'reunification', 'placement_stability'] as const
export type Strand = (typeof STRANDS)[number]

export const REFERRER_TEAMS = ['front_door', 'child_in_need', 'child_protection', 'children_in_care', 'special_guardianship', 'other'] as const

export const PRESENTING_NEEDS = [
  'exploitation',
  'missing',
  'domestic_abuse',
  'parental_conflict',
  'parental_mental_health',
  'parental_substance_misuse',
  'child_mental_health',
  'send',
  'exclusion',
  'not_in_education',
  'youth_justice',
  'antisocial_behaviour',
  'homelessness',
  'young_carer',
  'low_income',
  'other',
] as const

export const PLACEMENT_TYPES = ['residential', 'secure', 'fostering', 'kinship', 'supported_accommodation', 'placed_with_parents', 'parent_and_baby', 'adoption', 'other'] as const
export type PlacementType = (typeof PLACEMENT_TYPES)[number]

export const CONSENT = ['given', 'not_yet', 'refused'] as const
export const DECISIONS = ['accepted', 'declined', 'stepped_down', 'more_information'] as const
export type Decision = (typeof DECISIONS)[number]
export const STEPPED_DOWN_TO = ['early_help', 'fgc', 'youth_mentoring', 'other'] as const
export const PRIORITIES = ['urgent', 'high', 'standard'] as const
export const CONTACT_TYPES = ['home_visit', 'family_meeting', 'network_meeting', 'fgc', 'phone', 'video', 'school', 'other'] as const
export const CLOSURE_OUTCOMES = ['remained_at_home', 'returned_home', 'placement_stabilised', 'entered_care', 'other'] as const
export const FOLLOW_UP_STATUSES = ['at_home', 'in_care', 'other'] as const
export const FOLLOW_UP_MONTHS = [3, 6, 12, 18] as const

/** Strands whose referral must say which placement the child is at risk of (API.md). */
export const NEEDS_AT_RISK_PLACEMENT: readonly Strand[] = ['crisis', 'risk_of_care', 'placement_stability']
/** Strands whose referral must say the child's current placement (API.md). */
export const NEEDS_CURRENT_PLACEMENT: readonly Strand[] = ['reunification', 'placement_stability']
