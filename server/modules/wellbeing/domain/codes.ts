/** The wellbeing service's codes (PRODUCT.md §6) and what pages call them. */

export const CARE_STATUSES = ['in_care', 'care_leaver'] as const
export type CareStatus = (typeof CARE_STATUSES)[number]

/** Care leavers are supported up to 25 (Children and Social Work Act 2017, s.3; 001). */
export const OLDEST_AGE_SERVED = 25

export const PLACEMENT_TYPES = ['fostering', 'kinship', 'residential', 'supported_accommodation', 'secure', 'placed_with_parents', 'independent_living', 'other'] as const

export const CONSENT = ['given', 'not_yet', 'refused'] as const
export const INFORMATION_SHARING = ['agreed', 'limited', 'refused'] as const

/**
 * The service's priorities (001, PRODUCT.md §6), most pressing first: the queue puts a
 * referral with any of them ahead of one with none, and orders by the first it has.
 */
export const PRIORITIES = ['placement_breakdown', 'tier4_admission', 'tier4_step_down'] as const
export type Priority = (typeof PRIORITIES)[number]

export const FLAG_KINDS = ['sdq_concern', 'school_exclusion', 'persistent_absence'] as const
export type FlagKind = (typeof FLAG_KINDS)[number]

export const SDQ_STAGES = ['start', 'review', 'end'] as const

export const ACTIVITIES = ['assessment', 'session', 'group_therapy', 'review_attendance', 'autism_assessment'] as const
export type Activity = (typeof ACTIVITIES)[number]
export const MODES = ['direct', 'indirect', 'group'] as const
export const LEADS = ['nurse', 'consultant'] as const
export type Lead = (typeof LEADS)[number]

/** What the tariff prices: a session is priced by who leads it; everything else by the activity alone. */
export const TARIFF_ACTIVITIES = ['assessment', 'session_nurse', 'session_consultant', 'group_therapy', 'review_attendance', 'autism_assessment'] as const
export type TariffActivity = (typeof TARIFF_ACTIVITIES)[number]

export const ONWARD_OUTCOMES = ['accepted', 'declined', 'not_taken_up'] as const
export const CLOSURE_REASONS = ['work_completed', 'onward_referral', 'no_specialist_help_needed', 'moved_away', 'declined_service', 'other'] as const

export const LABELS = {
  careStatus: { in_care: 'In care', care_leaver: 'Care leaver' },
  placement: {
    fostering: 'Foster care',
    kinship: 'Kinship care',
    residential: 'Children’s home',
    supported_accommodation: 'Supported accommodation',
    secure: 'Secure unit',
    placed_with_parents: 'Placed with parents',
    independent_living: 'Living independently',
    other: 'Other',
  },
  consent: { given: 'Given', not_yet: 'Not yet given', refused: 'Refused' },
  informationSharing: { agreed: 'Agreed', limited: 'Agreed with limits', refused: 'Refused' },
  priority: {
    placement_breakdown: 'Placement at risk of breakdown',
    tier4_admission: 'At risk of Tier 4 or secure admission',
    tier4_step_down: 'Stepping out of Tier 4',
  },
  status: { awaiting_triage: 'Awaiting triage', triaged: 'Triaged', closed: 'Closed' },
  flag: { sdq_concern: 'SDQ cause for concern', school_exclusion: 'School exclusion', persistent_absence: 'Persistent absence from school' },
  informant: { carer: 'Carer', teacher: 'Teacher', self: 'Young person (self-report)' },
  stage: { start: 'Start of work', review: 'Review', end: 'End of work' },
  band: { normal: 'Close to average', borderline: 'Slightly raised (borderline)', concern: 'Cause for concern' },
  level: { safety: 'Safety and stability', relationships: 'Relationships', regulation: 'Regulation', trauma: 'Trauma' },
  recommendation: {
    indirect: 'Indirect work with the carers’ therapeutic parenting team',
    direct: 'Direct work with the young person',
    both: 'Both direct and indirect work',
    none: 'No specialist help needed: refer on',
  },
  activity: {
    assessment: 'Assessment',
    session: 'Session',
    group_therapy: 'Group or specific therapy',
    review_attendance: 'Attendance at a review',
    autism_assessment: 'Autism assessment',
  },
  tariffActivity: {
    assessment: 'Assessment',
    session_nurse: 'Session, nurse-led',
    session_consultant: 'Session, consultant-led',
    group_therapy: 'Group or specific therapy',
    review_attendance: 'Attendance at a review',
    autism_assessment: 'Autism assessment',
  },
  mode: { direct: 'Direct (with the young person)', indirect: 'Indirect (consultation with carers or professionals)', group: 'Group' },
  lead: { nurse: 'Nurse-led', consultant: 'Consultant-led' },
  onwardOutcome: { accepted: 'Accepted', declined: 'Declined', not_taken_up: 'Not taken up' },
  closureReason: {
    work_completed: 'Work completed',
    onward_referral: 'Referred on to another service',
    no_specialist_help_needed: 'No specialist help needed',
    moved_away: 'Moved away',
    declined_service: 'Young person or carers declined the service',
    other: 'Other',
  },
  stability: { 1: '1 – very unstable', 2: '2 – unstable', 3: '3 – neither stable nor unstable', 4: '4 – stable', 5: '5 – very stable' },
} as const
