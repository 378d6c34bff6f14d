import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import type { Ctx } from '../context.js'
import type { Permission } from '../auth/roles.js'
import { ROLES, PERMISSION_ROLES } from '../auth/roles.js'
import { parseOrThrow } from '../validation.js'
import { BadRequestError } from './errors.js'

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

export interface ApiRoute<B extends z.ZodType, Q extends z.ZodType, P extends z.ZodType> {
  method: Method
  /** Fastify path under /api/v1, e.g. `/api/v1/children/:id`. */
  url: string
  permission: Permission
  summary: string
  tag: string
  body?: B
  query?: Q
  params?: P
  responses: Record<number, { description: string; schema?: z.ZodType }>
  /** For routes on one record: throws NotFoundError when the caller cannot see it. Run before the body is read, so such a record is 404 whatever they send. */
  ensureVisible?: (ctx: Ctx, params: z.infer<P>) => Promise<void>
  handler: (
    ctx: Ctx,
    input: { body: z.infer<B>; query: z.infer<Q>; params: z.infer<P> },
    request: FastifyRequest,
    reply: FastifyReply,
  ) => Promise<{ status?: number; body: unknown }>
}

/**
 * API routes are declared once: the same zod schemas validate the request and
 * describe it in the OpenAPI document, so the two cannot drift apart.
 */
export function createApiRegistry() {
  const routes: ApiRoute<z.ZodType, z.ZodType, z.ZodType>[] = []

  function register<B extends z.ZodType = z.ZodUndefined, Q extends z.ZodType = z.ZodUndefined, P extends z.ZodType = z.ZodUndefined>(
    app: FastifyInstance,
    route: ApiRoute<B, Q, P>,
  ) {
    routes.push(route as unknown as ApiRoute<z.ZodType, z.ZodType, z.ZodType>)
    app.route({
      method: route.method,
      url: route.url,
      config: { permission: route.permission },
      handler: async (request, reply) => {
        const ctx = request.ctx
        if (!ctx) throw new Error('API handler reached without a signed-in user')
        const params = (route.params ? parseOrThrow(route.params, request.params ?? {}) : undefined) as z.infer<P>
        await route.ensureVisible?.(ctx, params)
        if (route.body && !isJson(request.headers['content-type'])) throw new BadRequestError('Send the request body as application/json')
        const input = {
          body: (route.body ? parseOrThrow(route.body, request.body ?? {}) : undefined) as z.infer<B>,
          query: (route.query ? parseOrThrow(route.query, request.query ?? {}) : undefined) as z.infer<Q>,
          params,
        }
        const result = await route.handler(ctx, input, request, reply)
        return reply.code(result.status ?? 200).send(result.body)
      },
    })
  }

  function openApiDocument(info: { version: string }) {
    const jsonSchema = (schema: z.ZodType, io: 'input' | 'output') => {
      const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<string, unknown>
      return rest
    }
    const paths: Record<string, Record<string, unknown>> = {}
    for (const r of routes) {
      const path = r.url.replace(/:([A-Za-z]+)/g, '{$1}')
      const parameters = [
        ...[...r.url.matchAll(/:([A-Za-z]+)/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } })),
        ...(r.query ? queryParameters(jsonSchema(r.query, 'input')) : []),
      ]
      const roles = ROLES.filter((role) => PERMISSION_ROLES[r.permission].includes(role))
      paths[path] ??= {}
      paths[path][r.method.toLowerCase()] = {
        summary: r.summary,
        description: `Roles: ${roles.join(', ')}.`,
        tags: [r.tag],
        ...(parameters.length ? { parameters } : {}),
        ...(r.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(r.body, 'input') } } } } : {}),
        responses: Object.fromEntries(
          Object.entries<{ description: string; schema?: z.ZodType }>({
            ...r.responses,
            401: { description: 'No token, or an unknown or revoked one' },
            ...(r.body ? { 400: { description: 'Body not parseable' }, 413: { description: 'Body too large' }, 422: { description: 'Invalid: every field error listed' } } : {}),
          }).map(([status, res]) => [
            status,
            {
              description: res.description,
              content: res.schema
                ? { 'application/json': { schema: jsonSchema(res.schema, 'output') } }
                : Number(status) >= 400
                  ? { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } }
                  : undefined,
            },
          ]),
        ),
        security: [{ bearer: [] }],
      }
    }
    return {
      openapi: '3.1.0',
      info: { title: 'Edge of Care API', version: info.version, description: 'See API.md for conventions: bearer tokens, problem+json errors, versions for concurrency.' },
      servers: [{ url: '/' }],
      paths,
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
        schemas: {
          Problem: {
            type: 'object',
            required: ['type', 'status', 'title'],
            properties: {
              type: { type: 'string' },
              status: { type: 'integer' },
              title: { type: 'string' },
              detail: { type: 'string' },
              correlationId: { type: 'string' },
              errors: { type: 'array', items: { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string' } } } },
            },
          },
        },
      },
    }
  }

  return { register, openApiDocument, routes }
}
export type ApiRegistry = ReturnType<typeof createApiRegistry>

function queryParameters(schema: Record<string, unknown>) {
  const properties = (schema.properties ?? {}) as Record<string, unknown>
  const required = (schema.required ?? []) as string[]
  return Object.entries(properties).map(([name, s]) => ({ name, in: 'query', required: required.includes(name), schema: s }))
}

function isJson(contentType: string | undefined): boolean {
  const type = contentType?.split(';')[0]?.trim().toLowerCase()
  return type === 'application/json' || Boolean(type?.endsWith('+json'))
}
