import { describe, expect, it } from 'vitest'
import { collectionComplete, collectionLines, dateFromParts, parseNetworkMember, parseSibling } from './family.js'

const TODAY = '2026-03-15'
const dob = (day: string, month: string, year: string) => ({ 'dateOfBirth-day': day, 'dateOfBirth-month': month, 'dateOfBirth-year': year })

describe('the family’s other children and network', () => {
  it.each([
    ['a real date', dob('3', '9', '2015'), '2015-09-03', null],
    ['29 February in a leap year', dob('29', '2', '2016'), '2016-02-29', null],
    ['29 February in another year', dob('29', '2', '2015'), null, 'The child’s date of birth must be a real date'],
    ['nothing', dob('', '', ''), null, 'Enter the child’s date of birth'],
    ['no month', dob('3', '', '2015'), null, 'The child’s date of birth must include a month'],
    ['a two-digit year', dob('3', '9', '15'), null, 'The child’s date of birth must be a real date'],
    ['tomorrow', dob('16', '3', '2026'), null, 'The child’s date of birth must be today or in the past'],
    ['today', dob('15', '3', '2026'), '2026-03-15', null],
  ])('a date of birth of %s', (_label, values, date, error) => {
    expect(dateFromParts(values, 'dateOfBirth', TODAY, 'the child’s date of birth')).toEqual({ date, error })
  })

  it('reads another child, or says what is missing', () => {
    expect(parseSibling({ givenName: ' Rufus ', familyName: 'Hale', ...dob('3', '9', '2015'), livesInHousehold: 'no' }, TODAY)).toEqual({
      item: { givenName: 'Rufus', familyName: 'Hale', dateOfBirth: '2015-09-03', livesInHousehold: false },
      errors: [],
    })
    expect(parseSibling({}, TODAY).errors.map((e) => e.field)).toEqual(['/givenName', '/familyName', '/dateOfBirth', '/livesInHousehold'])
  })

  it('reads a network member with optional contact details, checking the ones given', () => {
    expect(parseNetworkMember({ name: 'Grace Hale', relationship: 'Mother', householdMember: 'yes', phone: '', email: '' }).item).toEqual({
      name: 'Grace Hale',
      relationship: 'Mother',
      householdMember: true,
    })
    const bad = parseNetworkMember({ name: 'Grace Hale', relationship: 'Mother', householdMember: 'yes', phone: 'call me', email: 'grace@' })
    expect(bad.errors.map((e) => e.field)).toEqual(['/phone', '/email'])
  })

  it('is answered once the referrer says there is nobody more to add; check your answers says None for an empty list', () => {
    expect(collectionComplete('siblings', { siblings: [] })).toBe(false)
    expect(collectionComplete('siblings', { siblingsDone: 'yes' })).toBe(true)
    expect(collectionLines('network', {})).toEqual(['None'])
    expect(collectionLines('network', { network: [{ name: 'Ivor', relationship: 'Uncle', householdMember: false, phone: '01632 960001' }] })).toEqual([
      'Ivor: Uncle, Does not live in the household, Phone: 01632 960001',
    ])
  })
})
