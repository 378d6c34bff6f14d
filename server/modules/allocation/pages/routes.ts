import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { AppDeps, Modules } from '../../../app.js'
import { requireCtx, type Ctx } from '../../../platform/context.js'
import { setFlash } from '../../../platform/auth/sessions.js'
import { ConflictError, NotFoundError, ValidationError } from '../../../platform/http/errors.js'
import { formBody, formErrors, formFields } from '../../../platform/http/forms.js'
import { todayInLondon } from '../../../platform/time/index.js'
import { LABELS } from '../../casework/pages/labels.js'
import { SCREENING_RULES, SCREENING_RULE_NAMES } from '../../casework/domain/screening.js'
import { teamDashboard } from '../dashboard.js'
import { financialYearLabel, financialYearOf } from '../domain/dashboard.js'
import { CAP_MAX, CAP_MIN, createCaseworkSettingsService, eligibilityInput } from '../settings.js'
import { parseOrThrow } from '../../../platform/validation.js'

const V = 'modules/allocation/pages'
const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '')

/** A date from the GOV.UK date input's three boxes, as 'YYYY-MM-DD', or what was typed when it is not one. */
function dateFrom(body: Record<string, unknown>, prefix: string) {
  const [d, m, y] = [str(body[`${prefix}-day`]), str(body[`${prefix}-month`]), str(body[`${prefix}-year`])]
  const iso = /^\d{1,2}$/.test(d) && /^\d{1,2}$/.test(m) && /^\d{4}$/.test(y) ? `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}` : ''
  return { iso, values: { [`${prefix}-day`]: d, [`${prefix}-month`]: m, [`${prefix}-year`]: y } }
}

/**
 * The team manager's pages (dashboard, caseload caps, duty rota) and the administrator's
 * casework settings (eligibility rules, districts to teams, capacity per strand).
 */
export function allocationPageRoutes(app: FastifyInstance, _modules: Modules, deps: AppDeps) {
  const db = deps.database.db
  const settings = createCaseworkSettingsService(db)

  const render = (reply: FastifyReply, template: string, data: Record<string, unknown>, status = 200) =>
    reply.view(`${V}/${template}/view.njk`, { labels: LABELS, ...data }, status)

  async function flash(request: FastifyRequest, success: string) {
    if (request.session.state === 'active') await setFlash(db, request.session.idHash, { success })
  }

  /** A refusal as the error summary shows it: field errors, or a conflict at the top; anything else is rethrown. */
  function refusal(error: unknown, firstInput: Record<string, string> = {}) {
    if (error instanceof ValidationError) return { ...formErrors(error.errors, firstInput), status: 422 }
    if (error instanceof ConflictError || error instanceof NotFoundError) return { errors: [{ text: error.message, href: '#main-content' }], fieldErrors: {}, status: 409 }
    throw error
  }

  // ------------------------------------------------------------ the team manager's dashboard

  app.get('/team', { config: { permission: 'cases:manage' } }, async (request, reply) => {
    const ctx = requireCtx(request.ctx)
    const teams = (await settings.districts(ctx)).teams
    const asked = str((request.query as Record<string, unknown>).team)
    // Default: the manager's own team; "all" for every team.
    const chosen = asked === 'all' ? null : (teams.find((t) => t.id === asked)?.id ?? (asked ? null : ctx.user.teamId))
    const dashboard = await teamDashboard(db, ctx, { teamId: chosen })
    return render(reply, 'dashboard', { pageTitle: 'Team dashboard', teams, chosen: chosen ?? 'all', d: dashboard })
  })

  // ------------------------------------------------------------ caseload caps

  async function capsPage(ctx: Ctx) {
    return { pageTitle: 'Caseload caps', workers: await settings.workers(ctx), capMin: CAP_MIN, capMax: CAP_MAX }
  }

  app.get('/team/caps', { config: { permission: 'cases:manage' } }, async (request, reply) => render(reply, 'caps', await capsPage(requireCtx(request.ctx))))

  app.post('/team/caps', { config: { permission: 'cases:manage' } }, async (request, reply) => {
    const ctx = requireCtx(request.ctx)
    const values = formFields(request, ['userId', 'cap', 'version'])
    try {
      await settings.setCap(ctx, { userId: values.userId, cap: /^\d+$/.test(values.cap) ? Number(values.cap) : NaN, version: Number(values.version) })
      await flash(request, 'Caseload cap changed')
      return reply.redirect('/team/caps', 303)
    } catch (error) {
      const { status, ...errors } = refusal(error)
      return render(reply, 'caps', { ...(await capsPage(ctx)), ...errors, posted: values }, status)
    }
  })

  // ------------------------------------------------------------ duty rota

  async function rotaPage(ctx: Ctx) {
    const today = todayInLondon()
    const [rota, people] = await Promise.all([settings.rota(ctx, today), settings.rotaCandidates(ctx)])
    return { pageTitle: 'Duty rota', rota: rota.map((r) => ({ ...r, current: r.startsOn <= today && r.endsOn >= today })), people }
  }

  app.get('/team/duty-rota', { config: { permission: 'cases:manage' } }, async (request, reply) =>
    render(reply, 'duty-rota', { ...(await rotaPage(requireCtx(request.ctx))), values: {} }),
  )

  app.post('/team/duty-rota', { config: { permission: 'cases:manage' } }, async (request, reply) => {
    const ctx = requireCtx(request.ctx)
    const body = formBody(request)
    const starts = dateFrom(body, 'startsOn')
    const ends = dateFrom(body, 'endsOn')
    const values = { userId: str(body.userId), note: str(body.note), ...starts.values, ...ends.values }
    try {
      await settings.addToRota(ctx, { userId: values.userId, startsOn: starts.iso, endsOn: ends.iso, note: values.note })
      await flash(request, 'Added to the duty rota')
      return reply.redirect('/team/duty-rota', 303)
    } catch (error) {
      const { status, ...errors } = refusal(error, { startsOn: 'startsOn-day', endsOn: 'endsOn-day' })
      return render(reply, 'duty-rota', { ...(await rotaPage(ctx)), values, ...errors }, status)
    }
  })

  app.post('/team/duty-rota/:id/remove', { config: { permission: 'cases:manage' } }, async (request, reply) => {
    const ctx = requireCtx(request.ctx)
    const { id } = request.params as { id: string }
    try {
      await settings.removeFromRota(ctx, id, Number(str(formBody(request).version)))
      await flash(request, 'Removed from the duty rota')
      return reply.redirect('/team/duty-rota', 303)
    } catch (error) {
      const { status, ...errors } = refusal(error)
      return render(reply, 'duty-rota', { ...(await rotaPage(ctx)), values: {}, ...errors }, status)
    }
  })

  // ------------------------------------------------------------ eligibility rules

  const ruleItems = () => SCREENING_RULES.map((r) => ({ value: r, text: SCREENING_RULE_NAMES[r] }))

  app.get('/settings/eligibility', { config: { permission: 'casework:settings' } }, async (request, reply) => {
    const ctx = requireCtx(request.ctx)
    const current = await settings.eligibility(ctx)
    const values = {
      minAge: String(current.minAge),
      maxAge: String(current.maxAge),
      version: String(current.version),
      rules: SCREENING_RULES.filter((r) => current.rules?.[r] !== false),
    }
    return render(reply, 'eligibility', { pageTitle: 'Eligibility rules', values, ruleItems: ruleItems(), section: 'eligibility' })
  })

  app.post('/settings/eligibility', { config: { permission: 'casework:settings' } }, async (request, reply) => {
    const ctx = requireCtx(request.ctx)
    const body = formBody(request)
    const chosen = [body.rules].flat().filter((r): r is string => typeof r === 'string')
    const values = { minAge: str(body.minAge), maxAge: str(body.maxAge), version: str(body.version), rules: chosen }
    try {
      const input = parseOrThrow(eligibilityInput, {
        minAge: /^\d+$/.test(values.minAge) ? Number(values.minAge) : undefined,
        maxAge: /^\d+$/.test(values.maxAge) ? Number(values.maxAge) : undefined,
        rules: Object.fromEntries(SCREENING_RULES.map((r) => [r, chosen.includes(r)])),
        version: Number(values.version) || 0,
      })
      await settings.saveEligibility(ctx, input)
      await flash(request, 'Eligibility rules saved. Referrals submitted from now on are screened with them.')
      return reply.redirect('/settings/eligibility', 303)
    } catch (error) {
      const { status, ...errors } = refusal(error)
      return render(reply, 'eligibility', { pageTitle: 'Eligibility rules', values, ruleItems: ruleItems(), section: 'eligibility', ...errors }, status)
    }
  })

  // ------------------------------------------------------------ districts to teams

  async function districtsPage(ctx: Ctx) {
    return { pageTitle: 'Districts and teams', section: 'districts', ...(await settings.districts(ctx)) }
  }

  app.get('/settings/districts', { config: { permission: 'casework:settings' } }, async (request, reply) =>
    render(reply, 'districts', { ...(await districtsPage(requireCtx(request.ctx))), values: {} }),
  )

  app.post('/settings/districts', { config: { permission: 'casework:settings' } }, async (request, reply) => {
    const ctx = requireCtx(request.ctx)
    const values = formFields(request, ['district', 'teamId', 'fromTeamId'])
    try {
      await settings.mapDistrict(ctx, values)
      await flash(request, `${values.district} is covered by the team you chose`)
      return reply.redirect('/settings/districts', 303)
    } catch (error) {
      const { status, ...errors } = refusal(error)
      return render(reply, 'districts', { ...(await districtsPage(ctx)), values: values.fromTeamId ? {} : values, ...errors }, status)
    }
  })

  app.post('/settings/districts/remove', { config: { permission: 'casework:settings' } }, async (request, reply) => {
    const ctx = requireCtx(request.ctx)
    const values = formFields(request, ['district', 'fromTeamId'])
    try {
      await settings.removeDistrict(ctx, values)
      await flash(request, `${values.district} removed: referrals from there will show as outside the area`)
      return reply.redirect('/settings/districts', 303)
    } catch (error) {
      const { status, ...errors } = refusal(error)
      return render(reply, 'districts', { ...(await districtsPage(ctx)), values: {}, ...errors }, status)
    }
  })

  // ------------------------------------------------------------ capacity per strand

  function yearAsked(source: unknown): number {
    const raw = str((source as Record<string, unknown> | undefined)?.year)
    return /^\d{4}$/.test(raw) ? Number(raw) : financialYearOf(todayInLondon())
  }

  async function capacityPage(ctx: Ctx, year: number) {
    const [capacities, dashboard] = await Promise.all([settings.capacities(ctx, year), year === financialYearOf(todayInLondon()) ? teamDashboard(db, ctx, { teamId: null }) : null])
    const thisYear = financialYearOf(todayInLondon())
    return {
      pageTitle: 'Capacity per strand',
      section: 'capacity',
      year,
      yearLabel: financialYearLabel(year),
      years: [thisYear - 1, thisYear, thisYear + 1].map((y) => ({ value: y, text: financialYearLabel(y), selected: y === year })),
      capacities: capacities.map((c) => ({ ...c, used: dashboard?.capacity.find((u) => u.strand === c.strand)?.used ?? null })),
    }
  }

  app.get('/settings/capacity', { config: { permission: 'casework:settings' } }, async (request, reply) => {
    const ctx = requireCtx(request.ctx)
    return render(reply, 'capacity', await capacityPage(ctx, yearAsked(request.query)))
  })

  app.post('/settings/capacity', { config: { permission: 'casework:settings' } }, async (request, reply) => {
    const ctx = requireCtx(request.ctx)
    const body = formBody(request)
    const year = yearAsked(body)
    const strand = str(body.strand)
    const raw = str(body[`capacity-${strand}`])
    try {
      await settings.saveCapacity(ctx, { financialYear: year, strand, capacity: /^\d+$/.test(raw) ? Number(raw) : NaN, version: Number(str(body.version)) })
      await flash(request, `Capacity for ${LABELS.strand[strand] ?? strand} in ${financialYearLabel(year)} saved`)
      return reply.redirect(`/settings/capacity?year=${year}`, 303)
    } catch (error) {
      const { status, ...errors } = refusal(error)
      return render(reply, 'capacity', { ...(await capacityPage(ctx, year)), ...errors, posted: { strand, value: raw } }, status)
    }
  })
}
