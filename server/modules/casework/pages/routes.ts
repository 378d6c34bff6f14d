import type { FastifyInstance, FastifyReply } from 'fastify'
import type { AppDeps, Modules } from '../../../app.js'
import { requireCtx, type Ctx } from '../../../platform/context.js'
import { ConflictError, ValidationError } from '../../../platform/http/errors.js'
import { formBody, formErrors, formFields } from '../../../platform/http/forms.js'
import { can } from '../../../platform/auth/roles.js'
import { createCaseworkService } from '../service.js'
import { closureInput, followUpInput } from '../schemas.js'
import { parseOrThrow } from '../../../platform/validation.js'
import { LABELS } from './labels.js'
import { PLAN_LABELS, planTimeline } from '../../interventions/index.js'

const V = 'modules/casework/pages'

/**
 * The casework pages: worklists, the case page with its timeline, and the forms for each
 * step. Every form posts to the page's own address, so a form sent after the session
 * ended comes back to the same page. The same service serves these pages and the API.
 */
export function caseworkPageRoutes(app: FastifyInstance, _modules: Modules, deps: AppDeps) {
  const casework = createCaseworkService(deps.database.db)
  const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '')

  /** A refusal from the service, as the GOV.UK error summary shows it; anything else is rethrown. */
  function refusal(error: unknown, firstInput: Record<string, string> = {}) {
    if (error instanceof ValidationError) return formErrors(error.errors, firstInput)
    if (error instanceof ConflictError) return { errors: [{ text: error.message, href: '#main-content' }], fieldErrors: {}, conflict: error.type }
    throw error
  }

  const render = (reply: FastifyReply, template: string, data: Record<string, unknown>, status = 200) =>
    reply.view(`${V}/${template}/view.njk`, { labels: LABELS, ...data }, status)

  // ------------------------------------------------------------ worklists

  app.get('/cases', { config: { permission: 'cases:read' } }, async (request, reply) => {
    const ctx = requireCtx(request.ctx)
    const query = request.query as Record<string, string | undefined>
    const manager = ctx.user.roles.includes('team_manager') || ctx.user.roles.includes('senior_practitioner') || ctx.user.roles.includes('panel_chair')
    const scope = query.scope === 'mine' || !manager ? 'mine' : 'team'
    const view = query.view === 'waiting' || query.view === 'closed' ? query.view : 'open'
    // Team caseloads can be narrowed to one team by name (?team=North).
    const teams = scope === 'team' ? await casework.teams(ctx) : []
    const team = teams.find((t) => t.name === query.team) ?? null
    const rows = await casework.worklist(ctx, { status: view, workerId: scope === 'mine' && view !== 'waiting' ? ctx.user.id : undefined, teamId: team?.id })
    return render(reply, 'worklist', {
      pageTitle: view === 'waiting' ? 'Waiting list' : scope === 'mine' ? 'My caseload' : team ? `${team.name} team caseload` : 'Team caseloads',
      rows,
      scope,
      view,
      manager,
      teams,
      team: team?.name ?? '',
    })
  })

  // ------------------------------------------------------------ tasks

  app.get('/tasks', { config: { permission: 'cases:work' } }, async (request, reply) => {
    const ctx = requireCtx(request.ctx)
    return render(reply, 'tasks', { pageTitle: 'Your tasks', tasks: await casework.openTasks(ctx) })
  })

  // ------------------------------------------------------------ the case page

  app.get('/cases/:id', { config: { permission: 'cases:read' } }, async (request, reply) => {
    const ctx = requireCtx(request.ctx)
    const page = await casework.casePage(ctx, (request.params as { id: string }).id)
    return render(reply, 'case', { pageTitle: page.family?.name ?? 'Case', ...page, planLabels: PLAN_LABELS, actions: actionsFor(ctx, page.case), timeline: timelineOf(page) })
  })

  // ------------------------------------------------------------ allocation

  async function allocationForm(ctx: Ctx, id: string) {
    const page = await casework.casePage(ctx, id)
    const [teams, workers] = await Promise.all([casework.teams(ctx), casework.workersByHeadroom(ctx)])
    return { page, teams, workers }
  }

  app.get('/cases/:id/allocation', { config: { permission: 'cases:allocate' } }, async (request, reply) => {
    const ctx = requireCtx(request.ctx)
    const { page, teams, workers } = await allocationForm(ctx, (request.params as { id: string }).id)
    const values = { team: ctx.user.teamName ?? '', leadWorkerId: page.case.leadWorkerId ?? '', coWorkerId: page.case.coWorkerId ?? '', version: String(page.case.version) }
    return render(reply, 'allocation', { pageTitle: `Allocate ${page.family?.name ?? 'the case'}`, kase: page.case, family: page.family, teams, workers, values })
  })

  app.post('/cases/:id/allocation', { config: { permission: 'cases:allocate' } }, async (request, reply) => {
    const ctx = requireCtx(request.ctx)
    const id = (request.params as { id: string }).id
    const values = formFields(request, ['team', 'leadWorkerId', 'coWorkerId', 'override', 'overrideReason', 'version'])
    try {
      await casework.allocate(ctx, id, {
        team: values.team,
        leadWorkerId: values.leadWorkerId,
        coWorkerId: values.coWorkerId || undefined,
        override: values.override === 'yes',
        overrideReason: values.overrideReason || undefined,
        version: Number(values.version) || undefined,
      })
      return reply.redirect(`/cases/${id}`, 303)
    } catch (error) {
      const errors = refusal(error)
      const { page, teams, workers } = await allocationForm(ctx, id)
      const missing = [!values.team && { text: 'Select the team', href: '#team' }, !values.leadWorkerId && { text: 'Select the lead worker', href: '#leadWorkerId' }].filter(
        Boolean,
      )
      return render(
        reply,
        'allocation',
        {
          pageTitle: `Allocate ${page.family?.name ?? 'the case'}`,
          kase: page.case,
          family: page.family,
          teams,
          workers,
          values,
          ...errors,
          errors: missing.length ? missing : errors.errors,
          capRefused: 'conflict' in errors && errors.conflict === 'caseload-cap',
        },
        'conflict' in errors ? 409 : 422,
      )
    }
  })

  // ------------------------------------------------------------ contacts

  app.get('/cases/:id/contacts/new', { config: { permission: 'cases:work' } }, async (request, reply) => {
    const ctx = requireCtx(request.ctx)
    const page = await casework.casePage(ctx, (request.params as { id: string }).id)
    return render(reply, 'contact', { pageTitle: 'Record a contact', kase: page.case, family: page.family, values: { durationMinutes: '60' } })
  })

  app.post('/cases/:id/contacts/new', { config: { permission: 'cases:work' } }, async (request, reply) => {
    const ctx = requireCtx(request.ctx)
    const id = (request.params as { id: string }).id
    const body = formBody(request)
    const values = {
      day: str(body['at-day']),
      month: str(body['at-month']),
      year: str(body['at-year']),
      time: str(body.time),
      durationMinutes: str(body.durationMinutes),
      type: str(body.type),
      note: str(body.note),
      outOfHours: str(body.outOfHours),
    }
    const at = londonTimestamp(values)
    try {
      if (!at) throw new ValidationError([{ field: '/at', message: 'Enter a real date and a time like 14:30' }])
      await casework.addContact(ctx, id, {
        at,
        durationMinutes: Number(values.durationMinutes),
        type: values.type as never,
        note: values.note,
        outOfHours: values.outOfHours === 'yes',
      })
      return reply.redirect(`/cases/${id}`, 303)
    } catch (error) {
      const page = await casework.casePage(ctx, id)
      return render(
        reply,
        'contact',
        { pageTitle: 'Record a contact', kase: page.case, family: page.family, values, ...refusal(error, { at: 'at-day' }) },
        error instanceof ConflictError ? 409 : 422,
      )
    }
  })

  // ------------------------------------------------------------ closure

  app.get('/cases/:id/closure', { config: { permission: 'cases:work' } }, async (request, reply) => {
    const ctx = requireCtx(request.ctx)
    const page = await casework.casePage(ctx, (request.params as { id: string }).id)
    return render(reply, 'closure', {
      pageTitle: 'Close the case',
      kase: page.case,
      family: page.family,
      children: page.children,
      goals: page.plan.goals,
      values: { version: String(page.case.version) },
    })
  })

  app.post('/cases/:id/closure', { config: { permission: 'cases:work' } }, async (request, reply) => {
    const ctx = requireCtx(request.ctx)
    const id = (request.params as { id: string }).id
    const body = formBody(request)
    const page = await casework.casePage(ctx, id)
    const values: Record<string, string> = { summary: str(body.summary), version: str(body.version) }
    for (const c of page.children) {
      values[`outcome-${c.id}`] = str(body[`outcome-${c.id}`])
      values[`placement-${c.id}`] = str(body[`placement-${c.id}`])
    }
    const goals = page.plan.goals
    for (const g of goals) values[`score-${g.id}`] = str(body[`score-${g.id}`])
    const scoreOf = (g: { id: string }) => (/^\d+$/.test(values[`score-${g.id}`] ?? '') ? Number(values[`score-${g.id}`]) : undefined)
    try {
      // The same schema as the API, so a form with a missing answer is refused before the case is touched.
      const input = parseOrThrow(closureInput, {
        outcomes: page.children.map((c) => ({ childId: c.id, outcome: values[`outcome-${c.id}`] || undefined, placementType: values[`placement-${c.id}`] || undefined })),
        summary: values.summary ?? '',
        closingScores: goals.length ? goals.map((g) => ({ goalId: g.id, score: scoreOf(g) })) : undefined,
        version: Number(values.version) || undefined,
      })
      await casework.close(ctx, id, input)
      return reply.redirect(`/cases/${id}`, 303)
    } catch (error) {
      const childField = (i: number) => `outcome-${page.children[i]?.id ?? ''}`
      const errors = refusal(error)
      // Field errors point at each child's outcome by its position in the list.
      const mapped =
        error instanceof ValidationError
          ? formErrors(
              error.errors.map((e) => ({
                ...e,
                field: e.field
                  .replace(/^\/outcomes\/(\d+)\/.*$/, (_m, i) => `/${childField(Number(i))}`)
                  .replace(/^\/closingScores\/(\d+)\/.*$/, (_m, i) => `/score-${goals[Number(i)]?.id ?? ''}`)
                  .replace(/^\/closingScores$/, `/score-${goals[0]?.id ?? ''}`),
              })),
            )
          : errors
      return render(
        reply,
        'closure',
        { pageTitle: 'Close the case', kase: page.case, family: page.family, children: page.children, goals, values, ...mapped },
        error instanceof ConflictError ? 409 : 422,
      )
    }
  })

  app.post('/cases/:id/closure/sign-off', { config: { permission: 'cases:sign-off' } }, async (request, reply) => {
    const ctx = requireCtx(request.ctx)
    const id = (request.params as { id: string }).id
    await casework.signOffClosure(ctx, id, Number(str(formBody(request).version)) || undefined)
    return reply.redirect(`/cases/${id}`, 303)
  })

  // ------------------------------------------------------------ follow-ups

  app.get('/cases/:id/follow-ups/:childId/:months', { config: { permission: 'cases:work' } }, async (request, reply) => {
    const ctx = requireCtx(request.ctx)
    const { id, childId, months } = request.params as { id: string; childId: string; months: string }
    const page = await casework.casePage(ctx, id)
    const child = page.children.find((c) => c.id === childId)
    const followUp = page.followUps.find((f) => f.childId === childId && String(f.monthsAfterClosure) === months)
    if (!child || !followUp) return reply.callNotFound()
    return render(reply, 'follow-up', {
      pageTitle: `Follow-up at ${months} months`,
      kase: page.case,
      family: page.family,
      child,
      followUp,
      values: { status: followUp.status ?? '', placementType: followUp.placementType ?? '' },
    })
  })

  app.post('/cases/:id/follow-ups/:childId/:months', { config: { permission: 'cases:work' } }, async (request, reply) => {
    const ctx = requireCtx(request.ctx)
    const { id, childId, months } = request.params as { id: string; childId: string; months: string }
    const body = formBody(request)
    const values = { status: str(body.status), placementType: str(body.placementType) }
    try {
      const input = parseOrThrow(followUpInput, {
        childId,
        monthsAfterClosure: Number(months),
        status: values.status || undefined,
        placementType: values.placementType || undefined,
      })
      await casework.recordFollowUp(ctx, id, input)
      return reply.redirect(`/cases/${id}`, 303)
    } catch (error) {
      const page = await casework.casePage(ctx, id)
      const child = page.children.find((c) => c.id === childId)
      const followUp = page.followUps.find((f) => f.childId === childId && String(f.monthsAfterClosure) === months)
      if (!child || !followUp) return reply.callNotFound()
      return render(reply, 'follow-up', { pageTitle: `Follow-up at ${months} months`, kase: page.case, family: page.family, child, followUp, values, ...refusal(error) }, 422)
    }
  })

  // ------------------------------------------------------------ the panel

  app.get('/panel', { config: { permission: 'referrals:decide' } }, async (request, reply) => {
    const ctx = requireCtx(request.ctx)
    return render(reply, 'panel', { pageTitle: 'Panel: referrals waiting for a decision', referrals: await casework.panelQueue(ctx) })
  })

  app.get('/panel/referrals/:id', { config: { permission: 'referrals:decide' } }, async (request, reply) => {
    const ctx = requireCtx(request.ctx)
    const found = await casework.referralForPanel(ctx, (request.params as { id: string }).id)
    return render(reply, 'decision', { pageTitle: 'Decide the referral', ...found, values: { version: String(found.referral.version) } })
  })

  app.post('/panel/referrals/:id', { config: { permission: 'referrals:decide' } }, async (request, reply) => {
    const ctx = requireCtx(request.ctx)
    const id = (request.params as { id: string }).id
    const values = formFields(request, ['decision', 'rationale', 'priority', 'steppedDownTo', 'signposting', 'version'])
    try {
      const missing = [
        !values.decision && { field: '/decision', message: 'Select the decision' },
        !values.rationale && { field: '/rationale', message: 'Enter the rationale for the decision' },
      ].filter((e): e is { field: string; message: string } => Boolean(e))
      if (missing.length) throw new ValidationError(missing)
      const result = await casework.decide(ctx, id, {
        decision: values.decision as never,
        rationale: values.rationale,
        priority: (values.priority || undefined) as never,
        steppedDownTo: (values.steppedDownTo || undefined) as never,
        signposting: values.signposting || undefined,
        version: Number(values.version) || undefined,
      })
      return reply.redirect(result.caseId ? `/cases/${result.caseId}` : '/panel', 303)
    } catch (error) {
      const found = await casework.referralForPanel(ctx, id)
      return render(reply, 'decision', { pageTitle: 'Decide the referral', ...found, values, ...refusal(error) }, error instanceof ConflictError ? 409 : 422)
    }
  })
}

/** What the signed-in user can do next on a case, by role and the case's state. */
function actionsFor(ctx: Ctx, kase: { status: string; leadWorkerId: string | null; coWorkerId: string | null }) {
  const manager = ctx.user.roles.includes('team_manager')
  const onCase = kase.leadWorkerId === ctx.user.id || kase.coWorkerId === ctx.user.id
  const open = kase.status === 'active'
  return {
    allocate: can(ctx.user.roles, 'cases:allocate') && (kase.status === 'awaiting_allocation' || open),
    contact: open && (onCase || manager),
    close: open && (kase.leadWorkerId === ctx.user.id || manager),
    signOff: kase.status === 'closure_pending' && manager,
    followUp: kase.status === 'closed' && (kase.leadWorkerId === ctx.user.id || manager),
  }
}

type CasePage = Awaited<ReturnType<ReturnType<typeof createCaseworkService>['casePage']>>

/** The MOJ timeline: everything that happened on the case, newest first. */
function timelineOf(page: CasePage) {
  const items: { at: Date; title: string; by?: string; html?: string; text?: string }[] = []
  if (page.referral?.submittedAt) items.push({ at: page.referral.submittedAt, title: 'Referral submitted', text: page.referral.reason })
  for (const { d, by } of page.decisions) {
    items.push({
      at: d.decidedAt,
      title: `Panel decision: ${LABELS.status[d.decision] ?? d.decision}${d.outOfPanel ? ' (out of panel, to be ratified)' : ''}`,
      by,
      text: d.rationale,
    })
  }
  for (const { a, by, leadName, teamName } of page.allocations) {
    items.push({ at: a.at, title: `Allocated to ${leadName}, ${teamName} team`, by, text: a.overrideReason ? `Over the caseload cap: ${a.overrideReason}` : undefined })
  }
  for (const { c, by } of page.contacts) {
    items.push({ at: c.at, title: `${LABELS.contact[c.type] ?? c.type}, ${c.durationMinutes} minutes${c.outOfHours ? ' (out of hours)' : ''}`, by, text: c.note })
  }
  if (page.case.closedAt) items.push({ at: page.case.closedAt, title: 'Case closed', text: page.case.closureSummary ?? undefined })
  items.push(...planTimeline(page.plan))
  return items.sort((a, b) => b.at.getTime() - a.at.getTime())
}

/** A date from the GOV.UK date input and a 24-hour time, in Europe/London, as an ISO timestamp with its offset. */
export function londonTimestamp(v: { day: string; month: string; year: string; time: string }): string | null {
  const t = /^(\d{1,2})[:.](\d{2})$/.exec(v.time)
  if (!/^\d{1,2}$/.test(v.day) || !/^\d{1,2}$/.test(v.month) || !/^\d{4}$/.test(v.year) || !t) return null
  const [y, m, d, hh, mm] = [Number(v.year), Number(v.month), Number(v.day), Number(t[1]), Number(t[2])]
  if (hh > 23 || mm > 59) return null
  const utcGuess = Date.UTC(y, m - 1, d, hh, mm)
  const check = new Date(utcGuess)
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== m - 1 || check.getUTCDate() !== d) return null
  // London is UTC or UTC+1: find the offset in force at that wall-clock time.
  const offsetMinutes = londonOffsetMinutes(new Date(utcGuess))
  const instant = new Date(utcGuess - offsetMinutes * 60_000)
  return instant.toISOString()
}

function londonOffsetMinutes(at: Date): number {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', timeZoneName: 'shortOffset' }).formatToParts(at)
  const name = parts.find((p) => p.type === 'timeZoneName')?.value ?? 'GMT'
  const match = /GMT([+-]\d+)?/.exec(name)
  return match?.[1] ? Number(match[1]) * 60 : 0
}
