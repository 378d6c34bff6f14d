// Copies the GOV.UK and MOJ Frontend assets, and the service's own, into dist/public.
// The app serves them itself: no CDN, nothing fetched at run time.
import { cpSync, mkdirSync, rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const out = join(root, 'dist', 'public')
const govuk = join(root, 'node_modules', 'govuk-frontend', 'dist', 'govuk')
const moj = join(root, 'node_modules', '@ministryofjustice', 'frontend', 'moj')

rmSync(out, { recursive: true, force: true })
mkdirSync(join(out, 'assets'), { recursive: true })
cpSync(join(govuk, 'assets'), join(out, 'assets'), { recursive: true })
cpSync(join(moj, 'assets', 'images'), join(out, 'assets', 'images'), { recursive: true })
for (const [from, to] of [
  [join(govuk, 'govuk-frontend.min.css'), 'stylesheets/govuk-frontend.min.css'],
  [join(govuk, 'govuk-frontend.min.js'), 'javascripts/govuk-frontend.min.js'],
  [join(moj, 'moj-frontend.min.css'), 'stylesheets/moj-frontend.min.css'],
  [join(moj, 'moj-frontend.min.js'), 'javascripts/moj-frontend.min.js'],
]) {
  mkdirSync(dirname(join(out, to)), { recursive: true })
  cpSync(from, join(out, to))
}
cpSync(join(root, 'assets'), out, { recursive: true })
