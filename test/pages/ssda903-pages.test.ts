import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { and, eq } from 'drizzle-orm'
import { createTestDatabase } from '../support/database.js'
import { createTestApp, createTestOrganisation, TestAgent, type TestOrganisation } from '../support/app.js'
import type { Database } from '../../server/platform/db/index.js'
import { auditEvents, ssda903Imports } from '../../server/platform/db/schema.js'
import { ssda903UploadFiles, ssda903Uploads } from '../../server/modules/ssda903/schema.js'
import { countSsda903Rows } from '../../server/modules/ssda903/index.js'

/** The SSDA903 pages as the analyst uses them: upload, the status page until it ends, the history and each report, the population, the indicators. */
let database: Database
let app: FastifyInstance
let org: TestOrganisation

beforeAll(async () => {
  database = await createTestDatabase()
  app = await createTestApp(database)
  org = await createTestOrganisation(database, 'S903P')
})
afterAll(async () => {
  await app.close()
  await database.close()
})

const HEADER = 'CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\nC1,M,01/01/2010,WBRI,,,\nC2,F,01/06/2012,WIRI,,,\nC3,F,15/03/2008,WBRI,,,\n'
const EPISODES_COLUMNS = 'CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n'
/**
 * At 31 March 2024: C1 and C2 looked after (C1 in U4 foster care, C2 in K2), C3 left care on
 * 1 February 2024 (E4A, returned home). C2's placement code ZZ is not in the DfE list: a rule
 * violation, imported and reported.
 */
const EPISODES = EPISODES_COLUMNS + 'C1,01/04/2023,S,C2,N1,U4,PR1,,,,,,\n' + 'C2,01/05/2023,S,C2,N2,ZZ,PR4,,,,,,\n' + 'C3,01/06/2022,S,V2,N1,U1,PR1,01/02/2024,E4A,,,,\n'

function multipart(fields: Record<string, string>, files: Array<{ name: string; fileName: string; content: string }>) {
  const boundary = '----eoc903test'
  const parts: string[] = []
  for (const [name, value] of Object.entries(fields)) parts.push(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`)
  for (const f of files) parts.push(`--${boundary}\r\nContent-Disposition: form-data; name="${f.name}"; filename="${f.fileName}"\r\nContent-Type: text/csv\r\n\r\n${f.content}\r\n`)
  return { payload: `${parts.join('')}--${boundary}--\r\n`, contentType: `multipart/form-data; boundary=${boundary}` }
}

async function postMultipart(agent: TestAgent, url: string, fields: Record<string, string>, files: Array<{ name: string; fileName: string; content: string }>) {
  const { payload, contentType } = multipart({ _csrf: agent.lastCsrf, ...fields }, files)
  const cookie = [...agent.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
  return app.inject({ method: 'POST', url, payload, headers: { cookie, 'content-type': contentType, accept: 'text/html' } })
}

/** Reads the status page until it stops refreshing itself. */
async function waitForEnd(agent: TestAgent, url: string) {
  for (let i = 0; i < 200; i++) {
    const page = await agent.get(url)
    expect(page.statusCode).toBe(200)
    if (page.headers.refresh === undefined) return page
    expect(page.body).toContain('data-qa="refreshing"')
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error('The upload did not finish')
}

describe('SSDA903 pages', () => {
  it('upload → status page that refreshes → done with the report; the history says who imported what', async () => {
    const analyst = new TestAgent(app)
    await analyst.signIn(org.users.analyst.email)
    const form = await analyst.get('/ssda903/imports/new')
    expect(form.statusCode).toBe(200)
    expect(form.body).toContain('enctype="multipart/form-data"')

    const none = await postMultipart(analyst, '/ssda903/imports/new', { mode: 'history' }, [])
    expect(none.statusCode).toBe(422)
    expect(none.body).toContain('Select the SSDA903 CSV files to upload')
    const badYear = await postMultipart(analyst, '/ssda903/imports/new', { mode: 'year', year: '24' }, [{ name: 'files', fileName: 'header.csv', content: HEADER }])
    expect(badYear.statusCode).toBe(422)
    expect(badYear.body).toContain('Enter the collection year as 4 digits')

    await analyst.get('/ssda903/imports/new')
    const sent = await postMultipart(analyst, '/ssda903/imports/new', { mode: 'history' }, [
      { name: 'files', fileName: 'header.csv', content: HEADER },
      { name: 'files', fileName: 'episodes.csv', content: EPISODES },
      { name: 'files', fileName: 'notes.csv', content: 'a,b\n1,2\n' },
    ])
    expect(sent.statusCode).toBe(303)
    const statusUrl = sent.headers.location as string
    expect(statusUrl).toMatch(/^\/ssda903\/uploads\/[0-9a-f-]{36}$/)

    const done = await waitForEnd(analyst, statusUrl)
    expect(done.body).toContain('data-qa="upload-done"')
    expect(done.body).toContain('Import complete')
    expect(await countSsda903Rows(database.db, org.id)).toMatchObject({ header: 3, episodes: 3 })
    // The files are not kept once imported.
    const uploadId = statusUrl.split('/').pop() as string
    expect(await database.db.select().from(ssda903UploadFiles).where(eq(ssda903UploadFiles.uploadId, uploadId))).toHaveLength(0)
    const [upload] = await database.db.select().from(ssda903Uploads).where(eq(ssda903Uploads.id, uploadId))
    expect(upload).toMatchObject({ status: 'succeeded', userId: org.users.analyst.id })

    const reportUrl = /href="(\/ssda903\/imports\/[0-9a-f-]{36})" data-qa="report-link"/.exec(done.body)?.[1] as string
    const report = await analyst.get(reportUrl)
    expect(report.statusCode).toBe(200)
    expect(report.body).toContain('data-qa="rule-violations"')
    const [stored] = await database.db
      .select()
      .from(ssda903Imports)
      .where(eq(ssda903Imports.id, upload?.importId as string))
    const byCode = (stored?.report as { violationsByCode: Record<string, number> }).violationsByCode
    const placeCode = Object.keys(byCode)[0] as string
    expect(placeCode).toBeTruthy()
    expect(report.body).toContain(placeCode)
    expect(report.body).toContain('ZZ')
    expect(report.body).toContain('notes.csv') // listed as left out
    const csv = await analyst.get(`${reportUrl}?format=csv`)
    expect(csv.headers['content-type']).toContain('text/csv')
    expect(csv.body).toContain('DfE rule,File,Row,Column,Child,Problem')
    expect(csv.body).toContain('episodes.csv,3,PLACE,C2')

    const history = await analyst.get('/ssda903/imports')
    expect(history.body).toContain('data-qa="imports"')
    expect(history.body).toContain('analyst of S903P')
    expect(history.body).toContain('header.csv, episodes.csv')

    const audit = await database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.organisationId, org.id), eq(auditEvents.action, 'ssda903.upload')))
    expect(audit).toHaveLength(1)
    // The report names children: its view and its download are audited, beside the import itself.
    const views = await database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.organisationId, org.id), eq(auditEvents.recordId, upload?.importId as string)))
    expect(views.map((v) => v.action).sort()).toEqual(['export.csv', 'ssda903.import', 'ssda903.import.view'])
  })

  it('a structural error: nothing changes, and the report lists the file, row, column and message', async () => {
    const analyst = new TestAgent(app)
    await analyst.signIn(org.users.analyst.email)
    await analyst.get('/ssda903/imports/new')
    const broken = EPISODES_COLUMNS + 'C1,31/02/2023,S,C2,N1,U4,PR1,,,,,,\n,01/05/2023,S,C2,N2,U4,PR4,,,,,,\n'
    const sent = await postMultipart(analyst, '/ssda903/imports/new', { mode: 'year', year: '2024' }, [{ name: 'files', fileName: 'episodes.csv', content: broken }])
    expect(sent.statusCode).toBe(303)
    const done = await waitForEnd(analyst, sent.headers.location as string)
    expect(done.body).toContain('data-qa="upload-failed"')
    expect(done.body).toContain('Nothing was changed')
    expect(await countSsda903Rows(database.db, org.id)).toMatchObject({ header: 3, episodes: 3 })
    const reportUrl = /href="(\/ssda903\/imports\/[0-9a-f-]{36})" data-qa="report-link"/.exec(done.body)?.[1] as string
    const report = await analyst.get(reportUrl)
    expect(report.body).toContain('data-qa="structural-errors"')
    expect(report.body).toContain('31/02/2023')
    expect(report.body).toMatch(/episodes\.csv<\/th>\s*<td class="govuk-table__cell govuk-table__cell--numeric">2<\/td>\s*<td class="govuk-table__cell">DECOM<\/td>/)
  })

  it('population denominators: entered as CSV, checked, and used for the rate per 10,000', async () => {
    const analyst = new TestAgent(app)
    await analyst.signIn(org.users.analyst.email)
    await analyst.get('/ssda903/population')
    const bad = await postMultipart(analyst, '/ssda903/population', { csv: 'year,age_band,sex,population\n2024,all,all,lots\n' }, [])
    expect(bad.statusCode).toBe(422)
    expect(bad.body).toContain('Row 2: the population must be a whole number of people')
    await analyst.get('/ssda903/population')
    // Two looked after at 31 March 2024 of 4,000 under-18s: 2 ÷ 4,000 × 10,000 = 5.0.
    const saved = await postMultipart(analyst, '/ssda903/population', { csv: '' }, [
      { name: 'file', fileName: 'population.csv', content: 'year,age_band,sex,population\n2023,all,all,3900\n2024,all,all,4000\n' },
    ])
    expect(saved.statusCode).toBe(303)
    const page = await analyst.get('/ssda903/population?saved=1')
    expect(page.body).toContain('Years held: 2023, 2024')

    const indicators = await analyst.get('/ssda903/indicators?at=2024-03-31')
    expect(indicators.statusCode).toBe(200)
    const headline = indicators.body.slice(indicators.body.indexOf('data-qa="headline"'))
    expect(headline).toMatch(/Children looked after<\/th>\s*<td[^>]*>2<\/td>/)
    expect(headline).toMatch(/per 10,000 under 18<\/th>\s*<td[^>]*>5<\/td>/)
  })

  it('indicators: trend, breakdowns, projections with the method, every table as CSV and Excel; comparators beside', async () => {
    const analyst = new TestAgent(app)
    await analyst.signIn(org.users.analyst.email)
    const page = await analyst.get('/ssda903/indicators?at=2024-03-31')
    expect(page.body).toContain('<svg aria-hidden="true"')
    expect(page.body).toContain('data-qa="projection-method"')
    expect(page.body).toContain('Children looked after by time in care')
    // C3 ceased on 1 February 2024, reason E4A, aged 15 that day.
    const ceased = page.body.slice(page.body.indexOf('data-qa="table-ceased-reason"'))
    expect(ceased).toMatch(/E4A<\/th>\s*<td[^>]*>1<\/td>/)
    const trendCsv = await analyst.get('/ssda903/indicators?at=2024-03-31&table=trend&format=csv')
    expect(trendCsv.headers['content-type']).toContain('text/csv')
    expect(trendCsv.body.split('\r\n')[0]).toBe(
      '\uFEFFQuarter end,Looked after,Per 10,000,Started in the year to date,Ceased in the year to date,Three or more placements (%),Long-term stability (%)'.replace(
        'Per 10,000',
        '"Per 10,000"',
      ),
    )
    expect(trendCsv.body.trim().split('\r\n')).toHaveLength(10) // the quarter and the eight before
    const xlsx = await analyst.get('/ssda903/indicators?at=2024-03-31&format=xlsx')
    expect(xlsx.headers['content-type']).toContain('spreadsheetml')

    const form = await analyst.get('/ssda903/comparators?at=2024-03-31')
    expect(form.statusCode).toBe(200)
    const changedAt = /name="changedAt" value="([^"]*)"/.exec(form.body)?.[1] ?? ''
    const wrong = await analyst.post('/ssda903/comparators', { at: '2024-03-31', changedAt, ratePer10000__england: 'seventy' })
    expect(wrong.statusCode).toBe(422)
    expect(wrong.body).toContain('as a number')
    const ok = await analyst.post('/ssda903/comparators', { at: '2024-03-31', changedAt, ratePer10000__england: '71', ratePer10000__statistical_neighbours: '88.5' })
    expect(ok.statusCode).toBe(303)
    const stale = await analyst.post('/ssda903/comparators', { at: '2024-03-31', changedAt, ratePer10000__england: '70' })
    expect(stale.statusCode).toBe(409)
    const withComparators = await analyst.get('/ssda903/indicators?at=2024-03-31')
    const headline = withComparators.body.slice(withComparators.body.indexOf('data-qa="headline"'))
    expect(headline).toMatch(/per 10,000 under 18<\/th>\s*<td[^>]*>5<\/td>\s*<td[^>]*>88.5<\/td>\s*<td[^>]*>71<\/td>/)
  })

  it('while an import waits or runs, the status page reloads itself (HTTP Refresh, no script) and the user can stop it', async () => {
    const [upload] = await database.db
      .insert(ssda903Uploads)
      .values({
        organisationId: org.id,
        userId: org.users.analyst.id,
        status: 'running',
        phase: 'importing',
        currentFile: 'episodes.csv',
        bytesRead: 300,
        totalBytes: 1000,
        fileNames: ['episodes.csv'],
      })
      .returning()
    const analyst = new TestAgent(app)
    await analyst.signIn(org.users.analyst.email)
    const running = await analyst.get(`/ssda903/uploads/${upload?.id}`)
    expect(running.headers.refresh).toBe('3')
    expect(running.body).toContain('Importing the rows: 30% done.')
    expect(running.body).toContain('Reading episodes.csv.')
    const stopped = await analyst.get(`/ssda903/uploads/${upload?.id}?refresh=off`)
    expect(stopped.headers.refresh).toBeUndefined()
    expect(stopped.body).toContain('data-qa="check-again"')
    await database.db
      .update(ssda903Uploads)
      .set({ status: 'error', failure: 'The database went away' })
      .where(eq(ssda903Uploads.id, upload?.id as string))
    const failed = await analyst.get(`/ssda903/uploads/${upload?.id}`)
    expect(failed.headers.refresh).toBeUndefined()
    expect(failed.body).toContain('data-qa="upload-error"')
    expect(failed.body).toContain('The database went away')
  })

  it('who may see what: a board viewer reads the indicators but cannot import; another council sees none of it', async () => {
    const viewer = new TestAgent(app)
    await viewer.signIn(org.users.board_viewer.email)
    expect((await viewer.get('/ssda903/indicators')).statusCode).toBe(200)
    expect((await viewer.get('/ssda903/imports')).statusCode).toBe(403)
    // An upload needs the form's CSRF token like every other form.
    const analyst = new TestAgent(app)
    await analyst.signIn(org.users.analyst.email)
    analyst.lastCsrf = 'not-the-token'
    expect((await postMultipart(analyst, '/ssda903/imports/new', { mode: 'history' }, [{ name: 'files', fileName: 'header.csv', content: HEADER }])).statusCode).toBe(403)
    const otherOrg = await createTestOrganisation(database, 'S903Q')
    const stranger = new TestAgent(app)
    await stranger.signIn(otherOrg.users.analyst.email)
    const [upload] = await database.db.select().from(ssda903Uploads).where(eq(ssda903Uploads.organisationId, org.id))
    expect((await stranger.get(`/ssda903/uploads/${upload?.id}`)).statusCode).toBe(404)
    expect((await stranger.get(`/ssda903/imports/${upload?.importId}`)).statusCode).toBe(404)
    expect((await stranger.get('/ssda903/imports')).body).toContain('data-qa="no-imports"')
  })
})
