import { sql } from 'drizzle-orm'
import { bigint, customType, date, doublePrecision, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { organisations, ssda903Imports, users } from '../../platform/db/schema.js'

/** Raw file bytes: the uploaded CSV exactly as sent (a byte-order mark, odd encodings and all), for the reader to judge. */
const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value)),
})

/**
 * An upload of SSDA903 files through the web page, imported by a background job (issue 5,
 * "a status page for uploads"). The files wait in `ssda903_upload_files` (in the database, so
 * whichever instance of the service takes the job can read them) and are deleted when the job ends;
 * the upload row stays as the status page's record and points at the import it made.
 */
export const ssda903Uploads = pgTable(
  'ssda903_uploads',
  {
    id: uuid('id')
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    /** 'queued' | 'running' | 'succeeded' | 'failed' (structural errors: see the import) | 'error' (the job itself failed: `failure`). */
    status: text('status').notNull().default('queued'),
    /** The collection year of a single return (by the year it ends); null: a full history. */
    collectionYear: integer('collection_year'),
    fileNames: jsonb('file_names').$type<string[]>().notNull().default([]),
    /** 'checking' | 'importing' while running. */
    phase: text('phase'),
    currentFile: text('current_file'),
    bytesRead: bigint('bytes_read', { mode: 'number' }).notNull().default(0),
    totalBytes: bigint('total_bytes', { mode: 'number' }).notNull().default(0),
    importId: uuid('import_id').references(() => ssda903Imports.id),
    failure: text('failure'),
  },
  (t) => [index('ssda903_uploads_org_created').on(t.organisationId, t.createdAt)],
)

/** The files of an upload until its job has read them. */
export const ssda903UploadFiles = pgTable(
  'ssda903_upload_files',
  {
    id: uuid('id')
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    uploadId: uuid('upload_id')
      .notNull()
      .references(() => ssda903Uploads.id, { onDelete: 'cascade' }),
    fileName: text('file_name').notNull(),
    content: bytea('content').notNull(),
  },
  (t) => [index('ssda903_upload_files_upload').on(t.uploadId)],
)

/** Population denominators (issue 5): under-18s by year, age band and sex; `age_band` and `sex` may be 'all'. Replaced whole by each upload. */
export const ssda903Population = pgTable(
  'ssda903_population',
  {
    id: uuid('id')
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    year: integer('year').notNull(),
    ageBand: text('age_band').notNull(),
    sex: text('sex').notNull(),
    population: integer('population').notNull(),
  },
  (t) => [uniqueIndex('ssda903_population_key').on(t.organisationId, t.year, t.ageBand, t.sex)],
)

/**
 * Comparator and national figures the analyst enters beside the council's own (issue 5,
 * "Pages"): one value per quarter end, measure and comparator, e.g. 31 March 2024, rate per
 * 10,000, England, 71.
 */
export const ssda903Comparators = pgTable(
  'ssda903_comparators',
  {
    id: uuid('id')
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    at: date('at').notNull(),
    /** A key of `COMPARATOR_MEASURES`. */
    measure: text('measure').notNull(),
    /** 'statistical_neighbours' | 'england'. */
    comparator: text('comparator').notNull(),
    value: doublePrecision('value').notNull(),
    updatedBy: uuid('updated_by').references(() => users.id),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('ssda903_comparators_key').on(t.organisationId, t.at, t.measure, t.comparator)],
)
