import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { AppDeps, Modules } from '../../../../app.js'
import { setFlash, takeSavedForm } from '../../../../platform/auth/sessions.js'
import { requireCtx, type Ctx } from '../../../../platform/context.js'
import { ConflictError, NotFoundError, ValidationError, type FieldError } from '../../../../platform/http/errors.js'
import { formBody, formErrors } from '../../../../platform/http/forms.js'
import { todayInLondon } from '../../../../platform/time/index.js'
import { eligibilitySettings } from '../../../allocation/index.js'
import { fieldErrors, parseOrThrow } from '../../../../platform/validation.js'
import { createPeopleService, isUuid } from '../../../people/index.js'
import { createReferralDraftService, type ReferralDraft } from '../../drafts.js'
import { informationInput, referralInput, type ReferralInput } from '../../schemas.js'
import { createCaseworkService } from '../../service.js'
import { DECISION_OUTCOME_LABELS, PRIORITY_LABELS, REFERRAL_STATUS_LABELS, SCREENING_RULE_LABELS, STEPPED_DOWN_TO_IN_WORDS, STRAND_LABELS, labelOf } from '../labels.js'
import { familyPageRoutes } from './family-routes.js'
import {
  PAGE_FOR_FIELD,
  QUESTIONS,
  answerRows,
  childSearchTerm,
  firstIncomplete,
  nextPage,
  previewScreening,
  previousPage,
  referralCandidate,
  youngPeopleProblem,
  type FormValues,
  type JourneyState,
  type Page,
  type Question,
} from './questions.js'

/**
 * The referral journey (casework issue, item 1): the referrer's referrals and drafts, one
 * question a page, check your answers with the screening the panel will see, and a
 * confirmation. Every answer is saved to the draft on "Save and continue", so a timeout
 * loses nothing; a post after the session ended is kept by the platform and offered back here.
 */
const VIEWS = 'modules/casework/pages/referral'
const PERMISSION = { config: { permission: 'referrals:create' as const } }
const SEARCH_PAGE_SIZE = 20
const CAPTION = 'Refer a family'

type DraftRequest = FastifyRequest<{ Params: { draftId: string }; Querystring: Record<string, string | string[] | undefined> }>

export function referralPageRoutes(app: FastifyInstance, _modules: Modules, deps: AppDeps) {
  const db = deps.database.db
  const drafts = createReferralDraftService(db)
  const casework = createCaseworkService(db)
  const people = createPeopleService(db, { breakGlassMinutes: deps.config.BREAK_GLASS_MINUTES })

  const draftPath = (draftId: string, page: Page | 'confirmation', changing = false) => `/referrals/drafts/${draftId}/${page}${changing ? '?change=yes' : ''}`

  /** The draft and what the journey knows from it. A child the user can no longer see drops out of it. */
  async function journey(ctx: Ctx, draftId: string): Promise<{ draft: ReferralDraft; state: JourneyState }> {
    const draft = await drafts.find(ctx, draftId)
    return { draft, state: await stateOf(ctx, draft) }
  }

  async function stateOf(ctx: Ctx, draft: ReferralDraft): Promise<JourneyState> {
    const children = await drafts.children(ctx, draft.answers.childIds)
    const screening = await eligibilitySettings(deps.database.db, ctx.user.organisationId)
    return { answers: { ...draft.answers, childIds: children.map((c) => c.id) }, children, today: todayInLondon(), screening }
  }

  /** The form the user sent as their session ended, offered once, for this page only. */
  async function restoredForm(ctx: Ctx, request: DraftRequest): Promise<FormValues | null> {
    const id = request.query.restore
    if (typeof id !== 'string' || !isUuid(id)) return null
    const body = await takeSavedForm(db, ctx.user.id, id, request.url.split('?')[0] ?? '')
    return body && typeof body === 'object' ? formValues(body as Record<string, unknown>) : null
  }

  const confirmation = (reply: FastifyReply, draft: ReferralDraft) => reply.redirect(draftPath(draft.id, 'confirmation'), 303)

  // ------------------------------------------------------------ the referrer's referrals

  app.get('/referrals', PERMISSION, async (request, reply) => {
    const ctx = requireCtx(request.ctx)
    const [open, submitted] = await Promise.all([drafts.listOpen(ctx), drafts.submittedBy(ctx)])
    const named = await drafts.children(
      ctx,
      open.flatMap((d) => d.answers.childIds ?? []),
    )
    const draftRows = open.map((d) => ({
      id: d.id,
      children: (d.answers.childIds ?? []).flatMap((id) => named.filter((c) => c.id === id).map((c) => `${c.givenName} ${c.familyName}`)),
      strand: labelOf(STRAND_LABELS, d.answers.strand),
      updatedAt: d.updatedAt,
    }))
    const referralRows = submitted.map((r) => ({
      ...r,
      strandLabel: labelOf(STRAND_LABELS, r.strand),
      statusTag: REFERRAL_STATUS_LABELS[r.status] ?? { text: r.status, colour: 'grey' },
      decisionText: r.decision ? decisionInWords(r.decision) : null,
    }))
    return reply.view(`${VIEWS}/referrals.njk`, { pageTitle: 'Your referrals', drafts: draftRows, referrals: referralRows })
  })

  // ------------------------------------------------------------ more information needed

  async function informationPage(ctx: Ctx, referralId: string) {
    const referral = await drafts.submitted(ctx, referralId)
    if (referral.status !== 'more_information') throw new ConflictError('invalid-state', 'The panel has not asked for more information on this referral')
    return { pageTitle: 'Give the panel more information', referralId: referral.id, familyName: referral.familyName, asked: referral.decision?.rationale ?? null }
  }

  app.get('/referrals/:referralId/information', PERMISSION, async (request, reply) => {
    const ctx = requireCtx(request.ctx)
    const { referralId } = request.params as { referralId: string }
    const page = await informationPage(ctx, referralId)
    const version = (await casework.referralVersion(ctx, referralId)) ?? ''
    return reply.view(`${VIEWS}/information.njk`, { ...page, values: { version: String(version), information: '' } })
  })

  app.post('/referrals/:referralId/information', PERMISSION, async (request, reply) => {
    const ctx = requireCtx(request.ctx)
    const { referralId } = request.params as { referralId: string }
    const body = formValues(formBody(request))
    const values = { information: (first(body.information) ?? '').trim(), version: first(body.version) ?? '' }
    try {
      const input = parseOrThrow(informationInput, { information: values.information, version: Number(values.version) || undefined })
      await casework.giveInformation(ctx, referralId, input)
      if (request.session.state === 'active') await setFlash(deps.database.db, request.session.idHash, { success: 'Information sent: the referral is back on the panel’s agenda' })
      return reply.redirect('/referrals', 303)
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error
      const page = await informationPage(ctx, referralId)
      return reply.view(`${VIEWS}/information.njk`, { ...page, values, ...formErrors(error.errors) }, 422)
    }
  })

  app.post('/referrals/drafts', PERMISSION, async (request, reply) => {
    const ctx = requireCtx(request.ctx)
    const draft = await drafts.create(ctx)
    return reply.redirect(draftPath(draft.id, 'young-people'), 303)
  })

  /** "Continue" on a draft: the first question still to answer, or check your answers. */
  app.get('/referrals/drafts/:draftId', PERMISSION, async (request: DraftRequest, reply) => {
    const ctx = requireCtx(request.ctx)
    const { draft, state } = await journey(ctx, request.params.draftId)
    if (draft.submittedReferralId) return confirmation(reply, draft)
    return reply.redirect(draftPath(draft.id, firstIncomplete(state) ?? 'check-answers'), 303)
  })

  // ------------------------------------------------------------ the young people referred

  async function renderYoungPeople(
    reply: FastifyReply,
    ctx: Ctx,
    draft: ReferralDraft,
    state: JourneyState,
    options: { q: string; changing: boolean; restored?: boolean; errors?: FieldError[]; status?: number },
  ) {
    const search = options.q ? await people.search(ctx, { q: childSearchTerm(options.q), sort: 'name', order: 'ascending', page: 1, pageSize: SEARCH_PAGE_SIZE }) : null
    const back = previousPage('young-people', state, options.changing)
    return reply.view(
      `${VIEWS}/young-people.njk`,
      {
        pageTitle: 'Which young people are you referring?',
        caption: CAPTION,
        backLink: back ? draftPath(draft.id, back) : '/referrals',
        action: draftPath(draft.id, 'young-people'),
        searchAction: draftPath(draft.id, 'young-people'),
        q: options.q,
        changing: options.changing,
        restoredForm: options.restored,
        added: state.children,
        addedIds: state.children.map((c) => c.id),
        search,
        moreResults: search ? search.total > search.rows.length : false,
        ...(options.errors?.length ? formErrors(options.errors, { childIds: 'q' }) : {}),
      },
      options.status ?? 200,
    )
  }

  app.get('/referrals/drafts/:draftId/young-people', PERMISSION, async (request: DraftRequest, reply) => {
    const ctx = requireCtx(request.ctx)
    const { draft, state } = await journey(ctx, request.params.draftId)
    if (draft.submittedReferralId) return confirmation(reply, draft)
    const restored = await restoredForm(ctx, request)
    const values = restored ?? request.query
    return renderYoungPeople(reply, ctx, draft, state, { q: first(values.q).slice(0, 200), changing: first(values.change) === 'yes', restored: Boolean(restored) })
  })

  app.post('/referrals/drafts/:draftId/young-people', PERMISSION, async (request: DraftRequest, reply) => {
    const ctx = requireCtx(request.ctx)
    const values = formValues(formBody(request))
    const changing = first(values.change) === 'yes'
    const q = first(values.q).slice(0, 200)
    const { draft, state } = await journey(ctx, request.params.draftId)
    if (draft.submittedReferralId) return confirmation(reply, draft)
    const action = first(values.action)
    const childId = first(values.childId)
    const here = `${draftPath(draft.id, 'young-people')}?${new URLSearchParams({ ...(q ? { q } : {}), ...(changing ? { change: 'yes' } : {}) }).toString()}`.replace(/\?$/, '')

    if (action === 'add') {
      const [child] = await drafts.children(ctx, [childId])
      if (!child) {
        return renderYoungPeople(reply, ctx, draft, state, { q, changing, errors: [{ field: '/childIds', message: 'Select a young person from the search results' }], status: 422 })
      }
      if (state.children.some((c) => c.id === child.id)) return reply.redirect(here, 303)
      const proposed = { ...state, children: [...state.children, child] }
      const problem = youngPeopleProblem(proposed)
      if (problem) return renderYoungPeople(reply, ctx, draft, state, { q, changing, errors: [problem], status: 422 })
      await drafts.save(ctx, draft.id, { childIds: proposed.children.map((c) => c.id) })
      return reply.redirect(here, 303)
    }
    if (action === 'remove') {
      await drafts.save(ctx, draft.id, { childIds: state.children.filter((c) => c.id !== childId).map((c) => c.id) })
      return reply.redirect(here, 303)
    }
    const problem = youngPeopleProblem(state)
    if (problem) return renderYoungPeople(reply, ctx, draft, state, { q, changing, errors: [problem], status: 422 })
    return reply.redirect(draftPath(draft.id, nextPage('young-people', state, changing)), 303)
  })

  // ------------------------------------------------------------ the family's other children and network

  familyPageRoutes(app, { drafts, people, journey, stateOf, draftPath, confirmation, formValues })

  // ------------------------------------------------------------ one page for each other question

  function renderQuestion(
    reply: FastifyReply,
    draftId: string,
    question: Question,
    state: JourneyState,
    values: FormValues,
    options: { changing: boolean; restored?: boolean; errors?: FieldError[]; status?: number },
  ) {
    const back = previousPage(question.slug, state, options.changing)
    return reply.view(
      `${VIEWS}/${question.slug}.njk`,
      {
        pageTitle: question.title(state),
        caption: CAPTION,
        backLink: back ? draftPath(draftId, back) : '/referrals',
        action: draftPath(draftId, question.slug),
        values,
        changing: options.changing,
        restoredForm: options.restored,
        ...(question.view?.(values, state) ?? {}),
        ...(options.errors?.length ? formErrors(options.errors) : {}),
      },
      options.status ?? 200,
    )
  }

  for (const question of QUESTIONS) {
    const path = `/referrals/drafts/:draftId/${question.slug}`

    app.get(path, PERMISSION, async (request: DraftRequest, reply) => {
      const ctx = requireCtx(request.ctx)
      const { draft, state } = await journey(ctx, request.params.draftId)
      if (draft.submittedReferralId) return confirmation(reply, draft)
      // A page that does not apply (no child younger than the minimum age; no strand yet) is skipped.
      if (!question.applies(state)) return reply.redirect(draftPath(draft.id, firstIncomplete(state) ?? 'check-answers'), 303)
      const restored = await restoredForm(ctx, request)
      const values = restored ?? question.values(state.answers)
      const changing = first((restored ?? request.query).change) === 'yes'
      return renderQuestion(reply, draft.id, question, state, values, { changing, restored: Boolean(restored) })
    })

    app.post(path, PERMISSION, async (request: DraftRequest, reply) => {
      const ctx = requireCtx(request.ctx)
      const values = formValues(formBody(request))
      const changing = first(values.change) === 'yes'
      const { draft, state } = await journey(ctx, request.params.draftId)
      if (draft.submittedReferralId) return confirmation(reply, draft)
      if (!question.applies(state)) return reply.redirect(draftPath(draft.id, firstIncomplete(state) ?? 'check-answers'), 303)
      const { changes, errors } = question.parse(values, state)
      // Saved even when not valid yet: nothing typed is lost if the user leaves now.
      const saved = Object.keys(changes).length ? await drafts.save(ctx, draft.id, changes) : draft
      const after = await stateOf(ctx, saved)
      if (errors.length) return renderQuestion(reply, draft.id, question, after, values, { changing, errors, status: 422 })
      return reply.redirect(draftPath(draft.id, nextPage(question.slug, after, changing)), 303)
    })
  }

  // ------------------------------------------------------------ check your answers, submit, confirmation

  async function renderCheckAnswers(reply: FastifyReply, ctx: Ctx, draft: ReferralDraft, state: JourneyState, errors: FieldError[] = [], status = 200) {
    const screening = previewScreening(state, await drafts.coveredDistricts(ctx))
    const rows = answerRows(state).map((r) => ({ ...r, href: draftPath(draft.id, r.page, true) }))
    const summary = errors.map((e) => {
      const field = e.field.replace(/^\//, '').split('/')[0] as keyof ReferralInput
      const page = PAGE_FOR_FIELD[field]
      return { text: e.message, href: page ? draftPath(draft.id, page, true) : '#submit' }
    })
    return reply.view(
      `${VIEWS}/check-answers.njk`,
      {
        pageTitle: 'Check your answers before submitting the referral',
        caption: CAPTION,
        backLink: draftPath(draft.id, previousPage('check-answers', state, false) ?? 'young-people'),
        action: draftPath(draft.id, 'check-answers'),
        version: draft.version,
        rows,
        screening: screening && {
          eligible: screening.eligible,
          rules: screening.rules.map((r) => ({
            ...r,
            label: SCREENING_RULE_LABELS[r.rule] ?? r.rule,
            result: r.passed === true ? { text: 'Met', colour: 'green' } : r.passed === false ? { text: 'Not met', colour: 'red' } : { text: 'Not known', colour: 'grey' },
          })),
        },
        ...(summary.length ? { errors: summary } : {}),
      },
      status,
    )
  }

  app.get('/referrals/drafts/:draftId/check-answers', PERMISSION, async (request: DraftRequest, reply) => {
    const ctx = requireCtx(request.ctx)
    const { draft, state } = await journey(ctx, request.params.draftId)
    if (draft.submittedReferralId) return confirmation(reply, draft)
    const missing = firstIncomplete(state)
    if (missing) return reply.redirect(draftPath(draft.id, missing), 303)
    return renderCheckAnswers(reply, ctx, draft, state)
  })

  app.post('/referrals/drafts/:draftId/check-answers', PERMISSION, async (request: DraftRequest, reply) => {
    const ctx = requireCtx(request.ctx)
    const version = Number(first(formValues(formBody(request)).version))
    const { draft, state } = await journey(ctx, request.params.draftId)
    if (draft.submittedReferralId) return confirmation(reply, draft)
    const missing = firstIncomplete(state)
    if (missing) return reply.redirect(draftPath(draft.id, missing), 303)

    const claimed = await drafts.claimForSubmission(ctx, draft.id, version)
    if (!claimed) {
      const fresh = await journey(ctx, draft.id)
      if (fresh.draft.submittedReferralId) return confirmation(reply, fresh.draft)
      const message = 'Your answers changed after you opened this page, perhaps in another tab. Check them again, then submit the referral.'
      return renderCheckAnswers(reply, ctx, fresh.draft, fresh.state, [{ field: '/version', message }], 409)
    }
    const refuse = async (errors: FieldError[]) => renderCheckAnswers(reply, ctx, claimed, await stateOf(ctx, claimed), errors, 422)

    const parsed = referralInput.safeParse(referralCandidate(state))
    if (!parsed.success) return refuse(fieldErrors(parsed.error))
    try {
      // The referral and its draft's submission in one transaction: a crash between them cannot leave a draft that submits twice.
      await casework.createReferral(ctx, parsed.data, (tx, referralId) => drafts.markSubmitted(tx, ctx, draft.id, referralId))
    } catch (error) {
      if (error instanceof ValidationError) return refuse(error.errors)
      if (error instanceof NotFoundError) {
        return refuse([{ field: '/childIds', message: 'A young person on this referral is no longer on the system for you. Change the young people, then submit again.' }])
      }
      if (error instanceof ConflictError) return confirmation(reply, (await journey(ctx, draft.id)).draft)
      throw error
    }
    return reply.redirect(draftPath(draft.id, 'confirmation'), 303)
  })

  app.get('/referrals/drafts/:draftId/confirmation', PERMISSION, async (request: DraftRequest, reply) => {
    const ctx = requireCtx(request.ctx)
    const draft = await drafts.find(ctx, request.params.draftId)
    if (!draft.submittedReferralId) return reply.redirect(draftPath(draft.id, 'check-answers'), 303)
    const referral = await drafts.submitted(ctx, draft.submittedReferralId)
    return reply.view(`${VIEWS}/confirmation.njk`, {
      pageTitle: 'Referral submitted',
      referral: { ...referral, strandLabel: labelOf(STRAND_LABELS, referral.strand), decisionText: referral.decision ? decisionInWords(referral.decision) : null },
    })
  })
}

function decisionInWords(d: { decision: string; priority: string | null; steppedDownTo: string | null }): string {
  const decision = labelOf(DECISION_OUTCOME_LABELS, d.decision)
  if (d.decision === 'accepted' && d.priority) return `${decision}, ${labelOf(PRIORITY_LABELS, d.priority).toLowerCase()} priority`
  if (d.decision === 'stepped_down' && d.steppedDownTo) return `${decision} to ${labelOf(STEPPED_DOWN_TO_IN_WORDS, d.steppedDownTo)}`
  return decision
}

function formValues(body: Record<string, unknown>): FormValues {
  const values: FormValues = {}
  for (const [k, v] of Object.entries(body)) {
    if (typeof v === 'string') values[k] = v
    else if (Array.isArray(v)) values[k] = v.filter((x): x is string => typeof x === 'string')
  }
  return values
}

function first(value: string | string[] | undefined): string {
  return (Array.isArray(value) ? value[0] : value) ?? ''
}
