import type { CONSENT, DECISIONS, PRESENTING_NEEDS, REFERRER_TEAMS, STEPPED_DOWN_TO, Strand } from '../domain/codes.js'

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

// ---------------------------------------------------------------- the referral journey's words

type Labels<T extends readonly string[]> = Record<T[number], string>

/** The strands as the referrer chooses one: each with a hint saying when it fits. */
export const STRAND_CHOICES: Record<Strand, { text: string; hint: string }> = {
  crisis: {
    text: 'Crisis and de-escalation',
    hint: 'A crisis at home or in a placement that could mean the young person comes into care, or moves, within days. The service responds within 24 hours.',
  },
  risk_of_care: {
    text: 'Risk of care',
    hint: 'The young person is at risk of coming into care, and intensive work with the family and their network could keep them safely at home.',
  },
  reunification: {
    text: 'Reunification',
    hint: 'The young person is in care with a plan to return home, or to their wider family, and the family needs support to make it last.',
  },
  placement_stability: {
    text: 'Placement stability',
    hint: 'The young person is in care and their placement is at risk of breaking down, which could mean a move to a more specialist placement.',
  },
}

export const REFERRER_TEAM_LABELS: Labels<typeof REFERRER_TEAMS> = {
  front_door: 'Front door (initial response team or multi-agency safeguarding hub)',
  child_in_need: 'Child in need',
  child_protection: 'Child protection',
  children_in_care: 'Children in care',
  special_guardianship: 'Special guardianship support',
  other: 'Another team',
}

export const PRESENTING_NEED_LABELS: Labels<typeof PRESENTING_NEEDS> = {
  exploitation: 'Exploitation (criminal or sexual)',
  missing: 'Going missing',
  domestic_abuse: 'Domestic abuse',
  parental_conflict: 'Conflict between parents or carers',
  parental_mental_health: 'A parent’s or carer’s mental health',
  parental_substance_misuse: 'A parent’s or carer’s alcohol or drug use',
  child_mental_health: 'The young person’s mental health',
  send: 'Special educational needs or disabilities',
  exclusion: 'Excluded from school, or at risk of it',
  not_in_education: 'Not in education, employment or training',
  youth_justice: 'In contact with the youth justice service',
  antisocial_behaviour: 'Antisocial behaviour',
  homelessness: 'Homelessness, or at risk of it',
  young_carer: 'A young carer',
  low_income: 'Low income or debt',
  other: 'Something else',
}

export const CONSENT_LABELS: Labels<typeof CONSENT> = {
  given: 'Given',
  not_yet: 'Not yet given',
  refused: 'Refused',
}

export const REFERRAL_STATUS_LABELS: Record<string, { text: string; colour: string }> = {
  draft: { text: 'Draft', colour: 'grey' },
  awaiting_panel: { text: 'Waiting for the panel', colour: 'blue' },
  accepted: { text: 'Accepted', colour: 'green' },
  declined: { text: 'Declined', colour: 'red' },
  stepped_down: { text: 'Stepped down', colour: 'yellow' },
  more_information: { text: 'More information needed', colour: 'orange' },
}

/** A decision as the referrer reads it (the panel's form uses DECISION_LABELS, in the imperative). */
export const DECISION_OUTCOME_LABELS: Labels<typeof DECISIONS> = {
  accepted: 'Accepted',
  declined: 'Declined',
  stepped_down: 'Stepped down',
  more_information: 'More information needed',
}

/** Where a family is stepped down to, inside a sentence ("Stepped down to youth mentoring"). */
export const STEPPED_DOWN_TO_IN_WORDS: Labels<typeof STEPPED_DOWN_TO> = {
  early_help: 'Early Help',
  fgc: 'a family group conference',
  youth_mentoring: 'youth mentoring',
  other: 'other support',
}

export const SCREENING_RULE_LABELS: Record<string, string> = {
  age: 'Age',
  allocated_social_worker: 'Allocated social worker',
  risk_of_care: 'Risk of care or placement breakdown',
  lives_in_area: 'Lives in the area',
  not_uasc: 'Not an unaccompanied asylum-seeking child',
}

/** A label for a code, or the code itself when a list has no label for it (an old or unknown value). */
export function labelOf(labels: Record<string, string | { text: string }>, code: string | null | undefined): string {
  if (!code) return ''
  const found = labels[code]
  if (found === undefined) return code.replaceAll('_', ' ')
  return typeof found === 'string' ? found : found.text
}
