import { describe, expect, it } from 'vitest'
import { durationInCare, flowsInYear, projectTo2035, quarterEndOnOrBefore, quarterEnds } from './breakdowns.js'
import type { EpisodeRow, HeaderRow, Ssda903Data } from './types.js'

const ep = (child: string, decom: string, values: Partial<EpisodeRow> = {}): EpisodeRow => ({
  child,
  decom,
  rne: 'S',
  ls: 'C2',
  cin: 'N1',
  place: 'U4',
  placeProvider: 'PR1',
  dec: null,
  rec: null,
  reasonPlaceChange: null,
  homePost: null,
  plPost: null,
  urn: null,
  ...values,
})
const hd = (child: string, sex: 'M' | 'F' | 'U', dob: string, ethnic = 'WBRI'): HeaderRow => ({ child, sex, dob, ethnic, upn: null })
const data = (header: HeaderRow[], episodes: EpisodeRow[]): Ssda903Data => ({ header, episodes, uasc: [], oc2: [] })

describe('quarter ends', () => {
  it.each([
    ['2024-03-31', '2024-03-31'],
    ['2024-03-30', '2023-12-31'],
    ['2024-06-29', '2024-03-31'],
    ['2024-02-29', '2023-12-31'],
    ['2025-01-01', '2024-12-31'],
  ])('the quarter end on or before %s is %s', (date, expected) => expect(quarterEndOnOrBefore(date)).toBe(expected))

  it('lists a quarter end and the eight before it, oldest first', () => {
    expect(quarterEnds('2024-03-31', 9)).toEqual(['2022-03-31', '2022-06-30', '2022-09-30', '2022-12-31', '2023-03-31', '2023-06-30', '2023-09-30', '2023-12-31', '2024-03-31'])
  })
})

describe('starters and ceasers in the year to D', () => {
  // D = 31 March 2024, the year 1 April 2023 to 31 March 2024.
  const d = data(
    [hd('A', 'M', '2010-04-01'), hd('B', 'F', '2015-06-01', 'MWBC'), hd('C', 'F', '2007-01-01')],
    [
      // A: started 1 April 2023 (on yearStart: in the year), aged 13 that day; N2, C2.
      ep('A', '2023-04-01', { cin: 'N2' }),
      // B: two periods in the year: started 1 May 2023 (N1), ceased 1 August 2023 (E13, aged 8), started again 1 January 2024 (N4, V2): once, by the latest start.
      ep('B', '2023-05-01', { dec: '2023-08-01', rec: 'E13' }),
      ep('B', '2024-01-01', { cin: 'N4', ls: 'V2' }),
      // C: in care since 2020; placement move in the year (RNE P: not a start); ceased at 17 on 31 March 2024 (DEC = D, in the year), E4A.
      ep('C', '2020-01-01', { dec: '2023-06-01', rec: 'X1' }),
      ep('C', '2023-06-01', { rne: 'P', dec: '2024-03-31', rec: 'E4A' }),
      // D: a short break (V3): left out of everything.
      ep('D', '2023-05-01', { ls: 'V3', dec: '2023-05-03', rec: 'E8' }),
    ],
  )
  it('counts each child once, by the latest start and the latest ceasing, with age at that day', () => {
    const flows = flowsInYear(d, '2024-03-31')
    expect(flows.started).toEqual({
      total: 2,
      byReason: { N2: 1, N4: 1 },
      byLegalStatus: { C2: 1, V2: 1 },
      byAgeBand: { '5to9': 1, '10to15': 1 },
      bySex: { M: 1, F: 1 },
      byEthnicity: { MWBC: 1, WBRI: 1 },
    })
    expect(flows.ceased).toEqual({
      total: 2,
      byReason: { E13: 1, E4A: 1 },
      byLegalStatus: { C2: 2 },
      byAgeBand: { '5to9': 1, '16plus': 1 },
      bySex: { F: 2 },
      byEthnicity: { MWBC: 1, WBRI: 1 },
    })
  })

  it('bands the time in the current period of care for children looked after at D', () => {
    // A: from 1 April 2023, just under 12 months at 31 March 2024 → 6 to 12 months. B: from 1 January 2024 → under 6 months.
    // E: from 31 March 2023, exactly 12 months → 1 to 2 years. F: from 31 March 2019, exactly 5 years → 5 years or more.
    // G: no RNE S episode (starts with a P) → unknown. C ceased on D: not looked after.
    const more = data(d.header, [...d.episodes, ep('E', '2023-03-31'), ep('F', '2019-03-31'), ep('G', '2022-01-01', { rne: 'P' })])
    expect(durationInCare(more, '2024-03-31')).toEqual({ under6Months: 1, '6to12Months': 1, '1to2Years': 1, '5YearsOrMore': 1, unknown: 1 })
  })
})

describe('projections to 2035', () => {
  it('applies the compound annual growth rate of the five years to the latest 31 March, with a 5% band', () => {
    // 100 on 31 March 2019 → 161 on 31 March 2024: (161 ÷ 100)^(1/5) − 1 = e^(0.2 × ln 1.61) − 1 = 0.09993.
    // 2025 = 161 × 1.09993 = 177.09 → 177, band × 0.95 = 168.2 → 168 and × 1.05 = 185.9 → 186.
    const counts = new Map<number, Record<string, number>>([
      [2019, { U4: 100, K2: 0 }],
      [2020, { U4: 120 }],
      [2024, { U4: 161, K2: 5 }],
    ])
    const [k2, u4] = projectTo2035(counts)
    expect(k2).toMatchObject({ key: 'K2', fromCount: 0, toCount: 5, annualGrowth: null, points: [] })
    expect(u4?.fromYear).toBe(2019)
    expect(u4?.annualGrowth).toBeCloseTo(0.09993, 4)
    expect(u4?.points[0]).toEqual({ year: 2025, projected: 177, low: 168, high: 186 })
    expect(u4?.points.at(-1)?.year).toBe(2035)
    // 2035, eleven years on: 161 × 1.61^(11/5) = 161 × 2.8511 = 459.03 → 459.
    expect(u4?.points.at(-1)?.projected).toBe(459)
  })

  it('makes no projection without a count five years before the latest', () => {
    expect(projectTo2035(new Map([[2024, { U4: 10 }]]))).toEqual([{ key: 'U4', fromYear: 2019, fromCount: 0, toYear: 2024, toCount: 10, annualGrowth: null, points: [] }])
  })
})
