import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { AppDeps, Modules } from '../../../app.js'
import { requireCtx } from '../../../platform/context.js'
import { setFlash } from '../../../platform/auth/sessions.js'
import { ConflictError, ValidationError, type FieldError } from '../../../platform/http/errors.js'
import { asArray, formBody, formErrors } from '../../../platform/http/forms.js'
import { isValidIsoDate, londonInstant, todayInLondon } from '../../../platform/time/index.js'
import { parseOrThrow } from '../../../platform/validation.js'
import { createInterventionsService } from '../service.js'
import { escalationInput, goalChangeInput, goalInput, reviewInput, riskInput, riskReviewInput, stepInput } from '../schemas.js'
import { PLAN_LABELS } from './labels.js'

const V = 'modules/interventions/pages'

/**
 * Pages for the work on an open case: each form posts to its own address and, once saved,
 * goes back to the case page (post-redirect-get). The same service serves the API.
 */
export function interventionsPageRoutes(app: FastifyInstance, _modules: Modules, deps: AppDeps) {
  const plan = createInterventionsService(deps.database.db)
  const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '')
  const idOf = (request: { params: unknown }) => (request.params as { id: string }).id

  /** Says what was saved, on the case page the form goes back to. */
  async function saved(request: FastifyRequest, reply: FastifyReply, anchor: string, success: string) {
    if (request.session.state === 'active') await setFlash(deps.database.db, request.session.idHash, { success })
    return reply.redirect(`/cases/${idOf(request)}#${anchor}`, 303)
  }

  const render = (reply: FastifyReply, template: string, data: Record<string, unknown>, status = 200) =>
    reply.view(`${V}/${template}.njk`, { planLabels: PLAN_LABELS, ...data }, status)

  /** A refusal as the GOV.UK error summary shows it, with the status to answer; anything else is rethrown. */
  function refusal(error: unknown, firstInput: Record<string, string> = {}) {
    if (error instanceof ValidationError) return { status: 422, ...formErrors(error.errors, firstInput) }
    if (error instanceof ConflictError) return { status: 409, errors: [{ text: error.message, href: '#main-content' }], fieldErrors: {} }
    throw error
  }

  /** A GOV.UK date input's three boxes as 'YYYY-MM-DD', or null when they do not make a real date. */
  function dateFrom(body: Record<string, unknown>, name: string) {
    const [day, month, year] = ['day', 'month', 'year'].map((p) => str(body[`${name}-${p}`]))
    const values = { [`${name}Day`]: day ?? '', [`${name}Month`]: month ?? '', [`${name}Year`]: year ?? '' }
    const iso = /^\d{4}$/.test(year ?? '') && /^\d{1,2}$/.test(month ?? '') && /^\d{1,2}$/.test(day ?? '') ? `${year}-${month?.padStart(2, '0')}-${day?.padStart(2, '0')}` : ''
    return { iso: isValidIsoDate(iso) ? iso : null, values }
  }

  const dateParts = (iso: string | null | undefined, name: string) => {
    const [y, m, d] = (iso ?? '').split('-')
    return { [`${name}Day`]: d ? String(Number(d)) : '', [`${name}Month`]: m ? String(Number(m)) : '', [`${name}Year`]: y ?? '' }
  }

  // ------------------------------------------------------------ goals

  app.get('/cases/:id/goals/new', { config: { permission: 'cases:work' } }, async (request, reply) => {
    const kase = await plan.caseForForm(requireCtx(request.ctx), idOf(request))
    return render(reply, 'goal', { pageTitle: 'Add a goal', kase, values: {} })
  })

  app.post('/cases/:id/goals/new', { config: { permission: 'cases:work' } }, async (request, reply) => {
    const ctx = requireCtx(request.ctx)
    const body = formBody(request)
    const values = { goal: str(body.goal), startScore: str(body.startScore) }
    try {
      const input = parseOrThrow(goalInput, { goal: values.goal, startScore: /^\d+$/.test(values.startScore) ? Number(values.startScore) : undefined })
      await plan.addGoal(ctx, idOf(request), input)
      return saved(request, reply, 'plan', 'Goal added to the plan')
    } catch (error) {
      const { status, ...errors } = refusal(error)
      return render(reply, 'goal', { pageTitle: 'Add a goal', kase: await plan.caseForForm(ctx, idOf(request)), values, ...errors }, status)
    }
  })

  app.get('/cases/:id/goals/:goalId', { config: { permission: 'cases:work' } }, async (request, reply) => {
    const { goalId } = request.params as { goalId: string }
    const found = await plan.goalForForm(requireCtx(request.ctx), idOf(request), goalId)
    return render(reply, 'goal-change', { pageTitle: 'Change a goal', kase: found.case, goal: found.goal, values: { goal: found.goal.goal, version: String(found.goal.version) } })
  })

  app.post('/cases/:id/goals/:goalId', { config: { permission: 'cases:work' } }, async (request, reply) => {
    const ctx = requireCtx(request.ctx)
    const { goalId } = request.params as { goalId: string }
    const body = formBody(request)
    const values = { goal: str(body.goal), version: str(body.version) }
    try {
      await plan.changeGoal(ctx, idOf(request), goalId, parseOrThrow(goalChangeInput, { goal: values.goal, version: Number(values.version) || undefined }))
      return saved(request, reply, 'plan', 'Goal changed')
    } catch (error) {
      const { status, ...errors } = refusal(error)
      const found = await plan.goalForForm(ctx, idOf(request), goalId)
      // A stale write shows the other person's wording beside what this person typed, never overwriting it.
      return render(
        reply,
        'goal-change',
        { pageTitle: 'Change a goal', kase: found.case, goal: found.goal, values, stale: error instanceof ConflictError && error.type === 'stale-version', ...errors },
        status,
      )
    }
  })

  // ------------------------------------------------------------ risks

  app.get('/cases/:id/risks/new', { config: { permission: 'cases:work' } }, async (request, reply) => {
    const kase = await plan.caseForForm(requireCtx(request.ctx), idOf(request))
    return render(reply, 'risk', { pageTitle: 'Record a risk', kase, values: {} })
  })

  app.post('/cases/:id/risks/new', { config: { permission: 'cases:work' } }, async (request, reply) => {
    const ctx = requireCtx(request.ctx)
    const body = formBody(request)
    const date = dateFrom(body, 'reviewDate')
    const values = { description: str(body.description), level: str(body.level), ...date.values }
    try {
      const input = parseOrThrow(riskInput, { description: values.description, level: values.level || undefined, reviewDate: date.iso ?? '' })
      await plan.addRisk(ctx, idOf(request), input)
      return saved(request, reply, 'risks', 'Risk recorded')
    } catch (error) {
      const { status, ...errors } = refusal(pageDateMessage(error, 'reviewDate', 'Enter a real review date, for example 27 3 2027'), { reviewDate: 'reviewDate-day' })
      return render(reply, 'risk', { pageTitle: 'Record a risk', kase: await plan.caseForForm(ctx, idOf(request)), values, ...errors }, status)
    }
  })

  app.get('/cases/:id/risks/:riskId/review', { config: { permission: 'cases:work' } }, async (request, reply) => {
    const { riskId } = request.params as { riskId: string }
    const found = await plan.riskForForm(requireCtx(request.ctx), idOf(request), riskId)
    return render(reply, 'risk-review', {
      pageTitle: 'Review a risk',
      kase: found.case,
      risk: found.risk,
      values: { level: found.risk.level, version: String(found.risk.version) },
    })
  })

  app.post('/cases/:id/risks/:riskId/review', { config: { permission: 'cases:work' } }, async (request, reply) => {
    const ctx = requireCtx(request.ctx)
    const { riskId } = request.params as { riskId: string }
    const body = formBody(request)
    const date = dateFrom(body, 'reviewDate')
    const values = { level: str(body.level), note: str(body.note), version: str(body.version), ...date.values }
    try {
      const input = parseOrThrow(riskReviewInput, {
        level: values.level || undefined,
        reviewDate: date.iso ?? '',
        note: values.note || undefined,
        version: Number(values.version) || undefined,
      })
      await plan.reviewRisk(ctx, idOf(request), riskId, input)
      return saved(request, reply, 'risks', 'Risk reviewed')
    } catch (error) {
      const { status, ...errors } = refusal(pageDateMessage(error, 'reviewDate', 'Enter a real date for the next review, for example 27 3 2027'), { reviewDate: 'reviewDate-day' })
      const found = await plan.riskForForm(ctx, idOf(request), riskId)
      return render(reply, 'risk-review', { pageTitle: 'Review a risk', kase: found.case, risk: found.risk, values, ...errors }, status)
    }
  })

  app.get('/risks', { config: { permission: 'cases:work' } }, async (request, reply) => {
    const ctx = requireCtx(request.ctx)
    const risks = await plan.risksToReview(ctx)
    return render(reply, 'risks', { pageTitle: 'Risks to review', risks, overdue: risks.filter((r) => r.overdue).length, manager: ctx.user.roles.includes('team_manager') })
  })

  // ------------------------------------------------------------ escalation

  app.get('/cases/:id/escalations/new', { config: { permission: 'cases:work' } }, async (request, reply) => {
    const kase = await plan.caseForForm(requireCtx(request.ctx), idOf(request))
    return render(reply, 'escalation', { pageTitle: 'Escalate to statutory safeguarding', kase, values: { told: [], ...dateParts(todayInLondon(), 'toldAt') } })
  })

  app.post('/cases/:id/escalations/new', { config: { permission: 'cases:work' } }, async (request, reply) => {
    const ctx = requireCtx(request.ctx)
    const body = formBody(request)
    const date = dateFrom(body, 'toldAt')
    const values = { concern: str(body.concern), told: asArray(body.told), otherPeople: str(body.otherPeople), method: str(body.method), time: str(body.time), ...date.values }
    try {
      const at = date.iso ? londonInstant(date.iso, values.time) : null
      const input = parseOrThrow(escalationInput, {
        concern: values.concern,
        told: values.told,
        otherPeople: values.otherPeople || undefined,
        method: values.method || undefined,
        toldAt: at ?? '',
      })
      await plan.escalate(ctx, idOf(request), input)
      return saved(request, reply, 'timeline', 'Escalation to statutory safeguarding recorded on the timeline')
    } catch (error) {
      const { status, ...errors } = refusal(pageDateMessage(error, 'toldAt', 'Enter a real date and a time like 14:30 for when they were told'), {
        toldAt: 'toldAt-day',
        told: 'told',
      })
      return render(reply, 'escalation', { pageTitle: 'Escalate to statutory safeguarding', kase: await plan.caseForForm(ctx, idOf(request)), values, ...errors }, status)
    }
  })

  // ------------------------------------------------------------ step down or up

  app.get('/cases/:id/steps/new', { config: { permission: 'cases:work' } }, async (request, reply) => {
    const kase = await plan.caseForForm(requireCtx(request.ctx), idOf(request))
    return render(reply, 'step', { pageTitle: 'Step down or step up', kase, values: {} })
  })

  app.post('/cases/:id/steps/new', { config: { permission: 'cases:work' } }, async (request, reply) => {
    const ctx = requireCtx(request.ctx)
    const body = formBody(request)
    const values = { step: str(body.step), reason: str(body.reason) }
    const [direction, to] = values.step.split(':')
    try {
      if (!direction || !to) throw new ValidationError([{ field: '/step', message: 'Select where the family steps down or up to' }])
      const input = parseOrThrow(stepInput, { direction, to, reason: values.reason })
      await plan.recordStep(ctx, idOf(request), input)
      return saved(request, reply, 'timeline', `${direction === 'down' ? 'Step down' : 'Step up'} recorded. The case stays open until you close it.`)
    } catch (error) {
      const { status, ...errors } = refusal(error, { step: 'step' })
      return render(reply, 'step', { pageTitle: 'Step down or step up', kase: await plan.caseForForm(ctx, idOf(request)), values, ...errors }, status)
    }
  })

  // ------------------------------------------------------------ reviews

  app.get('/cases/:id/reviews/:reviewId', { config: { permission: 'cases:work' } }, async (request, reply) => {
    const { reviewId } = request.params as { reviewId: string }
    const found = await plan.reviewForForm(requireCtx(request.ctx), idOf(request), reviewId)
    return render(reply, 'review', {
      pageTitle: PLAN_LABELS.review[found.review.kind] ?? 'Review',
      ...found,
      kase: found.case,
      values: { version: String(found.review.version), ...dateParts(found.review.heldOn ?? todayInLondon(), 'heldOn'), note: found.review.note ?? '' },
    })
  })

  app.post('/cases/:id/reviews/:reviewId', { config: { permission: 'cases:work' } }, async (request, reply) => {
    const ctx = requireCtx(request.ctx)
    const { reviewId } = request.params as { reviewId: string }
    const body = formBody(request)
    const found = await plan.reviewForForm(ctx, idOf(request), reviewId)
    const date = dateFrom(body, 'heldOn')
    const values: Record<string, string> = { note: str(body.note), version: str(body.version), ...date.values }
    for (const g of found.goals) values[`score-${g.id}`] = str(body[`score-${g.id}`])
    try {
      const input = parseOrThrow(reviewInput, {
        heldOn: date.iso ?? '',
        note: values.note,
        version: Number(values.version) || undefined,
        scores: found.goals.map((g) => ({ goalId: g.id, score: /^\d+$/.test(values[`score-${g.id}`] ?? '') ? Number(values[`score-${g.id}`]) : undefined })),
      })
      await plan.recordReview(ctx, idOf(request), reviewId, input)
      return saved(request, reply, 'reviews', `${PLAN_LABELS.review[found.review.kind] ?? 'Review'} recorded`)
    } catch (error) {
      const scoreField = (i: number) => `score-${found.goals[i]?.id ?? ''}`
      const mapped =
        error instanceof ValidationError
          ? new ValidationError(error.errors.map((e) => ({ ...e, field: e.field.replace(/^\/scores\/(\d+)\/.*$/, (_m, i) => `/${scoreField(Number(i))}`) })))
          : error
      const { status, ...errors } = refusal(pageDateMessage(mapped, 'heldOn', 'Enter a real date for when the review was held, for example 4 1 2027'), { heldOn: 'heldOn-day' })
      return render(reply, 'review', { pageTitle: PLAN_LABELS.review[found.review.kind] ?? 'Review', ...found, kase: found.case, values, ...errors }, status)
    }
  })

  // ------------------------------------------------------------ the family's printable plan

  app.get('/cases/:id/plan/print', { config: { permission: 'cases:read' } }, async (request, reply) => {
    const found = await plan.printablePlan(requireCtx(request.ctx), idOf(request))
    return render(reply, 'print', { pageTitle: `Our plan: ${found.case.familyName}`, ...found, kase: found.case, printedOn: todayInLondon() })
  })
}

/** A date field's error on a page names the GOV.UK date input, not the API's format. */
function pageDateMessage(error: unknown, field: string, message: string): unknown {
  if (!(error instanceof ValidationError)) return error
  return new ValidationError(error.errors.map((e: FieldError) => (e.field === `/${field}` && /YYYY-MM-DD|ISO 8601/.test(e.message) ? { ...e, message } : e)))
}
