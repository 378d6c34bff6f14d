import { describe, expect, it } from 'vitest'
import { screenReferral, type ScreeningInput } from './screening.js'
import { followUpSchedule } from './follow-ups.js'
import { checkCaseloadCap } from './caseload.js'

const ava = { name: 'Ava', dateOfBirth: '2011-06-15', uasc: false, district: 'Northwick' as string | null }
const base: ScreeningInput = {
  strand: 'risk_of_care',
  children: [ava],
  referralDate: '2026-11-23',
  hasAllocatedSocialWorker: true,
  atRiskPlacementType: 'residential',
  currentPlacementType: null,
  ageExceptionReason: null,
  coveredDistricts: new Set(['Northwick']),
}
const rule = (input: Partial<ScreeningInput>, name: string) => screenReferral({ ...base, ...input }).rules.find((r) => r.rule === name)

describe('screening', () => {
  it('passes every rule for a 15-year-old at risk of residential care in the area', () => {
    expect(screenReferral(base)).toMatchObject({ eligible: true })
    expect(screenReferral(base).rules.map((r) => r.passed)).toEqual([true, true, true, true, true])
  })

  it.each([
    // [date of birth, referral date, age reason, passed]
    ['2016-11-24', '2026-11-23', null, false], // 9 the day before their 10th birthday
    ['2016-11-23', '2026-11-23', null, true], // 10 on the day
    ['2017-01-01', '2026-11-23', 'Older sibling is referred; keeping them together', true],
    ['2008-11-24', '2026-11-23', null, true], // 17, a day before turning 18
    ['2008-11-23', '2026-11-23', null, false], // 18 on the day
  ])('age: born %s, referred %s, reason %s → %s', (dateOfBirth, referralDate, ageExceptionReason, passed) => {
    expect(rule({ children: [{ ...ava, dateOfBirth }], referralDate, ageExceptionReason }, 'age')?.passed).toBe(passed)
  })

  it('an administrator can change the age range and switch a rule off', () => {
    const twelve = { ...ava, dateOfBirth: '2014-06-15' }
    expect(screenReferral({ ...base, children: [twelve] }, { minAge: 13, maxAge: 17 }).rules[0]).toMatchObject({ rule: 'age', passed: false })
    expect(screenReferral({ ...base, children: [twelve] }, { minAge: 11, maxAge: 17 }).rules[0]).toMatchObject({ rule: 'age', passed: true, message: 'Aged 11 to 17' })
    const noArea = screenReferral({ ...base, children: [{ ...ava, district: 'Elsewhere' }] }, { minAge: 10, maxAge: 17, rules: { lives_in_area: false } })
    expect(noArea.rules.map((r) => r.rule)).toEqual(['age', 'allocated_social_worker', 'risk_of_care', 'not_uasc'])
    expect(noArea.eligible).toBe(true)
  })

  it('not known is not a failure: a missing district or at-risk placement leaves the referral eligible', () => {
    const s = screenReferral({ ...base, atRiskPlacementType: null, children: [{ ...ava, district: null }] })
    expect(s.eligible).toBe(true)
    expect(s.rules.filter((r) => r.passed === null).map((r) => r.rule)).toEqual(['risk_of_care', 'lives_in_area'])
  })

  it.each([
    [{ children: [{ ...ava, district: 'Elsewhere' }] }, 'lives_in_area'],
    [{ children: [{ ...ava, uasc: true }] }, 'not_uasc'],
    [{ hasAllocatedSocialWorker: false }, 'allocated_social_worker'],
  ] as [Partial<ScreeningInput>, string][])('fails %j on %s, with a reason', (input, name) => {
    const s = screenReferral({ ...base, ...input })
    expect(s.eligible).toBe(false)
    expect(s.rules.find((r) => r.rule === name)).toMatchObject({ passed: false, message: expect.any(String) })
  })

  it('reunification needs the current placement, not an at-risk one', () => {
    expect(rule({ strand: 'reunification', atRiskPlacementType: null, currentPlacementType: 'fostering' }, 'risk_of_care')?.passed).toBe(true)
    expect(rule({ strand: 'reunification', atRiskPlacementType: null, currentPlacementType: null }, 'risk_of_care')?.passed).toBeNull()
  })
})

describe('follow-up schedule', () => {
  it.each([
    ['2026-01-15', ['2026-04-15', '2026-07-15', '2027-01-15', '2027-07-15']],
    // Month ends: the same day number, or the month's last day when it is shorter.
    ['2026-08-31', ['2026-11-30', '2027-02-28', '2027-08-31', '2028-02-29']],
    ['2027-11-30', ['2028-02-29', '2028-05-30', '2028-11-30', '2029-05-30']],
  ])('closed %s → due %j', (closure, due) => {
    expect(followUpSchedule(closure).map((f) => f.dueDate)).toEqual(due)
    expect(followUpSchedule(closure).map((f) => f.monthsAfterClosure)).toEqual([3, 6, 12, 18])
  })
})

describe('caseload cap', () => {
  it.each([
    [{ families: 5, cap: 6, alreadyLeadsThisCase: false, override: false, overrideReason: null }, true, false],
    [{ families: 6, cap: 6, alreadyLeadsThisCase: false, override: false, overrideReason: null }, false, false],
    [{ families: 6, cap: 6, alreadyLeadsThisCase: false, override: true, overrideReason: null }, false, false],
    [{ families: 6, cap: 6, alreadyLeadsThisCase: false, override: true, overrideReason: 'Sibling group already known to this worker' }, true, true],
    [{ families: 6, cap: 6, alreadyLeadsThisCase: true, override: false, overrideReason: null }, true, false],
    [{ families: 4, cap: 5, alreadyLeadsThisCase: false, override: false, overrideReason: null }, true, false],
    [{ families: 7, cap: 7, alreadyLeadsThisCase: false, override: false, overrideReason: null }, false, false],
  ])('%j → allowed %s, over cap %s', (input, allowed, overCap) => {
    const result = checkCaseloadCap(input)
    expect(result.allowed).toBe(allowed)
    if (result.allowed) expect(result.overCap).toBe(overCap)
    else expect(result.message).toContain(`cap is ${input.cap}`)
  })
})
