import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { requireCtx, type Ctx } from '../../../../platform/context.js'
import type { FieldError } from '../../../../platform/http/errors.js'
import { formBody, formErrors } from '../../../../platform/http/forms.js'
import { formatDate } from '../../../../platform/time/index.js'
import type { PeopleService } from '../../../people/index.js'
import type { DraftAnswers, NetworkAnswer, ReferralDraft, ReferralDraftService, SiblingAnswer } from '../../drafts.js'
import { COLLECTIONS, networkValues, parseNetworkMember, parseSibling, siblingValues, type Collection, type CollectionSlug, type FormValues } from './family.js'
import { nextPage, previousPage, type JourneyState, type Page } from './questions.js'

/**
 * The family's other children and its network (casework issue, item 1), as GOV.UK "add
 * another thing" lists that work without JavaScript: a list page with change and remove
 * links and "Do you need to add another?", a form page for each person, and a page that
 * asks before removing someone. Every change is saved to the draft at once.
 */
const VIEWS = 'modules/casework/pages/referral'
const PERMISSION = { config: { permission: 'referrals:create' as const } }
const CAPTION = 'Refer a family'

type Request = FastifyRequest<{ Params: { draftId: string; n?: string }; Querystring: Record<string, string | string[] | undefined> }>

export interface FamilyRouteHelpers {
  drafts: ReferralDraftService
  people: PeopleService
  journey: (ctx: Ctx, draftId: string) => Promise<{ draft: ReferralDraft; state: JourneyState }>
  stateOf: (ctx: Ctx, draft: ReferralDraft) => Promise<JourneyState>
  draftPath: (draftId: string, page: Page | 'confirmation', changing?: boolean) => string
  confirmation: (reply: FastifyReply, draft: ReferralDraft) => FastifyReply
  formValues: (body: Record<string, unknown>) => FormValues
}

const first = (value: string | string[] | undefined): string => ((Array.isArray(value) ? value[0] : value) ?? '').trim()

export function familyPageRoutes(app: FastifyInstance, h: FamilyRouteHelpers) {
  for (const collection of Object.values(COLLECTIONS)) registerCollection(app, h, collection)
}

function registerCollection(app: FastifyInstance, h: FamilyRouteHelpers, c: Collection) {
  const base = `/referrals/drafts/:draftId/${c.slug}`
  const listPath = (draftId: string, changing: boolean) => h.draftPath(draftId, c.slug, changing)
  const subPath = (draftId: string, sub: string, changing: boolean) => `/referrals/drafts/${draftId}/${c.slug}/${sub}${changing ? '?change=yes' : ''}`
  const changingOf = (values: FormValues) => first(values.change) === 'yes'
  const itemsChange = (items: (SiblingAnswer | NetworkAnswer)[]): Pick<DraftAnswers, 'siblings' | 'network'> =>
    c.slug === 'siblings' ? { siblings: items as SiblingAnswer[] } : { network: items as NetworkAnswer[] }

  /** The person numbered in the URL (from 1), or null. */
  const itemAt = (state: JourneyState, n: string | undefined) => {
    const index = /^\d{1,3}$/.test(n ?? '') ? Number(n) - 1 : -1
    const item = c.items(state.answers)[index]
    return item ? { index, item } : null
  }

  // ------------------------------------------------------------ the list and "add another?"

  function renderList(reply: FastifyReply, draftId: string, state: JourneyState, changing: boolean, errors: FieldError[] = [], status = 200) {
    const items = c.items(state.answers)
    const back = previousPage(c.slug, state, changing)
    return reply.view(
      `${VIEWS}/family-list.njk`,
      {
        pageTitle: items.length ? c.listTitle(items.length) : c.firstQuestion,
        caption: CAPTION,
        slug: c.slug,
        backLink: back ? h.draftPath(draftId, back) : '/referrals',
        action: h.draftPath(draftId, c.slug),
        changing,
        question: items.length ? c.anotherQuestion : c.firstQuestion,
        full: items.length >= c.max,
        max: c.max,
        rows: items.map((item, i) => ({
          key: { text: c.name(item) },
          value: { html: c.lines(item).map(escapeHtml).join('<br>') },
          actions: {
            items: [
              { href: subPath(draftId, String(i + 1), changing), text: 'Change', visuallyHiddenText: c.name(item), attributes: { 'data-qa': `change-${i + 1}` } },
              { href: subPath(draftId, `${i + 1}/remove`, changing), text: 'Remove', visuallyHiddenText: c.name(item), attributes: { 'data-qa': `remove-${i + 1}` } },
            ],
          },
        })),
        ...(errors.length ? formErrors(errors, { addAnother: 'addAnother' }) : {}),
      },
      status,
    )
  }

  app.get(base, PERMISSION, async (request: Request, reply) => {
    const ctx = requireCtx(request.ctx)
    const { draft, state } = await h.journey(ctx, request.params.draftId)
    if (draft.submittedReferralId) return h.confirmation(reply, draft)
    return renderList(reply, draft.id, state, changingOf(request.query))
  })

  app.post(base, PERMISSION, async (request: Request, reply) => {
    const ctx = requireCtx(request.ctx)
    const values = h.formValues(formBody(request))
    const changing = changingOf(values)
    const { draft, state } = await h.journey(ctx, request.params.draftId)
    if (draft.submittedReferralId) return h.confirmation(reply, draft)
    const items = c.items(state.answers)
    const answer = first(values.addAnother)
    if (answer === 'yes' && items.length < c.max) return reply.redirect(subPath(draft.id, 'add', changing), 303)
    if (answer !== 'no' && !(answer === 'yes' && items.length >= c.max)) {
      const message = items.length ? `Select yes if you need to add another ${c.slug === 'siblings' ? 'child' : 'person'}` : c.noneMessage
      return renderList(reply, draft.id, state, changing, [{ field: '/addAnother', message }], 422)
    }
    const saved = await h.drafts.save(ctx, draft.id, { [c.doneField]: 'yes' })
    const after = await h.stateOf(ctx, saved)
    return reply.redirect(h.draftPath(draft.id, nextPage(c.slug, after, changing)), 303)
  })

  // ------------------------------------------------------------ one person: add or change

  interface Duplicate {
    id: string
    givenName: string
    familyName: string
    dateOfBirth: string
    localChildId: string | null
  }

  function renderForm(
    reply: FastifyReply,
    draftId: string,
    options: { n: string | null; values: FormValues; changing: boolean; errors?: FieldError[]; duplicates?: Duplicate[]; status?: number },
  ) {
    const duplicates = options.duplicates ?? []
    return reply.view(
      `${VIEWS}/family-${c.slug}-form.njk`,
      {
        pageTitle: options.n ? c.changeTitle : c.addTitle,
        caption: CAPTION,
        backLink: listPath(draftId, options.changing),
        action: subPath(draftId, options.n ?? 'add', false),
        changing: options.changing,
        values: options.values,
        duplicates: duplicates.length
          ? duplicates
              .map((d) => ({
                value: d.id,
                text: `Yes, it is ${d.givenName} ${d.familyName}, born ${formatDate(d.dateOfBirth)}${d.localChildId ? ` (council child ID ${d.localChildId})` : ''}`,
                checked: first(options.values.duplicateChoice) === d.id,
              }))
              .concat([{ value: 'new', text: 'No, this is a different child', checked: first(options.values.duplicateChoice) === 'new' }])
          : null,
        ...(options.errors?.length ? formErrors(options.errors, { dateOfBirth: 'dateOfBirth-day', livesInHousehold: 'livesInHousehold', householdMember: 'householdMember' }) : {}),
      },
      options.status ?? 200,
    )
  }

  /**
   * PRODUCT §2: before a child is created, possible duplicates are shown. The referrer picks
   * the existing record or says this is a different child; the young people referred are not offered.
   */
  async function withDuplicateCheck(
    ctx: Ctx,
    state: JourneyState,
    item: SiblingAnswer,
    values: FormValues,
    previous: SiblingAnswer | undefined,
  ): Promise<{ item: SiblingAnswer | null; duplicates: Duplicate[]; error?: FieldError }> {
    const sameAsBefore = previous && previous.givenName === item.givenName && previous.familyName === item.familyName && previous.dateOfBirth === item.dateOfBirth
    if (sameAsBefore && (previous.childId || previous.notDuplicate)) {
      return { item: { ...item, ...(previous.childId ? { childId: previous.childId } : { notDuplicate: true }) }, duplicates: [] }
    }
    const referred = new Set(state.children.map((child) => child.id))
    const duplicates = (
      await h.people.possibleDuplicates(ctx, { givenName: item.givenName, familyName: item.familyName, dateOfBirth: item.dateOfBirth, localChildId: null })
    ).filter((d) => !referred.has(d.id))
    if (!duplicates.length) return { item, duplicates }
    const choice = first(values.duplicateChoice)
    if (choice === 'new') return { item: { ...item, notDuplicate: true }, duplicates }
    if (duplicates.some((d) => d.id === choice)) return { item: { ...item, childId: choice }, duplicates }
    return {
      item: null,
      duplicates,
      ...(choice || first(values.checkedDuplicates) === 'yes'
        ? { error: { field: '/duplicateChoice', message: 'Select the existing record if it is the same child, or select ‘No, this is a different child’' } }
        : {}),
    }
  }

  async function savePerson(request: Request, reply: FastifyReply, n: string | null) {
    const ctx = requireCtx(request.ctx)
    const values = h.formValues(formBody(request))
    const changing = changingOf(values)
    const { draft, state } = await h.journey(ctx, request.params.draftId)
    if (draft.submittedReferralId) return h.confirmation(reply, draft)
    const items = [...c.items(state.answers)]
    const existing = n ? itemAt(state, n) : null
    if (n && !existing) return reply.redirect(listPath(draft.id, changing), 303)
    if (!n && items.length >= c.max)
      return renderList(reply, draft.id, state, changing, [{ field: '/addAnother', message: `You can add up to ${c.max}. Remove someone to add another.` }], 422)

    let item: SiblingAnswer | NetworkAnswer | null
    if (c.slug === 'siblings') {
      const parsed = parseSibling(values, state.today)
      if (!parsed.item) return renderForm(reply, draft.id, { n, values, changing, errors: parsed.errors, status: 422 })
      const checked = await withDuplicateCheck(ctx, state, parsed.item, values, existing?.item as SiblingAnswer | undefined)
      if (!checked.item) {
        return renderForm(reply, draft.id, {
          n,
          values,
          changing,
          duplicates: checked.duplicates,
          ...(checked.error ? { errors: [checked.error], status: 422 } : {}),
        })
      }
      item = checked.item
    } else {
      const parsed = parseNetworkMember(values)
      if (!parsed.item) return renderForm(reply, draft.id, { n, values, changing, errors: parsed.errors, status: 422 })
      item = parsed.item
    }
    if (existing) items[existing.index] = item
    else items.push(item)
    // Someone new asks "add another?" again; a change keeps the answer already given.
    await h.drafts.save(ctx, draft.id, { ...itemsChange(items), ...(existing ? {} : { [c.doneField]: null }) })
    return reply.redirect(listPath(draft.id, changing), 303)
  }

  app.get(`${base}/add`, PERMISSION, async (request: Request, reply) => {
    const ctx = requireCtx(request.ctx)
    const { draft } = await h.journey(ctx, request.params.draftId)
    if (draft.submittedReferralId) return h.confirmation(reply, draft)
    return renderForm(reply, draft.id, { n: null, values: {}, changing: changingOf(request.query) })
  })
  app.post(`${base}/add`, PERMISSION, async (request: Request, reply) => savePerson(request, reply, null))

  app.get(`${base}/:n`, PERMISSION, async (request: Request, reply) => {
    const ctx = requireCtx(request.ctx)
    const { draft, state } = await h.journey(ctx, request.params.draftId)
    if (draft.submittedReferralId) return h.confirmation(reply, draft)
    const changing = changingOf(request.query)
    const found = itemAt(state, request.params.n)
    if (!found) return reply.redirect(listPath(draft.id, changing), 303)
    const values = c.slug === 'siblings' ? siblingValues(found.item as SiblingAnswer) : networkValues(found.item as NetworkAnswer)
    return renderForm(reply, draft.id, { n: String(found.index + 1), values, changing })
  })
  app.post(`${base}/:n`, PERMISSION, async (request: Request, reply) => savePerson(request, reply, request.params.n ?? ''))

  // ------------------------------------------------------------ remove, after asking

  function renderRemove(reply: FastifyReply, draftId: string, n: string, name: string, changing: boolean, errors: FieldError[] = [], status = 200) {
    return reply.view(
      `${VIEWS}/family-remove.njk`,
      {
        pageTitle: `Are you sure you want to remove ${name}?`,
        caption: CAPTION,
        backLink: listPath(draftId, changing),
        action: subPath(draftId, `${n}/remove`, false),
        changing,
        ...(errors.length ? formErrors(errors) : {}),
      },
      status,
    )
  }

  app.get(`${base}/:n/remove`, PERMISSION, async (request: Request, reply) => {
    const ctx = requireCtx(request.ctx)
    const { draft, state } = await h.journey(ctx, request.params.draftId)
    if (draft.submittedReferralId) return h.confirmation(reply, draft)
    const changing = changingOf(request.query)
    const found = itemAt(state, request.params.n)
    if (!found) return reply.redirect(listPath(draft.id, changing), 303)
    return renderRemove(reply, draft.id, String(found.index + 1), c.name(found.item), changing)
  })

  app.post(`${base}/:n/remove`, PERMISSION, async (request: Request, reply) => {
    const ctx = requireCtx(request.ctx)
    const values = h.formValues(formBody(request))
    const changing = changingOf(values)
    const { draft, state } = await h.journey(ctx, request.params.draftId)
    if (draft.submittedReferralId) return h.confirmation(reply, draft)
    const found = itemAt(state, request.params.n)
    if (!found) return reply.redirect(listPath(draft.id, changing), 303)
    const answer = first(values.remove)
    if (answer !== 'yes' && answer !== 'no') {
      return renderRemove(
        reply,
        draft.id,
        String(found.index + 1),
        c.name(found.item),
        changing,
        [{ field: '/remove', message: `Select yes if you want to remove ${c.name(found.item)}` }],
        422,
      )
    }
    if (answer === 'yes') await h.drafts.save(ctx, draft.id, itemsChange(c.items(state.answers).filter((_, i) => i !== found.index)))
    return reply.redirect(listPath(draft.id, changing), 303)
  })
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] ?? ch)
}

export type { CollectionSlug }
