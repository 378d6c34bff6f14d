import { describe, expect, it } from 'vitest'
import {
  capacityUsed,
  daysBetween,
  decisionState,
  DEFAULT_CAPACITY,
  financialYearLabel,
  financialYearOf,
  firstContactHours,
  firstContactState,
  targetSummary,
  waitingListOrder,
} from './dashboard.js'

// England and Wales bank holidays around the examples (GOV.UK's list).
const holidays = new Set(['2025-12-25', '2025-12-26', '2026-01-01', '2026-04-03', '2026-04-06'])

describe('crisis first contact against the 24-hour target', () => {
  it.each([
    // [accepted, first contact, hours, state]
    ['2026-11-02T09:00:00Z', '2026-11-02T15:30:00Z', 6.5, 'met'],
    ['2026-11-02T09:00:00Z', '2026-11-03T09:00:00Z', 24, 'met'], // exactly 24 hours is within
    ['2026-11-02T09:00:00Z', '2026-11-03T09:06:00Z', 24.1, 'missed'],
    ['2026-11-06T17:00:00Z', '2026-11-09T10:00:00Z', 65, 'missed'], // Friday evening to Monday morning: hours, not working hours
    ['2026-11-02T09:00:00Z', '2026-11-01T20:00:00Z', 0, 'met'], // contact before acceptance counts as 0
    ['2026-03-28T22:00:00Z', '2026-03-29T22:00:00Z', 24, 'met'], // across the clocks going forward: elapsed hours
  ])('accepted %s, first contact %s → %s hours, %s', (accepted, contact, hours, state) => {
    expect(firstContactHours(new Date(accepted), new Date(contact))).toBe(hours)
    expect(firstContactState(new Date(accepted), new Date(contact), new Date('2026-12-01T00:00:00Z'))).toBe(state)
  })

  it.each([
    ['2026-11-02T09:00:00Z', '2026-11-02T20:00:00Z', 'waiting'],
    ['2026-11-02T09:00:00Z', '2026-11-03T09:01:00Z', 'overdue'],
  ])('no contact yet: accepted %s, now %s → %s', (accepted, now, state) => {
    expect(firstContactHours(new Date(accepted), null)).toBeNull()
    expect(firstContactState(new Date(accepted), null, new Date(now))).toBe(state)
  })
})

describe('panel decisions against the 10-working-day target', () => {
  it.each([
    // [submitted, decided, working days, state]
    ['2026-11-02', '2026-11-02', 0, 'met'], // decided the day it came in
    ['2026-11-06', '2026-11-09', 1, 'met'], // Friday to Monday
    ['2026-11-02', '2026-11-16', 10, 'met'], // two weeks to the day: exactly 10
    ['2026-11-02', '2026-11-17', 11, 'missed'],
    ['2025-12-22', '2026-01-05', 7, 'met'], // Christmas, Boxing Day and New Year's Day do not count
    ['2026-03-25', '2026-04-09', 9, 'met'], // Good Friday and Easter Monday do not count (11 without them)
    ['2025-12-19', '2026-01-07', 10, 'met'],
    ['2025-12-19', '2026-01-08', 11, 'missed'],
  ])('submitted %s, decided %s → %s working days, %s', (submitted, decided, days, state) => {
    expect(decisionState(submitted, decided, '2026-12-01', holidays)).toEqual({ workingDays: days, state })
  })

  it('a referral still waiting is measured to today', () => {
    expect(decisionState('2026-11-02', null, '2026-11-13', holidays)).toEqual({ workingDays: 9, state: 'waiting' })
    expect(decisionState('2026-11-02', null, '2026-11-17', holidays)).toEqual({ workingDays: 11, state: 'overdue' })
  })

  it('the summary counts met and missed, and takes the median of those decided', () => {
    const rows = [
      { state: 'met' as const, value: 3 },
      { state: 'met' as const, value: 9 },
      { state: 'missed' as const, value: 12 },
      { state: 'missed' as const, value: 14 },
      { state: 'overdue' as const, value: 11 },
    ]
    expect(targetSummary(rows)).toEqual({ total: 4, met: 2, missed: 2, open: 1, overdue: 1, median: 10.5 })
    expect(targetSummary([])).toEqual({ total: 0, met: 0, missed: 0, open: 0, overdue: 0, median: null })
  })
})

describe('the waiting list', () => {
  it('is ordered by priority, then by referral date, earliest first', () => {
    const rows = [
      { id: 'standard-old', priority: 'standard', referredAt: new Date('2026-09-01T10:00:00Z') },
      { id: 'high-new', priority: 'high', referredAt: new Date('2026-11-01T10:00:00Z') },
      { id: 'urgent-new', priority: 'urgent', referredAt: new Date('2026-11-10T10:00:00Z') },
      { id: 'high-old', priority: 'high', referredAt: new Date('2026-10-01T10:00:00Z') },
      { id: 'standard-new', priority: 'standard', referredAt: new Date('2026-11-02T10:00:00Z') },
    ]
    expect(waitingListOrder(rows).map((r) => r.id)).toEqual(['urgent-new', 'high-old', 'high-new', 'standard-old', 'standard-new'])
  })

  it.each([
    ['2026-11-01', '2026-11-01', 0],
    ['2026-11-01', '2026-11-23', 22],
    ['2026-03-28', '2026-03-30', 2], // across the clocks changing
    ['2024-02-28', '2024-03-01', 2], // a leap year
  ])('waited from %s to %s: %s days', (from, to, days) => {
    expect(daysBetween(from, to)).toBe(days)
  })
})

describe('capacity used per strand per financial year', () => {
  it.each([
    ['2026-04-01', 2026],
    ['2027-03-31', 2026],
    ['2026-03-31', 2025],
    ['2026-01-15', 2025],
  ])('%s is in the financial year starting %s', (date, year) => {
    expect(financialYearOf(date)).toBe(year)
  })

  it('labels a year as councils do', () => {
    expect(financialYearLabel(2026)).toBe('2026/27')
    expect(financialYearLabel(1999)).toBe('1999/00')
  })

  it('counts cases accepted inside the year, by strand, against the capacity', () => {
    const accepted = [
      { strand: 'crisis', acceptedOn: '2026-03-31' }, // the year before
      { strand: 'crisis', acceptedOn: '2026-04-01' },
      { strand: 'crisis', acceptedOn: '2027-03-31' },
      { strand: 'risk_of_care', acceptedOn: '2026-06-10' },
      { strand: 'risk_of_care', acceptedOn: '2026-07-10' },
      { strand: 'risk_of_care', acceptedOn: '2026-08-10' },
      { strand: 'reunification', acceptedOn: '2027-04-01' }, // the year after
    ]
    expect(capacityUsed(accepted, 2026, DEFAULT_CAPACITY)).toEqual([
      { strand: 'crisis', capacity: 60, used: 2, remaining: 58, percentUsed: 3 },
      { strand: 'risk_of_care', capacity: 120, used: 3, remaining: 117, percentUsed: 3 },
      { strand: 'reunification', capacity: 60, used: 0, remaining: 60, percentUsed: 0 },
      { strand: 'placement_stability', capacity: 0, used: 0, remaining: 0, percentUsed: null },
    ])
    // 2 of 8 is 25%; 1 of 8 is 12.5%, rounded half up to 13%.
    expect(capacityUsed(accepted.slice(1, 3), 2026, { crisis: 8 })[0]?.percentUsed).toBe(25)
    expect(capacityUsed(accepted.slice(1, 2), 2026, { crisis: 8 })[0]?.percentUsed).toBe(13)
  })
})
