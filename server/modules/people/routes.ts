import type { FastifyInstance, FastifyReply } from 'fastify'
import { z } from 'zod'
import type { AppDeps, Modules } from '../../app.js'
import { requireCtx, type Ctx } from '../../platform/context.js'
import { asArray, formBody } from '../../platform/http/forms.js'
import { ConflictError, NotFoundError } from '../../platform/http/errors.js'
import { takeSavedForm } from '../../platform/auth/sessions.js'
import { childInput, childResource, childUpdate } from './domain/child.js'
import { ETHNICITY_CODES, SEND_CODES, SEX_CODES } from './domain/codes.js'
import { SORTABLE, type ChildSort } from './repository.js'
import { createPeopleService, isUuid } from './service.js'
import { pageLinks } from '../../platform/http/pagination.js'
import { childFormValues, parseChildForm, valuesFromChild, type ChildFormValues } from './pages/child-form/form.js'

const PAGE_SIZE = 25

const searchQuery = z.object({
  q: z.string().max(200).optional(),
  sex: z.union([z.string(), z.array(z.string())]).optional(),
  district: z.union([z.string(), z.array(z.string())]).optional(),
  sort: z
    .enum(Object.keys(SORTABLE) as [ChildSort, ...ChildSort[]])
    .catch('name')
    .default('name'),
  order: z.enum(['ascending', 'descending']).catch('ascending').default('ascending'),
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
})

export function peopleRoutes(app: FastifyInstance, modules: Modules, deps: AppDeps) {
  const db = deps.database.db
  const people = createPeopleService(db, { breakGlassMinutes: deps.config.BREAK_GLASS_MINUTES })
  const codes = { sex: SEX_CODES, ethnicity: ETHNICITY_CODES, send: SEND_CODES }

  // ------------------------------------------------------------ pages

  app.get('/children', { config: { permission: 'people:read' } }, async (request, reply) => {
    const ctx = requireCtx(request.ctx)
    const query = searchQuery.parse(request.query ?? {})
    const filters = { q: query.q?.trim() ?? '', sex: asArray(query.sex).filter((s) => s in SEX_CODES), district: asArray(query.district) }
    const [result, districts] = await Promise.all([
      people.search(ctx, { ...filters, sort: query.sort, order: query.order, page: query.page, pageSize: PAGE_SIZE }),
      people.districts(ctx),
    ])
    const pageCount = Math.max(1, Math.ceil(result.total / PAGE_SIZE))
    const params = (overrides: Record<string, string | number>) => {
      const p = new URLSearchParams()
      if (filters.q) p.set('q', filters.q)
      for (const s of filters.sex) p.append('sex', s)
      for (const d of filters.district) p.append('district', d)
      p.set('sort', query.sort)
      p.set('order', query.order)
      for (const [k, v] of Object.entries(overrides)) p.set(k, String(v))
      return `/children?${p.toString()}`
    }
    const sortLink = (column: ChildSort) => params({ sort: column, order: query.sort === column && query.order === 'ascending' ? 'descending' : 'ascending', page: 1 })
    return reply.view('modules/people/pages/search/view.njk', {
      pageTitle: 'Children',
      filters,
      districts,
      codes,
      query,
      result,
      pageCount,
      sortLinks: Object.fromEntries(Object.keys(SORTABLE).map((c) => [c, sortLink(c as ChildSort)])),
      previous: query.page > 1 ? params({ page: query.page - 1 }) : null,
      next: query.page < pageCount ? params({ page: query.page + 1 }) : null,
      pages: pageLinks(query.page, pageCount).map((n) => (n === null ? { ellipsis: true } : { number: n, href: params({ page: n }), current: n === query.page })),
      from: result.total ? (query.page - 1) * PAGE_SIZE + 1 : 0,
      to: Math.min(query.page * PAGE_SIZE, result.total),
    })
  })

  const renderForm = (reply: FastifyReply, data: Record<string, unknown>, status = 200) => reply.view('modules/people/pages/child-form/view.njk', { codes, ...data }, status)

  async function restored(request: { query: unknown; url: string; ctx: Ctx | null }): Promise<ChildFormValues | null> {
    const id = (request.query as Record<string, string | undefined>).restore
    const ctx = request.ctx
    if (!id || !ctx || !isUuid(id)) return null
    const body = await takeSavedForm(db, ctx.user.id, id, request.url.split('?')[0] ?? '')
    return body ? childFormValues(body) : null
  }

  app.get('/children/new', { config: { permission: 'people:write' } }, async (request, reply) => {
    const values = (await restored(request)) ?? {}
    return renderForm(reply, { pageTitle: 'Add a child', values, restoredForm: Object.keys(values).length > 0, action: '/children/new' })
  })

  app.post('/children/new', { config: { permission: 'people:write' } }, async (request, reply) => {
    const ctx = requireCtx(request.ctx)
    const values = childFormValues(formBody(request))
    const parsed = parseChildForm(values)
    if (!parsed.input) return renderForm(reply, { pageTitle: 'Add a child', values, action: '/children/new', ...parsed.errors }, 422)
    if (values.confirmNotDuplicate !== 'yes') {
      const duplicates = await people.possibleDuplicates(ctx, parsed.input)
      if (duplicates.length) return renderForm(reply, { pageTitle: 'Add a child', values, action: '/children/new', duplicates })
    }
    try {
      const child = await people.createChild(ctx, parsed.input)
      return reply.redirect(`/children/${child.id}`, 303)
    } catch (error) {
      if (error instanceof ConflictError) {
        const errors = { errors: [{ text: error.message, href: '#localChildId' }], fieldErrors: { localChildId: error.message } }
        return renderForm(reply, { pageTitle: 'Add a child', values, action: '/children/new', ...errors }, 409)
      }
      throw error
    }
  })

  app.get('/children/:id', { config: { permission: 'people:read' } }, async (request, reply) => {
    const ctx = requireCtx(request.ctx)
    const { id } = request.params as { id: string }
    const record = await people.viewChild(ctx, id)
    return reply.view('modules/people/pages/child/view.njk', { pageTitle: people.displayName(record.child), ...record, codes })
  })

  app.get('/children/:id/edit', { config: { permission: 'people:write' } }, async (request, reply) => {
    const ctx = requireCtx(request.ctx)
    const { id } = request.params as { id: string }
    const record = await people.viewChild(ctx, id)
    const values = (await restored(request)) ?? valuesFromChild(record.child)
    return renderForm(reply, { pageTitle: `Change ${people.displayName(record.child)}'s details`, values, child: record.child, action: `/children/${id}/edit` })
  })

  app.post('/children/:id/edit', { config: { permission: 'people:write' } }, async (request, reply) => {
    const ctx = requireCtx(request.ctx)
    const { id } = request.params as { id: string }
    await people.ensureChildVisible(ctx, id)
    const values = childFormValues(formBody(request))
    const version = Number(values.version)
    const parsed = parseChildForm(values)
    const pageTitle = 'Change the child’s details'
    if (!parsed.input || !Number.isInteger(version)) {
      return renderForm(reply, { pageTitle, values, child: { id }, action: `/children/${id}/edit`, ...parsed.errors }, 422)
    }
    try {
      await people.updateChild(ctx, id, version, parsed.input)
    } catch (error) {
      if (error instanceof ConflictError && error.type !== 'stale-version') {
        const errors = { errors: [{ text: error.message, href: '#localChildId' }], fieldErrors: { localChildId: error.message } }
        return renderForm(reply, { pageTitle, values, child: { id }, action: `/children/${id}/edit`, ...errors }, 409)
      }
      if (error instanceof ConflictError)
        return reply.view('platform/views/pages/conflict.njk', { pageTitle: 'Your changes were not saved', message: error.message, backLink: `/children/${id}` }, 409)
      throw error
    }
    return reply.redirect(`/children/${id}`, 303)
  })

  app.get('/families/:id', { config: { permission: 'people:read' } }, async (request, reply) => {
    const ctx = requireCtx(request.ctx)
    const { id } = request.params as { id: string }
    const found = await people.viewFamily(ctx, id)
    return reply.view('modules/people/pages/family/view.njk', { pageTitle: found.family.name, ...found, codes })
  })

  app.get('/break-glass', { config: { permission: 'people:break-glass' } }, async (_request, reply) =>
    reply.view('modules/people/pages/break-glass/view.njk', { pageTitle: 'Open a restricted record', values: {}, minutes: deps.config.BREAK_GLASS_MINUTES }),
  )

  app.post('/break-glass', { config: { permission: 'people:break-glass' } }, async (request, reply) => {
    const ctx = requireCtx(request.ctx)
    const body = formBody(request)
    const values = { localChildId: String(body.localChildId ?? '').trim(), reason: String(body.reason ?? '').trim() }
    const fieldErrors: Record<string, string> = {}
    if (!values.localChildId) fieldErrors.localChildId = 'Enter the council child ID'
    if (values.reason.length < 10) fieldErrors.reason = 'Enter why you need to open this record, in at least 10 characters'
    if (Object.keys(fieldErrors).length) {
      return reply.view(
        'modules/people/pages/break-glass/view.njk',
        {
          pageTitle: 'Open a restricted record',
          values,
          minutes: deps.config.BREAK_GLASS_MINUTES,
          fieldErrors,
          errors: Object.entries(fieldErrors).map(([f, text]) => ({ text, href: `#${f}` })),
        },
        422,
      )
    }
    const result = await people.breakGlass(ctx, { recordType: 'child', localChildId: values.localChildId, reason: values.reason })
    if (!result.recordId) throw new NotFoundError('child')
    return reply.redirect(`/children/${result.recordId}`, 303)
  })

  // ------------------------------------------------------------ API

  const idParams = z.object({ id: z.string() })

  modules.api.register(app, {
    method: 'GET',
    url: '/api/v1/me',
    permission: 'signed-in',
    tag: 'People',
    summary: 'The user the token acts as',
    responses: {
      200: { description: 'The user', schema: z.object({ id: z.string(), email: z.string(), name: z.string(), roles: z.array(z.string()), organisation: z.string() }) },
    },
    handler: async (ctx) => ({ body: { id: ctx.user.id, email: ctx.user.email, name: ctx.user.name, roles: ctx.user.roles, organisation: ctx.user.organisationCode } }),
  })

  modules.api.register(app, {
    method: 'POST',
    url: '/api/v1/children',
    permission: 'people:write',
    tag: 'People',
    summary: 'Create a child (refused when the council child ID is already used in the organisation)',
    body: childInput,
    responses: {
      201: { description: 'Created', schema: z.object({ id: z.string(), version: z.number() }) },
      409: { description: 'The council child ID is taken: /problems/invalid-state, naming the existing child' },
    },
    handler: async (ctx, { body }) => {
      const child = await people.createChild(ctx, body)
      return { status: 201, body: child }
    },
  })

  modules.api.register(app, {
    method: 'GET',
    url: '/api/v1/children/:id',
    permission: 'people:read',
    tag: 'People',
    summary: 'A child (audited as a view)',
    params: idParams,
    responses: { 200: { description: 'The child', schema: childResource }, 404: { description: 'No such child, or not one the caller may see' } },
    handler: async (ctx, { params }) => ({ body: (await people.viewChild(ctx, params.id)).child }),
  })

  modules.api.register(app, {
    method: 'PUT',
    url: '/api/v1/children/:id',
    permission: 'people:write',
    tag: 'People',
    summary: 'Replace a child’s details; send the version you read',
    params: idParams,
    ensureVisible: (ctx, params) => people.ensureChildVisible(ctx, params.id),
    body: childUpdate,
    responses: { 200: { description: 'Updated', schema: childResource }, 409: { description: '/problems/stale-version when someone changed it first' } },
    handler: async (ctx, { params, body }) => {
      const { version, ...input } = body
      return { body: await people.updateChild(ctx, params.id, version, input) }
    },
  })
}
