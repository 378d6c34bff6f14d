import { describe, expect, it } from 'vitest'
import { isReviewOverdue, isRiskOverdue, reviewSchedule, scoreErrors } from './plan.js'

describe('review schedule', () => {
  it.each([
    // allocated, 6 weeks (42 days), 3 calendar months
    ['2026-11-23', '2027-01-04', '2027-02-23'],
    // Month ends: the 3-month review falls on the shorter month's last day.
    ['2026-11-30', '2027-01-11', '2027-02-28'],
    ['2027-11-30', '2028-01-11', '2028-02-29'], // leap year
    ['2026-05-31', '2026-07-12', '2026-08-31'],
    ['2026-03-31', '2026-05-12', '2026-06-30'],
    // Across the clock change (29 March 2026) nothing shifts: dates are calendar days.
    ['2026-03-01', '2026-04-12', '2026-06-01'],
  ])('allocated %s → 6-week review %s, 3-month review %s', (allocated, sixWeeks, threeMonths) => {
    expect(reviewSchedule(allocated)).toEqual([
      { kind: 'six_weeks', dueDate: sixWeeks },
      { kind: 'three_months', dueDate: threeMonths },
    ])
  })
})

describe('overdue', () => {
  it.each([
    ['2026-11-22', '2026-11-23', true],
    ['2026-11-23', '2026-11-23', false], // due today: can still be done today
    ['2026-11-24', '2026-11-23', false],
    ['2025-12-31', '2026-01-01', true], // across a year end
  ])('a risk to review on %s is overdue on %s: %s', (reviewDate, today, overdue) => {
    expect(isRiskOverdue(reviewDate, today)).toBe(overdue)
  })

  it.each([
    [{ dueDate: '2026-11-20', heldOn: null }, true],
    [{ dueDate: '2026-11-20', heldOn: '2026-11-21' }, false], // held late: no longer overdue
    [{ dueDate: '2026-11-23', heldOn: null }, false],
  ])('review %j overdue on 2026-11-23: %s', (review, overdue) => {
    expect(isReviewOverdue(review, '2026-11-23')).toBe(overdue)
  })
})

describe('scores for every goal', () => {
  const goals = [
    { id: 'g1', goal: 'Fewer arguments at home' },
    { id: 'g2', goal: 'Sam goes to school every day' },
  ]
  it('accepts one score for each goal', () => {
    expect(
      scoreErrors(
        goals,
        [
          { goalId: 'g1', score: 3 },
          { goalId: 'g2', score: 7 },
        ],
        '/closingScores',
        'a closing score',
      ),
    ).toEqual([])
  })
  it('names each goal without a score', () => {
    expect(scoreErrors(goals, [{ goalId: 'g1', score: 3 }], '/closingScores', 'a closing score')).toEqual([
      { field: '/closingScores', message: 'Give a closing score for the goal “Sam goes to school every day”' },
    ])
  })
  it('refuses a goal not on the case and a goal scored twice', () => {
    const errors = scoreErrors(
      goals,
      [
        { goalId: 'g1', score: 3 },
        { goalId: 'g1', score: 4 },
        { goalId: 'g9', score: 1 },
        { goalId: 'g2', score: 2 },
      ],
      '/scores',
      'a score',
    )
    expect(errors).toEqual([
      { field: '/scores/2/goalId', message: 'This goal is not on this case’s plan' },
      { field: '/scores', message: 'Give one score for each goal' },
    ])
  })
  it('no goals, no scores needed', () => {
    expect(scoreErrors([], undefined, '/closingScores', 'a closing score')).toEqual([])
  })
})
