import { describe, expect, it } from 'vitest'
import { parsePopulationCsv } from './population.js'
import { ratePer10000 } from './domain/indicators.js'

describe('population CSV', () => {
  it('reads the four columns in any order, with a byte-order mark and thousands separators', () => {
    const parsed = parsePopulationCsv('\uFEFFsex,year,population,age_band\nall,2023,"58,200",all\nM,2024,30000,all\nF,2024,29000,all\n')
    expect(parsed).toEqual({
      ok: true,
      rows: [
        { year: 2023, ageBand: 'all', sex: 'all', population: 58200 },
        { year: 2024, ageBand: 'all', sex: 'M', population: 30000 },
        { year: 2024, ageBand: 'all', sex: 'F', population: 29000 },
      ],
    })
    // ratePer10000 at 31 March 2024 reads 2024 (the latest year not after 2024): 30,000 + 29,000 = 59,000; 118 looked after → 20.0.
    if (parsed.ok) expect(ratePer10000(118, parsed.rows, '2024-03-31')).toBe(20)
  })

  it.each([
    ['', 'Enter the population as CSV'],
    ['year,sex,population\n2024,all,1', 'age_band is missing'],
    ['year,age_band,sex,population\n', 'no rows after its header'],
    ['year,age_band,sex,population\n24,all,all,1', 'Row 2: the year must be 4 digits'],
    ['year,age_band,sex,population\n2024,teens,all,1', 'Row 2: the age band must be one of'],
    ['year,age_band,sex,population\n2024,all,X,1', 'Row 2: the sex must be all, M or F'],
    ['year,age_band,sex,population\n2024,all,all,-3', 'Row 2: the population must be a whole number'],
    ['year,age_band,sex,population\n2024,all,all,1\n2024,all,all,2', 'Row 3: 2024, all, all is given twice'],
  ])('refuses %j, saying what to do', (csv, message) => {
    const parsed = parsePopulationCsv(csv)
    expect(parsed.ok).toBe(false)
    if (!parsed.ok) expect(parsed.errors.join(' ')).toContain(message)
  })
})
