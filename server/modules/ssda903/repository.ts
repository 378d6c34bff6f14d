/**
 * Storage of the SSDA903 tables (Header, Episodes, UASC, OC2) and the import history, per organisation.
 * The other DfE tables (Reviews, Missing, OC3, AD1, ...) are read and validated by the import but not stored yet.
 */
import { and, asc, desc, eq, sql, type SQL } from 'drizzle-orm'
import type { Executor } from '../../platform/db/index.js'
import { ssda903Episodes, ssda903Header, ssda903Imports, ssda903Oc2, ssda903Uasc } from '../../platform/db/schema.js'
import type { EpisodeRow, HeaderRow, Oc2Row, Ssda903Data, UascRow } from './domain/types.js'

/** Rows per INSERT (OC2, the widest table written as a VALUES list, has 16 parameters a row: well under PostgreSQL's 65,535). */
export const INSERT_BATCH_ROWS = 2000

function excluded(column: string): SQL {
  return sql.raw(`excluded."${column}"`)
}

/** Deletes the organisation's stored rows: all of them (a history import), or those of one collection year's return. Header rows are kept for a year (they are upserted). */
export async function deleteSsda903Rows(tx: Executor, organisationId: string, collectionYear: number | undefined): Promise<void> {
  if (collectionYear === undefined) {
    await tx.delete(ssda903Header).where(eq(ssda903Header.organisationId, organisationId))
    await tx.delete(ssda903Episodes).where(eq(ssda903Episodes.organisationId, organisationId))
    await tx.delete(ssda903Uasc).where(eq(ssda903Uasc.organisationId, organisationId))
    await tx.delete(ssda903Oc2).where(eq(ssda903Oc2.organisationId, organisationId))
    return
  }
  await tx.delete(ssda903Episodes).where(and(eq(ssda903Episodes.organisationId, organisationId), eq(ssda903Episodes.collectionYear, collectionYear)))
  await tx.delete(ssda903Uasc).where(and(eq(ssda903Uasc.organisationId, organisationId), eq(ssda903Uasc.collectionYear, collectionYear)))
  await tx.delete(ssda903Oc2).where(and(eq(ssda903Oc2.organisationId, organisationId), eq(ssda903Oc2.collectionYear, collectionYear)))
}

/** The last row for each key: one INSERT ... ON CONFLICT DO UPDATE cannot touch a row twice. */
function lastByKey<R>(rows: readonly R[], key: (row: R) => string): R[] {
  const byKey = new Map<string, R>()
  for (const row of rows) {
    const k = key(row)
    byKey.delete(k)
    byKey.set(k, row)
  }
  return [...byKey.values()]
}

/** Inserts Header rows; a child already stored is updated (the latest import wins). Answers the rows written. */
export async function insertHeaderRows(tx: Executor, organisationId: string, collectionYear: number | null, rows: readonly HeaderRow[]): Promise<number> {
  const unique = lastByKey(rows, (r) => r.child)
  if (unique.length === 0) return 0
  await tx
    .insert(ssda903Header)
    .values(unique.map((r) => ({ organisationId, child: r.child, sex: r.sex, dob: r.dob, ethnic: r.ethnic, upn: r.upn, collectionYear })))
    .onConflictDoUpdate({
      target: [ssda903Header.organisationId, ssda903Header.child],
      set: { sex: excluded('sex'), dob: excluded('dob'), ethnic: excluded('ethnic'), upn: excluded('upn'), collectionYear: excluded('collection_year') },
    })
  return unique.length
}

/**
 * Inserts Episodes keyed by CHILD and DECOM. Where a stored episode has the same key, the later return
 * wins: a row of a history import (no year) or of the same or a later year replaces it; a row of an
 * earlier year's return does not.
 */
export async function insertEpisodeRows(tx: Executor, organisationId: string, collectionYear: number | null, rows: readonly EpisodeRow[]): Promise<number> {
  const unique = lastByKey(rows, (r) => `${r.child}\u0000${r.decom}`)
  if (unique.length === 0) return 0
  // One array parameter per column, unnested into rows: the statement's size does not grow with the
  // batch, and the database parses it once (about three times faster than a VALUES list on PGlite).
  const column = <K extends keyof EpisodeRow>(key: K) => sql.param(unique.map((r) => r[key]))
  await tx.execute(sql`
    insert into ${ssda903Episodes} (organisation_id, child, decom, rne, ls, cin, place, place_provider, dec, rec, reason_place_change, home_post, pl_post, urn, collection_year)
    select ${organisationId}::uuid, e.*, ${collectionYear}::integer
    from unnest(${column('child')}::text[], ${column('decom')}::date[], ${column('rne')}::text[], ${column('ls')}::text[], ${column('cin')}::text[], ${column('place')}::text[],
      ${column('placeProvider')}::text[], ${column('dec')}::date[], ${column('rec')}::text[], ${column('reasonPlaceChange')}::text[], ${column('homePost')}::text[],
      ${column('plPost')}::text[], ${column('urn')}::text[]) as e
    on conflict (organisation_id, child, decom) do update set
      rne = excluded.rne, ls = excluded.ls, cin = excluded.cin, place = excluded.place, place_provider = excluded.place_provider, dec = excluded.dec, rec = excluded.rec,
      reason_place_change = excluded.reason_place_change, home_post = excluded.home_post, pl_post = excluded.pl_post, urn = excluded.urn, collection_year = excluded.collection_year
    where excluded.collection_year is null or ${ssda903Episodes.collectionYear} is null or ${ssda903Episodes.collectionYear} <= excluded.collection_year`)
  return unique.length
}

export async function insertUascRows(tx: Executor, organisationId: string, collectionYear: number | null, rows: readonly UascRow[]): Promise<number> {
  if (rows.length === 0) return 0
  await tx.insert(ssda903Uasc).values(rows.map((r) => ({ organisationId, child: r.child, dob: r.dob, duc: r.duc, collectionYear })))
  return rows.length
}

export async function insertOc2Rows(tx: Executor, organisationId: string, collectionYear: number | null, rows: readonly Oc2Row[]): Promise<number> {
  if (rows.length === 0) return 0
  await tx.insert(ssda903Oc2).values(
    rows.map((r) => ({
      organisationId,
      child: r.child,
      collectionYear,
      dob: r.dob,
      sdqScore: r.sdqScore,
      sdqReason: r.sdqReason,
      healthAssessment: r.healthAssessment,
      immunisations: r.immunisations,
      teethCheck: r.teethCheck,
      convicted: r.convicted ?? null,
      healthCheck: r.healthCheck ?? null,
      substanceMisuse: r.substanceMisuse ?? null,
      interventionReceived: r.interventionReceived ?? null,
      interventionOffered: r.interventionOffered ?? null,
    })),
  )
  return rows.length
}

/** The organisation's stored SSDA903 tables, as `computeIndicators` reads them. OC2 rows come oldest return first, so a child's latest row is the one the indicators keep. */
export async function loadSsda903Data(db: Executor, organisationId: string): Promise<Ssda903Data> {
  const header = await db
    .select({ child: ssda903Header.child, sex: ssda903Header.sex, dob: ssda903Header.dob, ethnic: ssda903Header.ethnic, upn: ssda903Header.upn })
    .from(ssda903Header)
    .where(eq(ssda903Header.organisationId, organisationId))
    .orderBy(asc(ssda903Header.child))
  const episodes = await db
    .select({
      child: ssda903Episodes.child,
      decom: ssda903Episodes.decom,
      rne: ssda903Episodes.rne,
      ls: ssda903Episodes.ls,
      cin: ssda903Episodes.cin,
      place: ssda903Episodes.place,
      placeProvider: ssda903Episodes.placeProvider,
      dec: ssda903Episodes.dec,
      rec: ssda903Episodes.rec,
      reasonPlaceChange: ssda903Episodes.reasonPlaceChange,
      homePost: ssda903Episodes.homePost,
      plPost: ssda903Episodes.plPost,
      urn: ssda903Episodes.urn,
    })
    .from(ssda903Episodes)
    .where(eq(ssda903Episodes.organisationId, organisationId))
    .orderBy(asc(ssda903Episodes.child), asc(ssda903Episodes.decom))
  const uasc = await db
    .select({ child: ssda903Uasc.child, dob: ssda903Uasc.dob, duc: ssda903Uasc.duc })
    .from(ssda903Uasc)
    .where(eq(ssda903Uasc.organisationId, organisationId))
    .orderBy(asc(ssda903Uasc.id))
  const oc2 = await db
    .select({
      child: ssda903Oc2.child,
      dob: ssda903Oc2.dob,
      sdqScore: ssda903Oc2.sdqScore,
      sdqReason: ssda903Oc2.sdqReason,
      healthAssessment: ssda903Oc2.healthAssessment,
      immunisations: ssda903Oc2.immunisations,
      teethCheck: ssda903Oc2.teethCheck,
      convicted: ssda903Oc2.convicted,
      healthCheck: ssda903Oc2.healthCheck,
      substanceMisuse: ssda903Oc2.substanceMisuse,
      interventionReceived: ssda903Oc2.interventionReceived,
      interventionOffered: ssda903Oc2.interventionOffered,
    })
    .from(ssda903Oc2)
    .where(eq(ssda903Oc2.organisationId, organisationId))
    .orderBy(sql`${ssda903Oc2.collectionYear} asc nulls first`, asc(ssda903Oc2.id))
  return { header: header.map((h) => ({ ...h, sex: h.sex === 'M' || h.sex === 'F' ? h.sex : 'U' })), episodes, uasc, oc2 }
}

/** Stored row counts per table, for one organisation. */
export async function countSsda903Rows(db: Executor, organisationId: string): Promise<{ header: number; episodes: number; uasc: number; oc2: number }> {
  const count = async (table: typeof ssda903Header | typeof ssda903Episodes | typeof ssda903Uasc | typeof ssda903Oc2): Promise<number> => {
    const [row] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(table)
      .where(eq(table.organisationId, organisationId))
    return Number(row?.n ?? 0)
  }
  return { header: await count(ssda903Header), episodes: await count(ssda903Episodes), uasc: await count(ssda903Uasc), oc2: await count(ssda903Oc2) }
}

export type Ssda903ImportRecord = typeof ssda903Imports.$inferSelect

/** The organisation's import history, newest first. */
export async function listSsda903Imports(db: Executor, organisationId: string, limit = 50): Promise<Ssda903ImportRecord[]> {
  return db.select().from(ssda903Imports).where(eq(ssda903Imports.organisationId, organisationId)).orderBy(desc(ssda903Imports.startedAt)).limit(limit)
}
