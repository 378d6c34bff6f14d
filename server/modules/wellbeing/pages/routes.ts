import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { AppDeps, Modules } from '../../../app.js'
import type { Permission } from '../../../platform/auth/roles.js'
import { requireCtx, type Ctx } from '../../../platform/context.js'
import { ConflictError, NotFoundError, ValidationError, type FieldError } from '../../../platform/http/errors.js'
import { asArray, formBody, formErrors } from '../../../platform/http/forms.js'
import { parseOrThrow } from '../../../platform/validation.js'
import { todayInLondon } from '../../../platform/time/index.js'
import { LABELS, PRIORITIES } from '../domain/codes.js'
import { SDQ_BANDS, SDQ_IMPACT_ITEMS, SDQ_IMPACT_ITEMS_BY_INFORMANT, SDQ_INFORMANTS, SDQ_ITEM_COUNT, SDQ_SUBSCALE_ITEMS, SDQ_REVERSED_ITEMS, type SdqBands } from '../domain/sdq.js'
import { GOLDING_LEVELS, recommendWork, type GoldingNeeds } from '../domain/triage.js'
import { createWellbeingService } from '../service.js'
import {
  closureInput,
  directoryEntryInput,
  flagInput,
  flagResponseInput,
  onwardOutcomeInput,
  onwardReferralInput,
  outcomeInput,
  referralChangeInput,
  referralInput,
  sdqInput,
  sessionInput,
  settingsInput,
  tariffInput,
  triageInput,
} from '../schemas.js'
import { financialYearOf, pounds } from './period.js'
import { suppressColumn, suppressed } from '../domain/suppression.js'
import type { WellbeingDashboard } from '../domain/dashboard.js'
import { isTableFormat, sendTables } from '../../../platform/http/tables.js'
import { DASHBOARD_TABLES, dashboardTables } from './dashboard-tables.js'

const V = 'modules/wellbeing/pages'
type Body = Record<string, string | string[] | undefined>
type Values = Record<string, string | string[]>

/** Which SDQ scale each item belongs to, for the entry form's hints. */
const ITEM_SCALE: Record<number, string> = Object.fromEntries(Object.entries(SDQ_SUBSCALE_ITEMS).flatMap(([scale, items]) => items.map((item) => [item, scale])))
const SCALE_NAMES: Record<string, string> = { emotional: 'Emotional', conduct: 'Conduct', hyperactivity: 'Hyperactivity', peer: 'Peer relationships', prosocial: 'Prosocial' }
const SDQ_ITEMS = Array.from({ length: SDQ_ITEM_COUNT }, (_, i) => ({
  number: i + 1,
  scale: SCALE_NAMES[ITEM_SCALE[i + 1] ?? ''] ?? '',
  reversed: SDQ_REVERSED_ITEMS.includes(i + 1),
}))

/**
 * The wellbeing service's pages (GOV.UK Design System, no JavaScript needed). Every form
 * posts to its own address and redirects after success; errors re-show the form with the
 * GOV.UK error summary. The same service serves these pages and the API.
 */
export function wellbeingPageRoutes(app: FastifyInstance, _modules: Modules, deps: AppDeps) {
  const wellbeing = createWellbeingService(deps.database.db)
  const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '')
  const opt = (v: unknown) => str(v) || undefined
  const num = (v: unknown) => (str(v) === '' ? undefined : Number.isFinite(Number(str(v))) ? Number(str(v)) : str(v))
  const yesNo = (v: unknown) => (str(v) === 'yes' ? true : str(v) === 'no' ? false : undefined)
  const idOf = (request: FastifyRequest) => (request.params as { id: string }).id

  const render = (reply: FastifyReply, template: string, data: Record<string, unknown>, status = 200) =>
    reply.view(`${V}/${template}/view.njk`, { labels: LABELS, ...data }, status)

  /** A date typed as day, month and year boxes, as YYYY-MM-DD; undefined when all are empty; the raw text when it cannot be one (so validation names it). */
  function dateField(body: Body, name: string): string | undefined {
    const [d, m, y] = [str(body[`${name}-day`]), str(body[`${name}-month`]), str(body[`${name}-year`])]
    if (!d && !m && !y) return undefined
    if (!/^\d{1,2}$/.test(d) || !/^\d{1,2}$/.test(m) || !/^\d{4}$/.test(y)) return `${y}-${m}-${d}`
    return `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`
  }
  const dateValues = (name: string, iso: string | null | undefined) => {
    const [y, m, d] = (iso ?? '').split('-')
    return { [`${name}-day`]: d ? String(Number(d)) : '', [`${name}-month`]: m ? String(Number(m)) : '', [`${name}-year`]: y ?? '' }
  }
  const rawValues = (body: Body): Values => {
    const values: Values = {}
    for (const [k, v] of Object.entries(body)) if (typeof v === 'string' || Array.isArray(v)) values[k] = v
    return values
  }

  /** A refusal as the error summary shows it; `firstInput` names the input a field's link focuses (a date's day box). */
  function refusal(error: unknown, firstInput: Record<string, string> = {}, rename: (e: FieldError) => FieldError = (e) => e) {
    if (error instanceof ValidationError) return { ...formErrors(error.errors.map(rename), firstInput), status: 422 }
    if (error instanceof ConflictError) return { errors: [{ text: error.message, href: '#main-content' }], fieldErrors: {}, status: 409 }
    throw error
  }

  /** Registers a page that shows a form (GET) and takes it (POST), both under one permission. */
  function formPage(
    url: string,
    permission: Permission,
    options: {
      show: (ctx: Ctx, request: FastifyRequest) => Promise<{ template: string; data: Record<string, unknown>; values?: Values; status?: number }>
      submit: (ctx: Ctx, request: FastifyRequest, body: Body) => Promise<string>
      firstInput?: Record<string, string>
      rename?: (e: FieldError) => FieldError
    },
  ) {
    app.get(url, { config: { permission } }, async (request, reply) => {
      const ctx = requireCtx(request.ctx)
      const page = await options.show(ctx, request)
      return render(reply, page.template, { values: page.values ?? {}, ...page.data }, page.status ?? 200)
    })
    app.post(url, { config: { permission } }, async (request, reply) => {
      const ctx = requireCtx(request.ctx)
      const body = formBody(request)
      try {
        return reply.redirect(await options.submit(ctx, request, body), 303)
      } catch (error) {
        const refused = refusal(error, options.firstInput, options.rename)
        const page = await options.show(ctx, request)
        return render(reply, page.template, { ...page.data, values: { ...(page.values ?? {}), ...rawValues(body) }, ...refused }, refused.status)
      }
    })
  }

  const tariffRows = async (ctx: Ctx) =>
    (await wellbeing.tariffs(ctx)).map((t) => ({ ...t, priceText: pounds(Number(t.amount)) + (t.maxAmount ? ` to ${pounds(Number(t.maxAmount))}` : '') }))

  /** The referral a form is about; a closed one shows the form's refusal at once. */
  const referralOf = async (ctx: Ctx, request: FastifyRequest) => (await wellbeing.view(ctx, idOf(request))).referral

  // ------------------------------------------------------------ queue

  app.get('/wellbeing', { config: { permission: 'wellbeing:read' } }, async (request, reply) => {
    const ctx = requireCtx(request.ctx)
    const query = request.query as Record<string, string | undefined>
    const view = query.view === 'open' || query.view === 'closed' ? query.view : 'queue'
    const titles = { queue: 'Triage queue', open: 'Open referrals', closed: 'Closed referrals' }
    return render(reply, 'queue', { pageTitle: titles[view], view, hasService: wellbeing.hasService(ctx), rows: await wellbeing.list(ctx, view) })
  })

  // ------------------------------------------------------------ referral

  formPage('/wellbeing/referrals/new', 'wellbeing:write', {
    show: async (ctx) => {
      return {
        template: 'referral-form',
        data: { pageTitle: 'Refer a young person', hasService: wellbeing.hasService(ctx), partners: await wellbeing.partners(ctx), priorities: PRIORITIES },
        values: dateValues('referredOn', todayInLondon()),
      }
    },
    submit: async (ctx, _request, body) => {
      const responsible = str(body.responsible)
      const input = parseOrThrow(referralInput, {
        givenName: str(body.givenName),
        familyName: str(body.familyName),
        dateOfBirth: dateField(body, 'dateOfBirth') ?? '',
        careStatus: opt(body.careStatus),
        responsibleOrganisationId: responsible && responsible !== 'other' ? responsible : undefined,
        responsibleAuthority: responsible && responsible !== 'other' ? undefined : opt(body.responsibleAuthority),
        placementType: opt(body.placementType),
        placementDetails: opt(body.placementDetails),
        referredOn: dateField(body, 'referredOn'),
        referrerName: str(body.referrerName),
        referrerRole: opt(body.referrerRole),
        reason: str(body.reason),
        priorities: asArray(body.priorities),
        consent: opt(body.consent),
        informationSharing: opt(body.informationSharing),
        consentNotes: opt(body.consentNotes),
        schoolExclusion: asArray(body.education).includes('exclusion'),
        persistentAbsence: asArray(body.education).includes('absence'),
      })
      if (!responsible) throw new ValidationError([{ field: '/responsible', message: 'Select the responsible authority' }])
      const created = await wellbeing.createReferral(ctx, input)
      return `/wellbeing/referrals/${created.id}`
    },
    firstInput: {
      dateOfBirth: 'dateOfBirth-day',
      referredOn: 'referredOn-day',
      careStatus: 'careStatus',
      responsibleOrganisationId: 'responsible',
      responsibleAuthority: 'responsibleAuthority',
    },
  })

  app.get('/wellbeing/referrals/:id', { config: { permission: 'wellbeing:read' } }, async (request, reply) => {
    const ctx = requireCtx(request.ctx)
    const page = await wellbeing.view(ctx, idOf(request))
    const name = `${page.referral.givenName} ${page.referral.familyName}`
    return render(reply, 'referral', {
      pageTitle: name,
      name,
      ...page,
      sessions: page.sessions.map((s) => ({ ...s, costText: s.cost === null ? 'Not costed' : pounds(s.cost) })),
      totalCostText: pounds(page.totalCost),
      today: todayInLondon(),
    })
  })

  formPage('/wellbeing/referrals/:id/edit', 'wellbeing:write', {
    show: async (ctx, request) => {
      const r = await referralOf(ctx, request)
      return {
        template: 'referral-edit',
        data: { pageTitle: 'Change the referral', referral: r, priorities: PRIORITIES },
        values: {
          placementType: r.placementType,
          placementDetails: r.placementDetails ?? '',
          reason: r.reason,
          priorities: r.priorities,
          consent: r.consent,
          informationSharing: r.informationSharing,
          consentNotes: r.consentNotes ?? '',
          version: String(r.version),
        },
      }
    },
    submit: async (ctx, request, body) => {
      const input = parseOrThrow(referralChangeInput, {
        placementType: opt(body.placementType),
        placementDetails: str(body.placementDetails),
        reason: str(body.reason),
        priorities: asArray(body.priorities),
        consent: opt(body.consent),
        informationSharing: opt(body.informationSharing),
        consentNotes: str(body.consentNotes),
        version: num(body.version),
      })
      await wellbeing.updateReferral(ctx, idOf(request), input)
      return `/wellbeing/referrals/${idOf(request)}`
    },
  })

  // ------------------------------------------------------------ SDQ

  formPage('/wellbeing/referrals/:id/sdq', 'wellbeing:write', {
    show: async (ctx, request) => {
      const referral = await referralOf(ctx, request)
      return {
        template: 'sdq',
        data: {
          pageTitle: 'Enter a Strengths and Difficulties Questionnaire',
          referral,
          items: SDQ_ITEMS,
          impactItems: SDQ_IMPACT_ITEMS,
          teacherImpact: SDQ_IMPACT_ITEMS_BY_INFORMANT.teacher,
        },
        values: dateValues('completedOn', todayInLondon()),
      }
    },
    submit: async (ctx, request, body) => {
      const answers: Record<string, number> = {}
      for (let item = 1; item <= SDQ_ITEM_COUNT; item++) {
        const v = str(body[`item${item}`])
        if (v !== '') answers[String(item)] = Number(v)
      }
      const impact: Record<string, number> = {}
      for (const q of SDQ_IMPACT_ITEMS) if (str(body[`impact-${q}`]) !== '') impact[q] = Number(str(body[`impact-${q}`]))
      const input = parseOrThrow(sdqInput, {
        informant: opt(body.informant),
        answers,
        impact: Object.keys(impact).length ? impact : undefined,
        stage: opt(body.stage),
        completedOn: dateField(body, 'completedOn') ?? '',
      })
      await wellbeing.recordSdq(ctx, idOf(request), input)
      return `/wellbeing/referrals/${idOf(request)}#questionnaires`
    },
    firstInput: { completedOn: 'completedOn-day' },
    rename: (e) => {
      const item = /^\/answers\/(\d+)$/.exec(e.field)
      const impact = /^\/impact\/(\w+)$/.exec(e.field)
      return item ? { ...e, field: `/item${item[1]}` } : impact ? { ...e, field: `/impact-${impact[1]}` } : e
    },
  })

  // ------------------------------------------------------------ flags

  formPage('/wellbeing/referrals/:id/flags/new', 'wellbeing:write', {
    show: async (ctx, request) => ({
      template: 'flag',
      data: { pageTitle: 'Raise a flag', referral: await referralOf(ctx, request) },
      values: dateValues('raisedOn', todayInLondon()),
    }),
    submit: async (ctx, request, body) => {
      await wellbeing.raiseFlag(ctx, idOf(request), parseOrThrow(flagInput, { kind: opt(body.kind), raisedOn: dateField(body, 'raisedOn'), note: opt(body.note) }))
      return `/wellbeing/referrals/${idOf(request)}#flags`
    },
    firstInput: { raisedOn: 'raisedOn-day' },
  })

  formPage('/wellbeing/referrals/:id/flags/:flagId', 'wellbeing:write', {
    show: async (ctx, request) => {
      const page = await wellbeing.view(ctx, idOf(request))
      const flag = page.flags.find((f) => f.id === (request.params as { flagId: string }).flagId)
      if (!flag) throw new NotFoundError('flag')
      return {
        template: 'flag-response',
        data: { pageTitle: 'Record the response to a flag', referral: page.referral, flag },
        values: { ...dateValues('respondedOn', flag.respondedOn ?? todayInLondon()), response: flag.response ?? '', version: String(flag.version) },
      }
    },
    submit: async (ctx, request, body) => {
      const input = parseOrThrow(flagResponseInput, { respondedOn: dateField(body, 'respondedOn'), response: str(body.response), version: num(body.version) })
      await wellbeing.respondToFlag(ctx, idOf(request), (request.params as { flagId: string }).flagId, input)
      return `/wellbeing/referrals/${idOf(request)}#flags`
    },
    firstInput: { respondedOn: 'respondedOn-day' },
  })

  // ------------------------------------------------------------ triage

  formPage('/wellbeing/referrals/:id/triage', 'wellbeing:write', {
    show: async (ctx, request) => {
      const page = await wellbeing.view(ctx, idOf(request))
      const values: Values = { ...dateValues('assessedOn', todayInLondon()), version: String(page.referral.version), priorities: page.referral.priorities }
      if (page.triage) for (const level of GOLDING_LEVELS) values[level] = page.triage.needs[level] ? 'yes' : 'no'
      return {
        template: 'triage',
        data: { pageTitle: 'Triage', referral: page.referral, levels: GOLDING_LEVELS, priorities: PRIORITIES, latestSdq: page.sdqs.at(-1) ?? null },
        values,
      }
    },
    submit: async (ctx, request, body) => {
      const needs = Object.fromEntries(GOLDING_LEVELS.map((level) => [level, yesNo(body[level])]))
      try {
        const input = parseOrThrow(triageInput, {
          assessedOn: dateField(body, 'assessedOn'),
          needs,
          decided: opt(body.decided),
          overrideReason: opt(body.overrideReason),
          priorities: asArray(body.priorities),
          notes: opt(body.notes),
          version: num(body.version),
        })
        await wellbeing.triage(ctx, idOf(request), input)
      } catch (error) {
        // Say what the hierarchy recommends, so the practitioner can agree or give their reason.
        if (error instanceof ValidationError && GOLDING_LEVELS.every((l) => typeof needs[l] === 'boolean')) {
          const recommended = LABELS.recommendation[recommendWork(needs as GoldingNeeds)]
          throw new ValidationError(error.errors.map((e) => (e.field === '/overrideReason' ? { ...e, message: `The needs recorded point to: ${recommended}. ${e.message}` } : e)))
        }
        throw error
      }
      return `/wellbeing/referrals/${idOf(request)}#triage`
    },
    firstInput: { assessedOn: 'assessedOn-day' },
    rename: (e) => (e.field.startsWith('/needs/') ? { ...e, field: `/${e.field.slice('/needs/'.length)}` } : e.field === '/needs' ? { ...e, field: '/safety' } : e),
  })

  // ------------------------------------------------------------ onward referrals

  formPage('/wellbeing/referrals/:id/onward/new', 'wellbeing:write', {
    show: async (ctx, request) => ({
      template: 'onward',
      data: { pageTitle: 'Refer on to another service', referral: await referralOf(ctx, request), directory: await wellbeing.directory(ctx, { activeOnly: true }) },
      values: dateValues('referredOn', todayInLondon()),
    }),
    submit: async (ctx, request, body) => {
      const input = parseOrThrow(onwardReferralInput, { directoryEntryId: str(body.directoryEntryId), referredOn: dateField(body, 'referredOn'), reason: str(body.reason) })
      await wellbeing.referOn(ctx, idOf(request), input)
      return `/wellbeing/referrals/${idOf(request)}#onward`
    },
    firstInput: { referredOn: 'referredOn-day' },
  })

  formPage('/wellbeing/referrals/:id/onward/:onwardId', 'wellbeing:write', {
    show: async (ctx, request) => {
      const page = await wellbeing.view(ctx, idOf(request))
      const onward = page.onwardReferrals.find((o) => o.id === (request.params as { onwardId: string }).onwardId)
      if (!onward) throw new NotFoundError('onward referral')
      return {
        template: 'onward-outcome',
        data: { pageTitle: `Outcome of the referral to ${onward.service}`, referral: page.referral, onward },
        values: {
          ...dateValues('outcomeOn', onward.outcomeOn ?? todayInLondon()),
          outcome: onward.outcome ?? '',
          outcomeNote: onward.outcomeNote ?? '',
          version: String(onward.version),
        },
      }
    },
    submit: async (ctx, request, body) => {
      const input = parseOrThrow(onwardOutcomeInput, {
        outcome: opt(body.outcome),
        outcomeOn: dateField(body, 'outcomeOn'),
        outcomeNote: opt(body.outcomeNote),
        version: num(body.version),
      })
      await wellbeing.recordOnwardOutcome(ctx, idOf(request), (request.params as { onwardId: string }).onwardId, input)
      return `/wellbeing/referrals/${idOf(request)}#onward`
    },
    firstInput: { outcomeOn: 'outcomeOn-day' },
  })

  // ------------------------------------------------------------ sessions

  formPage('/wellbeing/referrals/:id/sessions/new', 'wellbeing:write', {
    show: async (ctx, request) => {
      const referral = await referralOf(ctx, request)
      const closed =
        referral.status === 'closed'
          ? {
              errors: [
                {
                  text: `This referral was closed on ${referral.closedOn}, so no session can be recorded. Make a new referral if the young person needs the service again.`,
                  href: '#main-content',
                },
              ],
            }
          : {}
      return {
        template: 'session',
        data: { pageTitle: 'Record a session or consultation', referral, ...closed },
        values: dateValues('heldOn', todayInLondon()),
        status: referral.status === 'closed' ? 409 : 200,
      }
    },
    submit: async (ctx, request, body) => {
      const input = parseOrThrow(sessionInput, {
        heldOn: dateField(body, 'heldOn') ?? '',
        activity: opt(body.activity),
        mode: opt(body.mode),
        lead: opt(body.lead),
        durationMinutes: num(body.durationMinutes),
        agreedAmount: opt(body.agreedAmount),
        note: opt(body.note),
      })
      await wellbeing.addSession(ctx, idOf(request), input)
      return `/wellbeing/referrals/${idOf(request)}#sessions`
    },
    firstInput: { heldOn: 'heldOn-day' },
  })

  // ------------------------------------------------------------ outcome and closure

  formPage('/wellbeing/referrals/:id/outcome', 'wellbeing:write', {
    show: async (ctx, request) => {
      const page = await wellbeing.view(ctx, idOf(request))
      const o = page.outcome
      const values: Values = o
        ? {
            placementStability: o.placementStability ? String(o.placementStability) : '',
            breakdownsDuring: String(o.breakdownsDuring),
            breakdownsAfter: String(o.breakdownsAfter),
            notes: o.notes ?? '',
            version: String(o.version),
          }
        : { breakdownsDuring: '0', breakdownsAfter: '0' }
      return {
        template: 'outcome',
        data: { pageTitle: 'Record the outcome', referral: page.referral, sdqChange: page.sdqChange },
        values,
      }
    },
    submit: async (ctx, request, body) => {
      const input = parseOrThrow(outcomeInput, {
        placementStability: num(body.placementStability),
        breakdownsDuring: num(body.breakdownsDuring),
        breakdownsAfter: num(body.breakdownsAfter),
        notes: opt(body.notes),
        version: num(body.version),
      })
      await wellbeing.recordOutcome(ctx, idOf(request), input)
      return `/wellbeing/referrals/${idOf(request)}#outcome`
    },
  })

  formPage('/wellbeing/referrals/:id/closure', 'wellbeing:write', {
    show: async (ctx, request) => {
      const referral = await referralOf(ctx, request)
      return { template: 'closure', data: { pageTitle: 'Close the referral', referral }, values: { ...dateValues('closedOn', todayInLondon()), version: String(referral.version) } }
    },
    submit: async (ctx, request, body) => {
      const input = parseOrThrow(closureInput, {
        closedOn: dateField(body, 'closedOn'),
        closureReason: opt(body.closureReason),
        closureSummary: str(body.closureSummary),
        version: num(body.version),
      })
      await wellbeing.close(ctx, idOf(request), input)
      return `/wellbeing/referrals/${idOf(request)}`
    },
    firstInput: { closedOn: 'closedOn-day' },
  })

  // ------------------------------------------------------------ directory and tariffs

  app.get('/wellbeing/directory', { config: { permission: 'wellbeing:manage' } }, async (request, reply) => {
    const ctx = requireCtx(request.ctx)
    return render(reply, 'directory', { pageTitle: 'Directory of services to refer on to', hasService: wellbeing.hasService(ctx), entries: await wellbeing.directory(ctx) })
  })

  formPage('/wellbeing/directory/new', 'wellbeing:manage', {
    show: async () => ({ template: 'directory-entry', data: { pageTitle: 'Add a service to the directory' }, values: { active: 'yes' } }),
    submit: async (ctx, _request, body) => {
      const input = parseOrThrow(directoryEntryInput, { name: str(body.name), criteria: str(body.criteria), contact: str(body.contact), active: str(body.active) !== 'no' })
      await wellbeing.addDirectoryEntry(ctx, input)
      return '/wellbeing/directory'
    },
  })

  formPage('/wellbeing/directory/:entryId', 'wellbeing:manage', {
    show: async (ctx, request) => {
      const entry = await wellbeing.directoryEntry(ctx, (request.params as { entryId: string }).entryId)
      return {
        template: 'directory-entry',
        data: { pageTitle: `Change ${entry.name}`, entry },
        values: { name: entry.name, criteria: entry.criteria, contact: entry.contact, active: entry.active ? 'yes' : 'no', version: String(entry.version) },
      }
    },
    submit: async (ctx, request, body) => {
      const input = parseOrThrow(directoryEntryInput, {
        name: str(body.name),
        criteria: str(body.criteria),
        contact: str(body.contact),
        active: str(body.active) !== 'no',
        version: num(body.version),
      })
      await wellbeing.updateDirectoryEntry(ctx, (request.params as { entryId: string }).entryId, input)
      return '/wellbeing/directory'
    },
  })

  formPage('/wellbeing/tariffs', 'wellbeing:manage', {
    show: async (ctx) => ({ template: 'tariffs', data: { pageTitle: 'Tariff', hasService: wellbeing.hasService(ctx), tariffs: await tariffRows(ctx) } }),
    submit: async (ctx, _request, body) => {
      const input = parseOrThrow(tariffInput, {
        activity: opt(body.activity),
        amount: str(body.amount).replace(/^£/, '').replaceAll(',', ''),
        maxAmount: opt(str(body.maxAmount).replace(/^£/, '').replaceAll(',', '')),
        effectiveFrom: dateField(body, 'effectiveFrom') ?? '',
        effectiveTo: dateField(body, 'effectiveTo'),
      })
      await wellbeing.addTariff(ctx, input)
      return '/wellbeing/tariffs'
    },
    firstInput: { effectiveFrom: 'effectiveFrom-day', effectiveTo: 'effectiveTo-day' },
  })

  app.post('/wellbeing/tariffs/:tariffId/end', { config: { permission: 'wellbeing:manage' } }, async (request, reply) => {
    const ctx = requireCtx(request.ctx)
    const body = formBody(request)
    const tariffId = (request.params as { tariffId: string }).tariffId
    try {
      const effectiveTo = dateField(body, `end-${tariffId}`)
      if (effectiveTo === undefined) throw new ValidationError([{ field: '/effectiveTo', message: 'Enter the last day the price applies' }])
      await wellbeing.endTariff(ctx, tariffId, { effectiveTo: parseOrThrow(tariffInput.shape.effectiveFrom, effectiveTo), version: num(body.version) as number | undefined })
      return reply.redirect('/wellbeing/tariffs', 303)
    } catch (error) {
      const refused = refusal(error)
      return render(reply, 'tariffs', { pageTitle: 'Tariff', hasService: wellbeing.hasService(ctx), tariffs: await tariffRows(ctx), values: {}, ...refused }, refused.status)
    }
  })

  /** The SDQ bands' boxes on the settings page: one "from" and one "to" for each band of each informant. */
  const bandBoxes = SDQ_INFORMANTS.flatMap((informant) =>
    SDQ_BANDS.flatMap((band) => (['from', 'to'] as const).map((end) => ({ informant, band, end, name: `sdq-${informant}-${band}-${end}` }))),
  )
  const bandsFromBody = (body: Body) => {
    if (bandBoxes.every((box) => body[box.name] === undefined)) return undefined
    const bands: Record<string, Record<string, Record<string, unknown>>> = {}
    for (const { informant, band, end, name } of bandBoxes) ((bands[informant] ??= {})[band] ??= {})[end] = num(body[name])
    return bands
  }

  formPage('/wellbeing/settings', 'wellbeing:manage', {
    show: async (ctx) => {
      const settings = await wellbeing.settings(ctx)
      const values: Values = settings
        ? {
            flagResponseWorkingDays: String(settings.flagResponseWorkingDays),
            triageTargetDays: String(settings.triageTargetDays),
            firstSessionTargetDays: String(settings.firstSessionTargetDays),
            ...Object.fromEntries(bandBoxes.map((box) => [box.name, String((settings.sdqBands as SdqBands)[box.informant][box.band][box.end])])),
            version: String(settings.version),
          }
        : {}
      return {
        template: 'settings',
        data: { pageTitle: 'Service settings', hasService: settings !== null, informants: SDQ_INFORMANTS, bands: SDQ_BANDS },
        values,
      }
    },
    // A band's problem (/sdqBands/carer/borderline/from) belongs to its box.
    rename: (e) => {
      const band = /^\/sdqBands\/(\w+)\/(\w+)\/(from|to)$/.exec(e.field)
      return band ? { ...e, field: `/sdq-${band[1]}-${band[2]}-${band[3]}` } : e
    },
    submit: async (ctx, _request, body) => {
      const input = parseOrThrow(settingsInput, {
        flagResponseWorkingDays: num(body.flagResponseWorkingDays),
        triageTargetDays: num(body.triageTargetDays),
        firstSessionTargetDays: num(body.firstSessionTargetDays),
        sdqBands: bandsFromBody(body),
        version: num(body.version),
      })
      await wellbeing.updateSettings(ctx, input)
      return '/wellbeing/settings'
    },
  })

  // ------------------------------------------------------------ dashboard

  app.get('/wellbeing/dashboard', { config: { permission: 'wellbeing:report' } }, async (request, reply) => {
    const ctx = requireCtx(request.ctx)
    const query = request.query as Record<string, string | undefined>
    const year = financialYearOf()
    const valid = (d: string | undefined) => (d && /^\d{4}-\d{2}-\d{2}$/.test(d) && !Number.isNaN(Date.parse(d)) ? d : undefined)
    const from = valid(query.from) ?? year.from
    const to = valid(query.to) ?? year.to
    const figures = from <= to ? await wellbeing.dashboard(ctx, { serviceId: query.serviceId, from, to }) : null
    // PRODUCT.md §4: board viewers' pages suppress counts of 1 to 4.
    const suppress = ctx.user.roles.includes('board_viewer') && !ctx.user.roles.some((r) => r === 'wellbeing_practitioner' || r === 'analyst' || r === 'finance_partner')
    const counted = figures && suppress ? suppressFigures(figures) : figures
    // Every table downloads as CSV or Excel from this address, with the page's suppression.
    if (counted && isTableFormat(query.format)) {
      const tables = dashboardTables(counted)
      const one = DASHBOARD_TABLES.find((key) => key === query.table)
      return sendTables(reply, one ? [tables[one]] : Object.values(tables), query.format, `wellbeing-dashboard-${from}-to-${to}${one ? `-${one}` : ''}`)
    }
    const exportBase = `/wellbeing/dashboard?${new URLSearchParams({ ...(counted ? { serviceId: counted.service.id } : {}), from, to }).toString()}`
    const shown = counted && {
      ...counted,
      referralsByAuthority: counted.referralsByAuthority.map((a) => ({ ...a, costText: a.cost === null ? 'Not shown' : pounds(a.cost) })),
      activity: counted.activity.map((a) => ({ ...a, costText: pounds(a.cost) })),
      costTotalText: pounds(counted.costTotal),
      partners: counted.partners.map((p) => ({ ...p, fundedCostText: pounds(p.fundedCost), costOfTheirChildrenText: pounds(p.costOfTheirChildren) })),
      costOfOtherAuthoritiesChildrenText: pounds(counted.costOfOtherAuthoritiesChildren),
    }
    return render(reply, 'dashboard', { pageTitle: 'Wellbeing service dashboard', figures: shown, suppress, from, to, periodError: from > to, exportBase })
  })
}

type Suppressible<T> = { [K in keyof T]: T[K] extends number ? number | null : T[K] extends object ? Suppressible<T[K]> : T[K] }

/** The dashboard's counts as a board viewer sees them: 1 to 4 not shown, with a second cell where a total would reveal one. */
function suppressFigures<T extends WellbeingDashboard>(f: T): Suppressible<T> & T {
  const byAuthority = suppressColumn(f.referralsByAuthority.map((a) => a.referrals))
  // Sessions per authority hidden like any count; money is shown, as in the activity table.
  const sessionsByAuthority = suppressColumn(f.referralsByAuthority.map((a) => a.sessions))
  const sessions = suppressColumn(f.activity.map((a) => a.sessions))
  const wait = (w: WellbeingDashboard['waits']['toTriage']) => ({
    ...w,
    reached: suppressed(w.reached),
    withinTarget: suppressed(w.withinTarget),
    stillWaiting: suppressed(w.stillWaiting),
  })
  return {
    ...f,
    referralsTotal: suppressed(f.referralsTotal),
    referralsByAuthority: f.referralsByAuthority.map((a, i) => {
      return { ...a, referrals: byAuthority[i] ?? null, sessions: sessionsByAuthority[i] ?? null }
    }),
    activity: f.activity.map((a, i) => ({ ...a, sessions: sessions[i] ?? null })),
    sessionsTotal: suppressed(f.sessionsTotal),
    waits: { toTriage: wait(f.waits.toTriage), toFirstSession: wait(f.waits.toFirstSession) },
    flags: { due: suppressed(f.flags.due), respondedOnTime: suppressed(f.flags.respondedOnTime), notOnTime: suppressed(f.flags.notOnTime) },
  } as unknown as Suppressible<T> & T
}
