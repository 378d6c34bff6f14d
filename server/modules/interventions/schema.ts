import { sql } from 'drizzle-orm'
import { date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { cases, users } from '../../platform/db/schema.js'

/**
 * The work with a family while its case is open (PRODUCT.md §2 "Active work"): the plan's
 * goals and their 0-10 scores, risks, reviews, escalations to statutory safeguarding and
 * steps down or up. Every row hangs off a case, so the case's visibility rule covers it.
 */

const id = () =>
  uuid('id')
    .primaryKey()
    .default(sql`gen_random_uuid()`)
const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow()

/** A goal of the family's plan, in the family's own words. */
export const planGoals = pgTable(
  'plan_goals',
  {
    id: id(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    goal: text('goal').notNull(),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
  },
  (t) => [index('plan_goals_case').on(t.caseId, t.createdAt)],
)

/** A goal's solution-focused 0-10 score: at the start, at a review, or at closure. */
export const goalScores = pgTable(
  'goal_scores',
  {
    id: id(),
    goalId: uuid('goal_id')
      .notNull()
      .references(() => planGoals.id),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    /** 'start' | 'review' | 'closure'. */
    occasion: text('occasion').notNull(),
    reviewId: uuid('review_id'),
    score: integer('score').notNull(),
    recordedBy: uuid('recorded_by')
      .notNull()
      .references(() => users.id),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('goal_scores_goal').on(t.goalId, t.recordedAt), index('goal_scores_case').on(t.caseId)],
)

/** A risk to the child or family, with its current level and when it is next to be reviewed. */
export const caseRisks = pgTable(
  'case_risks',
  {
    id: id(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    description: text('description').notNull(),
    /** 'low' | 'medium' | 'high'. */
    level: text('level').notNull(),
    reviewDate: date('review_date').notNull(),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('case_risks_case').on(t.caseId), index('case_risks_review').on(t.reviewDate)],
)

/** Each review of a risk, kept: the level it was set to and the next review date. */
export const riskReviews = pgTable(
  'risk_reviews',
  {
    id: id(),
    riskId: uuid('risk_id')
      .notNull()
      .references(() => caseRisks.id),
    previousLevel: text('previous_level').notNull(),
    level: text('level').notNull(),
    nextReviewDate: date('next_review_date').notNull(),
    note: text('note'),
    reviewedBy: uuid('reviewed_by')
      .notNull()
      .references(() => users.id),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('risk_reviews_risk').on(t.riskId, t.at)],
)

/** The case reviews at 6 weeks and 3 months after allocation; each is a task until it is held. */
export const caseReviews = pgTable(
  'case_reviews',
  {
    id: id(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    /** 'six_weeks' | 'three_months'. */
    kind: text('kind').notNull(),
    dueDate: date('due_date').notNull(),
    heldOn: date('held_on'),
    note: text('note'),
    heldBy: uuid('held_by').references(() => users.id),
    recordedAt: timestamp('recorded_at', { withTimezone: true }),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('case_reviews_case_kind').on(t.caseId, t.kind), index('case_reviews_due').on(t.dueDate)],
)

/** An escalation to statutory safeguarding: the concern, who was told, how and when (000 §4.8). */
export const escalations = pgTable(
  'escalations',
  {
    id: id(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    concern: text('concern').notNull(),
    /** Any of 'allocated_social_worker', 'team_manager', 'other'. */
    told: jsonb('told').$type<string[]>().notNull(),
    /** Names or roles of the others told, when `told` includes 'other'. */
    otherPeople: text('other_people'),
    /** 'phone' | 'email' | 'in_person' | 'meeting'. */
    method: text('method').notNull(),
    toldAt: timestamp('told_at', { withTimezone: true }).notNull(),
    recordedBy: uuid('recorded_by')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index('escalations_case').on(t.caseId, t.toldAt)],
)

/** A step down (to Early Help, youth mentoring) or a step up (to statutory services), with the reason. */
export const caseSteps = pgTable(
  'case_steps',
  {
    id: id(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    /** 'down' | 'up'. */
    direction: text('direction').notNull(),
    to: text('to').notNull(),
    reason: text('reason').notNull(),
    recordedBy: uuid('recorded_by')
      .notNull()
      .references(() => users.id),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('case_steps_case').on(t.caseId, t.at)],
)
