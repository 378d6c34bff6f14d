import type { FieldError } from '../../../../platform/http/errors.js'
import { asArray } from '../../../../platform/http/forms.js'
import { ageOn, formatDate } from '../../../../platform/time/index.js'
import type { DraftAnswers } from '../../drafts.js'
import { CONSENT, NEEDS_AT_RISK_PLACEMENT, NEEDS_CURRENT_PLACEMENT, PLACEMENT_TYPES, PRESENTING_NEEDS, REFERRER_TEAMS, STRANDS, type Strand } from '../../domain/codes.js'
import { DEFAULT_SCREENING, screenReferral, type Screening, type ScreeningSettings } from '../../domain/screening.js'
import type { ReferralInput } from '../../schemas.js'
import { collectionComplete, collectionLines, familyCandidate, type CollectionSlug } from './family.js'
import { CONSENT_LABELS, PLACEMENT_LABELS, PRESENTING_NEED_LABELS, REFERRER_TEAM_LABELS, STRAND_CHOICES, labelOf } from '../labels.js'

/**
 * The referral journey's questions, one page each, in order (GOV.UK question pages). Pure:
 * what each page asks, when it applies, how its answer is read and checked, where the
 * journey goes next and what check your answers shows. The routes only load and save.
 */
export type Slug = 'young-people' | CollectionSlug | 'strand' | 'referring-team' | 'reason' | 'risk-summary' | 'placement' | 'consent' | 'age-reason'
export type Page = Slug | 'check-answers'

export interface ReferredChild {
  id: string
  givenName: string
  familyName: string
  dateOfBirth: string
  uasc: boolean
  district: string | null
  familyId: string | null
}

export interface JourneyState {
  answers: DraftAnswers
  /** The draft's children the user can still see, in the order they were added. */
  children: ReferredChild[]
  /** Today in London: ages are taken on the day of the referral. */
  today: string
  /** The organisation's eligibility rules (default: PRODUCT.md §2's). */
  screening?: ScreeningSettings
}

export type FormValues = Record<string, string | string[] | undefined>
export type AnswerChanges = { [K in keyof DraftAnswers]?: DraftAnswers[K] | null }
interface Parsed {
  changes: AnswerChanges
  errors: FieldError[]
}

interface RadioItem {
  value: string
  text: string
  hint?: { text: string }
  checked: boolean
}

export interface Question {
  slug: Exclude<Slug, 'young-people' | CollectionSlug>
  title: (state: JourneyState) => string
  applies: (state: JourneyState) => boolean
  /** The form's values from the saved answers. */
  values: (answers: DraftAnswers) => FormValues
  /** The answers to save from the posted form (what was typed is saved even when it is not valid yet) and the errors to show. */
  parse: (values: FormValues, state: JourneyState) => Parsed
  /** What the page's template needs beyond the values: radio and checkbox items. */
  view?: (values: FormValues, state: JourneyState) => Record<string, unknown>
}

const REASON_MAX = 5000
const AGE_REASON_MAX = 2000

const one = (v: string | string[] | undefined): string => (Array.isArray(v) ? (v[0] ?? '') : (v ?? ''))
const isOneOf = <T extends string>(list: readonly T[], v: string): v is T => (list as readonly string[]).includes(v)

function radios(labels: Record<string, string | { text: string; hint: string }>, selected: string): RadioItem[] {
  return Object.entries(labels).map(([value, label]) =>
    typeof label === 'string' ? { value, text: label, checked: value === selected } : { value, text: label.text, hint: { text: label.hint }, checked: value === selected },
  )
}

function text(values: FormValues, field: keyof DraftAnswers, max: number, emptyMessage: string, label: string): Parsed {
  const typed = one(values[field]).trim()
  const errors: FieldError[] = []
  if (!typed) errors.push({ field: `/${field}`, message: emptyMessage })
  else if (typed.length > max) errors.push({ field: `/${field}`, message: `${label} must be ${max.toLocaleString('en-GB')} characters or fewer` })
  return { changes: { [field]: typed || null }, errors }
}

function choice<T extends string>(values: FormValues, field: keyof DraftAnswers, list: readonly T[], message: string): Parsed {
  const chosen = one(values[field])
  return isOneOf(list, chosen) ? { changes: { [field]: chosen }, errors: [] } : { changes: {}, errors: [{ field: `/${field}`, message }] }
}

export function needsAtRiskPlacement(strand: string | undefined): boolean {
  return Boolean(strand && isOneOf(STRANDS, strand) && NEEDS_AT_RISK_PLACEMENT.includes(strand))
}

export function needsCurrentPlacement(strand: string | undefined): boolean {
  return Boolean(strand && isOneOf(STRANDS, strand) && NEEDS_CURRENT_PLACEMENT.includes(strand))
}

/** The youngest age the organisation's rules take without a reason. */
export const minAgeOf = (state: JourneyState) => (state.screening ?? DEFAULT_SCREENING).minAge

/** Children younger than the service's minimum age today: the referrer gives a reason for them (000 §4.2). */
export function youngerThanMinimum(state: JourneyState): ReferredChild[] {
  return state.children.filter((c) => {
    try {
      return ageOn(c.dateOfBirth, state.today) < minAgeOf(state)
    } catch {
      // A date of birth after today: not yet born, so certainly younger.
      return true
    }
  })
}

const names = (children: ReferredChild[]) => children.map((c) => `${c.givenName} ${c.familyName}`)

function listInWords(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`
}

/** The same refusal the casework service gives, shown when the child is added rather than at the end. */
export const ONE_FAMILY_MESSAGE = 'Refer young people from one family at a time: these children are in different families'

export function youngPeopleProblem(state: JourneyState): FieldError | null {
  if (!state.children.length) return { field: '/childIds', message: 'Add the young person you are referring' }
  if (new Set(state.children.map((c) => c.familyId)).size > 1) return { field: '/childIds', message: ONE_FAMILY_MESSAGE }
  return null
}

export const QUESTIONS: Question[] = [
  {
    slug: 'strand',
    title: () => 'Which part of the service is the referral for?',
    applies: () => true,
    values: (a) => ({ strand: a.strand }),
    parse: (v) => choice(v, 'strand', STRANDS, 'Select which part of the service the referral is for'),
    view: (v) => ({ items: radios(STRAND_CHOICES, one(v.strand)) }),
  },
  {
    slug: 'referring-team',
    title: () => 'Which team are you referring from?',
    applies: () => true,
    values: (a) => ({ referrerTeam: a.referrerTeam }),
    parse: (v) => choice(v, 'referrerTeam', REFERRER_TEAMS, 'Select the team you are referring from'),
    view: (v) => ({ items: radios(REFERRER_TEAM_LABELS, one(v.referrerTeam)) }),
  },
  {
    slug: 'reason',
    title: () => 'Why are you referring the family?',
    applies: () => true,
    values: (a) => ({ reason: a.reason, presentingNeeds: a.presentingNeeds }),
    parse: (v) => {
      const reason = text(v, 'reason', REASON_MAX, 'Enter why you are referring the family', 'The reason')
      const chosen = asArray(v.presentingNeeds)
      const needs = chosen.filter((n) => isOneOf(PRESENTING_NEEDS, n))
      const errors = [...reason.errors]
      if (!needs.length || needs.length !== chosen.length) {
        errors.push({ field: '/presentingNeeds', message: 'Select the needs the family presents with, or select ‘Something else’' })
      }
      return { changes: { ...reason.changes, presentingNeeds: needs }, errors }
    },
    view: (v) => {
      const chosen = asArray(v.presentingNeeds)
      return { needItems: Object.entries(PRESENTING_NEED_LABELS).map(([value, label]) => ({ value, text: label, checked: chosen.includes(value) })) }
    },
  },
  {
    slug: 'risk-summary',
    title: () => 'What are the risks to the young person?',
    applies: () => true,
    values: (a) => ({ riskSummary: a.riskSummary }),
    parse: (v) => text(v, 'riskSummary', REASON_MAX, 'Enter a summary of the risks to the young person', 'The risk summary'),
  },
  {
    slug: 'placement',
    title: (s) =>
      needsAtRiskPlacement(s.answers.strand) && needsCurrentPlacement(s.answers.strand)
        ? 'The young person’s placement'
        : needsCurrentPlacement(s.answers.strand)
          ? 'What kind of placement is the young person in now?'
          : 'What kind of placement is the young person at risk of?',
    // The strand decides what is asked: it comes first.
    applies: (s) => needsAtRiskPlacement(s.answers.strand) || needsCurrentPlacement(s.answers.strand),
    values: (a) => ({ atRiskPlacementType: a.atRiskPlacementType, currentPlacementType: a.currentPlacementType }),
    parse: (v, s) => {
      const parsed: Parsed = { changes: {}, errors: [] }
      for (const [needed, field, message] of [
        [needsCurrentPlacement(s.answers.strand), 'currentPlacementType', 'Select the young person’s current placement'],
        [needsAtRiskPlacement(s.answers.strand), 'atRiskPlacementType', 'Select the placement the young person is at risk of'],
      ] as const) {
        if (!needed) continue
        const answer = choice(v, field, PLACEMENT_TYPES, message)
        Object.assign(parsed.changes, answer.changes)
        parsed.errors.push(...answer.errors)
      }
      return parsed
    },
    view: (v, s) => ({
      askCurrent: needsCurrentPlacement(s.answers.strand),
      askAtRisk: needsAtRiskPlacement(s.answers.strand),
      both: needsCurrentPlacement(s.answers.strand) && needsAtRiskPlacement(s.answers.strand),
      currentItems: radios(PLACEMENT_LABELS, one(v.currentPlacementType)),
      atRiskItems: radios(PLACEMENT_LABELS, one(v.atRiskPlacementType)),
    }),
  },
  {
    slug: 'consent',
    title: () => 'Has the family consented to the referral?',
    applies: () => true,
    values: (a) => ({ consent: a.consent }),
    parse: (v) => choice(v, 'consent', CONSENT, 'Select whether consent is given, not yet given or refused'),
    view: (v) => ({ items: radios(CONSENT_LABELS, one(v.consent)) }),
  },
  {
    slug: 'age-reason',
    title: (s) => {
      const young = youngerThanMinimum(s)
      return `Why should the service work with ${young.length === 1 ? 'a young person' : 'young people'} younger than ${minAgeOf(s)}?`
    },
    applies: (s) => youngerThanMinimum(s).length > 0,
    values: (a) => ({ ageExceptionReason: a.ageExceptionReason }),
    parse: (v, s) => text(v, 'ageExceptionReason', AGE_REASON_MAX, `Enter why the service should work with a young person younger than ${minAgeOf(s)}`, 'The reason'),
    view: (_v, s) => {
      const young = youngerThanMinimum(s)
      return {
        youngNames: listInWords(names(young)),
        youngCount: young.length,
        minAge: minAgeOf(s),
        maxAge: (s.screening ?? DEFAULT_SCREENING).maxAge,
      }
    },
  },
]

export const ORDER: Slug[] = ['young-people', 'siblings', 'network', 'strand', 'referring-team', 'reason', 'risk-summary', 'placement', 'consent', 'age-reason']

export function questionFor(slug: Slug): Question | undefined {
  return QUESTIONS.find((q) => q.slug === slug)
}

function applies(slug: Slug, state: JourneyState): boolean {
  const question = questionFor(slug)
  return question ? question.applies(state) : true
}

function complete(slug: Slug, state: JourneyState): boolean {
  if (slug === 'siblings' || slug === 'network') return collectionComplete(slug, state.answers)
  const question = questionFor(slug)
  if (!question) return youngPeopleProblem(state) === null
  return question.parse(question.values(state.answers), state).errors.length === 0
}

/** The first page that applies and is not answered, or null when check your answers can be shown. */
export function firstIncomplete(state: JourneyState): Slug | null {
  return ORDER.find((slug) => applies(slug, state) && !complete(slug, state)) ?? null
}

/**
 * Where "Save and continue" goes: the next question in order; or, when the user came from
 * check your answers to change something, back there unless the change opened a question
 * that still needs an answer (a new strand asks for another placement; a younger child asks for a reason).
 */
export function nextPage(slug: Slug, state: JourneyState, changing: boolean): Page {
  if (changing) return firstIncomplete(state) ?? 'check-answers'
  const later = ORDER.slice(ORDER.indexOf(slug) + 1).find((s) => applies(s, state))
  return later ?? 'check-answers'
}

/** Where the back link goes: the question before, or check your answers when changing an answer; null before the first. */
export function previousPage(page: Page, state: JourneyState, changing: boolean): Page | null {
  if (changing && page !== 'check-answers') return 'check-answers'
  const earlier = ORDER.slice(0, page === 'check-answers' ? ORDER.length : ORDER.indexOf(page))
    .reverse()
    .find((s) => applies(s, state))
  return earlier ?? null
}

/** The body the casework service takes: answers to questions that no longer apply are left out. */
export function referralCandidate(state: JourneyState): Record<keyof ReferralInput, unknown> {
  const a = state.answers
  return {
    strand: a.strand,
    childIds: state.children.map((c) => c.id),
    referrerTeam: a.referrerTeam,
    reason: a.reason,
    presentingNeeds: a.presentingNeeds ?? [],
    riskSummary: a.riskSummary,
    atRiskPlacementType: needsAtRiskPlacement(a.strand) ? a.atRiskPlacementType : undefined,
    currentPlacementType: needsCurrentPlacement(a.strand) ? a.currentPlacementType : undefined,
    consent: a.consent,
    ageExceptionReason: youngerThanMinimum(state).length ? a.ageExceptionReason : undefined,
    ...familyCandidate(a),
  }
}

/** The page that asks for a field of the referral body, for error links and change links. */
export const PAGE_FOR_FIELD: Record<keyof ReferralInput, Slug> = {
  childIds: 'young-people',
  strand: 'strand',
  referrerTeam: 'referring-team',
  reason: 'reason',
  presentingNeeds: 'reason',
  riskSummary: 'risk-summary',
  atRiskPlacementType: 'placement',
  currentPlacementType: 'placement',
  consent: 'consent',
  ageExceptionReason: 'age-reason',
  siblings: 'siblings',
  network: 'network',
}

/** What the panel will see from screening, as it would be if the referral were submitted now. */
export function previewScreening(state: JourneyState, coveredDistricts: ReadonlySet<string>): Screening | null {
  const { strand } = state.answers
  if (!strand || !isOneOf(STRANDS, strand) || !state.children.length) return null
  const candidate = referralCandidate(state)
  return screenReferral(
    {
      strand: strand as Strand,
      children: state.children.map((c) => ({ name: `${c.givenName} ${c.familyName}`, dateOfBirth: c.dateOfBirth, uasc: c.uasc, district: c.district })),
      referralDate: state.today,
      // API.md: the referring user counts as the allocated social worker, as when the service screens it.
      hasAllocatedSocialWorker: true,
      atRiskPlacementType: (candidate.atRiskPlacementType as string | undefined) ?? null,
      currentPlacementType: (candidate.currentPlacementType as string | undefined) ?? null,
      ageExceptionReason: (candidate.ageExceptionReason as string | undefined)?.trim() || null,
      coveredDistricts,
    },
    state.screening,
  )
}

export interface AnswerRow {
  key: string
  lines: string[]
  page: Slug
  qa: string
}

/** Check your answers: every answer that applies, in the order asked, with the page that changes it. */
export function answerRows(state: JourneyState): AnswerRow[] {
  const a = state.answers
  const rows: AnswerRow[] = [
    {
      key: state.children.length === 1 ? 'Young person' : 'Young people',
      lines: state.children.map((c) => `${c.givenName} ${c.familyName}, born ${formatDate(c.dateOfBirth)}`),
      page: 'young-people',
      qa: 'young-people',
    },
    { key: 'Other children in the family', lines: collectionLines('siblings', a), page: 'siblings', qa: 'siblings' },
    { key: 'Parents, carers and wider network', lines: collectionLines('network', a), page: 'network', qa: 'network' },
    { key: 'Strand', lines: [labelOf(STRAND_CHOICES, a.strand)], page: 'strand', qa: 'strand' },
    { key: 'Referring team', lines: [labelOf(REFERRER_TEAM_LABELS, a.referrerTeam)], page: 'referring-team', qa: 'referring-team' },
    { key: 'Reason for the referral', lines: [a.reason ?? ''], page: 'reason', qa: 'reason' },
    { key: 'Presenting needs', lines: (a.presentingNeeds ?? []).map((n) => labelOf(PRESENTING_NEED_LABELS, n)), page: 'reason', qa: 'presenting-needs' },
    { key: 'Risks', lines: [a.riskSummary ?? ''], page: 'risk-summary', qa: 'risk-summary' },
  ]
  if (needsCurrentPlacement(a.strand)) {
    rows.push({ key: 'Current placement', lines: [labelOf(PLACEMENT_LABELS, a.currentPlacementType)], page: 'placement', qa: 'current-placement' })
  }
  if (needsAtRiskPlacement(a.strand)) {
    rows.push({ key: 'Placement at risk of', lines: [labelOf(PLACEMENT_LABELS, a.atRiskPlacementType)], page: 'placement', qa: 'at-risk-placement' })
  }
  rows.push({ key: 'Consent', lines: [labelOf(CONSENT_LABELS, a.consent)], page: 'consent', qa: 'consent' })
  if (youngerThanMinimum(state).length) {
    rows.push({ key: `Reason for a young person younger than ${minAgeOf(state)}`, lines: [a.ageExceptionReason ?? ''], page: 'age-reason', qa: 'age-reason' })
  }
  return rows.map((r) => ({ ...r, lines: r.lines.filter(Boolean) }))
}

/** A search typed as a date of birth the way people write one (4/5/2011, 4 5 2011) becomes the ISO date the search takes. */
export function childSearchTerm(typed: string): string {
  const q = typed.trim()
  const match = /^(\d{1,2})[/. -](\d{1,2})[/. -](\d{4})$/.exec(q)
  if (!match) return q
  const [, day, month, year] = match
  return `${year}-${(month ?? '').padStart(2, '0')}-${(day ?? '').padStart(2, '0')}`
}
