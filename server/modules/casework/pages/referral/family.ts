import type { FieldError } from '../../../../platform/http/errors.js'
import { formatDate } from '../../../../platform/time/index.js'
import type { DraftAnswers, NetworkAnswer, SiblingAnswer } from '../../drafts.js'

/**
 * The family around the young people referred (casework issue, item 1): the family's other
 * children, not referred, and the parents, carers and wider network. Each is a GOV.UK "add
 * another thing" list: a page listing who has been added, with change and remove links, and
 * "Do you need to add another?"; one form page per person. Pure: the routes load and save.
 */
export type CollectionSlug = 'siblings' | 'network'
export type FormValues = Record<string, string | string[] | undefined>

const one = (v: string | string[] | undefined): string => (Array.isArray(v) ? (v[0] ?? '') : (v ?? '')).trim()
const NAME_MAX = 100
const NETWORK_NAME_MAX = 200

function limit(errors: FieldError[], field: string, value: string, max: number, label: string) {
  if (value.length > max) errors.push({ field: `/${field}`, message: `${label} must be ${max.toLocaleString('en-GB')} characters or fewer` })
}

function yesNo(errors: FieldError[], values: FormValues, field: string, message: string): boolean | null {
  const v = one(values[field])
  if (v === 'yes') return true
  if (v === 'no') return false
  errors.push({ field: `/${field}`, message })
  return null
}

/** A date typed in three boxes, as the GOV.UK date input asks it: the ISO date, or the error to show. */
export function dateFromParts(values: FormValues, name: string, today: string, label: string): { date: string | null; error: string | null } {
  const [day, month, year] = ['day', 'month', 'year'].map((p) => one(values[`${name}-${p}`]))
  if (!day && !month && !year) return { date: null, error: `Enter ${label}` }
  const missing = [
    ['day', day],
    ['month', month],
    ['year', year],
  ]
    .filter(([, v]) => !v)
    .map(([p]) => p)
  if (missing.length) return { date: null, error: `${label[0]?.toUpperCase()}${label.slice(1)} must include a ${missing.join(' and ')}` }
  if (![day, month, year].every((v) => /^\d+$/.test(v ?? '')) || (year ?? '').length !== 4)
    return { date: null, error: `${label[0]?.toUpperCase()}${label.slice(1)} must be a real date` }
  const iso = `${year}-${(month ?? '').padStart(2, '0')}-${(day ?? '').padStart(2, '0')}`
  const d = new Date(`${iso}T00:00:00Z`)
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== iso) return { date: null, error: `${label[0]?.toUpperCase()}${label.slice(1)} must be a real date` }
  if (iso > today) return { date: null, error: `${label[0]?.toUpperCase()}${label.slice(1)} must be today or in the past` }
  return { date: iso, error: null }
}

export function parseSibling(values: FormValues, today: string): { item: SiblingAnswer | null; errors: FieldError[] } {
  const errors: FieldError[] = []
  const givenName = one(values.givenName)
  const familyName = one(values.familyName)
  if (!givenName) errors.push({ field: '/givenName', message: 'Enter the child’s first name' })
  limit(errors, 'givenName', givenName, NAME_MAX, 'The first name')
  if (!familyName) errors.push({ field: '/familyName', message: 'Enter the child’s last name' })
  limit(errors, 'familyName', familyName, NAME_MAX, 'The last name')
  const dob = dateFromParts(values, 'dateOfBirth', today, 'the child’s date of birth')
  if (dob.error) errors.push({ field: '/dateOfBirth', message: dob.error })
  const livesInHousehold = yesNo(errors, values, 'livesInHousehold', 'Select yes if the child lives in the household')
  if (errors.length || !dob.date || livesInHousehold === null) return { item: null, errors }
  return { item: { givenName, familyName, dateOfBirth: dob.date, livesInHousehold }, errors }
}

export function parseNetworkMember(values: FormValues): { item: NetworkAnswer | null; errors: FieldError[] } {
  const errors: FieldError[] = []
  const name = one(values.name)
  const relationship = one(values.relationship)
  const phone = one(values.phone)
  const email = one(values.email)
  const safetyPlanRole = one(values.safetyPlanRole)
  if (!name) errors.push({ field: '/name', message: 'Enter the person’s name' })
  limit(errors, 'name', name, NETWORK_NAME_MAX, 'The name')
  if (!relationship) errors.push({ field: '/relationship', message: 'Enter how the person is related to the young person, for example mother or aunt' })
  limit(errors, 'relationship', relationship, NAME_MAX, 'The relationship')
  const householdMember = yesNo(errors, values, 'householdMember', 'Select yes if the person lives in the household')
  if (phone && !/^\+?[\d\s()-]{6,20}$/.test(phone)) errors.push({ field: '/phone', message: 'Enter a phone number, like 01632 960 001 or 07700 900 982, or leave it blank' })
  if (email && (email.length > 200 || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))) {
    errors.push({ field: '/email', message: 'Enter an email address in the correct format, like name@example.com, or leave it blank' })
  }
  limit(errors, 'safetyPlanRole', safetyPlanRole, 1000, 'The role in the safety plan')
  if (errors.length || householdMember === null) return { item: null, errors }
  return {
    item: { name, relationship, householdMember, ...(phone ? { phone } : {}), ...(email ? { email } : {}), ...(safetyPlanRole ? { safetyPlanRole } : {}) },
    errors,
  }
}

export function siblingValues(item: SiblingAnswer | undefined): FormValues {
  if (!item) return {}
  const [year, month, day] = item.dateOfBirth.split('-')
  return {
    givenName: item.givenName,
    familyName: item.familyName,
    'dateOfBirth-day': String(Number(day)),
    'dateOfBirth-month': String(Number(month)),
    'dateOfBirth-year': year,
    livesInHousehold: item.livesInHousehold ? 'yes' : 'no',
  }
}

export function networkValues(item: NetworkAnswer | undefined): FormValues {
  if (!item) return {}
  return {
    name: item.name,
    relationship: item.relationship,
    householdMember: item.householdMember ? 'yes' : 'no',
    phone: item.phone ?? '',
    email: item.email ?? '',
    safetyPlanRole: item.safetyPlanRole ?? '',
  }
}

export const siblingName = (s: SiblingAnswer) => `${s.givenName} ${s.familyName}`

export interface Collection {
  slug: CollectionSlug
  /** The list page's heading when nobody has been added yet, and when someone has. */
  firstQuestion: string
  listTitle: (count: number) => string
  addTitle: string
  changeTitle: string
  anotherQuestion: string
  noneMessage: string
  items: (answers: DraftAnswers) => (SiblingAnswer | NetworkAnswer)[]
  doneField: 'siblingsDone' | 'networkDone'
  name: (item: SiblingAnswer | NetworkAnswer) => string
  /** The summary list's lines for one person. */
  lines: (item: SiblingAnswer | NetworkAnswer) => string[]
  max: number
}

export const COLLECTIONS: Record<CollectionSlug, Collection> = {
  siblings: {
    slug: 'siblings',
    firstQuestion: 'Does the family have other children who are not being referred?',
    listTitle: (n) => (n === 1 ? 'You have added 1 other child' : `You have added ${n} other children`),
    addTitle: 'Add a child who is not being referred',
    changeTitle: 'Change the details of a child who is not being referred',
    anotherQuestion: 'Do you need to add another child?',
    noneMessage: 'Select yes if the family has other children who are not being referred',
    items: (a) => a.siblings ?? [],
    doneField: 'siblingsDone',
    name: (item) => siblingName(item as SiblingAnswer),
    lines: (item) => {
      const s = item as SiblingAnswer
      return [`Born ${formatDate(s.dateOfBirth)}`, s.livesInHousehold ? 'Lives in the household' : 'Does not live in the household']
    },
    max: 20,
  },
  network: {
    slug: 'network',
    firstQuestion: 'Do you know the young person’s parents, carers or wider network?',
    listTitle: (n) => (n === 1 ? 'You have added 1 person from the family and network' : `You have added ${n} people from the family and network`),
    addTitle: 'Add a parent, carer or someone from the wider network',
    changeTitle: 'Change the details of someone in the family’s network',
    anotherQuestion: 'Do you need to add another person?',
    noneMessage: 'Select yes if you know the young person’s parents, carers or wider network',
    items: (a) => a.network ?? [],
    doneField: 'networkDone',
    name: (item) => (item as NetworkAnswer).name,
    lines: (item) => {
      const m = item as NetworkAnswer
      return [
        m.relationship,
        m.householdMember ? 'Lives in the household' : 'Does not live in the household',
        ...(m.phone ? [`Phone: ${m.phone}`] : []),
        ...(m.email ? [`Email: ${m.email}`] : []),
        ...(m.safetyPlanRole ? [`Role in the safety plan: ${m.safetyPlanRole}`] : []),
      ]
    },
    max: 40,
  },
}

/** A list page is answered once the referrer has said there is nobody (more) to add. */
export function collectionComplete(slug: CollectionSlug, answers: DraftAnswers): boolean {
  return answers[COLLECTIONS[slug].doneField] === 'yes'
}

/** Check your answers: one line a person, or "None". */
export function collectionLines(slug: CollectionSlug, answers: DraftAnswers): string[] {
  const c = COLLECTIONS[slug]
  const items = c.items(answers)
  if (!items.length) return ['None']
  return items.map((item) => `${c.name(item)}: ${c.lines(item).join(', ')}`)
}

/** The referral body's siblings and network from the draft. */
export function familyCandidate(answers: DraftAnswers) {
  return {
    siblings: (answers.siblings ?? []).map((s) => ({ ...s })),
    network: (answers.network ?? []).map((m) => ({ ...m })),
  }
}
