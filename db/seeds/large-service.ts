import { eq, sql } from 'drizzle-orm'
import type { Db } from '../../server/platform/db/index.js'
import {
  caseAllocations,
  caseOutcomes,
  cases,
  children,
  contacts,
  families,
  followUps,
  organisations,
  panelDecisions,
  panelMeetings,
  referralChildren,
  referrals,
  teamDistricts,
  teams,
  userRoles,
  users,
} from '../../server/platform/db/schema.js'
import { recordAudit } from '../../server/platform/audit/index.js'
import { hashPassword } from '../../server/platform/auth/passwords.js'
import type { Role } from '../../server/platform/auth/roles.js'
import { addCalendarMonths, addDays, todayInLondon } from '../../server/platform/time/index.js'

/**
 * A large synthetic edge-of-care service for benchmarks (issue 3, "Speed"): two teams, 40
 * workers, five years of history with about 3,000 closed cases and 200 open ones, each with
 * its referral, panel decision, allocation, contacts, outcomes and follow-ups. Every name and
 * date is made up. Deterministic: the same seed and `today` give the same rows, ids included.
 * Fast: rows are built in memory and inserted in chunks, not through the service layer.
 */
export interface LargeServiceOptions {
  code?: string
  today?: string
  seed?: number
  closedCases?: number
  openCases?: number
  waitingCases?: number
  years?: number
  password?: string
}

export interface LargeService {
  organisationId: string
  code: string
  password: string
  teamIds: Record<'North' | 'South', string>
  managerEmails: Record<'North' | 'South', string>
  workerEmails: string[]
  openCaseIds: string[]
  counts: Record<string, number>
}

export const LARGE_SERVICE_PASSWORD = 'large-service-password-2026'

/** mulberry32: a small, fast, seeded generator; good enough to spread synthetic data. */
function generator(seed: number) {
  let a = seed >>> 0
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1))
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T
  /** A version 4 UUID from the generator, so ids repeat run to run. */
  const uuid = () => {
    const hex = Array.from({ length: 32 }, () => Math.floor(next() * 16).toString(16))
    hex[12] = '4'
    hex[16] = ((parseInt(hex[16] as string, 16) & 0x3) | 0x8).toString(16)
    const h = hex.join('')
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
  }
  return { next, int, pick, uuid }
}

const GIVEN = ['Ada', 'Ben', 'Cara', 'Dev', 'Ela', 'Finn', 'Gus', 'Hana', 'Ivo', 'Jas', 'Kit', 'Lea', 'Max', 'Nia', 'Oli', 'Pip', 'Rae', 'Sol', 'Tia', 'Uma', 'Vic', 'Wyn', 'Zac']
const FAMILY = [
  'Ashdown',
  'Birchley',
  'Coldwell',
  'Dunmore',
  'Eastleigh',
  'Fernhill',
  'Greaves',
  'Holloway',
  'Ingram',
  'Jessop',
  'Kettering',
  'Linwood',
  'Marsh',
  'Northcott',
  'Oakes',
  'Penrose',
  'Quarry',
  'Redfern',
  'Sallow',
  'Thorne',
  'Underhill',
  'Vane',
  'Whitlock',
  'Yardley',
]
const DISTRICTS = { North: ['Northgate', 'Highmoor', 'Kettleby', 'Ashford Vale'], South: ['Southwick', 'Lowfield', 'Brampton', 'Millbrook'] } as const
const STRANDS = ['crisis', 'risk_of_care', 'risk_of_care', 'reunification'] as const
const PRIORITIES = ['urgent', 'high', 'standard', 'standard', 'standard'] as const
const CONTACT_TYPES = ['home_visit', 'home_visit', 'home_visit', 'family_meeting', 'network_meeting', 'phone', 'school'] as const
const ETHNICITIES = ['WBRI', 'WBRI', 'WBRI', 'WOTH', 'MWBC', 'APKN', 'BAFR', 'OOTH'] as const
const CHUNK = 1000

/** Inserts rows in chunks, so a statement stays well under PostgreSQL's parameter limit. */
async function insertAll(db: Db, table: Parameters<Db['insert']>[0], rows: Record<string, unknown>[]) {
  for (let i = 0; i < rows.length; i += CHUNK) await db.insert(table).values(rows.slice(i, i + CHUNK) as never)
}

const at = (date: string, hour: number, minute = 0) => new Date(`${date}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00Z`)

/** A number from the organisation's code, so two large services in one database get different ids. */
function codeSeed(code: string): number {
  let h = 2166136261
  for (const ch of code) h = Math.imul(h ^ ch.charCodeAt(0), 16777619)
  return h >>> 0
}

/** Seeds the large service into the database and returns how to sign in to it. */
export async function seedLargeService(db: Db, options: LargeServiceOptions = {}): Promise<LargeService> {
  const code = options.code ?? 'LARGE'
  const password = options.password ?? LARGE_SERVICE_PASSWORD
  const existing = await db.select({ id: organisations.id }).from(organisations).where(eq(organisations.code, code))
  if (existing.length) throw new Error(`Organisation ${code} already exists: the large service is seeded into a fresh database`)
  const built = buildLargeService({ ...options, code }, await hashPassword(password))
  await db.insert(organisations).values(built.organisation)
  for (const [table, list] of built.inserts) await insertAll(db, table, list)
  // After a bulk load the planner needs fresh statistics (the embedded database has no autovacuum to gather them).
  await db.execute(sql`analyze`)
  await db.transaction((tx) =>
    recordAudit(tx, {
      organisationId: built.organisation.id,
      userId: null,
      action: 'seed.large-service',
      recordType: 'organisation',
      recordId: built.organisation.id,
      details: { today: built.today, counts: built.result.counts },
    }),
  )
  return { ...built.result, password }
}

/** Every row of the large service, built in memory: pure and deterministic for a code, seed and day. */
export function buildLargeService(options: LargeServiceOptions & { code: string }, passwordHash: string) {
  const code = options.code
  const today = options.today ?? todayInLondon()
  const closedTarget = options.closedCases ?? 3000
  const openTarget = options.openCases ?? 200
  const waitingTarget = options.waitingCases ?? 25
  const years = options.years ?? 5
  const r = generator((options.seed ?? 20261123) ^ codeSeed(code))
  // Sign-ins are unique across organisations: each large service has its own mail domain (LARGE: large.example).
  const DOMAIN = `${code.toLowerCase()}.example`
  const counts: Record<string, number> = {}
  const count = (name: string, n: number) => (counts[name] = (counts[name] ?? 0) + n)
  const inserts: [Parameters<Db['insert']>[0], Record<string, unknown>[]][] = []

  const organisationId = r.uuid()
  const organisation = { id: organisationId, code, name: `${code} synthetic council` }
  const teamIds = { North: r.uuid(), South: r.uuid() }
  inserts.push([
    teams,
    [
      { id: teamIds.North, organisationId, name: 'North' },
      { id: teamIds.South, organisationId, name: 'South' },
    ],
  ])
  inserts.push([teamDistricts, (['North', 'South'] as const).flatMap((team) => DISTRICTS[team].map((district) => ({ organisationId, district, teamId: teamIds[team] })))])

  // ------------------------------------------------------------ staff: 2 team managers, 40 workers, a panel chair, referrers
  const userRows: (typeof users.$inferInsert)[] = []
  const roleRows: (typeof userRoles.$inferInsert)[] = []
  const person = (email: string, name: string, role: Role, teamId: string | null) => {
    const id = r.uuid()
    userRows.push({ id, organisationId, email, name, passwordHash, teamId, caseloadCap: 6 })
    roleRows.push({ id: r.uuid(), userId: id, role })
    return id
  }
  const managerEmails = { North: `tm.north@${DOMAIN}`, South: `tm.south@${DOMAIN}` }
  const managers = {
    North: person(managerEmails.North, 'North Manager', 'team_manager', teamIds.North),
    South: person(managerEmails.South, 'South Manager', 'team_manager', teamIds.South),
  }
  const chair = person(`panel.chair@${DOMAIN}`, 'Panel Chair', 'panel_chair', null)
  const referrers = Array.from({ length: 6 }, (_, i) => person(`referrer${i + 1}@${DOMAIN}`, `Referrer ${i + 1}`, 'referrer', null))
  const workers: { id: string; team: 'North' | 'South'; email: string }[] = []
  for (const team of ['North', 'South'] as const) {
    for (let i = 1; i <= 20; i++) {
      const role: Role = i <= 4 ? 'senior_practitioner' : 'family_support_worker'
      const email = `${role === 'senior_practitioner' ? 'sp' : 'fsw'}${i}.${team.toLowerCase()}@${DOMAIN}`
      workers.push({ id: person(email, `${team} Worker ${i}`, role, teamIds[team]), team, email })
    }
  }
  inserts.push([users, userRows], [userRoles, roleRows])
  count('users', userRows.length)

  // ------------------------------------------------------------ panel meetings: every other Tuesday for the years
  const start = addCalendarMonths(today, -12 * years)
  const meetings: { id: string; date: string }[] = []
  for (let d = start; d <= addDays(today, 14); d = addDays(d, 14)) meetings.push({ id: r.uuid(), date: d })
  inserts.push([panelMeetings, meetings.map((m) => ({ id: m.id, organisationId, date: m.date, chairId: chair, members: ['Panel Chair'] }))])
  const meetingOn = (date: string) => meetings.find((m) => m.date >= date) ?? (meetings[meetings.length - 1] as { id: string })

  // ------------------------------------------------------------ cases, oldest first
  const rows = {
    families: [] as (typeof families.$inferInsert)[],
    children: [] as (typeof children.$inferInsert)[],
    referrals: [] as (typeof referrals.$inferInsert)[],
    referralChildren: [] as (typeof referralChildren.$inferInsert)[],
    decisions: [] as (typeof panelDecisions.$inferInsert)[],
    cases: [] as (typeof cases.$inferInsert)[],
    allocations: [] as (typeof caseAllocations.$inferInsert)[],
    contacts: [] as (typeof contacts.$inferInsert)[],
    outcomes: [] as (typeof caseOutcomes.$inferInsert)[],
    followUps: [] as (typeof followUps.$inferInsert)[],
  }
  const total = closedTarget + openTarget + waitingTarget
  const spanDays = Math.round((Date.parse(today) - Date.parse(start)) / 86_400_000)
  const openCaseIds: string[] = []
  // Open cases go round the workers so nobody is over their cap of 6 (200 over 40 is 5 each).
  let nextOpenWorker = 0

  for (let i = 0; i < total; i++) {
    const kind = i < closedTarget ? 'closed' : i < closedTarget + openTarget ? 'open' : 'waiting'
    // Closed cases are spread over the years up to about 7 months ago; open ones over the last 6 months; waiting ones over the last month.
    const referredOn =
      kind === 'closed' ? addDays(start, Math.floor((i / closedTarget) * (spanDays - 220))) : kind === 'open' ? addDays(today, -r.int(14, 180)) : addDays(today, -r.int(1, 30))
    const team = r.next() < 0.5 ? ('North' as const) : ('South' as const)
    const district = r.pick(DISTRICTS[team])
    const familyName = r.pick(FAMILY)
    const familyId = r.uuid()
    rows.families.push({ id: familyId, organisationId, name: `${familyName} family`, district })
    const childIds: string[] = []
    const childCount = r.next() < 0.25 ? 2 : 1
    for (let c = 0; c < childCount; c++) {
      const childId = r.uuid()
      childIds.push(childId)
      rows.children.push({
        id: childId,
        organisationId,
        familyId,
        givenName: r.pick(GIVEN),
        familyName,
        dateOfBirth: addDays(referredOn, -r.int(10 * 365 + 3, 17 * 365)),
        sex: r.pick(['M', 'F'] as const),
        ethnicity: r.pick(ETHNICITIES),
        district,
        localChildId: `L${String(i * 2 + c).padStart(6, '0')}`,
      })
    }
    const strand = r.pick(STRANDS)
    const referralId = r.uuid()
    const submittedAt = at(referredOn, r.int(8, 16), r.int(0, 59))
    const decidedOn = strand === 'crisis' ? referredOn : addDays(referredOn, r.int(1, 16))
    const decidedAt = at(decidedOn, r.int(9, 15), r.int(0, 59))
    rows.referrals.push({
      id: referralId,
      organisationId,
      familyId,
      strand,
      status: 'accepted',
      referrerId: r.pick(referrers),
      referrerTeam: r.pick(['front_door', 'child_in_need', 'child_protection', 'children_in_care'] as const),
      reason: 'Synthetic referral for the benchmark',
      presentingNeeds: [r.pick(['exploitation', 'missing', 'domestic_abuse', 'parental_conflict', 'exclusion'] as const)],
      atRiskPlacementType: strand === 'reunification' ? null : r.pick(['residential', 'fostering'] as const),
      currentPlacementType: strand === 'reunification' ? 'fostering' : null,
      consent: 'given',
      screening: { eligible: true, rules: [] },
      submittedAt,
      createdAt: submittedAt,
    })
    for (const childId of childIds) rows.referralChildren.push({ referralId, childId })
    const priority = r.pick(PRIORITIES)
    rows.decisions.push({
      id: r.uuid(),
      referralId,
      panelMeetingId: meetingOn(decidedOn).id,
      decision: 'accepted',
      priority,
      rationale: 'Meets the criteria',
      decidedBy: chair,
      outOfPanel: strand === 'crisis',
      decidedAt,
    })

    const caseId = r.uuid()
    if (kind === 'waiting') {
      rows.cases.push({ id: caseId, organisationId, familyId, referralId, strand, priority, status: 'awaiting_allocation', acceptedAt: decidedAt, createdAt: decidedAt })
      continue
    }
    const lead =
      kind === 'open' ? (workers[nextOpenWorker++ % workers.length] as (typeof workers)[number]) : (r.pick(workers.filter((w) => w.team === team)) as (typeof workers)[number])
    const coWorker = r.next() < 0.2 ? r.pick(workers.filter((w) => w.team === lead.team && w.id !== lead.id)) : null
    const allocatedOn = addDays(decidedOn, strand === 'crisis' ? 0 : r.int(0, 10))
    const lengthDays = strand === 'crisis' ? r.int(21, 70) : r.int(120, 200)
    const closureDate = kind === 'closed' ? addDays(allocatedOn, lengthDays) : null
    rows.cases.push({
      id: caseId,
      organisationId,
      familyId,
      referralId,
      strand,
      priority,
      status: kind === 'closed' ? 'closed' : r.next() < 0.05 ? 'closure_pending' : 'active',
      teamId: teamIds[lead.team],
      leadWorkerId: lead.id,
      coWorkerId: coWorker?.id ?? null,
      acceptedAt: decidedAt,
      closedAt: closureDate ? at(closureDate, 16) : null,
      closureDate,
      closureSummary: closureDate ? 'Synthetic closure' : null,
      closureRequestedBy: closureDate ? lead.id : null,
      createdAt: decidedAt,
    })
    if (kind === 'open') openCaseIds.push(caseId)
    rows.allocations.push({
      id: r.uuid(),
      caseId,
      teamId: teamIds[lead.team],
      leadWorkerId: lead.id,
      coWorkerId: coWorker?.id ?? null,
      allocatedBy: managers[lead.team],
      at: at(allocatedOn, 11),
    })

    // Contacts: the first within a day of acceptance for a crisis (mostly), then about weekly.
    const lastDay = closureDate ?? today
    let contactOn = strand === 'crisis' ? decidedOn : addDays(allocatedOn, r.int(1, 5))
    let first = true
    while (contactOn <= lastDay) {
      const hour = r.int(9, 20)
      // A crisis family is first seen 1 to 30 hours after acceptance: most within the 24-hour target, some not.
      const when = first && strand === 'crisis' ? new Date(decidedAt.getTime() + r.int(1, 30) * 3_600_000) : at(contactOn, hour, r.int(0, 59))
      rows.contacts.push({
        caseId,
        at: when,
        durationMinutes: r.pick([30, 45, 60, 90, 120]),
        type: r.pick(CONTACT_TYPES),
        note: 'Synthetic contact',
        outOfHours: when.getUTCHours() >= 18,
        recordedBy: lead.id,
      })
      first = false
      contactOn = addDays(contactOn, r.int(5, 12))
    }

    if (closureDate) {
      for (const childId of childIds) {
        const entered = r.next() < 0.12
        rows.outcomes.push({ caseId, childId, outcome: entered ? 'entered_care' : 'remained_at_home', placementType: entered ? 'fostering' : null })
        for (const months of [3, 6, 12, 18]) {
          const dueDate = addCalendarMonths(closureDate, months)
          // Past due follow-ups are nearly all recorded; a few are left overdue for the dashboard.
          const recorded = dueDate < today && r.next() > 0.02
          rows.followUps.push({
            caseId,
            childId,
            monthsAfterClosure: months,
            dueDate,
            status: recorded ? (entered ? 'in_care' : 'at_home') : null,
            placementType: recorded && entered ? 'fostering' : null,
            source: recorded ? 'recorded' : null,
            recordedBy: recorded ? lead.id : null,
            recordedAt: recorded ? at(dueDate, 12) : null,
          })
        }
      }
    }
  }

  inserts.push(
    [families, rows.families],
    [children, rows.children],
    [referrals, rows.referrals],
    [referralChildren, rows.referralChildren],
    [panelDecisions, rows.decisions],
    [cases, rows.cases],
    [caseAllocations, rows.allocations],
    [contacts, rows.contacts],
    [caseOutcomes, rows.outcomes],
    [followUps, rows.followUps],
  )
  for (const [name, list] of Object.entries(rows)) count(name, list.length)
  const result: Omit<LargeService, 'password'> = { organisationId, code, teamIds, managerEmails, workerEmails: workers.map((w) => w.email), openCaseIds, counts }
  return { organisation, today, inserts, result }
}
