import { describe, expect, it } from 'vitest'
import {
  childSearchTerm,
  firstIncomplete,
  nextPage,
  previousPage,
  referralCandidate,
  youngerThanMinimum,
  youngPeopleProblem,
  type JourneyState,
  type ReferredChild,
} from './questions.js'

const TODAY = '2026-03-15'
const child = (id: string, dateOfBirth: string, familyId: string | null = 'f1'): ReferredChild => ({
  id,
  givenName: `Child${id}`,
  familyName: 'Test',
  dateOfBirth,
  uasc: false,
  district: null,
  familyId,
})
const teen = child('a', '2012-01-01')
const complete = {
  strand: 'risk_of_care',
  referrerTeam: 'front_door',
  reason: 'Reason',
  presentingNeeds: ['missing'],
  riskSummary: 'Risks',
  atRiskPlacementType: 'residential',
  consent: 'given',
  siblingsDone: 'yes',
  networkDone: 'yes',
}
const state = (answers: JourneyState['answers'], children: ReferredChild[] = [teen]): JourneyState => ({ answers, children, today: TODAY })

describe('the referral journey’s order', () => {
  it.each([
    ['nothing answered', state({}, []), 'young-people'],
    ['a child, nothing else', state({}), 'siblings'],
    ['the family’s other children answered', state({ siblingsDone: 'yes', siblings: [] }), 'network'],
    ['the network answered', state({ siblingsDone: 'yes', networkDone: 'yes' }), 'strand'],
    ['everything but consent', state({ ...complete, consent: undefined }), 'consent'],
    ['reunification without a current placement', state({ ...complete, strand: 'reunification' }), 'placement'],
    ['placement stability with only the placement at risk of', state({ ...complete, strand: 'placement_stability' }), 'placement'],
    ['a presenting need not on the list', state({ ...complete, presentingNeeds: ['astrology'] }), 'reason'],
    ['a child younger than 10 and no reason', state(complete, [teen, child('b', '2017-03-16')]), 'age-reason'],
    ['a child 10 today', state(complete, [child('b', '2016-03-15')]), null],
    ['a reason given for a younger child', state({ ...complete, ageExceptionReason: 'Sibling' }, [child('b', '2018-01-01')]), null],
    ['children of two families', state(complete, [teen, child('c', '2011-01-01', 'f2')]), 'young-people'],
    ['a child with no family and one with a family', state(complete, [teen, child('c', '2011-01-01', null)]), 'young-people'],
  ])('%s: first to answer is %s', (_label, s, expected) => {
    expect(firstIncomplete(s)).toBe(expected)
  })

  it.each([
    ['consent, a teenager', 'consent', state(complete), false, 'check-answers'],
    ['consent, a younger child', 'consent', state(complete, [child('b', '2018-01-01')]), false, 'age-reason'],
    ['strand, in order', 'strand', state(complete), false, 'referring-team'],
    ['strand changed to one needing another placement', 'strand', state({ ...complete, strand: 'reunification' }), true, 'placement'],
    ['referring team changed', 'referring-team', state(complete), true, 'check-answers'],
  ] as const)('after %s: %s', (_label, slug, s, changing, expected) => {
    expect(nextPage(slug, s, changing)).toBe(expected)
  })

  it('goes back to the question before, skipping one that does not apply, or to check your answers when changing', () => {
    expect(previousPage('young-people', state(complete), false)).toBeNull()
    expect(previousPage('consent', state(complete), false)).toBe('placement')
    expect(previousPage('check-answers', state(complete), false)).toBe('consent')
    expect(previousPage('check-answers', state(complete, [child('b', '2018-01-01')]), false)).toBe('age-reason')
    expect(previousPage('strand', state(complete), true)).toBe('check-answers')
  })
})

describe('what is submitted', () => {
  it('leaves out answers to questions that no longer apply', () => {
    const s = state({ ...complete, strand: 'reunification', currentPlacementType: 'fostering', ageExceptionReason: 'Old reason' })
    expect(referralCandidate(s)).toMatchObject({
      strand: 'reunification',
      childIds: ['a'],
      atRiskPlacementType: undefined,
      currentPlacementType: 'fostering',
      ageExceptionReason: undefined,
    })
  })
})

describe('helpers', () => {
  it('counts a child whose date of birth is after today as younger than the minimum age', () => {
    expect(youngerThanMinimum(state({}, [child('x', '2026-06-01')])).map((c) => c.id)).toEqual(['x'])
  })

  it('asks for a young person before anything else', () => {
    expect(youngPeopleProblem(state({}, []))?.message).toBe('Add the young person you are referring')
  })

  it.each([
    ['4/5/2011', '2011-05-04'],
    ['04.05.2011', '2011-05-04'],
    ['4 5 2011', '2011-05-04'],
    ['2011-05-04', '2011-05-04'],
    ['  Alex Smith ', 'Alex Smith'],
    ['C12345', 'C12345'],
  ])('searches for %s as %s', (typed, expected) => {
    expect(childSearchTerm(typed)).toBe(expected)
  })
})
