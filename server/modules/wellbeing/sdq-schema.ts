import { z } from 'zod'
import {
  isSdqItemKey,
  SDQ_IMPACT_ITEMS,
  SDQ_IMPACT_ITEMS_BY_INFORMANT,
  SDQ_INFORMANTS,
  SDQ_ITEM_COUNT,
  type SdqAnswers,
  type SdqImpactAnswers,
  type SdqImpactItem,
} from './domain/sdq.js'

/**
 * The questionnaire as the API takes it: one schema validates the request and describes it in the
 * OpenAPI document. Every problem is reported at its own JSON Pointer, with a sentence a person
 * can act on (API.md "Errors").
 */

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)

const itemNumbers = Array.from({ length: SDQ_ITEM_COUNT }, (_, i) => String(i + 1))

/** An answer may be left out, or sent as null, when the item was not answered. */
const itemAnswer = (item: string) =>
  z
    .literal([0, 1, 2], { error: `Answer to item ${item} must be 0, 1 or 2` })
    .nullable()
    .optional()

const answers = z
  .object(Object.fromEntries(itemNumbers.map((item) => [item, itemAnswer(item)])), {
    error: (issue) => (issue.input === undefined ? 'Enter the answers to the questionnaire' : 'Send the answers as an object from item number to answer, like { "1": 2, "2": 0 }'),
  })
  // Unknown keys are let through here only to be reported one by one, each at its own pointer;
  // `when` runs the check even when some answers are already wrong, so every problem is listed.
  .catchall(z.unknown())
  .superRefine(
    (value, ctx) => {
      for (const key of Object.keys(value)) {
        if (!isSdqItemKey(key)) ctx.addIssue({ code: 'custom', path: [key], message: `Item ${key} is not an SDQ item: items are numbered 1 to ${SDQ_ITEM_COUNT}` })
      }
    },
    { when: (payload) => isPlainObject(payload.value) },
  )
  .meta({
    additionalProperties: false,
    description:
      'Answers by item number ("1" to "25") as printed on the form: 0 = not true, 1 = somewhat true, 2 = certainly true. Leave out an item not answered, or send null. Reversing is the scorer’s job.',
  })

const IMPACT_QUESTIONS: Record<SdqImpactItem, string> = {
  distress: 'distress',
  homeLife: 'home life',
  friendships: 'friendships',
  classroomLearning: 'classroom learning',
  leisureActivities: 'leisure activities',
}

const impactAnswer = (item: SdqImpactItem) =>
  z
    .literal([0, 1, 2, 3], { error: `Answer to the question on ${IMPACT_QUESTIONS[item]} must be 0 (not at all), 1 (only a little), 2 (quite a lot) or 3 (a great deal)` })
    .nullable()
    .optional()

const impact = z
  .object(Object.fromEntries(SDQ_IMPACT_ITEMS.map((item) => [item, impactAnswer(item)])) as Record<SdqImpactItem, ReturnType<typeof impactAnswer>>, {
    error: 'Send the impact answers as an object, like { "distress": 1 }, or leave them out',
  })
  .catchall(z.unknown())
  .superRefine(
    (value, ctx) => {
      for (const key of Object.keys(value)) {
        if (!(SDQ_IMPACT_ITEMS as readonly string[]).includes(key)) {
          ctx.addIssue({ code: 'custom', path: [key], message: `${key} is not an SDQ impact question: the questions are ${SDQ_IMPACT_ITEMS.join(', ')}` })
        }
      }
    },
    { when: (payload) => isPlainObject(payload.value) },
  )
  .meta({
    additionalProperties: false,
    description:
      'The impact supplement (the back page), each answer the option ticked: 0 = not at all, 1 = only a little, 2 = quite a lot, 3 = a great deal (scored 0, 0, 1, 2). The teacher version asks only distress, friendships (peer relationships) and classroomLearning.',
  })

export const sdqScoreRequest = z
  .object(
    {
      informant: z
        .enum(SDQ_INFORMANTS, { error: 'Select who completed the questionnaire: carer, teacher or self' })
        .meta({ description: 'Who completed it: carer (the parent version, also for foster and kinship carers), teacher, or self (the self-report version, 11-17).' }),
      answers,
      impact: impact.nullable().optional(),
    },
    { error: 'Send the questionnaire as a JSON object' },
  )
  .superRefine(
    (body, ctx) => {
      if (!isPlainObject(body.impact)) return
      const asked = SDQ_IMPACT_ITEMS_BY_INFORMANT[body.informant]
      for (const item of SDQ_IMPACT_ITEMS) {
        const answer = body.impact[item]
        if (answer !== undefined && answer !== null && !asked.includes(item)) {
          ctx.addIssue({ code: 'custom', path: ['impact', item], message: `The ${body.informant} questionnaire does not ask about ${IMPACT_QUESTIONS[item]}: leave it out` })
        }
      }
    },
    // Checked whenever the informant is known, so it is listed beside any other problem.
    { when: (payload) => isPlainObject(payload.value) && (SDQ_INFORMANTS as readonly unknown[]).includes(payload.value.informant) },
  )
  .transform((body) => ({
    informant: body.informant,
    answers: withoutNulls(body.answers) as SdqAnswers,
    impact: body.impact === undefined || body.impact === null ? undefined : (withoutNulls(body.impact) as SdqImpactAnswers),
  }))

function withoutNulls(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== null && value !== undefined))
}

const score = (max: number, description: string) => z.number().int().min(0).max(max).nullable().meta({ description })

export const sdqScoreResponse = z.object({
  emotional: score(10, 'Emotional symptoms, 0-10'),
  conduct: score(10, 'Conduct problems, 0-10'),
  hyperactivity: score(10, 'Hyperactivity and inattention, 0-10'),
  peer: score(10, 'Peer relationship problems, 0-10'),
  prosocial: score(10, 'Prosocial behaviour, 0-10 (a strength: not in the total)'),
  totalDifficulties: score(40, 'Emotional + conduct + hyperactivity + peer, 0-40'),
  externalising: score(20, 'Conduct + hyperactivity, 0-20'),
  internalising: score(20, 'Emotional + peer, 0-20'),
  band: z.enum(['normal', 'borderline', 'concern']).nullable().meta({
    description:
      'The band of the total difficulties score for the informant: by the service’s bands for a kept questionnaire (settings sdqBands), by the defaults for sdq/score: carer 0-13 / 14-16 / 17-40, teacher 0-11 / 12-15 / 16-40, self 0-15 / 16-19 / 20-40',
  }),
  impactScore: score(10, 'The impact supplement: 0-10 (carer, self) or 0-6 (teacher); null when no impact question was answered'),
})
