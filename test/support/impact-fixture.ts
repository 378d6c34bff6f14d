import type { Database } from '../../server/platform/db/index.js'
import { caseOutcomes, cases, referralChildren, followUps, panelDecisions, panelMeetings, referrals } from '../../server/platform/db/schema.js'
import { addCalendarMonths } from '../../server/platform/time/index.js'
import { createTestChild, type TestOrganisation } from './app.js'

/**
 * Casework a person can check by hand, for the impact figures (financial year 2025/26):
 *
 * - 7 risk-of-care referrals from child protection, received Thursday 1 May 2025, all accepted
 *   Thursday 8 May: 4 working days (Monday 5 May is the early May bank holiday). Closed
 *   1 October 2025: 5 remained at home (1 of them found in care at the 3-month follow-up),
 *   2 entered care.
 * - 2 crisis referrals from the front door, received Monday 2 June 2025, decided Tuesday
 *   3 June (1 working day): 1 accepted and closed 1 December 2025, remained at home; 1 declined.
 * - A draft and a referral received in December 2024: outside every figure for 2025/26.
 *
 * Success rate (API.md): crisis and risk of care, 8 children worked with, 3 entered care
 * (2 at closure, 1 at follow-up), 5 not in care: 62.5%.
 * Acceptance: 8 accepted of 9 decided, 88.9%. Median time to decision: 4 working days.
 */
export async function seedImpactFixture(database: Database, org: TestOrganisation) {
  const db = database.db
  const [meeting] = await db.insert(panelMeetings).values({ organisationId: org.id, date: '2025-05-08' }).returning()
  if (!meeting) throw new Error('no meeting')
  const meetingId = meeting.id
  const children: Array<{ id: string; sex: string; ethnicity: string; dateOfBirth: string }> = []

  async function referral(
    n: number,
    input: {
      strand: string
      team: string
      received: string
      decision?: string
      decided?: string
      status?: string
      outcome?: string
      closed?: string
      laterInCare?: boolean
      child?: { sex: string; ethnicity: string; dateOfBirth: string; send?: string; disability?: boolean }
    },
  ) {
    const { child, family } = await createTestChild(database, org.id, { givenName: `Child${n}`, familyName: `Impact${n}`, ...(input.child ?? {}) })
    children.push({ id: child.id, sex: child.sex, ethnicity: child.ethnicity, dateOfBirth: child.dateOfBirth })
    const [r] = await db
      .insert(referrals)
      .values({
        organisationId: org.id,
        familyId: family.id,
        strand: input.strand,
        status: input.status ?? input.decision ?? 'awaiting_panel',
        referrerId: org.users.referrer.id,
        referrerTeam: input.team,
        reason: 'Fixture',
        submittedAt: input.status === 'draft' ? null : new Date(`${input.received}T10:00:00Z`),
      })
      .returning()
    if (!r) throw new Error('no referral')
    await db.insert(referralChildren).values({ referralId: r.id, childId: child.id })
    if (input.decision && input.decided) {
      await db.insert(panelDecisions).values({
        referralId: r.id,
        panelMeetingId: meetingId,
        decision: input.decision,
        rationale: 'Fixture',
        decidedBy: org.users.panel_chair.id,
        decidedAt: new Date(`${input.decided}T14:00:00Z`),
      })
    }
    if (input.decision === 'accepted') {
      const [k] = await db
        .insert(cases)
        .values({
          organisationId: org.id,
          familyId: family.id,
          referralId: r.id,
          strand: input.strand,
          status: input.closed ? 'closed' : 'active',
          teamId: org.teamId,
          leadWorkerId: org.users.family_support_worker.id,
          acceptedAt: new Date(`${input.decided}T14:00:00Z`),
          closureDate: input.closed ?? null,
          closedAt: input.closed ? new Date(`${input.closed}T12:00:00Z`) : null,
        })
        .returning()
      if (!k) throw new Error('no case')
      if (input.closed && input.outcome) {
        await db.insert(caseOutcomes).values({ caseId: k.id, childId: child.id, outcome: input.outcome })
        await db.insert(followUps).values({
          caseId: k.id,
          childId: child.id,
          monthsAfterClosure: 3,
          dueDate: addCalendarMonths(input.closed, 3),
          status: input.laterInCare ? 'in_care' : 'at_home',
          source: 'recorded',
        })
      }
    }
  }

  const risk = { strand: 'risk_of_care', team: 'child_protection', received: '2025-05-01', decision: 'accepted', decided: '2025-05-08', closed: '2025-10-01' }
  let n = 0
  for (let i = 0; i < 5; i++)
    await referral(++n, {
      ...risk,
      outcome: 'remained_at_home',
      laterInCare: i === 0,
      child: { sex: 'M', ethnicity: 'WBRI', dateOfBirth: '2011-01-01', send: i < 2 ? 'ehcp' : 'none' },
    })
  for (let i = 0; i < 2; i++) await referral(++n, { ...risk, outcome: 'entered_care', child: { sex: 'F', ethnicity: 'BAFR', dateOfBirth: '2009-01-01' } })
  await referral(++n, {
    strand: 'crisis',
    team: 'front_door',
    received: '2025-06-02',
    decision: 'accepted',
    decided: '2025-06-03',
    closed: '2025-12-01',
    outcome: 'remained_at_home',
    child: { sex: 'F', ethnicity: 'WBRI', dateOfBirth: '2013-06-01', disability: true },
  })
  await referral(++n, {
    strand: 'crisis',
    team: 'front_door',
    received: '2025-06-02',
    decision: 'declined',
    decided: '2025-06-03',
    child: { sex: 'M', ethnicity: 'WBRI', dateOfBirth: '2010-06-01' },
  })
  await referral(++n, { strand: 'crisis', team: 'front_door', received: '2025-06-02', status: 'draft' })
  await referral(++n, { strand: 'risk_of_care', team: 'child_in_need', received: '2024-12-01' })
  return { children }
}
