import type { FastifyInstance } from 'fastify'

export function homeRoutes(app: FastifyInstance) {
  app.get('/', { config: { permission: 'signed-in' } }, async (_request, reply) => reply.view('modules/home/view.njk', { pageTitle: 'Home' }))
}
