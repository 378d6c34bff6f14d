import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { projectRoot } from '../../platform/paths.js'
import { readHistoricCsv } from './historic.js'

const HEADER =
  'case_reference,child_reference,strand,referral_date,closure_date,age_at_referral,at_risk_placement_type,current_placement_type,outcome,placement_type,follow_up_3,follow_up_6'
const TODAY = '2026-11-23'
const read = (...lines: string[]) => readHistoricCsv([HEADER, ...lines].join('\n'), TODAY)

describe('reading a historic cases file', () => {
  it('reads the sample file in the repository without an error', () => {
    const { rows, errors } = readHistoricCsv(readFileSync(join(projectRoot, 'docs', 'samples', 'historic-cases.csv'), 'utf8'), TODAY)
    expect(errors).toEqual([])
    expect(rows.length).toBeGreaterThan(40)
  })

  it('reads codes written in words and UK dates', () => {
    const { rows, errors } = read('H1,C1,Risk of care,02/10/2023,15/01/2024,14,Residential,,Remained at home,,at home,In care')
    expect(errors).toEqual([])
    expect(rows[0]).toMatchObject({
      caseReference: 'H1',
      localChildId: 'C1',
      strand: 'risk_of_care',
      referralDate: '2023-10-02',
      closureDate: '2024-01-15',
      ageAtReferral: 14,
      atRiskPlacementType: 'residential',
      outcome: 'remained_at_home',
      followUp3: 'at_home',
      followUp6: 'in_care',
      followUp12: null,
    })
  })

  it.each([
    ['a strand not in the list', 'H1,C1,prevention,2023-10-02,2024-01-15,14,residential,,remained_at_home,,,', 'strand', /“prevention” is not a strand/],
    ['a date that does not exist', 'H1,C1,crisis,2023-02-30,2024-01-15,14,residential,,remained_at_home,,,', 'referral_date', /“2023-02-30” is not a real date/],
    ['closed before referred', 'H1,C1,crisis,2024-02-01,2024-01-15,14,residential,,remained_at_home,,,', 'closure_date', /before the referral date/],
    ['closed in the future', 'H1,C1,crisis,2026-10-01,2027-01-15,14,residential,,remained_at_home,,,', 'closure_date', /in the future/],
    ['an age that is not one', 'H1,C1,crisis,2023-10-02,2024-01-15,fourteen,residential,,remained_at_home,,,', 'age_at_referral', /not an age/],
    ['entered care with no placement', 'H1,C1,crisis,2023-10-02,2024-01-15,14,residential,,entered_care,,,', 'placement_type', /Enter the placement the child entered/],
    ['reunification with no placement left', 'H1,C1,reunification,2023-10-02,2024-01-15,14,,,returned_home,,,', 'current_placement_type', /before reunification/],
    ['a follow-up status not in the list', 'H1,C1,crisis,2023-10-02,2024-01-15,14,residential,,remained_at_home,,home,', 'follow_up_3', /not a follow-up status/],
    ['a missing outcome', 'H1,C1,crisis,2023-10-02,2024-01-15,14,residential,,,,,', 'outcome', /Enter the outcome/],
  ])('refuses %s, naming the row and column', (_what, line, column, message) => {
    const { rows, errors } = read('H0,C0,crisis,2023-10-02,2024-01-15,14,residential,,remained_at_home,,,', line)
    expect(rows).toEqual([])
    expect(errors).toEqual([{ row: 3, column, message: expect.stringMatching(message) }])
  })

  it('refuses a child twice on a case, and children of one case with different dates', () => {
    const { errors } = read(
      'H1,C1,crisis,2023-10-02,2024-01-15,14,residential,,remained_at_home,,,',
      'H1,C1,crisis,2023-10-02,2024-01-15,14,residential,,remained_at_home,,,',
      'H1,C2,crisis,2023-10-02,2024-01-20,12,residential,,remained_at_home,,,',
    )
    expect(errors).toEqual([
      { row: 3, column: 'child_reference', message: 'Child C1 appears twice on case H1' },
      { row: 4, column: 'case_reference', message: expect.stringMatching(/^Case H1 has a different strand or dates on row 2/) },
    ])
  })

  it('refuses a file with an unknown or missing column, or no cases', () => {
    expect(readHistoricCsv('case_reference,child,strand\n', TODAY).errors.map((e) => e.message)).toEqual([
      expect.stringMatching(/^“child” is not a column/),
      'The column child_reference is missing',
      'The column referral_date is missing',
      'The column closure_date is missing',
      'The column age_at_referral is missing',
      'The column outcome is missing',
      'The file has a header but no cases',
    ])
    expect(readHistoricCsv('', TODAY).errors[0]?.message).toMatch(/empty/)
    expect(readHistoricCsv('"a,b\n', TODAY).errors[0]?.message).toMatch(/cannot be read as CSV/)
  })
})
