// `npm run bench`: the page benchmark (run.mjs), then every bench/*.bench.mjs in name order,
// each in its own process so one's memory and database do not colour the next.
// `npm run bench -- NAME...` runs only the files whose names contain one of NAME (e.g. `pages`, `casework`).

import { readdirSync } from 'node:fs'
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const folder = fileURLToPath(new URL('./', import.meta.url))
const files = [
  'run.mjs',
  ...readdirSync(folder)
    .filter((f) => f.endsWith('.bench.mjs'))
    .sort(),
]
const wanted = process.argv.slice(2)
const label = (f) => (f === 'run.mjs' ? 'pages' : f.replace(/\.bench\.mjs$/, ''))
const chosen = wanted.length ? files.filter((f) => wanted.some((w) => label(f).includes(w))) : files
if (!chosen.length) {
  process.stderr.write(`No benchmark matches ${wanted.join(', ')}. There are: ${files.map(label).join(', ')}\n`)
  process.exit(2)
}
let failed = 0
for (const file of chosen) {
  process.stdout.write(`\n=== ${label(file)} (bench/${file}) ===\n`)
  const result = spawnSync(process.execPath, [`${folder}${file}`], { stdio: 'inherit', env: process.env })
  if (result.status !== 0) {
    failed += 1
    process.stderr.write(`bench/${file} failed (exit ${result.status ?? result.signal})\n`)
  }
}
process.exit(failed ? 1 : 0)
