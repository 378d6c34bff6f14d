import { defineConfig } from 'drizzle-kit'

export default defineConfig({
  dialect: 'postgresql',
  // The platform's tables, and each module's own tables in server/modules/<module>/schema.ts.
  schema: ['./server/platform/db/schema.ts', './server/modules/*/schema.ts'],
  out: './db/migrations',
})
