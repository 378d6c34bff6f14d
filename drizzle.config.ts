import { defineConfig } from 'drizzle-kit'

export default defineConfig({
  dialect: 'postgresql',
  // The platform's tables (and platform pieces with their own, like notifications), and each module's own tables.
  schema: ['./server/platform/db/schema.ts', './server/platform/notifications/schema.ts', './server/modules/*/schema.ts'],
  out: './db/migrations',
})
