import { describe, expect, it } from 'vitest'
import { ageBand, disproportionality, ethnicGroup, GROUPS, type Flag } from './equality.js'

const sexes = GROUPS.sex.slice(0, 2)
const map = (entries: Record<string, number>) => new Map(Object.entries(entries))

describe('disproportionality ratio and flags', () => {
  it.each<{ name: string; supported: Record<string, number>; reference: Record<string, number>; ratios: Array<number | null>; flags: Flag[] }>([
    // Boys are 55 of 100 supported (0.55) and 500 of 1,000 in the population (0.5): 1.1, within 0.8-1.25.
    { name: 'within the band: no flag', supported: { M: 55, F: 45 }, reference: { M: 500, F: 500 }, ratios: [1.1, 0.9], flags: [null, null] },
    // Girls 40 of 100 (0.4) against 0.5: exactly 0.8, inside the band: flagged only outside it.
    { name: 'exactly on a threshold: not flagged', supported: { M: 60, F: 40 }, reference: { M: 500, F: 500 }, ratios: [1.2, 0.8], flags: [null, null] },
    // 14 of 20 boys (0.7) against 0.5: 1.4 over; 6 of 20 girls (0.3) against 0.5: 0.6 under.
    { name: 'outside the band: flagged both ways', supported: { M: 14, F: 6 }, reference: { M: 100, F: 100 }, ratios: [1.4, 0.6], flags: ['over', 'under'] },
    // 4 girls of 20 (0.2) against 0.5: 0.4, under, but fewer than 5 children: not flagged.
    { name: 'fewer than 5 children: never flagged', supported: { M: 16, F: 4 }, reference: { M: 100, F: 100 }, ratios: [1.6, 0.4], flags: ['over', 'too_few'] },
    // 1.25 exactly (5/8 against 1/2) is inside.
    { name: 'exactly 1.25: not flagged', supported: { M: 5, F: 3 }, reference: { M: 1, F: 1 }, ratios: [1.25, 0.75], flags: [null, 'too_few'] },
    { name: 'no children supported: no ratios', supported: {}, reference: { M: 1, F: 1 }, ratios: [null, null], flags: [null, null] },
  ])('$name', ({ supported, reference, ratios, flags }) => {
    const rows = disproportionality(sexes, map(supported), map(reference))
    expect(rows.map((r) => (r.ratio === null ? null : Math.round(r.ratio * 1000) / 1000))).toEqual(ratios)
    expect(rows.map((r) => r.flag)).toEqual(flags)
  })

  it('compares only the groups the reference covers (children aged 10 to 17)', () => {
    const rows = disproportionality(GROUPS.age_band, map({ under_10: 3, '10_12': 10, '13_15': 20, '16_17': 10 }), map({ '10_12': 300, '13_15': 300, '16_17': 200 }))
    const byGroup = Object.fromEntries(rows.map((r) => [r.group, r]))
    expect(byGroup.under_10).toMatchObject({ supported: 3, supportedShare: null, ratio: null, flag: null })
    // 20 of 40 aged 13-15 (0.5) against 300 of 800 (0.375): 1.333, over.
    expect(byGroup['13_15']?.ratio).toBeCloseTo(4 / 3, 10)
    expect(byGroup['13_15']?.flag).toBe('over')
    // 10 of 40 aged 10-12 (0.25) against 0.375: 0.667, under.
    expect(byGroup['10_12']?.flag).toBe('under')
    // 10 of 40 aged 16-17 (0.25) against 0.25: 1.
    expect(byGroup['16_17']?.ratio).toBe(1)
  })

  it('uses the thresholds given', () => {
    const rows = disproportionality(sexes, map({ M: 60, F: 40 }), map({ M: 500, F: 500 }), { low: 0.9, high: 1.1, minChildren: 5 })
    expect(rows.map((r) => r.flag)).toEqual(['over', 'under'])
  })

  it('has no reference: no shares or ratios', () => {
    const rows = disproportionality(sexes, map({ M: 6 }), null)
    expect(rows[0]).toMatchObject({ supported: 6, supportedShare: null, reference: null, ratio: null, flag: null })
  })
})

describe('groups', () => {
  it.each([
    [9, 'under_10'],
    [10, '10_12'],
    [12, '10_12'],
    [13, '13_15'],
    [15, '13_15'],
    [16, '16_17'],
    [17, '16_17'],
    [18, '18_plus'],
  ])('age %i is in %s', (age, band) => expect(ageBand(age)).toBe(band))
  it.each([
    ['WBRI', 'white'],
    ['WROM', 'white'],
    ['MWBC', 'mixed'],
    ['APKN', 'asian'],
    ['CHNE', 'asian'],
    ['BAFR', 'black'],
    ['OOTH', 'other'],
    ['REFU', 'not_known'],
    ['NOBT', 'not_known'],
    [null, 'not_known'],
  ])('ethnicity %s is in %s', (code, group) => expect(ethnicGroup(code)).toBe(group))
})
