// `npm run generate:ssda903 -- --children N --years Y --seed S --out DIR [--end YYYY-MM-DD]`
// Writes a synthetic SSDA903 history (header.csv, episodes.csv, uasc.csv, oc2.csv) into DIR:
// deterministic for a seed. The generator is server/modules/ssda903/generator.ts (built into dist/).
import { parseArgs } from 'node:util'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const built = fileURLToPath(new URL('../dist/server/modules/ssda903/generator.js', import.meta.url))
if (!existsSync(built)) {
  process.stderr.write('The generator is not built: run npm run build first\n')
  process.exit(2)
}
const usage = 'Use: npm run generate:ssda903 -- --children N --years Y --seed S --out DIR [--end YYYY-MM-DD]\n'
let values
try {
  values = parseArgs({
    options: { children: { type: 'string' }, years: { type: 'string' }, seed: { type: 'string' }, out: { type: 'string' }, end: { type: 'string' } },
    strict: true,
  }).values
} catch (error) {
  process.stderr.write(`${error.message}\n${usage}`)
  process.exit(2)
}
const whole = (name, min) => {
  const text = values[name]
  if (text === undefined || !/^\d+$/.test(text) || Number(text) < min) {
    process.stderr.write(`--${name} must be a whole number of at least ${min}\n${usage}`)
    process.exit(2)
  }
  return Number(text)
}
const children = whole('children', 1)
const years = whole('years', 1)
const seed = whole('seed', 0)
if (!values.out) {
  process.stderr.write(`--out is the folder to write the files into\n${usage}`)
  process.exit(2)
}
if (values.end !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values.end)) {
  process.stderr.write(`--end is a date, as YYYY-MM-DD\n${usage}`)
  process.exit(2)
}
const { generateSsda903 } = await import(built)
const started = Date.now()
const summary = generateSsda903({ children, years, seed, out: values.out, ...(values.end ? { end: values.end } : {}) })
process.stdout.write(
  `Wrote ${summary.children.toLocaleString('en-GB')} children, ${summary.episodes.toLocaleString('en-GB')} episodes, ${summary.uasc.toLocaleString('en-GB')} UASC and ${summary.oc2.toLocaleString('en-GB')} OC2 rows to ${values.out} (history to ${summary.end}) in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
)
