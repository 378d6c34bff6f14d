import type { CONSENT, DECISIONS, PLACEMENT_TYPES, PRESENTING_NEEDS, PRIORITIES, REFERRER_TEAMS, STEPPED_DOWN_TO, Strand } from '../../domain/codes.js'

/**
 * The lifecycle's codes (API.md) in plain words, for pages. Acronyms are written out
 * (GLOSSARY.md): children told the needs assessment that acronyms feel depersonalising.
 */
type Labels<T extends readonly string[]> = Record<T[number], string>

export const STRAND_LABELS: Record<Strand, { text: string; hint: string }> = {
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

export const PLACEMENT_LABELS: Labels<typeof PLACEMENT_TYPES> = {
  residential: 'Children’s home',
  secure: 'Secure children’s home',
  fostering: 'Foster care',
  kinship: 'Kinship care (with relatives or family friends)',
  supported_accommodation: 'Supported accommodation (16 and over)',
  placed_with_parents: 'Living with parents while in care',
  parent_and_baby: 'Parent and baby placement',
  adoption: 'Placed for adoption',
  other: 'Another kind of placement',
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

export const DECISION_LABELS: Labels<typeof DECISIONS> = {
  accepted: 'Accepted',
  declined: 'Declined',
  stepped_down: 'Stepped down',
  more_information: 'More information needed',
}

export const PRIORITY_LABELS: Labels<typeof PRIORITIES> = { urgent: 'urgent', high: 'high', standard: 'standard' }

export const STEPPED_DOWN_TO_LABELS: Labels<typeof STEPPED_DOWN_TO> = {
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
