import { ageOn } from '../../../platform/time/index.js'
import type { Strand } from './codes.js'

/**
 * Eligibility screening (PRODUCT.md §2, defaults from source document 000 §4.2 and §4.5).
 * Each rule answers passed (true), failed (false) or not known from the data given (null),
 * with a reason in plain words. Screening never rejects a referral on its own: the panel
 * sees every referral with these results and decides.
 */
export interface ScreeningRuleResult {
  rule: string
  passed: boolean | null
  message: string
}

export interface Screening {
  /** True unless a rule failed: a rule not known from the data does not make a referral ineligible. */
  eligible: boolean
  rules: ScreeningRuleResult[]
}

/** The rules, in the order the panel reads them. */
export const SCREENING_RULES = ['age', 'allocated_social_worker', 'risk_of_care', 'lives_in_area', 'not_uasc'] as const
export type ScreeningRule = (typeof SCREENING_RULES)[number]

/** What each rule checks, in the words the settings page and the panel use. */
export const SCREENING_RULE_NAMES: Record<ScreeningRule, string> = {
  age: 'Age within the range the service works with (younger accepted with a reason)',
  allocated_social_worker: 'Has an allocated social worker',
  risk_of_care: 'At risk of care, or in care with a plan to return home',
  lives_in_area: 'Lives in a district a team covers',
  not_uasc: 'Not an unaccompanied asylum-seeking child (signposted elsewhere)',
}

/** An organisation's eligibility rules: which apply, and the age range. An administrator changes them. */
export interface ScreeningSettings {
  minAge: number
  maxAge: number
  /** Rules switched on; a rule not listed is on. */
  rules?: Partial<Record<ScreeningRule, boolean>>
}

/** 000 §4.2: the service is for young people aged 10 to 17; every rule applies. */
export const DEFAULT_SCREENING: ScreeningSettings = {
  minAge: 10,
  maxAge: 17,
  rules: { age: true, allocated_social_worker: true, risk_of_care: true, lives_in_area: true, not_uasc: true },
}

export interface ScreenedChild {
  name: string
  dateOfBirth: string
  uasc: boolean
  district: string | null
}

export interface ScreeningInput {
  strand: Strand
  children: ScreenedChild[]
  referralDate: string
  /** The referrer is the child's allocated social worker (API.md: the referring user counts as such). */
  hasAllocatedSocialWorker: boolean
  atRiskPlacementType: string | null
  currentPlacementType: string | null
  ageExceptionReason: string | null
  /** Districts the organisation's teams cover. */
  coveredDistricts: ReadonlySet<string>
}

export function screenReferral(input: ScreeningInput, settings: ScreeningSettings = DEFAULT_SCREENING): Screening {
  const on = (rule: ScreeningRule) => settings.rules?.[rule] !== false
  const rules: ScreeningRuleResult[] = [
    on('age') && ageRule(input, settings),
    on('allocated_social_worker') && socialWorkerRule(input),
    on('risk_of_care') && riskRule(input),
    on('lives_in_area') && areaRule(input),
    on('not_uasc') && uascRule(input),
  ].filter((r): r is ScreeningRuleResult => Boolean(r))
  return { eligible: rules.every((r) => r.passed !== false), rules }
}

function ageRule(input: ScreeningInput, s: ScreeningSettings): ScreeningRuleResult {
  const ages = input.children.map((c) => ({ name: c.name, age: ageOn(c.dateOfBirth, input.referralDate) }))
  const older = ages.filter((a) => a.age > s.maxAge)
  const younger = ages.filter((a) => a.age < s.minAge)
  if (older.length) {
    return { rule: 'age', passed: false, message: `${older.map((a) => `${a.name} is ${a.age}`).join('; ')}: the service works with young people aged ${s.minAge} to ${s.maxAge}` }
  }
  if (younger.length) {
    const who = younger.map((a) => `${a.name} is ${a.age}`).join('; ')
    // 000 §4.2: "a younger child (aged 9 for example) ... will not be excluded": younger is accepted with a reason.
    return input.ageExceptionReason
      ? { rule: 'age', passed: true, message: `${who}, younger than ${s.minAge}; reason given: ${input.ageExceptionReason}` }
      : { rule: 'age', passed: false, message: `${who}, younger than ${s.minAge}: give a reason why the service should work with them` }
  }
  return { rule: 'age', passed: true, message: `Aged ${s.minAge} to ${s.maxAge}` }
}

function socialWorkerRule(input: ScreeningInput): ScreeningRuleResult {
  return input.hasAllocatedSocialWorker
    ? { rule: 'allocated_social_worker', passed: true, message: 'The referrer is the allocated social worker' }
    : {
        rule: 'allocated_social_worker',
        passed: false,
        message: 'The child needs an allocated social worker: the service works alongside statutory social work, never instead of it',
      }
}

function riskRule(input: ScreeningInput): ScreeningRuleResult {
  if (input.strand === 'reunification') {
    return input.currentPlacementType
      ? { rule: 'risk_of_care', passed: true, message: 'In care with a plan to return home' }
      : { rule: 'risk_of_care', passed: null, message: 'The current placement is not recorded' }
  }
  return input.atRiskPlacementType
    ? { rule: 'risk_of_care', passed: true, message: `At risk of ${input.atRiskPlacementType.replaceAll('_', ' ')}` }
    : { rule: 'risk_of_care', passed: null, message: 'The placement the child is at risk of is not recorded' }
}

function areaRule(input: ScreeningInput): ScreeningRuleResult {
  const unknown = input.children.filter((c) => !c.district)
  const outside = input.children.filter((c) => c.district && !input.coveredDistricts.has(c.district))
  if (outside.length) return { rule: 'lives_in_area', passed: false, message: `${outside.map((c) => `${c.name} lives in ${c.district}`).join('; ')}, which no team covers` }
  if (unknown.length) return { rule: 'lives_in_area', passed: null, message: `No district recorded for ${unknown.map((c) => c.name).join(', ')}` }
  return { rule: 'lives_in_area', passed: true, message: 'Lives in a district a team covers' }
}

function uascRule(input: ScreeningInput): ScreeningRuleResult {
  const uasc = input.children.filter((c) => c.uasc)
  // 000 §4.2: unaccompanied asylum-seeking children come into care by definition: signpost them elsewhere.
  return uasc.length
    ? {
        rule: 'not_uasc',
        passed: false,
        message: `${uasc.map((c) => c.name).join(', ')}: unaccompanied asylum-seeking children are supported by the children in care service; signpost there`,
      }
    : { rule: 'not_uasc', passed: true, message: 'Not an unaccompanied asylum-seeking child' }
}
