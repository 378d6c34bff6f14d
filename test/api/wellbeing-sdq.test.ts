import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { count } from 'drizzle-orm'
import { createTestDatabase } from '../support/database.js'
import { createTestApp, createTestOrganisation, tokenFor, type TestOrganisation } from '../support/app.js'
import type { Database } from '../../server/platform/db/index.js'
import { auditEvents } from '../../server/platform/db/schema.js'

const URL = '/api/v1/wellbeing/sdq/score'

let database: Database
let app: FastifyInstance
let org: TestOrganisation
let practitionerToken: string

beforeAll(async () => {
  database = await createTestDatabase()
  app = await createTestApp(database)
  org = await createTestOrganisation(database, 'SDQA')
  practitionerToken = await tokenFor(database, org.users.wellbeing_practitioner.id)
})
afterAll(async () => {
  await app.close()
  await database.close()
})

const score = (body: unknown, token: string | null = practitionerToken) =>
  app.inject({
    method: 'POST',
    url: URL,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), 'content-type': 'application/json' },
    payload: JSON.stringify(body),
  })

/**
 * A full carer questionnaire, worked by hand (reversed items 7, 11, 14, 21, 25 score 2 - answer):
 *   emotional     3:0  8:0  13:1  16:2  24:1                 = 4
 *   conduct       5:1  7:1→1  12:0  18:1  22:0               = 3
 *   hyperactivity 2:1  10:0  15:2  21:0→2  25:0→2            = 7
 *   peer          6:0  11:2→0  14:1→1  19:0  23:1            = 2
 *   prosocial     1:2  4:2  9:2  17:1  20:2                  = 9
 *   total 4 + 3 + 7 + 2 = 16: carer borderline (14-16), teacher concern (16-40), self borderline (16-19)
 *   externalising 3 + 7 = 10, internalising 4 + 2 = 6
 */
const fullForm = {
  '1': 2,
  '2': 1,
  '3': 0,
  '4': 2,
  '5': 1,
  '6': 0,
  '7': 1,
  '8': 0,
  '9': 2,
  '10': 0,
  '11': 2,
  '12': 0,
  '13': 1,
  '14': 1,
  '15': 2,
  '16': 2,
  '17': 1,
  '18': 1,
  '19': 0,
  '20': 2,
  '21': 0,
  '22': 0,
  '23': 1,
  '24': 1,
  '25': 0,
}
const fullFormScores = { emotional: 4, conduct: 3, hyperactivity: 7, peer: 2, prosocial: 9, totalDifficulties: 16, externalising: 10, internalising: 6 }

const errorsOf = (body: { errors: { field: string; message: string }[] }) => [...body.errors].sort((a, b) => a.field.localeCompare(b.field))

describe('POST /api/v1/wellbeing/sdq/score', () => {
  it('scores a full carer questionnaire', async () => {
    const res = await score({ informant: 'carer', answers: fullForm })
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toContain('application/json')
    expect(res.json()).toEqual({ ...fullFormScores, band: 'borderline', impactScore: null })
  })

  it('bands the same total of 16 by who completed it', async () => {
    const bands: Record<string, string> = {}
    for (const informant of ['carer', 'teacher', 'self']) bands[informant] = (await score({ informant, answers: fullForm })).json().band
    expect(bands).toEqual({ carer: 'borderline', teacher: 'concern', self: 'borderline' })
  })

  it('scores the impact supplement: options 0-3 score 0, 0, 1, 2', async () => {
    // distress "quite a lot" 1 + home life "a great deal" 2 + friendships "only a little" 0
    // + classroom learning "a great deal" 2 + leisure "not at all" 0 = 5
    const impact = { distress: 2, homeLife: 3, friendships: 1, classroomLearning: 3, leisureActivities: 0 }
    const res = await score({ informant: 'carer', answers: fullForm, impact })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ ...fullFormScores, band: 'borderline', impactScore: 5 })
    // The teacher version: distress, peer relationships and classroom learning only; "a great deal" each: 6.
    const teacher = await score({ informant: 'teacher', answers: fullForm, impact: { distress: 3, friendships: 3, classroomLearning: 3 } })
    expect(teacher.json().impactScore).toBe(6)
  })

  it('prorates scales with missing items and leaves out what cannot be scored', async () => {
    // Items 3 and 8 left out, 6 and 21 sent as null, 19 left out:
    //   emotional 13:1 16:2 24:1 = 4 from 3 items: 4 × 5 / 3 = 6.67 → 7
    //   hyperactivity 2:1 10:0 15:2 25:0→2 = 5 from 4 items: 25 / 4 = 6.25 → 6
    //   peer 11:2→0 14:1→1 23:1 = 2 from 3 items: 10 / 3 = 3.33 → 3
    //   conduct 3, prosocial 9 as before. Total 7 + 3 + 6 + 3 = 19 → carer concern (17-40).
    const { '3': _3, '8': _8, '19': _19, ...rest } = fullForm
    const res = await score({ informant: 'carer', answers: { ...rest, '6': null, '21': null } })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({
      emotional: 7,
      conduct: 3,
      hyperactivity: 6,
      peer: 3,
      prosocial: 9,
      totalDifficulties: 19,
      externalising: 9,
      internalising: 10,
      band: 'concern',
      impactScore: null,
    })
  })

  it('answers null for a scale with fewer than 3 items, and for the totals that need it', async () => {
    // Conduct items 5, 12 and 18 left out: conduct has only 7 and 22, so no total, band or externalising.
    const { '5': _5, '12': _12, '18': _18, ...rest } = fullForm
    const res = await score({ informant: 'carer', answers: rest })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({
      emotional: 4,
      conduct: null,
      hyperactivity: 7,
      peer: 2,
      prosocial: 9,
      totalDifficulties: null,
      externalising: null,
      internalising: 6,
      band: null,
      impactScore: null,
    })
    const empty = await score({ informant: 'self', answers: {} })
    expect(empty.json()).toEqual({
      emotional: null,
      conduct: null,
      hyperactivity: null,
      peer: null,
      prosocial: null,
      totalDifficulties: null,
      externalising: null,
      internalising: null,
      band: null,
      impactScore: null,
    })
  })

  it('stores nothing', async () => {
    const before = await database.db.select({ n: count() }).from(auditEvents)
    expect((await score({ informant: 'carer', answers: fullForm })).statusCode).toBe(200)
    expect(await database.db.select({ n: count() }).from(auditEvents)).toEqual(before)
  })

  describe('422 with a JSON Pointer per problem', () => {
    it('items outside 1-25 and answers outside 0-2, every one listed', async () => {
      const res = await score({ informant: 'carer', answers: { ...fullForm, '26': 1, '0': 0, '3': 3, '7': -1, '9': '2', '12': 1.5 } })
      expect(res.statusCode).toBe(422)
      expect(res.headers['content-type']).toContain('application/problem+json')
      expect(res.json()).toMatchObject({ status: 422, title: expect.any(String) })
      expect(errorsOf(res.json())).toEqual([
        { field: '/answers/0', message: 'Item 0 is not an SDQ item: items are numbered 1 to 25' },
        { field: '/answers/12', message: 'Answer to item 12 must be 0, 1 or 2' },
        { field: '/answers/26', message: 'Item 26 is not an SDQ item: items are numbered 1 to 25' },
        { field: '/answers/3', message: 'Answer to item 3 must be 0, 1 or 2' },
        { field: '/answers/7', message: 'Answer to item 7 must be 0, 1 or 2' },
        { field: '/answers/9', message: 'Answer to item 9 must be 0, 1 or 2' },
      ])
    })

    it('an unknown informant', async () => {
      const res = await score({ informant: 'parent', answers: fullForm })
      expect(res.statusCode).toBe(422)
      expect(res.json().errors).toEqual([{ field: '/informant', message: 'Select who completed the questionnaire: carer, teacher or self' }])
    })

    it('an empty body: the informant and the answers', async () => {
      const res = await score({})
      expect(res.statusCode).toBe(422)
      expect(errorsOf(res.json())).toEqual([
        { field: '/answers', message: 'Enter the answers to the questionnaire' },
        { field: '/informant', message: 'Select who completed the questionnaire: carer, teacher or self' },
      ])
    })

    it('answers that are not an object', async () => {
      const res = await score({ informant: 'carer', answers: [0, 1, 2] })
      expect(res.statusCode).toBe(422)
      expect(res.json().errors).toEqual([{ field: '/answers', message: 'Send the answers as an object from item number to answer, like { "1": 2, "2": 0 }' }])
    })

    it('impact answers outside 0-3, unknown impact questions, and questions the teacher version does not ask', async () => {
      const res = await score({ informant: 'teacher', answers: fullForm, impact: { distress: 4, homeLife: 1, sleep: 2 } })
      expect(res.statusCode).toBe(422)
      expect(errorsOf(res.json())).toEqual([
        { field: '/impact/distress', message: 'Answer to the question on distress must be 0 (not at all), 1 (only a little), 2 (quite a lot) or 3 (a great deal)' },
        { field: '/impact/homeLife', message: 'The teacher questionnaire does not ask about home life: leave it out' },
        { field: '/impact/sleep', message: 'sleep is not an SDQ impact question: the questions are distress, homeLife, friendships, classroomLearning, leisureActivities' },
      ])
    })
  })

  it('403 for a board viewer', async () => {
    const res = await score({ informant: 'carer', answers: fullForm }, await tokenFor(database, org.users.board_viewer.id))
    expect(res.statusCode).toBe(403)
    expect(res.headers['content-type']).toContain('application/problem+json')
  })

  it('401 without a token', async () => {
    const res = await score({ informant: 'carer', answers: fullForm }, null)
    expect(res.statusCode).toBe(401)
    expect(res.headers['content-type']).toContain('application/problem+json')
  })

  it('allows the roles that triage and review cases', async () => {
    for (const role of ['family_support_worker', 'senior_practitioner', 'team_manager', 'analyst'] as const) {
      expect((await score({ informant: 'carer', answers: fullForm }, await tokenFor(database, org.users[role].id))).statusCode, role).toBe(200)
    }
  })

  it('is in the OpenAPI document, with the body and answer described from the same schemas', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json()
    const operation = doc.paths['/api/v1/wellbeing/sdq/score']?.post
    expect(operation).toBeDefined()
    expect(operation.tags).toEqual(['Wellbeing'])
    expect(operation.description).toContain('wellbeing_practitioner')
    const body = operation.requestBody.content['application/json'].schema
    expect(body.required).toEqual(['informant', 'answers'])
    expect(body.properties.informant.enum).toEqual(['carer', 'teacher', 'self'])
    expect(Object.keys(body.properties.answers.properties)).toHaveLength(25)
    expect(body.properties.answers.additionalProperties).toBe(false)
    expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['200', '401', '422']))
    const answer = operation.responses['200'].content['application/json'].schema
    expect(Object.keys(answer.properties)).toEqual([
      'emotional',
      'conduct',
      'hyperactivity',
      'peer',
      'prosocial',
      'totalDifficulties',
      'externalising',
      'internalising',
      'band',
      'impactScore',
    ])
  })
})
