/**
 * Population denominators (issue 5): "a CSV with columns `year,age_band,sex,population`
 * (under-18s; `age_band` and `sex` may be `all`), uploaded or entered". Each upload replaces the
 * organisation's table; `ratePer10000` (domain/indicators.ts) reads it.
 */
import { parse } from 'csv-parse/sync'
import { asc, eq } from 'drizzle-orm'
import { actor, recordAudit } from '../../platform/audit/index.js'
import type { Ctx } from '../../platform/context.js'
import type { Db, Executor } from '../../platform/db/index.js'
import type { PopulationRow } from './domain/types.js'
import { ssda903Population } from './schema.js'

export const POPULATION_COLUMNS = ['year', 'age_band', 'sex', 'population'] as const

/** The age bands and sexes a row may name; `all` for the total over them. */
export const POPULATION_AGE_BANDS = ['all', 'under1', '1to4', '5to9', '10to15', '16to17'] as const
export const POPULATION_SEXES = ['all', 'M', 'F'] as const

export type PopulationParse = { ok: true; rows: PopulationRow[] } | { ok: false; errors: string[] }

const MAX_ERRORS = 20

/**
 * Reads the CSV: a header row naming the four columns (in any order, any case), then one row
 * each. Every problem is reported with its row number, the header being row 1. A year, age band
 * and sex given twice is refused: which one is right cannot be guessed.
 */
export function parsePopulationCsv(text: string): PopulationParse {
  const source = text.replace(/^\uFEFF/, '').trim()
  if (source === '') return { ok: false, errors: ['Enter the population as CSV, or choose a CSV file: year,age_band,sex,population'] }
  let records: string[][]
  try {
    records = parse(source, { relax_column_count: true, skip_empty_lines: true, trim: true }) as string[][]
  } catch (error) {
    return { ok: false, errors: [`The CSV could not be read: ${error instanceof Error ? error.message : String(error)}`] }
  }
  const [header, ...body] = records
  const names = (header ?? []).map((h) => h.trim().toLowerCase())
  const index = Object.fromEntries(POPULATION_COLUMNS.map((c) => [c, names.indexOf(c)])) as Record<(typeof POPULATION_COLUMNS)[number], number>
  const missing = POPULATION_COLUMNS.filter((c) => index[c] < 0)
  if (missing.length)
    return { ok: false, errors: [`Row 1 must name the columns year,age_band,sex,population: ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing`] }
  if (body.length === 0) return { ok: false, errors: ['The CSV has no rows after its header: add a row for each year'] }
  const errors: string[] = []
  const rows: PopulationRow[] = []
  const seen = new Set<string>()
  body.forEach((cells, i) => {
    const rowNumber = i + 2
    const cell = (c: (typeof POPULATION_COLUMNS)[number]) => (cells[index[c]] ?? '').trim()
    const year = cell('year')
    const ageBand = cell('age_band').toLowerCase() === 'all' ? 'all' : cell('age_band')
    const sexText = cell('sex')
    const sex = sexText.toLowerCase() === 'all' ? 'all' : sexText.toUpperCase()
    const population = cell('population').replace(/,/g, '')
    if (!/^\d{4}$/.test(year)) errors.push(`Row ${rowNumber}: the year must be 4 digits, like 2024, not "${year}"`)
    if (!(POPULATION_AGE_BANDS as readonly string[]).includes(ageBand))
      errors.push(`Row ${rowNumber}: the age band must be one of ${POPULATION_AGE_BANDS.join(', ')}, not "${ageBand}"`)
    if (!(POPULATION_SEXES as readonly string[]).includes(sex)) errors.push(`Row ${rowNumber}: the sex must be all, M or F, not "${sexText}"`)
    if (!/^\d{1,9}$/.test(population)) errors.push(`Row ${rowNumber}: the population must be a whole number of people, not "${cell('population')}"`)
    const key = `${year}|${ageBand}|${sex}`
    if (seen.has(key)) errors.push(`Row ${rowNumber}: ${year}, ${ageBand}, ${sex} is given twice: keep one row`)
    seen.add(key)
    rows.push({ year: Number(year), ageBand, sex, population: Number(population) })
  })
  if (errors.length) return { ok: false, errors: errors.length > MAX_ERRORS ? [...errors.slice(0, MAX_ERRORS), `and ${errors.length - MAX_ERRORS} more problems`] : errors }
  return { ok: true, rows }
}

export function populationToCsv(rows: readonly PopulationRow[]): string {
  return rows.length ? [POPULATION_COLUMNS.join(','), ...rows.map((r) => `${r.year},${r.ageBand},${r.sex},${r.population}`)].join('\n') : ''
}

/** The organisation's population table, by year, age band and sex. */
export async function loadPopulation(db: Executor, organisationId: string): Promise<PopulationRow[]> {
  return db
    .select({ year: ssda903Population.year, ageBand: ssda903Population.ageBand, sex: ssda903Population.sex, population: ssda903Population.population })
    .from(ssda903Population)
    .where(eq(ssda903Population.organisationId, organisationId))
    .orderBy(asc(ssda903Population.year), asc(ssda903Population.ageBand), asc(ssda903Population.sex))
}

/** Replaces the organisation's population table, with its audit event. */
export async function replacePopulation(db: Db, ctx: Ctx, rows: readonly PopulationRow[]): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.delete(ssda903Population).where(eq(ssda903Population.organisationId, ctx.user.organisationId))
    if (rows.length) await tx.insert(ssda903Population).values(rows.map((r) => ({ organisationId: ctx.user.organisationId, ...r })))
    await recordAudit(tx, {
      ...actor(ctx),
      action: 'ssda903.population.replace',
      recordType: 'ssda903_population',
      details: { rows: rows.length, years: [...new Set(rows.map((r) => r.year))] },
    })
  })
}
