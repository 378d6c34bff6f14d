import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import { describe, expect, it } from 'vitest'
import { projectRoot } from '../../../platform/paths.js'
import { CODE_LISTS, codeListSource, codesFor, collectionYearLabel, collectionYearOf, type CodeField } from './codes.js'
import { listSsda903Directory, readSsda903Stream, Ssda903DirectoryReader, StructuralErrorLog, type Ssda903Record, type Ssda903Table } from './reader.js'
import { createValidator, SSDA903_RULES, validateRecords, validateRows, type RuleViolation, type ValidationOptions } from './rules.js'

const SAMPLES = join(projectRoot, '..', 'shared', 'data', 'ssda903-samples')
const VALIDATOR_SAMPLES = join(SAMPLES, 'csc-validator-be-903')

/** Rows of one table, read from CSV text by the real reader (which must find no structural error). */
async function read(table: Ssda903Table, csv: string): Promise<Ssda903Record[]> {
  const errors = new StructuralErrorLog()
  const records: Ssda903Record[] = []
  for await (const record of readSsda903Stream([Buffer.from(csv)], { table, fileName: `${table}.csv`, errors })) records.push(record)
  expect(errors.errors).toEqual([])
  return records
}

const EPISODE_COLUMNS = 'CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC'
const episodes = (...lines: string[]): Promise<Ssda903Record[]> => read('episodes', [EPISODE_COLUMNS, ...lines].join('\n') + '\n')
const header = (...lines: string[]): Promise<Ssda903Record[]> => read('header', ['CHILD,SEX,DOB,ETHNIC', ...lines].join('\n') + '\n')

/** The violations of one rule, as [row, column, message]. */
function of(code: string, violations: RuleViolation[]): Array<[number, string | undefined, string]> {
  return violations.filter((v) => v.code === code).map((v) => [v.row, v.column, v.message])
}

function validate(records: Ssda903Record[], options: ValidationOptions = {}): RuleViolation[] {
  return validateRows(records, options)
}

describe('the rule registry', () => {
  const lists = {
    '2023/24': parse(readFileSync(join(VALIDATOR_SAMPLES, '903_2023_24_rule_info.csv')), { columns: true }) as Array<Record<string, string>>,
    '2024/25': parse(readFileSync(join(VALIDATOR_SAMPLES, '903_2024_25_rule_info.csv')), { columns: true }) as Array<Record<string, string>>,
  }

  it('uses only DfE rule codes, each in the rule lists it claims, with the DfE message as its description', () => {
    for (const rule of SSDA903_RULES) {
      expect(rule.ruleLists.length, rule.code).toBeGreaterThan(0)
      for (const list of rule.ruleLists) {
        const entry = lists[list].find((r) => r['Rule code'] === rule.code)
        expect(entry, `${rule.code} in the ${list} list`).toBeDefined()
        expect(rule.description, rule.code).toBe(entry?.['Rule message']?.trim())
      }
      for (const list of ['2023/24', '2024/25'] as const) {
        if (!rule.ruleLists.includes(list)) expect(lists[list].some((r) => r['Rule code'] === rule.code)).toBe(false)
      }
    }
  })

  it('has one rule per code', () => {
    const codes = SSDA903_RULES.map((r) => r.code)
    expect(new Set(codes).size).toBe(codes.length)
  })
})

describe('code lists', () => {
  /** `Table.COLUMN` → its codes, from the 2024 schema YAML (read here with a few lines of code, not a YAML library). */
  function schemaCodes(): Map<string, string[]> {
    const lines = readFileSync(join(SAMPLES, 'liia-tools', 'SSDA903_schema_2024.yml'), 'utf8').split('\n')
    const codes = new Map<string, string[]>()
    let table = ''
    let column = ''
    for (const line of lines) {
      const tableMatch = /^ {4}(\w+):\s*$/.exec(line)
      const columnMatch = /^ {6}(\w+):\s*$/.exec(line)
      const codeMatch = /^\s+- code: "(.*)"/.exec(line)
      if (tableMatch?.[1]) table = tableMatch[1]
      else if (columnMatch?.[1]) column = columnMatch[1]
      else if (codeMatch?.[1] !== undefined) codes.set(`${table}.${column}`, [...(codes.get(`${table}.${column}`) ?? []), codeMatch[1]])
    }
    return codes
  }

  it.each<[string, CodeField]>([
    ['Episodes.RNE', 'RNE'],
    ['Episodes.LS', 'LS'],
    ['Episodes.CIN', 'CIN'],
    ['Episodes.PLACE', 'PLACE'],
    ['Episodes.PLACE_PROVIDER', 'PLACE_PROVIDER'],
    ['Episodes.REC', 'REC'],
    ['Episodes.REASON_PLACE_CHANGE', 'REASON_PLACE_CHANGE'],
    ['Header.ETHNIC', 'ETHNIC'],
    ['Header.SEX', 'SEX'],
    ['OC2.SDQ_REASON', 'SDQ_REASON'],
    ['OC2.HEALTH_ASSESSMENT', 'OC2_FLAG'],
    ['Reviews.REVIEW_CODE', 'REVIEW_CODE'],
    ['Missing.MISSING', 'MISSING'],
    ['OC3.IN_TOUCH', 'IN_TOUCH'],
    ['AD1.SEX_ADOPTR', 'SEX_ADOPTR'],
    ['AD1.LS_ADOPTR', 'LS_ADOPTR'],
    ['AD1.FOSTER_CARE', 'FOSTER_CARE'],
    ['PlacedAdoption.REASON_PLACED_CEASED', 'REASON_PLACED_CEASED'],
    ['PrevPerm.PREV_PERM', 'PREV_PERM'],
    ['SocialWorker.SW_REASON', 'SW_REASON'],
  ])('the 2023/24 list for %s is the 2024 schema’s', (path, field) => {
    const expected = (schemaCodes().get(path) ?? []).map((c) => c.trim())
    expect(expected.length).toBeGreaterThan(1)
    expect([...codesFor(field, 2024)].sort()).toEqual([...expected].sort())
  })

  it('changes SEX from 1/2 to M/F/U with 2024/25', () => {
    expect([...codesFor('SEX', 2024)]).toEqual(['1', '2'])
    expect([...codesFor('SEX', 2025)]).toEqual(['M', 'F', 'U'])
    expect([...codesFor('SEX')].sort()).toEqual(['1', '2', 'F', 'M', 'U'])
  })

  it('adds K3 to the placement types with 2024/25', () => {
    expect(codesFor('PLACE', 2024).has('K3')).toBe(false)
    expect(codesFor('PLACE', 2025).has('K3')).toBe(true)
    expect(codesFor('PLACE', 2030).has('K3')).toBe(true)
    expect(codesFor('PLACE', 2010).has('K3')).toBe(false)
  })

  it('replaces E43/E44 with E45-E48 and adds CUSTOD from 2018/19', () => {
    expect(codesFor('REC', 2018).has('E43')).toBe(true)
    expect(codesFor('REC', 2018).has('E45')).toBe(false)
    expect(codesFor('REC', 2019).has('E43')).toBe(false)
    expect(['E45', 'E46', 'E47', 'E48'].every((c) => codesFor('REC', 2019).has(c))).toBe(true)
    expect(codesFor('REASON_PLACE_CHANGE', 2018).has('CUSTOD')).toBe(false)
    expect(codesFor('REASON_PLACE_CHANGE', 2019).has('CUSTOD')).toBe(true)
  })

  it('cites a source for every list', () => {
    for (const [field, versions] of Object.entries(CODE_LISTS)) {
      for (const version of versions) expect(version.source.length, field).toBeGreaterThan(10)
    }
    expect(codeListSource('PLACE', 2025)).toContain('rule_146')
  })

  it.each([
    ['2017-04-01', 2018],
    ['2018-03-31', 2018],
    ['2018-04-01', 2019],
    ['2024-01-15', 2024],
  ])('dates %s to the year ending March %i', (date, year) => {
    expect(collectionYearOf(date)).toBe(year)
  })

  it('names a year as the DfE does', () => {
    expect(collectionYearLabel(2024)).toBe('2023/24')
    expect(collectionYearLabel(2000)).toBe('1999/00')
  })
})

describe('episode rules, one row at a time', () => {
  it('144 and friends: a code not in the list, or blank where the schema forbids it', async () => {
    const records = await episodes('101,01/04/2017,S,X9,N1,U4,PR1,,', '102,01/04/2017,Q,,N9,U9,PR9,,', '103,01/04/2017,S,c2,N1,U4,,,')
    const violations = validate(records, { collectionYear: 2018 })
    expect(of('144', violations)).toEqual([
      [2, 'LS', "LS 'X9' is not a DfE legal status code for 2017/18: use C1, C2, D1, E1, V2, V3, V4, L1, L2, L3, J1, J2, J3"],
      [3, 'LS', 'LS is blank: enter the legal status code'],
      [4, 'LS', "LS 'c2' is not a DfE legal status code for 2017/18: use C1, C2, D1, E1, V2, V3, V4, L1, L2, L3, J1, J2, J3"],
    ])
    expect(of('143', violations).map((v) => v[0])).toEqual([3])
    expect(of('145', violations).map((v) => v[0])).toEqual([3])
    expect(of('146', violations).map((v) => v[0])).toEqual([3])
    // A blank provider is allowed (the schema says it may be blank).
    expect(of('178', violations).map((v) => v[0])).toEqual([3])
  })

  it('146: K3 is a placement type from 2024/25 only; for a history the year comes from DECOM', async () => {
    const records = await episodes('101,01/05/2023,S,C2,N1,K3,PR1,,', '101,01/05/2024,P,C2,N1,K3,PR1,,')
    expect(of('146', validate(records, { collectionYear: 2024 })).map((v) => v[0])).toEqual([2, 3])
    expect(of('146', validate(records, { collectionYear: 2025 }))).toEqual([])
    expect(of('146', validate(records)).map((v) => v[0])).toEqual([2])
  })

  it('149 and 1009: the year the episode ended decides the list', async () => {
    const records = await read(
      'episodes',
      `${EPISODE_COLUMNS},REASON_PLACE_CHANGE\n101,01/04/2016,S,C2,N1,U4,PR1,01/03/2018,E43,\n102,01/04/2016,S,C2,N1,U4,PR1,01/05/2018,E43,CUSTOD\n103,01/04/2016,S,C2,N1,U4,PR1,01/05/2018,E45,CUSTOD\n`,
    )
    const history = validate(records)
    expect(of('149', history)).toEqual([
      [
        3,
        'REC',
        "REC 'E43' is not a DfE reason episode ceased code for 2018/19: use X1, E11, E12, E2, E3, E4A, E4B, E13, E41, E5, E6, E7, E9, E14, E15, E16, E17, E8, E45, E46, E47, E48",
      ],
    ])
    // CUSTOD: the list of the year the episode started (2016/17), which did not have it.
    expect(of('1009', history).map((v) => v[0])).toEqual([3, 4])
    expect(of('149', validate(records, { collectionYear: 2019 })).map((v) => v[0])).toEqual([2, 3])
  })

  it('356: an episode that ends before it starts', async () => {
    const records = await episodes('101,01/04/2017,S,C2,N1,U4,PR1,31/03/2017,E11', '102,01/04/2017,S,C2,N1,U4,PR1,01/04/2017,E11')
    expect(of('356', validate(records))).toEqual([[2, 'DEC', 'The episode ends (DEC 31/03/2017) before it starts (DECOM 01/04/2017)']])
  })

  it('148: DEC and REC both given or both blank', async () => {
    const records = await episodes('101,01/04/2017,S,C2,N1,U4,PR1,01/05/2017,', '102,01/04/2017,S,C2,N1,U4,PR1,,X1', '103,01/04/2017,S,C2,N1,U4,PR1,,')
    expect(of('148', validate(records))).toEqual([
      [2, 'REC', 'The episode has an end date (DEC 01/05/2017) but no reason it ceased (REC)'],
      [3, 'DEC', "The episode has a reason it ceased (REC 'X1') but no end date (DEC)"],
    ])
  })

  it('380: a temporary placement (T0-T4) may only follow a placement change', async () => {
    const records = await episodes(
      '101,01/04/2017,S,C2,N1,T1,PR1,02/04/2017,X1',
      '101,02/04/2017,P,C2,N1,T2,PR1,03/04/2017,X1',
      '101,03/04/2017,B,C2,N1,T3,PR1,04/04/2017,X1',
      '101,04/04/2017,L,C2,N1,T4,PR1,05/04/2017,X1',
      '101,05/04/2017,P,C2,N1,U4,PR1,,',
    )
    expect(of('380', validate(records))).toEqual([
      [
        2,
        'PLACE',
        'The episode starts with a temporary placement (PLACE T1) but its reason for new episode is S: a temporary placement can only follow a placement change (P or B)',
      ],
      [
        5,
        'PLACE',
        'The episode starts with a temporary placement (PLACE T4) but its reason for new episode is L: a temporary placement can only follow a placement change (P or B)',
      ],
    ])
  })

  it('217t: P2 for an episode open after 28 October 2023, from the 2023/24 return on', async () => {
    const records = await episodes('101,01/04/2023,S,C2,N1,P2,PR1,28/10/2023,X1', '101,28/10/2023,L,C1,N1,P2,PR1,29/10/2023,X1', '101,29/10/2023,L,C2,N1,P2,PR1,,')
    expect(of('217t', validate(records, { collectionYear: 2024 })).map((v) => v[0])).toEqual([3, 4])
    expect(of('217t', validate(records, { collectionYear: 2023 }))).toEqual([])
  })

  it('445 and 446: freeing orders (D1) end and placement orders (E1) begin in December 2005', async () => {
    const records = await episodes('101,31/12/2005,S,D1,N1,U4,PR1,,', '102,01/01/2006,S,D1,N1,U4,PR1,,', '103,30/11/2005,S,E1,N1,U4,PR1,,', '104,01/12/2005,S,E1,N1,U4,PR1,,')
    const violations = validate(records)
    expect(of('445', violations).map((v) => v[0])).toEqual([3])
    expect(of('446', violations).map((v) => v[0])).toEqual([4])
  })
})

describe('episode rules across a child’s episodes', () => {
  it('501: an episode starting before an earlier one ended, wherever the rows are in the file', async () => {
    const records = await episodes(
      '101,01/04/2017,S,C2,N1,U4,PR1,01/06/2017,X1',
      '102,01/04/2017,S,C2,N1,U4,PR1,,',
      // Child 101 again, not next to its first row, and starting before that one ended.
      '101,15/05/2017,P,C2,N1,U5,PR1,01/07/2017,E11',
    )
    expect(of('501', validate(records))).toEqual([
      [4, 'DECOM', 'This episode starts (DECOM 15/05/2017) before the episode on row 2, which started on 01/04/2017, ended (DEC 01/06/2017)'],
    ])
    // The same rows in another order: the same answer.
    expect(of('501', validate([...records].reverse())).map((v) => v[0])).toEqual([4])
  })

  it('501: an episode inside a long one, even when the one between them does not overlap it', async () => {
    const records = await episodes('101,01/01/2017,S,C2,N1,U4,PR1,01/12/2017,X1', '101,01/02/2017,P,C2,N1,U5,PR1,01/03/2017,X1', '101,01/04/2017,P,C2,N1,U6,PR1,01/05/2017,E11')
    expect(of('501', validate(records)).map((v) => v[0])).toEqual([3, 4])
  })

  it('501: episodes that meet (one ends the day the next starts) do not overlap', async () => {
    const records = await episodes('101,01/04/2017,S,C2,N1,U4,PR1,01/06/2017,X1', '101,01/06/2017,P,C2,N1,U5,PR1,,')
    expect(of('501', validate(records))).toEqual([])
  })

  it('142: every episode but the last must have ended', async () => {
    const records = await episodes(
      '101,01/04/2017,S,C2,N1,U4,PR1,,',
      '101,01/06/2017,P,C2,N1,U5,PR1,01/07/2017,',
      '101,01/07/2017,P,C2,N1,U6,PR1,,',
      '102,01/04/2017,S,C2,N1,U4,PR1,,',
    )
    expect(of('142', validate(records))).toEqual([
      [2, 'DEC', 'This episode has no DEC and REC, but the child has a later episode (row 3, starting 01/06/2017)'],
      [3, 'REC', 'This episode has no REC, but the child has a later episode (row 4, starting 01/07/2017)'],
    ])
  })
})

describe('other tables', () => {
  it('101: SEX by the year of the return; blank and unknown values are reported', async () => {
    const records = await header('101,1,01/01/2010,WBRI', '102,M,01/01/2010,WBRI', '103,,01/01/2010,WBRI', '104,X,01/01/2010,WBRI')
    expect(records.map((r) => (r.table === 'header' ? r.data.sex : null))).toEqual(['M', 'M', 'U', 'U'])
    expect(of('101', validate(records, { collectionYear: 2024 }))).toEqual([
      [3, 'SEX', "SEX 'M' is not a DfE sex code for 2023/24: use 1, 2"],
      [4, 'SEX', 'SEX is blank: enter the sex code'],
      [5, 'SEX', "SEX 'X' is not a DfE sex code for 2023/24: use 1, 2"],
    ])
    expect(of('101', validate(records, { collectionYear: 2025 })).map((v) => v[0])).toEqual([2, 4, 5])
    expect(of('101', validate(records)).map((v) => v[0])).toEqual([4, 5])
  })

  it('103: ethnicity blank or not a DfE code', async () => {
    const records = await header('101,1,01/01/2010,WBRI', '102,1,01/01/2010,', '103,1,01/01/2010,White British')
    expect(of('103', validate(records)).map((v) => [v[0], v[2]])).toEqual([
      [3, 'ETHNIC is blank: enter the ethnicity code'],
      [
        4,
        "ETHNIC 'White British' is not a DfE ethnicity code: use WBRI, WIRI, WOTH, WIRT, WROM, MWBC, MWBA, MWAS, MOTH, AIND, APKN, ABAN, AOTH, BCRB, BAFR, BOTH, CHNE, OOTH, REFU, NOBT",
      ],
    ])
  })

  it('304: UASC status ceasing after the 18th birthday', async () => {
    const records = await read('uasc', 'CHILD,SEX,DOB,DUC\n101,1,29/02/2004,28/02/2022\n102,1,29/02/2004,01/03/2022\n103,2,01/06/2000,\n')
    expect(of('304', validate(records))).toEqual([[3, 'DUC', 'UASC status ceases (DUC 01/03/2022) after the child’s 18th birthday (28/02/2022)']])
  })

  it('180, 196 and 181: OC2 scores, reasons and flags', async () => {
    const records = await read(
      'oc2',
      'CHILD,SDQ_SCORE,SDQ_REASON,IMMUNISATIONS,TEETH_CHECK,HEALTH_ASSESSMENT\n101,40,,1,0,1\n102,41,SDQ9,1,2,1\n103,39.5,SDQ1,1.0,,\n104,,SDQ1,,,\n',
    )
    const violations = validate(records)
    expect(of('180', violations).map((v) => [v[0], v[2]])).toEqual([
      [3, "SDQ_SCORE '41' is not a whole number from 0 to 40"],
      [4, "SDQ_SCORE '39.5' is not a whole number from 0 to 40"],
    ])
    expect(of('196', violations).map((v) => v[0])).toEqual([3])
    expect(of('181', violations)).toEqual([[3, 'TEETH_CHECK', "TEETH_CHECK '2' is not 0 or 1"]])
  })

  it('567, 522 and 333: dates in order in the other tables', async () => {
    const missing = await read('missing', 'CHILD,MISSING,MIS_START,MIS_END\n101,M,05/06/2020,01/06/2020\n102,A,05/06/2020,\n103,M,05/06/2020,05/06/2020\n')
    expect(of('567', validate(missing))).toEqual([[2, 'MIS_END', 'The missing or away period ends (MIS_END 01/06/2020) before it starts (MIS_START 05/06/2020)']])
    const placed = await read('placed_for_adoption', 'CHILD,DATE_PLACED,DATE_PLACED_CEASED,REASON_PLACED_CEASED\n101,01/02/2003,26/05/2000,RD1\n102,26/05/2000,,\n')
    expect(of('522', validate(placed)).map((v) => v[0])).toEqual([2])
    const ad1 = await read(
      'ad1',
      'CHILD,DATE_INT,DATE_MATCH,FOSTER_CARE,NB_ADOPTR,SEX_ADOPTR,LS_ADOPTR\n101,03/06/2020,01/06/2020,1,2,MF,L11\n102,01/06/2020,05/06/2020,2,1,XX,L9\n',
    )
    const adoption = validate(ad1)
    expect(of('333', adoption).map((v) => v[0])).toEqual([2])
    expect(adoption.filter((v) => ['114', '176', '177'].includes(v.code)).map((v) => [v.code, v.row])).toEqual([
      ['114', 3],
      ['176', 3],
      ['177', 3],
    ])
  })

  it('INT3x: a child twice in a one-row-per-child table', async () => {
    const records = await read('oc2', 'CHILD,SDQ_SCORE,IMMUNISATIONS,TEETH_CHECK,HEALTH_ASSESSMENT\n101,1,1,1,1\n102,1,1,1,1\n101,2,1,1,1\n')
    expect(of('INT33', validate(records))).toEqual([[4, 'CHILD', "CHILD '101' is already in OC2 (row 2): each child has one OC2 row"]])
  })

  it('INT0x: a child with no Header row, checked only when Header was read, in whatever order', async () => {
    const heads = await header('101,1,01/01/2010,WBRI')
    const eps = await episodes('101,01/04/2017,S,C2,N1,U4,PR1,,', '999,01/04/2017,S,C2,N1,U4,PR1,,')
    expect(of('INT03', validate([...heads, ...eps]))).toEqual([[3, 'CHILD', "CHILD '999' is in Episodes but has no Header row"]])
    expect(of('INT03', validate([...eps, ...heads])).map((v) => v[0])).toEqual([3])
    expect(of('INT03', validate(eps))).toEqual([])
  })
})

describe('running the rules', () => {
  it('lists at most so many violations per rule, and counts them all', async () => {
    const lines = Array.from({ length: 12 }, (_, i) => `${100 + i},01/04/2017,S,X9,N1,U4,PR1,,`)
    const validator = createValidator({ maxViolationsPerRule: 5 })
    for (const record of await episodes(...lines)) validator.check(record)
    const report = validator.finish()
    expect(report.violations).toHaveLength(5)
    expect(report.countsByCode).toEqual({ '144': 12 })
    expect(report.total).toBe(12)
    expect(report.notListed).toBe(7)
  })

  it('runs only the rules it is given', async () => {
    const records = await episodes('101,01/04/2017,S,X9,N1,U4,PR1,31/03/2017,')
    expect(validate(records, { rules: SSDA903_RULES.filter((r) => r.code === '356') }).map((v) => v.code)).toEqual(['356'])
  })

  it('reports on the DfE validator’s sample return, as it streams from the reader', async () => {
    const reader = new Ssda903DirectoryReader(await listSsda903Directory(VALIDATOR_SAMPLES))
    const report = await validateRecords(reader.records(), { collectionYear: 2018, maxViolationsPerRule: Number.POSITIVE_INFINITY })
    expect(reader.result().ok).toBe(true)
    expect(report.total).toBeGreaterThan(0)
    const known = new Set(SSDA903_RULES.map((r) => r.code))
    for (const v of report.violations) {
      expect(known.has(v.code), v.code).toBe(true)
      expect(v.row).toBeGreaterThanOrEqual(2)
      expect(v.child).not.toBe('')
      expect(v.file).toMatch(/\.csv$/)
    }

    // Counted again here, straight from the CSV, for the rules that look at one row.
    const rows = parse(readFileSync(join(VALIDATOR_SAMPLES, 'episodes.csv')), { columns: true }) as Array<Record<string, string>>
    const temporaryFirst = rows.filter((r) => ['T0', 'T1', 'T2', 'T3', 'T4'].includes(r['PLACE'] ?? '') && ['S', 'L', 'T', 'U'].includes(r['RNE'] ?? '')).length
    const decWithoutRec = rows.filter((r) => (r['DEC'] === '') !== (r['REC'] === '')).length
    const freeingAfter2005 = rows.filter((r) => r['LS'] === 'D1').length
    expect(report.countsByCode['380']).toBe(temporaryFirst)
    expect(report.countsByCode['148']).toBe(decWithoutRec)
    expect(report.countsByCode['445']).toBe(freeingAfter2005)
    // The sample is dated 2017/18 but uses the E45-E48 reasons and CUSTOD, which that year's lists did not have.
    expect(report.countsByCode['149']).toBe(rows.filter((r) => ['E45', 'E46', 'E47', 'E48'].includes(r['REC'] ?? '')).length)
    expect(report.countsByCode['1009']).toBe(rows.filter((r) => r['REASON_PLACE_CHANGE'] === 'CUSTOD').length)
    // Overlapping and unfinished episodes are there too.
    expect(report.countsByCode['501']).toBeGreaterThan(0)
    expect(report.countsByCode['142']).toBeGreaterThan(0)
    // And none of the codes this sample gets right.
    expect(report.countsByCode['144']).toBeUndefined()
    expect(report.countsByCode['146']).toBeUndefined()
    expect(report.countsByCode['101']).toBeUndefined()
  })
})
