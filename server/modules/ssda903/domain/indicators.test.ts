import { describe, expect, it } from 'vitest'
import {
  EARTH_MEAN_RADIUS_MILES,
  computeIndicators,
  haversineMiles,
  isOpenAt,
  lookupPostcode,
  monthsBefore,
  percentOneDecimal,
  ratePer10000,
  totalUnder18Population,
  under18PopulationAt,
  yearStartFor,
  type Coordinates,
} from './indicators.js'
import type { EpisodeRow, HeaderRow, Oc2Row, PopulationRow, Ssda903Data, UascRow } from './types.js'

/**
 * Every fixture is small enough to check by hand. Unless a test says otherwise, D is
 * 31 March 2024, so the year is 1 April 2023 to 31 March 2024, the day before the year is
 * 31 March 2023, and 12 / 24 / 30 months before D are 31 March 2023, 31 March 2022 and
 * 30 September 2021.
 */
const D = '2024-03-31'

/** An episode: by default a child starting to be looked after (RNE S) on a care order (C2) in foster care (U1, PR1), still open. */
function episode(child: string, decom: string, fields: Partial<EpisodeRow> = {}): EpisodeRow {
  return {
    child,
    decom,
    rne: 'S',
    ls: 'C2',
    cin: 'N1',
    place: 'U1',
    placeProvider: 'PR1',
    dec: null,
    rec: null,
    reasonPlaceChange: null,
    homePost: null,
    plPost: null,
    urn: null,
    ...fields,
  }
}

function header(child: string, dob: string, fields: Partial<HeaderRow> = {}): HeaderRow {
  return { child, sex: 'M', dob, ethnic: 'WBRI', upn: null, ...fields }
}

function oc2(child: string, fields: Partial<Oc2Row> = {}): Oc2Row {
  return { child, dob: null, sdqScore: null, sdqReason: null, healthAssessment: null, immunisations: null, teethCheck: null, ...fields }
}

function uasc(child: string, duc: string | null): UascRow {
  return { child, dob: null, duc }
}

function tables(parts: Partial<Ssda903Data>): Ssda903Data {
  return { header: [], episodes: [], uasc: [], oc2: [], ...parts }
}

describe('dates', () => {
  it.each([
    // D minus one calendar year, plus one day.
    ['2024-03-31', '2023-04-01'],
    ['2023-12-31', '2023-01-01'],
    // D on 29 February: one year before is 28 February 2023 (February 2023 has no 29th), plus one day.
    ['2024-02-29', '2023-03-01'],
    // Literally: D = 28 February 2025 less one year is 28 February 2024, plus one day is 29 February 2024.
    ['2025-02-28', '2024-02-29'],
  ])('yearStart for %s is %s', (at, yearStart) => {
    expect(yearStartFor(at)).toBe(yearStart)
  })

  it('"N months before D" clamps to the end of a shorter month (the issue: 30 months before 31 March 2024 is 30 September 2021)', () => {
    expect(monthsBefore('2024-03-31', 30)).toBe('2021-09-30')
    expect(monthsBefore('2024-03-31', 24)).toBe('2022-03-31')
    expect(monthsBefore('2024-02-29', 24)).toBe('2022-02-28')
    expect(monthsBefore('2024-02-29', 12)).toBe('2023-02-28')
  })

  it('an episode is open from its DECOM up to the day before its DEC', () => {
    const e = episode('A', '2024-01-01', { dec: D })
    expect(isOpenAt(e, '2023-12-31')).toBe(false) // before DECOM
    expect(isOpenAt(e, '2024-01-01')).toBe(true) // DECOM ≤ X
    expect(isOpenAt(e, '2024-03-30')).toBe(true) // DEC > X
    expect(isOpenAt(e, D)).toBe(false) // DEC equal to X: not open
    expect(isOpenAt(episode('A', '2024-01-01'), '2099-01-01')).toBe(true) // DEC empty
  })

  it('refuses a date that is not a real ISO date', () => {
    expect(() => computeIndicators(tables({}), '2024-02-30')).toThrow(RangeError)
    expect(() => computeIndicators(tables({}), '31/03/2024')).toThrow(RangeError)
  })
})

describe('percentages: one decimal, half up, exactly', () => {
  it.each([
    [1, 3, 33.3],
    [2, 3, 66.7],
    [1, 8, 12.5],
    [1, 16, 6.3], // 6.25 → 6.3
    [7, 16, 43.8], // 43.75 → 43.8
    // 23/80 = 28.75% exactly; in binary floating point 23 / 80 * 100 is 28.749999..., which a
    // naive Math.round(x * 10) / 10 or toFixed(1) rounds down to 28.7.
    [23, 80, 28.8],
    [29, 400, 7.3], // 7.25 → 7.3, the same trap
    [120, 1184, 10.1], // the illustration: 10.135... → 10.1
    [24, 175, 13.7], // 13.714... → 13.7
    [0, 5, 0],
    [5, 5, 100],
  ])('%i of %i is %d%', (numerator, denominator, percent) => {
    expect(percentOneDecimal(numerator, denominator)).toBe(percent)
  })

  it('is null when the denominator is 0', () => {
    expect(percentOneDecimal(0, 0)).toBeNull()
  })
})

describe('computeIndicators: the shape', () => {
  it('has exactly the keys of the issue, in its order, and zeros and nulls for no data', () => {
    const result = computeIndicators(tables({}), D)
    expect(Object.keys(result)).toEqual([
      'at',
      'yearStart',
      'lookedAfter',
      'ratePer10000',
      'byLegalStatus',
      'byPlacementType',
      'byPlacementProvider',
      'bySex',
      'byEthnicity',
      'byAgeBand',
      'uasc',
      'startedInYear',
      'startedByCategoryOfNeed',
      'ceasedInYear',
      'ceasedByReason',
      'threeOrMorePlacements',
      'longTermStability',
      'sdq',
      'health',
      'placedOver20Miles',
    ])
    expect(result).toEqual({
      at: D,
      yearStart: '2023-04-01',
      lookedAfter: 0,
      ratePer10000: null,
      byLegalStatus: {},
      byPlacementType: {},
      byPlacementProvider: {},
      bySex: {},
      byEthnicity: {},
      byAgeBand: {},
      uasc: 0,
      startedInYear: 0,
      startedByCategoryOfNeed: {},
      ceasedInYear: 0,
      ceasedByReason: {},
      threeOrMorePlacements: { numerator: 0, denominator: 0, percent: null },
      longTermStability: { numerator: 0, denominator: 0, percent: null },
      sdq: { eligible: 0, withScore: 0, completionPercent: null, average: null, bands: { normal: 0, borderline: 0, concern: 0 } },
      health: { cohort: 0, healthAssessment: null, immunisations: null, teethCheck: null },
      placedOver20Miles: { over: 0, within: 0, notKnown: 0 },
    })
  })
})

describe('lookedAfter and its breakdowns', () => {
  const data = tables({
    header: [
      header('A', '2010-05-01', { sex: 'M', ethnic: 'WBRI' }), // 13 at D → 10to15
      header('B', '2008-03-31', { sex: 'F', ethnic: 'MWBC' }), // turns 16 on D → 16plus
      header('C', '2024-01-10', { sex: 'M', ethnic: null }), // a baby → under1; blank ethnicity → unknown
      header('D', '2012-01-01'),
      header('E', '2012-01-01'),
      // F has no Header row.
      header('G', '2015-07-01', { sex: 'U', ethnic: 'AIND' }), // 8 at D → 5to9
      header('H', '2012-01-01'),
      header('I', '2020-04-01', { sex: 'F', ethnic: 'WBRI' }), // 3 at D (4 tomorrow) → 1to4
    ],
    episodes: [
      // A: a placement move in 2022; the open episode is the second (C2, U4, PR1).
      episode('A', '2020-01-01', { dec: '2022-06-01', rec: 'X1' }),
      episode('A', '2022-06-01', { rne: 'P', place: 'U4' }),
      // B: section 20 in a children's home.
      episode('B', '2023-09-01', { ls: 'V2', place: 'R1', placeProvider: 'PR4' }),
      // C: blank provider: counted everywhere except byPlacementProvider.
      episode('C', '2024-01-10', { ls: 'C1', place: 'U6', placeProvider: null }),
      // D: DEC equal to D: not open at D, not looked after.
      episode('D', '2023-01-01', { dec: D, rec: 'E4A' }),
      // E: a series of short breaks (V3): ignored.
      episode('E', '2023-01-01', { ls: 'V3', place: 'U1' }),
      // F: no Header row: sex, ethnicity and age band unknown.
      episode('F', '2022-01-01', { ls: 'E1', place: 'A5', placeProvider: 'PR2' }),
      // G: two open episodes (overlapping, a data error): the one with the latest DECOM is used (J2, K1, PR0).
      episode('G', '2021-01-01'),
      episode('G', '2023-05-01', { rne: 'P', ls: 'J2', place: 'K1', placeProvider: 'PR0' }),
      // H: starts the day after D: not looked after at D.
      episode('H', '2024-04-01'),
      // I: starts on D: looked after. Blank legal status → unknown.
      episode('I', D, { ls: null, place: 'U3' }),
    ],
    uasc: [
      uasc('A', null), // DUC empty: counts
      uasc('B', D), // DUC = D is not after D: does not count
      uasc('C', '2024-04-01'), // DUC after D: counts
      uasc('D', null), // not looked after at D
      uasc('F', '2020-01-01'), // F has two rows; one has DUC empty: counts
      uasc('F', null),
      uasc('E', null), // only a short-break episode: not looked after
    ],
  })
  const result = computeIndicators(data, D)

  it('counts children with an episode open at D: A, B, C, F, G, I', () => {
    expect(result.lookedAfter).toBe(6)
  })

  it('breaks them down by the open episode (the latest DECOM), blank codes as unknown', () => {
    // A C2, B V2, C C1, F E1, G J2 (its later episode), I blank.
    expect(result.byLegalStatus).toEqual({ C1: 1, C2: 1, E1: 1, J2: 1, V2: 1, unknown: 1 })
    // A U4, B R1, C U6, F A5, G K1, I U3.
    expect(result.byPlacementType).toEqual({ A5: 1, K1: 1, R1: 1, U3: 1, U4: 1, U6: 1 })
    // A PR1, B PR4, C blank (left out), F PR2, G PR0, I PR1: 5 children, not 6.
    expect(result.byPlacementProvider).toEqual({ PR0: 1, PR1: 2, PR2: 1, PR4: 1 })
    expect(Object.keys(result.byLegalStatus)).toEqual(['C1', 'C2', 'E1', 'J2', 'V2', 'unknown'])
  })

  it('breaks them down by sex, ethnicity and age band from Header', () => {
    // A M, B F, C M, F no Header, G U, I F.
    expect(result.bySex).toEqual({ M: 2, F: 2, U: 1, unknown: 1 })
    expect(Object.keys(result.bySex)).toEqual(['M', 'F', 'U', 'unknown'])
    // A WBRI, B MWBC, C blank, F no Header, G AIND, I WBRI.
    expect(result.byEthnicity).toEqual({ AIND: 1, MWBC: 1, WBRI: 2, unknown: 2 })
    // C 0, I 3, G 8, A 13, B 16 (a child turning 16 on D is 16), F no Header.
    expect(result.byAgeBand).toEqual({ under1: 1, '1to4': 1, '5to9': 1, '10to15': 1, '16plus': 1, unknown: 1 })
    expect(Object.keys(result.byAgeBand)).toEqual(['under1', '1to4', '5to9', '10to15', '16plus', 'unknown'])
  })

  it('counts UASC children looked after at D with DUC empty or after D: A, C, F', () => {
    expect(result.uasc).toBe(3)
  })

  it('leaves the rate per 10,000 null without a population', () => {
    expect(result.ratePer10000).toBeNull()
  })
})

describe('startedInYear and ceasedInYear', () => {
  const data = tables({
    episodes: [
      // S1: starts on yearStart (1 April 2023): in the year. N1.
      episode('S1', '2023-04-01', { cin: 'N1' }),
      // S2: starts the day before yearStart: not in the year.
      episode('S2', '2023-03-31'),
      // S3: two periods of care in the year: counted once, by the CIN of the later start (N1, not N4); ceased once (E4A).
      episode('S3', '2023-05-01', { cin: 'N4', dec: '2023-08-01', rec: 'E4A' }),
      episode('S3', '2023-11-01', { cin: 'N1' }),
      // S4: starts on D: in the year; blank CIN → unknown.
      episode('S4', D, { cin: null }),
      // S5: starts the day after D: not in the year.
      episode('S5', '2024-04-01'),
      // S6: a short break (V3) starting in the year: ignored.
      episode('S6', '2023-06-01', { ls: 'V3' }),
      // S7: a placement move (RNE P) in the year is not a start.
      episode('S7', '2023-06-01', { rne: 'P' }),
      // C1: ceases on D with E11: in the year.
      episode('C1', '2020-01-01', { dec: D, rec: 'E11' }),
      // C2: ceased the day before yearStart: not in the year.
      episode('C2', '2020-01-01', { dec: '2023-03-31', rec: 'E4A' }),
      // C3: ceases on yearStart with E12: in the year.
      episode('C3', '2021-01-01', { dec: '2023-04-01', rec: 'E12' }),
      // C4: REC X1 (still looked after) is not ceasing; the next episode is still open.
      episode('C4', '2021-01-01', { dec: '2023-06-01', rec: 'X1' }),
      episode('C4', '2023-06-01', { rne: 'P', place: 'U2' }),
      // C5: a DEC without a REC: not counted as ceased.
      episode('C5', '2021-01-01', { dec: '2023-06-01', rec: null }),
      // C6: ceased twice in the year: counted once, by the REC of the latest ceasing (E41); also started once (N2).
      episode('C6', '2022-01-01', { dec: '2023-06-01', rec: 'E4A' }),
      episode('C6', '2023-07-01', { cin: 'N2', dec: '2024-01-01', rec: 'E41' }),
      // C7: a short break (V4) ending in the year: ignored.
      episode('C7', '2023-01-01', { ls: 'V4', dec: '2023-05-01', rec: 'E13' }),
      // C8: ceases the day after D: not in the year.
      episode('C8', '2021-01-01', { dec: '2024-04-01', rec: 'E4A' }),
    ],
  })
  const result = computeIndicators(data, D)

  it('counts distinct children with an RNE S episode starting in the year: S1, S3, S4, C6', () => {
    expect(result.startedInYear).toBe(4)
    // S1 N1, S3 N1 (its later start), S4 blank, C6 N2.
    expect(result.startedByCategoryOfNeed).toEqual({ N1: 2, N2: 1, unknown: 1 })
  })

  it('counts distinct children with an episode ending in the year with a REC other than X1: S3, C1, C3, C6', () => {
    expect(result.ceasedInYear).toBe(4)
    // S3 E4A, C1 E11, C3 E12, C6 E41 (its later ceasing, not E4A). Code order: E11 < E12 < E41 < E4A.
    expect(result.ceasedByReason).toEqual({ E11: 1, E12: 1, E41: 1, E4A: 1 })
    expect(Object.keys(result.ceasedByReason)).toEqual(['E11', 'E12', 'E41', 'E4A'])
  })
})

describe('threeOrMorePlacements (former NI 62)', () => {
  const data = tables({
    episodes: [
      // P1: 1 (open on 31 March 2023) + 2 moves (P) in the year = 3 → counted.
      episode('P1', '2022-01-01', { dec: '2023-06-01', rec: 'X1' }),
      episode('P1', '2023-06-01', { rne: 'P', place: 'U2', dec: '2023-10-01', rec: 'X1' }),
      episode('P1', '2023-10-01', { rne: 'P', place: 'U3' }),
      // P2: an episode starting on yearStart counts (S), then B counts, a legal status change (L) does not,
      // and a move on D counts: 0 + 3 = 3 → counted.
      episode('P2', '2023-04-01', { dec: '2023-07-01', rec: 'X1' }),
      episode('P2', '2023-07-01', { rne: 'B', place: 'U2', dec: '2023-09-01', rec: 'X1' }),
      episode('P2', '2023-09-01', { rne: 'L', ls: 'E1', place: 'U2', dec: D, rec: 'X1' }),
      episode('P2', D, { rne: 'P', ls: 'E1', place: 'U3' }),
      // P3: a legal status change on yearStart: the earlier episode was open on 31 March 2023 (its DEC is
      // 1 April 2023) → 1; the L episode is not a placement; one move (P) → 2 → not counted.
      episode('P3', '2021-01-01', { dec: '2023-04-01', rec: 'X1' }),
      episode('P3', '2023-04-01', { rne: 'L', ls: 'E1', dec: '2023-12-01', rec: 'X1' }),
      episode('P3', '2023-12-01', { rne: 'P', ls: 'E1', place: 'U2' }),
      // P4: a temporary placement (T1) open at the year's start. The rule counts 1 for any episode open on
      // 31 March 2023, temporary or not; the return to U1 (P) counts 1; the temporary T2 in the year does not;
      // the move to U4 counts 1: 1 + 1 + 0 + 1 = 3 → counted.
      episode('P4', '2022-05-01', { dec: '2023-03-01', rec: 'X1' }),
      episode('P4', '2023-03-01', { rne: 'P', place: 'T1', dec: '2023-05-01', rec: 'X1' }),
      episode('P4', '2023-05-01', { rne: 'P', place: 'U1', dec: '2023-09-01', rec: 'X1' }),
      episode('P4', '2023-09-01', { rne: 'P', place: 'T2', dec: '2023-09-15', rec: 'X1' }),
      episode('P4', '2023-09-15', { rne: 'P', place: 'U4' }),
      // P5: two periods of care in the year: S, (returned home), S, P: 0 + 3 = 3 → counted.
      episode('P5', '2023-05-01', { dec: '2023-07-01', rec: 'E4A' }),
      episode('P5', '2023-10-01', { place: 'R1', dec: '2024-01-01', rec: 'X1' }),
      episode('P5', '2024-01-01', { rne: 'P', place: 'U2' }),
      // P6: RNE T and U are not in the rule's S/P/B: S only → 1 → not counted.
      episode('P6', '2023-06-01', { dec: '2023-08-01', rec: 'X1' }),
      episode('P6', '2023-08-01', { rne: 'T', ls: 'C1', place: 'U2', dec: '2023-10-01', rec: 'X1' }),
      episode('P6', '2023-10-01', { rne: 'U', ls: 'C2', place: 'U3' }),
      // P7: three short breaks (V3) in the year are ignored; the care episode S → 1 → not counted (4 if V3 counted).
      episode('P7', '2023-04-10', { ls: 'V3', dec: '2023-04-12', rec: 'E13' }),
      episode('P7', '2023-05-10', { ls: 'V3', dec: '2023-05-12', rec: 'E13' }),
      episode('P7', '2023-06-10', { ls: 'V3', dec: '2023-06-12', rec: 'E13' }),
      episode('P7', '2023-07-01'),
      // P8: three placements in the year but not looked after at D: in neither numerator nor denominator.
      episode('P8', '2023-04-05', { dec: '2023-06-01', rec: 'X1' }),
      episode('P8', '2023-06-01', { rne: 'P', place: 'U2', dec: '2023-09-01', rec: 'X1' }),
      episode('P8', '2023-09-01', { rne: 'P', place: 'U3', dec: '2024-02-01', rec: 'E4A' }),
    ],
  })

  it('is P1, P2, P4, P5 of the 7 children looked after at D: 4/7 = 57.14...% → 57.1', () => {
    expect(computeIndicators(data, D).threeOrMorePlacements).toEqual({ numerator: 4, denominator: 7, percent: 57.1 })
  })
})

describe('longTermStability (former NI 63)', () => {
  // D = 31 March 2024: the period must have started on or before 30 September 2021 (30 months),
  // the placement on or before 31 March 2022 (24 months).
  const data = tables({
    header: [
      header('L1', '2012-01-01'),
      header('L2', '2012-01-01'),
      header('L3', '2008-03-31'), // turns 16 on D: not under 16
      header('L4', '2008-04-01'), // 15 at D (16 tomorrow)
      header('L5', '2012-01-01'),
      header('L6', '2012-01-01'),
      header('L7', '2012-01-01'),
      header('L8', '2012-01-01'),
      header('L9', '2012-01-01'),
      header('L10', '2012-01-01'),
    ],
    episodes: [
      // L1: started exactly 30 months before D, same placement since → denominator and numerator.
      episode('L1', '2021-09-30'),
      // L2: started a day later → not in the denominator.
      episode('L2', '2021-10-01'),
      // L3: 16 on D → not in the denominator, however long in care.
      episode('L3', '2020-01-01'),
      // L4: 15; in care since 2020 → denominator; moved on 1 April 2022, a day after the 24-month date → not numerator.
      episode('L4', '2020-01-01', { dec: '2022-04-01', rec: 'X1' }),
      episode('L4', '2022-04-01', { rne: 'P', place: 'U2' }),
      // L5: moved exactly 24 months before D, then a legal status change (L) that does not restart the
      // placement → numerator.
      episode('L5', '2020-01-01', { dec: '2022-03-31', rec: 'X1' }),
      episode('L5', '2022-03-31', { rne: 'P', place: 'U2', dec: '2023-01-01', rec: 'X1' }),
      episode('L5', '2023-01-01', { rne: 'L', ls: 'E1', place: 'U2' }),
      // L6: in a temporary placement (T1) at D: the current placement is the latest non-temporary S/P/B
      // episode, the U1 from 2019 → numerator.
      episode('L6', '2019-01-01', { dec: '2024-03-01', rec: 'X1' }),
      episode('L6', '2024-03-01', { rne: 'P', place: 'T1' }),
      // L7: placed for adoption with the foster carer (A3) in June 2023. The foster placement (U4) just before
      // started in June 2019 (the 2021 L episode is a legal status change in the same placement), so the
      // placement counts from 1 June 2019 → numerator. Without the A3/A5 rule it would start on 1 June 2023.
      episode('L7', '2019-06-01', { place: 'U4', dec: '2021-01-01', rec: 'X1' }),
      episode('L7', '2021-01-01', { rne: 'L', ls: 'E1', place: 'U4', dec: '2023-06-01', rec: 'X1' }),
      episode('L7', '2023-06-01', { rne: 'P', ls: 'E1', place: 'A3' }),
      // L8: placed for adoption with foster carers (A5) in 2023, but the episode before it in this period is a
      // children's home (R1), not foster care; the foster placement (U4) was in an earlier period of care. So the
      // placement starts at the A5 episode, 1 January 2023 → denominator, not numerator.
      episode('L8', '2018-01-01', { place: 'U4', dec: '2019-01-01', rec: 'E4A' }),
      episode('L8', '2019-06-01', { place: 'R1', dec: '2023-01-01', rec: 'X1' }),
      episode('L8', '2023-01-01', { rne: 'P', ls: 'E1', place: 'A5' }),
      // L9: no RNE S episode at all (a data error): no known period start → not in the denominator.
      episode('L9', '2019-01-01', { rne: 'L' }),
      // L10: returned home and came back: the current period starts at the latest S, 1 January 2022 → not in
      // the denominator, though first looked after in 2018.
      episode('L10', '2018-01-01', { dec: '2021-12-01', rec: 'E4A' }),
      episode('L10', '2022-01-01'),
    ],
  })

  it('is L1, L5, L6, L7 of L1, L4, L5, L6, L7, L8: 4/6 = 66.66...% → 66.7', () => {
    expect(computeIndicators(data, D).longTermStability).toEqual({ numerator: 4, denominator: 6, percent: 66.7 })
  })

  it('takes the placement from the foster placement for A3/A5 only: with L7 in U4 instead of A3 it starts in June 2023', () => {
    const notAdoption = tables({
      header: data.header,
      episodes: data.episodes.map((e) => (e.child === 'L7' && e.place === 'A3' ? { ...e, place: 'U4' } : e)),
    })
    expect(computeIndicators(notAdoption, D).longTermStability).toEqual({ numerator: 3, denominator: 6, percent: 50 })
  })
})

describe('sdq and health: the 12-month cohort', () => {
  // D = 31 March 2024: the current period of care must have started on or before 31 March 2023.
  const data = tables({
    header: [
      header('Q1', '2019-03-31'), // 5 on D
      header('Q2', '2019-04-01'), // 4 at D (5 tomorrow)
      header('Q3', '2008-03-31'), // 16 on D
      header('Q4', '2007-01-01'), // 17
      header('Q5', '2014-01-01'),
      header('Q6', '2014-01-01'),
      header('Q7', '2012-01-01'),
      header('Q8', '2012-01-01'),
      header('Q9', '2012-01-01'),
      header('Q10', '2015-01-01'),
      header('Q11', '2015-01-01'),
      header('Q12', '2014-01-01'),
      header('Q13', '2016-01-01'),
      header('Q14', '2022-01-01'), // 2
      header('Q15', '2013-01-01'),
    ],
    episodes: [
      episode('Q1', '2023-03-31'), // exactly 12 months: in the cohort
      episode('Q2', '2020-01-01'),
      episode('Q3', '2020-01-01'),
      episode('Q4', '2020-01-01'),
      episode('Q5', '2023-04-01'), // a day short of 12 months: not in the cohort
      episode('Q6', '2020-01-01'),
      episode('Q7', '2020-01-01'),
      episode('Q8', '2020-01-01'),
      episode('Q9', '2020-01-01'),
      episode('Q10', '2020-01-01'),
      episode('Q11', '2020-01-01'),
      episode('Q12', '2020-01-01', { dec: '2024-01-01', rec: 'E4A' }), // not looked after at D
      // Q13: the current period started in September 2023 (re-entry): not in the cohort.
      episode('Q13', '2019-01-01', { dec: '2023-06-01', rec: 'E4A' }),
      episode('Q13', '2023-09-01'),
      episode('Q14', '2022-03-01'),
      episode('Q15', '2020-01-01'),
    ],
    oc2: [
      oc2('Q1', { sdqScore: 13, healthAssessment: 1, immunisations: 1, teethCheck: 1 }),
      oc2('Q2', { sdqScore: 10, healthAssessment: 1, immunisations: 0, teethCheck: null }), // aged 4: score not used
      oc2('Q3', { sdqScore: 14, healthAssessment: 1, immunisations: 1, teethCheck: 0 }),
      oc2('Q4', { sdqScore: 25, healthAssessment: 0, immunisations: 1, teethCheck: 1 }), // aged 17: score not used
      oc2('Q5', { sdqScore: 30, healthAssessment: 1, immunisations: 1, teethCheck: 1 }), // not in the cohort
      oc2('Q6', { sdqScore: 16, healthAssessment: 1, immunisations: 1, teethCheck: 1 }),
      oc2('Q7', { sdqScore: 17, healthAssessment: 1, immunisations: null, teethCheck: 1 }),
      oc2('Q8', { sdqScore: null, sdqReason: 'SDQ1', healthAssessment: 0, immunisations: 0, teethCheck: 0 }),
      // Q9 has no OC2 row.
      oc2('Q10', { sdqScore: 40, healthAssessment: 1, immunisations: 1, teethCheck: 1 }),
      oc2('Q11', { sdqScore: 0, healthAssessment: 1, immunisations: 1, teethCheck: 0 }),
      oc2('Q12', { sdqScore: 20, healthAssessment: 1, immunisations: 1, teethCheck: 1 }), // not looked after
      oc2('Q13', { sdqScore: 20, healthAssessment: 1, immunisations: 1, teethCheck: 1 }), // not in the cohort
      // Q14 has no OC2 row.
      oc2('Q15', { sdqScore: 41 }), // outside 0-40: not a score
    ],
  })
  const result = computeIndicators(data, D)

  it('SDQ: eligible aged 5 to 16 in the cohort, scores, completion, average and bands', () => {
    // Cohort: Q1, Q2, Q3, Q4, Q6, Q7, Q8, Q9, Q10, Q11, Q14, Q15. Aged 5-16: all but Q2 (4), Q4 (17), Q14 (2) → 9.
    // Scores: Q1 13, Q3 14, Q6 16, Q7 17, Q10 40, Q11 0 → 6 (Q8 none, Q9 no row, Q15 41 invalid).
    // Completion 6/9 = 66.66...% → 66.7. Average (13 + 14 + 16 + 17 + 40 + 0) / 6 = 100 / 6 = 16.66... → 16.7.
    // Bands: normal 0-13: Q1, Q11; borderline 14-16: Q3, Q6; concern 17-40: Q7, Q10.
    expect(result.sdq).toEqual({ eligible: 9, withScore: 6, completionPercent: 66.7, average: 16.7, bands: { normal: 2, borderline: 2, concern: 2 } })
  })

  it('health: the same cohort at all ages, percentages of flags equal to 1', () => {
    // Cohort of 12 (above). HEALTH_ASSESSMENT 1: Q1, Q2, Q3, Q6, Q7, Q10, Q11 → 7/12 = 58.33...% → 58.3.
    // IMMUNISATIONS 1: Q1, Q3, Q4, Q6, Q10, Q11 → 6/12 = 50.0. TEETH_CHECK 1: Q1, Q4, Q6, Q7, Q10 → 5/12 = 41.66...% → 41.7.
    expect(result.health).toEqual({ cohort: 12, healthAssessment: 58.3, immunisations: 50, teethCheck: 41.7 })
  })
})

describe('rate per 10,000 under-18s', () => {
  const threeChildren = tables({ episodes: [episode('A', '2020-01-01'), episode('B', '2020-01-01'), episode('C', '2020-01-01')] })
  const population: PopulationRow[] = [
    { year: 2023, ageBand: 'all', sex: 'all', population: 50_000 },
    { year: 2024, ageBand: 'all', sex: 'all', population: 40_000 },
    { year: 2025, ageBand: 'all', sex: 'all', population: 10 },
  ]

  it('uses the latest year not after D: 3 ÷ 40,000 (2024) × 10,000 = 0.75 → 0.8 (half up)', () => {
    expect(computeIndicators(threeChildren, D, { population }).ratePer10000).toBe(0.8)
  })

  it('uses an earlier year when D is before the next one: at 31 December 2023, 3 ÷ 50,000 × 10,000 = 0.6', () => {
    expect(computeIndicators(threeChildren, '2023-12-31', { population }).ratePer10000).toBe(0.6)
  })

  it('is the issue-sized example: 1,184 ÷ 263,000 × 10,000 = 45.019... → 45.0', () => {
    expect(ratePer10000(1184, [{ year: 2024, ageBand: 'all', sex: 'all', population: 263_000 }], D)).toBe(45)
  })

  it('is null with no population, no year early enough, or a total of 0', () => {
    expect(ratePer10000(3, undefined, D)).toBeNull()
    expect(ratePer10000(3, [], D)).toBeNull()
    expect(ratePer10000(3, [{ year: 2025, ageBand: 'all', sex: 'all', population: 100 }], D)).toBeNull()
    expect(ratePer10000(3, [{ year: 2024, ageBand: 'all', sex: 'all', population: 0 }], D)).toBeNull()
  })

  it('totals one year: the all/all row when there is one, else one partition of the others', () => {
    const row = (ageBand: string, sex: string, population: number): PopulationRow => ({ year: 2024, ageBand, sex, population })
    // An all/all row wins over the breakdowns (which would add up to 350 here). Case and spaces do not matter.
    expect(totalUnder18Population([row('0-4', 'M', 100), row(' ALL ', 'All', 300), row('all', 'F', 250)])).toBe(300)
    // No all/all row: the age_band all rows by sex (100 + 110), not also the sex all rows by age band.
    expect(totalUnder18Population([row('all', 'M', 100), row('all', 'F', 110), row('0-4', 'all', 50)])).toBe(210)
    // Only sex all rows by age band: 50 + 60 + 70.
    expect(totalUnder18Population([row('0-4', 'all', 50), row('5-9', 'all', 60), row('10-17', 'all', 70)])).toBe(180)
    // Only the detailed rows: all of them, 10 + 20 + 30 + 40.
    expect(totalUnder18Population([row('0-4', 'M', 10), row('0-4', 'F', 20), row('5-17', 'M', 30), row('5-17', 'F', 40)])).toBe(100)
    expect(under18PopulationAt([row('all', 'M', 100), row('all', 'F', 110)], D)).toEqual({ year: 2024, population: 210 })
  })

  it('refuses a population that is not a whole number of people', () => {
    expect(() => ratePer10000(3, [{ year: 2024, ageBand: 'all', sex: 'all', population: 100.5 }], D)).toThrow(RangeError)
    expect(() => ratePer10000(3, [{ year: 2024, ageBand: 'all', sex: 'all', population: -1 }], D)).toThrow(RangeError)
  })
})

describe('placedOver20Miles', () => {
  // One degree of latitude on a sphere of radius 3,958.76 miles is 3,958.76 × π / 180 = 69.09 miles,
  // so along one meridian 0.3° is 20.73 miles (over 20) and 0.28° is 19.35 miles (within 20).
  const postcodes = new Map<string, Coordinates>([
    ['HA1 1AA', { lat: 51.0, lon: 0 }],
    ['PL1 1AA', { lat: 51.3, lon: 0 }],
    ['PL2 2BB', { lat: 51.28, lon: 0 }],
    ['B1  1AA', { lat: 51.0, lon: 0 }], // keyed in the ONS `pcd` 7-character form
    ['NG1 1XX', { lat: 99.999999, lon: 0 }], // the ONS directory's "no grid reference"
  ])
  const data = tables({
    episodes: [
      episode('C1', '2020-01-01', { homePost: 'HA1 1AA', plPost: 'PL1 1AA' }), // 20.73 miles → over
      episode('C2', '2020-01-01', { homePost: 'ha11aa', plPost: 'PL2  2BB' }), // 19.35 miles → within (spellings normalised)
      episode('C3', '2020-01-01', { homePost: null, plPost: 'PL1 1AA' }), // no home postcode → not known
      episode('C4', '2020-01-01', { homePost: 'HA1 1AA', plPost: 'ZZ9 9ZZ' }), // not in the table → not known
      episode('C5', '2020-01-01', { homePost: 'HA1 1AA', plPost: 'NG1 1XX' }), // no coordinates → not known
      episode('C6', '2020-01-01', { homePost: 'HA1 1AA', plPost: 'B1 1AA' }), // same point → within
      episode('C7', '2020-01-01', { homePost: 'HA1 1AA', plPost: 'PL1 1AA', dec: '2024-01-01', rec: 'E4A' }), // not looked after
      episode('C8', '2020-01-01', { ls: 'V3', homePost: 'HA1 1AA', plPost: 'PL1 1AA' }), // short breaks: ignored
      // C9: the placement moved closer; the episode open at D (within) is the one used, not the earlier (over).
      episode('C9', '2020-01-01', { homePost: 'HA1 1AA', plPost: 'PL1 1AA', dec: '2023-01-01', rec: 'X1' }),
      episode('C9', '2023-01-01', { rne: 'P', homePost: 'HA1 1AA', plPost: 'PL2 2BB' }),
    ],
  })

  it('measures the straight line with the haversine formula', () => {
    expect(EARTH_MEAN_RADIUS_MILES).toBeCloseTo(3958.761, 3)
    expect(haversineMiles({ lat: 51, lon: 0 }, { lat: 52, lon: 0 })).toBeCloseTo(69.093, 3)
    expect(haversineMiles({ lat: 51, lon: 0 }, { lat: 51.3, lon: 0 })).toBeCloseTo(20.728, 3)
    expect(haversineMiles({ lat: 51, lon: 0 }, { lat: 51.28, lon: 0 })).toBeCloseTo(19.346, 3)
    // Along a parallel the distance shrinks with cos(latitude): 1° of longitude at 60° N is about half of 69.09.
    expect(haversineMiles({ lat: 60, lon: 0 }, { lat: 60, lon: 1 })).toBeCloseTo(34.55, 1)
  })

  it('finds postcodes in the ONS spellings', () => {
    expect(lookupPostcode(postcodes, 'pl1 1aa')).toEqual({ lat: 51.3, lon: 0 })
    expect(lookupPostcode(postcodes, 'B11AA')).toEqual({ lat: 51.0, lon: 0 })
    expect(lookupPostcode(postcodes, 'NG1 1XX')).toBeNull()
    expect(lookupPostcode(postcodes, '  ')).toBeNull()
    expect(lookupPostcode(postcodes, null)).toBeNull()
  })

  it('counts the 7 children looked after: over C1; within C2, C6, C9; not known C3, C4, C5', () => {
    expect(computeIndicators(data, D, { postcodes }).placedOver20Miles).toEqual({ over: 1, within: 3, notKnown: 3 })
  })

  it('counts every child looked after as not known without a postcode table', () => {
    expect(computeIndicators(data, D).placedOver20Miles).toEqual({ over: 0, within: 0, notKnown: 7 })
  })
})

describe('D on 29 February 2024', () => {
  // yearStart 1 March 2023 (day before: 28 February 2023); 12 months before D: 28 February 2023;
  // 24 months: 28 February 2022; 30 months: 29 August 2021.
  const at = '2024-02-29'
  const data = tables({
    header: [header('W', '2012-01-01'), header('V', '2012-01-01'), header('X', '2016-02-29'), header('Y', '2019-02-28'), header('Z', '2012-01-01')],
    episodes: [
      // W: period started exactly 30 months before D, placement exactly 24 months before (February 2022 has
      // 28 days) → long-term stability denominator and numerator. 1 (open 28 February 2023) + 0 → 1 placement.
      episode('W', '2021-08-29', { dec: '2022-02-28', rec: 'X1' }),
      episode('W', '2022-02-28', { rne: 'P', place: 'U2' }),
      // V: a day later → not in the long-term denominator.
      episode('V', '2021-08-30'),
      // X: starts on yearStart → started in the year; moves twice → 0 + 3 placements → three or more.
      episode('X', '2023-03-01', { dec: '2023-06-01', rec: 'X1' }),
      episode('X', '2023-06-01', { rne: 'P', place: 'U2', dec: '2023-09-01', rec: 'X1' }),
      episode('X', '2023-09-01', { rne: 'P', place: 'U3' }),
      // Y: starts the day before yearStart → not started in the year, but exactly 12 months before D → in the
      // SDQ cohort, aged 5 on D (born 28 February 2019).
      episode('Y', '2023-02-28'),
      // Z: ceases on D → not looked after, ceased in the year.
      episode('Z', '2020-01-01', { dec: at, rec: 'E4A' }),
    ],
    oc2: [oc2('Y', { sdqScore: 15, healthAssessment: 1 })],
  })
  const result = computeIndicators(data, at)

  it('works out the year and every cohort from 29 February', () => {
    expect(result.yearStart).toBe('2023-03-01')
    expect(result.lookedAfter).toBe(4) // W, V, X, Y
    expect(result.startedInYear).toBe(1) // X
    expect(result.ceasedInYear).toBe(1) // Z
    expect(result.threeOrMorePlacements).toEqual({ numerator: 1, denominator: 4, percent: 25 }) // X
    expect(result.longTermStability).toEqual({ numerator: 1, denominator: 1, percent: 100 }) // W
    // The 12-month cohort: W, V (2021) and Y (28 February 2023); X started in March 2023. X is 8 on D (born 29 February 2016).
    // SDQ aged 5-16: W 12, V 12, Y 5 → 3 eligible, Y scored 15 (borderline).
    expect(result.sdq).toEqual({ eligible: 3, withScore: 1, completionPercent: 33.3, average: 15, bands: { normal: 0, borderline: 1, concern: 0 } })
    expect(result.health).toEqual({ cohort: 3, healthAssessment: 33.3, immunisations: 0, teethCheck: 0 })
    expect(result.byAgeBand).toEqual({ '5to9': 2, '10to15': 2 }) // X 8, Y 5; W 12, V 12
  })
})

describe('performance', () => {
  /** mulberry32: a small deterministic generator, so the data set is the same on every run. */
  function random(seed: number): () => number {
    let a = seed >>> 0
    return () => {
      a = (a + 0x6d2b79f5) >>> 0
      let t = a
      t = Math.imul(t ^ (t >>> 15), t | 1)
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296
    }
  }
  const isoDay = (dayNumber: number): string => new Date(dayNumber * 86_400_000).toISOString().slice(0, 10)
  const pick = <T>(next: () => number, items: readonly T[]): T => items[Math.floor(next() * items.length)] as T

  function generate(children: number, episodesPerChild: number, seed: number): { data: Ssda903Data; postcodes: Map<string, Coordinates> } {
    const next = random(seed)
    const places = ['U1', 'U2', 'U3', 'U4', 'U5', 'U6', 'R1', 'K2', 'P1', 'T1', 'A3', 'H5', 'S1', 'Z1']
    const statuses = ['C1', 'C2', 'C2', 'C2', 'E1', 'V2', 'V2', 'J2', 'L1', 'V3']
    const postcodeList = Array.from({ length: 2000 }, (_, i) => `PC${i} ${i % 10}AA`)
    const postcodes = new Map(postcodeList.map((p, i) => [p, { lat: 50 + (i % 400) / 100, lon: -3 + Math.floor(i / 400) / 2 }]))
    const data: Ssda903Data = { header: [], episodes: [], uasc: [], oc2: [] }
    const firstDay = Math.round(Date.UTC(2016, 0, 1) / 86_400_000)
    for (let c = 0; c < children; c++) {
      const child = `C${c}`
      let day = firstDay + Math.floor(next() * 2900)
      const dob = isoDay(day - 30 - Math.floor(next() * 6000))
      data.header.push({ child, sex: next() < 0.55 ? 'M' : 'F', dob, ethnic: pick(next, ['WBRI', 'MWBC', 'AIND', 'BAFR', 'OOTH']), upn: null })
      const home = pick(next, postcodeList)
      for (let e = 0; e < episodesPerChild; e++) {
        const length = 20 + Math.floor(next() * 500)
        const last = e === episodesPerChild - 1
        const open = last && next() < 0.6
        data.episodes.push({
          child,
          decom: isoDay(day),
          rne: e === 0 ? 'S' : pick(next, ['P', 'P', 'L', 'B', 'T', 'U']),
          ls: pick(next, statuses),
          cin: pick(next, ['N1', 'N1', 'N2', 'N4', 'N5']),
          place: pick(next, places),
          placeProvider: next() < 0.05 ? null : pick(next, ['PR0', 'PR1', 'PR2', 'PR3', 'PR4']),
          dec: open ? null : isoDay(day + length),
          rec: open ? null : last ? pick(next, ['E4A', 'E11', 'E12', 'E41', 'E45']) : 'X1',
          reasonPlaceChange: null,
          homePost: home,
          plPost: pick(next, postcodeList),
          urn: null,
        })
        day += length
      }
      if (next() < 0.05) data.uasc.push({ child, dob, duc: next() < 0.5 ? null : isoDay(day) })
      data.oc2.push({
        child,
        dob,
        sdqScore: next() < 0.8 ? Math.floor(next() * 41) : null,
        sdqReason: null,
        healthAssessment: next() < 0.9 ? 1 : 0,
        immunisations: next() < 0.85 ? 1 : 0,
        teethCheck: next() < 0.7 ? 1 : 0,
      })
    }
    return { data, postcodes }
  }

  it('computes every indicator for 500,000 episodes of 100,000 children', () => {
    const { data, postcodes } = generate(100_000, 5, 903)
    expect(data.episodes).toHaveLength(500_000)
    const population: PopulationRow[] = [{ year: 2024, ageBand: 'all', sex: 'all', population: 12_000_000 }]
    const started = performance.now()
    const result = computeIndicators(data, D, { population, postcodes })
    const seconds = (performance.now() - started) / 1000
    console.log(`computeIndicators: 500,000 episodes, 100,000 children, ${result.lookedAfter} looked after at ${D}: ${seconds.toFixed(3)} s`)

    const sum = (record: Record<string, number>): number => Object.values(record).reduce((a, b) => a + b, 0)
    expect(result.lookedAfter).toBeGreaterThan(0)
    expect(sum(result.byLegalStatus)).toBe(result.lookedAfter)
    expect(sum(result.byPlacementType)).toBe(result.lookedAfter)
    expect(sum(result.byPlacementProvider)).toBeLessThan(result.lookedAfter) // about 5% blank providers
    expect(sum(result.bySex)).toBe(result.lookedAfter)
    expect(sum(result.byAgeBand)).toBe(result.lookedAfter)
    expect(result.byLegalStatus.V3).toBeUndefined()
    const distance = result.placedOver20Miles
    expect(distance.over + distance.within + distance.notKnown).toBe(result.lookedAfter)
    expect(result.sdq.bands.normal + result.sdq.bands.borderline + result.sdq.bands.concern).toBe(result.sdq.withScore)
  })
})
