import { and, eq, sql } from 'drizzle-orm'
import { rows, type Db, type Executor } from '../../platform/db/index.js'
import type { Ctx } from '../../platform/context.js'
import type { Table, TableCell } from '../../platform/http/tables.js'
import { recordAudit, actor } from '../../platform/audit/index.js'
import { ConflictError, ValidationError, type FieldError } from '../../platform/http/errors.js'
import { formatDate } from '../../platform/time/index.js'
import { impactReferencePopulation } from './schema.js'
import {
  ageBand,
  CHARACTERISTIC_LABELS,
  CHARACTERISTICS,
  disproportionality,
  ethnicGroup,
  FLAG_LABELS,
  GROUPS,
  isGroup,
  type Characteristic,
  type Thresholds,
} from './domain/equality.js'
import { suppressFor, suppressTable, type Audience } from './domain/suppression.js'
import type { Period } from './domain/period.js'
import { parse } from 'csv-parse/sync'

/**
 * The equality page's figures (PRODUCT.md §4). Children supported in a period: every child
 * referred on a case that was open at some time in the period (accepted on or before its end,
 * not closed before its start), counted once, with their age on the day their first such
 * case was accepted. Compared with the reference population the analyst entered and with the
 * children in care on the period's last day from the SSDA903 return, aged 10 to 17.
 */

interface ProfileRow {
  sex: string
  ethnicity: string | null
  send: string | null
  disability: boolean | null
  age: number
  children: number
}

const londonDate = (column: ReturnType<typeof sql>) => sql`((${column}) at time zone 'Europe/London')::date`

async function supportedProfile(db: Executor, organisationId: string, period: Period): Promise<ProfileRow[]> {
  return rows<ProfileRow>(
    db,
    sql`with supported as (
          select c.id, c.sex, c.ethnicity, c.send, c.disability, c.date_of_birth, min(${londonDate(sql`k.accepted_at`)}) as started
          from cases k
          join referral_children rc on rc.referral_id = k.referral_id
          join children c on c.id = rc.child_id
          where k.organisation_id = ${organisationId}::uuid and k.accepted_at is not null
            and ${londonDate(sql`k.accepted_at`)} <= ${period.to}::date
            and (k.closure_date is null or k.closure_date >= ${period.from}::date)
          group by c.id
        )
        select sex, ethnicity, send, disability, extract(year from age(started, date_of_birth))::int as age, count(*)::int as children
        from supported group by 1, 2, 3, 4, 5`,
  )
}

/** Children looked after on `at` aged 10 to 17 that day, from the imported SSDA903 episodes and header. */
async function childrenInCareProfile(db: Executor, organisationId: string, at: string): Promise<{ loaded: boolean; rows: ProfileRow[] }> {
  const [loaded] = await rows<{ any: boolean }>(db, sql`select exists (select 1 from ssda903_episodes where organisation_id = ${organisationId}::uuid) as any`)
  if (!loaded?.any) return { loaded: false, rows: [] }
  const found = await rows<ProfileRow>(
    db,
    sql`with looked_after as (
          select distinct e.child from ssda903_episodes e
          where e.organisation_id = ${organisationId}::uuid and e.decom <= ${at}::date and (e.dec is null or e.dec > ${at}::date)
        )
        select case when h.sex in ('1', 'M') then 'M' when h.sex in ('2', 'F') then 'F' else 'U' end as sex, h.ethnic as ethnicity,
               null as send, null as disability, extract(year from age(${at}::date, h.dob))::int as age, count(*)::int as children
        from looked_after l join ssda903_header h on h.organisation_id = ${organisationId}::uuid and h.child = l.child
        where extract(year from age(${at}::date, h.dob)) between 10 and 17
        group by 1, 2, 3, 4, 5`,
  )
  return { loaded: true, rows: found }
}

function groupOf(characteristic: Characteristic, r: ProfileRow): string | null {
  switch (characteristic) {
    case 'age_band':
      return ageBand(r.age)
    case 'sex':
      return r.sex === 'M' || r.sex === 'F' ? r.sex : 'U'
    case 'ethnicity':
      return ethnicGroup(r.ethnicity)
    case 'send':
      return r.send ?? null
    case 'disability':
      return r.disability === null ? null : r.disability ? 'yes' : 'no'
  }
}

function countBy(characteristic: Characteristic, profile: ProfileRow[]): Map<string, number> {
  const out = new Map<string, number>()
  for (const r of profile) {
    const g = groupOf(characteristic, r)
    if (g !== null) out.set(g, (out.get(g) ?? 0) + r.children)
  }
  return out
}

export interface ReferenceRow {
  characteristic: string
  groupCode: string
  children: number
  source: string
  version: number
  updatedAt: Date
}

export async function referencePopulation(db: Executor, organisationId: string): Promise<ReferenceRow[]> {
  return db
    .select({
      characteristic: impactReferencePopulation.characteristic,
      groupCode: impactReferencePopulation.groupCode,
      children: impactReferencePopulation.children,
      source: impactReferencePopulation.source,
      version: impactReferencePopulation.version,
      updatedAt: impactReferencePopulation.updatedAt,
    })
    .from(impactReferencePopulation)
    .where(eq(impactReferencePopulation.organisationId, organisationId))
}

export interface EqualitySection {
  id: string
  characteristic: Characteristic
  title: string
  population: Table
  childrenInCare: Table | null
  flagged: string[]
}

export interface EqualityReport {
  period: Period
  thresholds: Thresholds
  suppressed: boolean
  supportedTotal: number | string
  reference: { loaded: boolean; source: string | null; updatedAt: Date | null }
  childrenInCare: { loaded: boolean; at: string }
  sections: EqualitySection[]
}

const pct = (x: number | null): number | null => (x === null ? null : Math.round(x * 1000) / 10)
const two = (x: number | null): number | null => (x === null ? null : Math.round(x * 100) / 100)

function comparisonTable(title: string, referenceHeader: string, rowsIn: ReturnType<typeof disproportionality>, hide: boolean, hideReference: boolean): Table {
  const body: Array<Record<string, TableCell>> = rowsIn.map((r) => ({
    label: r.label,
    supported: r.supported,
    supportedShare: pct(r.supportedShare),
    reference: r.reference,
    referenceShare: pct(r.referenceShare),
    ratio: two(r.ratio),
    flag: r.flag ? FLAG_LABELS[r.flag] : '',
  }))
  const total: Record<string, TableCell> = {
    label: 'Total',
    supported: rowsIn.reduce((n, r) => n + r.supported, 0),
    supportedShare: null,
    reference: rowsIn.some((r) => r.reference !== null) ? rowsIn.reduce((n, r) => n + (r.reference ?? 0), 0) : null,
    referenceShare: null,
    ratio: null,
    flag: '',
  }
  const table: Table = {
    title,
    columns: [
      { key: 'label', header: 'Group' },
      { key: 'supported', header: 'Children supported', numeric: true },
      { key: 'supportedShare', header: 'Share supported (%)', numeric: true },
      { key: 'reference', header: referenceHeader, numeric: true },
      { key: 'referenceShare', header: 'Share of comparison (%)', numeric: true },
      { key: 'ratio', header: 'Ratio', numeric: true },
      { key: 'flag', header: 'Flag' },
    ],
    rows: [...body, total],
  }
  if (!hide) return table
  // Children supported are always counts of children; so are children in care. The council's
  // population is published (and large), so it is hidden only when it counts children in care.
  return suppressTable(table, {
    countColumns: [],
    otherCounts: hideReference ? ['supported', 'reference'] : ['supported'],
    isTotalRow: (r) => r.label === 'Total',
    derived: { supportedShare: 'supported', ratio: hideReference ? ['supported', 'reference'] : 'supported', ...(hideReference ? { referenceShare: 'reference' } : {}) },
  })
}

export async function buildEquality(db: Executor, organisationId: string, period: Period, thresholds: Thresholds, audience: Audience): Promise<EqualityReport> {
  const hide = suppressFor(audience)
  const [profile, cic, reference] = await Promise.all([
    supportedProfile(db, organisationId, period),
    childrenInCareProfile(db, organisationId, period.to),
    referencePopulation(db, organisationId),
  ])
  const sections: EqualitySection[] = CHARACTERISTICS.map((characteristic) => {
    const groups = GROUPS[characteristic]
    const supported = countBy(characteristic, profile)
    const ref = reference.filter((r) => r.characteristic === characteristic)
    const refMap = ref.length ? new Map(ref.map((r) => [r.groupCode, r.children])) : null
    const population = disproportionality(groups, supported, refMap, thresholds)
    const careRows =
      cic.loaded && characteristic !== 'send' && characteristic !== 'disability' ? disproportionality(groups, supported, countBy(characteristic, cic.rows), thresholds) : null
    const label = CHARACTERISTIC_LABELS[characteristic]
    const populationTable = comparisonTable(`${label}: children supported and the child population aged 10 to 17`, 'Child population', population, hide, false)
    return {
      id: characteristic.replace('_', '-'),
      characteristic,
      title: label,
      population: populationTable,
      childrenInCare: careRows ? comparisonTable(`${label}: children supported and children in care aged 10 to 17`, 'Children in care', careRows, hide, true) : null,
      // Flags read from the table as shown, so a hidden group is never named as flagged.
      flagged: populationTable.rows.filter((r) => r.flag === FLAG_LABELS.over || r.flag === FLAG_LABELS.under).map((r) => `${String(r.label)} (${String(r.flag).toLowerCase()})`),
    }
  })
  const first = reference[0]
  const supportedTotal = sections[0]?.population.rows.at(-1)?.supported ?? 0
  return {
    period,
    thresholds,
    suppressed: hide,
    supportedTotal: typeof supportedTotal === 'number' || typeof supportedTotal === 'string' ? supportedTotal : 0,
    reference: { loaded: reference.length > 0, source: first?.source ?? null, updatedAt: first?.updatedAt ?? null },
    childrenInCare: { loaded: cic.loaded, at: period.to },
    sections,
  }
}

/** Words for the page and reports when a comparison is missing, so a page never shows an empty table as if it were data. */
export function childrenInCareNote(report: EqualityReport): string {
  return report.childrenInCare.loaded
    ? `Children in care are those looked after on ${formatDate(report.childrenInCare.at)} aged 10 to 17, from the imported SSDA903 return. The return does not record special educational needs or disability.`
    : 'The children-in-care comparison is not available: no SSDA903 return has been imported. A performance analyst can import one with the ssda903 import command.'
}

// ---------------------------------------------------------------- entering the reference population

export interface ReferenceImport {
  csv: string
  source: string
  version: number
}

const MAX_CHILDREN = 10_000_000

/**
 * Reads the analyst's CSV: a header `characteristic,group,children`, then one row per group.
 * Every error is listed with its row; nothing is saved unless every row is good.
 */
export function parseReferenceCsv(csv: string): { rows: Array<{ characteristic: string; groupCode: string; children: number }>; errors: FieldError[] } {
  const errors: FieldError[] = []
  let records: string[][]
  try {
    records = parse(csv.replace(/^\uFEFF/, ''), { skip_empty_lines: true, trim: true, relax_column_count: true }) as string[][]
  } catch {
    return { rows: [], errors: [{ field: '/csv', message: 'The figures could not be read as CSV: check that each row has three values separated by commas' }] }
  }
  const [header, ...body] = records
  if (!header || header.map((h) => h.toLowerCase()).join(',') !== 'characteristic,group,children') {
    return { rows: [], errors: [{ field: '/csv', message: 'The first row must be the headings characteristic,group,children' }] }
  }
  if (!body.length) errors.push({ field: '/csv', message: 'Enter at least one row of figures under the headings' })
  const seen = new Set<string>()
  const out: Array<{ characteristic: string; groupCode: string; children: number }> = []
  body.forEach((cells, i) => {
    const line = i + 2
    const [characteristic = '', groupCode = '', children = ''] = cells
    if (cells.length !== 3) errors.push({ field: '/csv', message: `Row ${line}: give exactly three values: characteristic, group, children` })
    else if (!isGroup(characteristic, groupCode))
      errors.push({ field: '/csv', message: `Row ${line}: “${characteristic}, ${groupCode}” is not a characteristic and group this service knows (see the list below)` })
    else if (!/^\d+$/.test(children) || Number(children) > MAX_CHILDREN)
      errors.push({ field: '/csv', message: `Row ${line}: the number of children must be a whole number from 0 to 10,000,000` })
    else if (seen.has(`${characteristic}/${groupCode}`)) errors.push({ field: '/csv', message: `Row ${line}: ${characteristic} ${groupCode} is given twice` })
    else {
      seen.add(`${characteristic}/${groupCode}`)
      out.push({ characteristic, groupCode, children: Number(children) })
    }
  })
  return { rows: out, errors }
}

/** Replaces the organisation's reference population, in one transaction with its audit event; a stale version is refused. */
export async function replaceReferencePopulation(db: Db, ctx: Ctx, input: ReferenceImport): Promise<{ rows: number; version: number }> {
  const { rows: parsed, errors } = parseReferenceCsv(input.csv)
  const source = input.source.trim()
  if (!source) errors.unshift({ field: '/source', message: 'Enter where the figures come from, for example “ONS mid-2023 population estimates”' })
  else if (source.length > 500) errors.unshift({ field: '/source', message: 'The source must be 500 characters or fewer' })
  if (errors.length) throw new ValidationError(errors)
  const organisationId = ctx.user.organisationId
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${'reference-population:' + organisationId}, 0))`)
    const [current] = await rows<{ version: number | null }>(
      tx,
      sql`select max(version)::int as version from impact_reference_population where organisation_id = ${organisationId}::uuid`,
    )
    const currentVersion = current?.version ?? 0
    if (input.version !== currentVersion)
      throw new ConflictError('stale-version', 'Someone else changed these figures while you were editing them. Check the figures below and enter yours again.')
    await tx.delete(impactReferencePopulation).where(and(eq(impactReferencePopulation.organisationId, organisationId)))
    const version = currentVersion + 1
    await tx.insert(impactReferencePopulation).values(parsed.map((r) => ({ organisationId, ...r, source, version, updatedBy: ctx.user.id })))
    await recordAudit(tx, {
      ...actor(ctx),
      action: 'reference-population.replace',
      recordType: 'organisation',
      recordId: organisationId,
      details: { rows: parsed.length, source, version },
    })
    return { rows: parsed.length, version }
  })
}
