import { z } from 'zod'
import { isoDate } from '../../platform/validation.js'
import { PLACEMENT_TYPE_CODES } from './domain/index.js'

/**
 * Request bodies of the finance settings (API.md "Impact": read and written under
 * /api/v1/finance/...). The same schemas validate the API and the pages' forms and
 * document the API in OpenAPI. Amounts are pounds, sent as a number or a decimal
 * string; they are kept exactly as entered (no binary float in between).
 */

export const PROVIDERS = ['in_house', 'agency'] as const
export type Provider = (typeof PROVIDERS)[number]
export const PARAMETER_NAMES = ['deadweight', 'weeks_avoided'] as const
export type ParameterName = (typeof PARAMETER_NAMES)[number]

/** An amount of money in pounds with at most 2 decimal places, as text. */
export const pounds = (what: string) =>
  z
    .union([z.number(), z.string()], { error: `Enter the ${what} in pounds, like 298000 or 42571.43` })
    .transform((v) => (typeof v === 'number' ? String(v) : v.trim().replace(/^£/, '').replaceAll(',', '')))
    .refine((v) => v !== '', `Enter the ${what} in pounds, like 298000 or 42571.43`)
    .refine((v) => /^-?\d+(\.\d+)?$/.test(v), `Enter the ${what} as a number of pounds, like 298000 or 42571.43`)
    .refine((v) => !v.startsWith('-'), `The ${what} must not be negative`)
    .refine((v) => !/\.\d{3,}$/.test(v), `Enter the ${what} to the nearest penny (2 decimal places at most)`)

/** A parameter value: a fraction for deadweight, weeks for weeks avoided; up to 4 decimal places. */
const parameterValue = (what: string) =>
  z
    .union([z.number(), z.string()], { error: `Enter the ${what} value as a number` })
    .transform((v) => (typeof v === 'number' ? String(v) : v.trim()))
    .refine((v) => /^-?\d+(\.\d{1,4})?$/.test(v), `Enter the ${what} value as a number with at most 4 decimal places`)

const text = (message: string, max = 1000) => z.string({ error: message }).trim().min(1, message).max(max, `Must be ${max} characters or fewer`)
const version = z.number({ error: 'Send the version of the record you read' }).int().positive()
const date = (what: string) => isoDate(`Enter the ${what} as a real date, YYYY-MM-DD`)

export const unitCostInput = z.object({
  placementType: z.enum(PLACEMENT_TYPE_CODES as [string, ...string[]], { error: `Select the placement type: ${PLACEMENT_TYPE_CODES.join(', ')}` }),
  provider: z.enum(PROVIDERS, { error: 'Select the provider: in_house or agency (or leave it out for any provider)' }).nullable().optional(),
  amount: pounds('unit cost'),
  per: z.enum(['year', 'week'], { error: 'Say whether the amount is per year or per week' }),
  source: text('Enter where the figure comes from (the source note)'),
  effectiveFrom: date('date the cost takes effect'),
  effectiveTo: date('date the cost ends').nullable().optional(),
})
export type UnitCostInput = z.infer<typeof unitCostInput>
export const unitCostUpdate = unitCostInput.extend({ version })

export const serviceCostInput = z.object({
  description: text('Enter what the cost is for, like "Family support workers (16)"', 200),
  amount: pounds('annual cost'),
  source: z.string().trim().max(1000).optional(),
  effectiveFrom: date('date the cost starts'),
  effectiveTo: date('date the cost ends').nullable().optional(),
})
export type ServiceCostInput = z.infer<typeof serviceCostInput>
export const serviceCostUpdate = serviceCostInput.extend({ version })

export const savingsTargetInput = z.object({
  financialYear: z
    .string({ error: 'Enter the financial year, like 2024/25' })
    .trim()
    .regex(/^\d{4}\/\d{2}$/, 'Enter the financial year like 2024/25')
    .refine((v) => (Number(v.slice(0, 4)) + 1) % 100 === Number(v.slice(5)), 'Enter a financial year whose two years follow each other, like 2024/25'),
  cumulativeSavings: pounds('cumulative savings target'),
  fewerLookedAfterChildren: z
    .number({ error: 'Enter the number of fewer looked-after children as a whole number' })
    .int('Enter a whole number of children')
    .min(0, 'The number of children must not be negative')
    .max(10000, 'Check the number of children: it is more than 10,000')
    .nullable()
    .optional(),
  source: z.string().trim().max(1000).optional(),
})
export type SavingsTargetInput = z.infer<typeof savingsTargetInput>
export const savingsTargetUpdate = savingsTargetInput.extend({ version })

export const parameterInput = z.object({
  low: parameterValue('low'),
  central: parameterValue('central'),
  high: parameterValue('high'),
  source: z.string().trim().max(1000).optional(),
  version,
})
export type ParameterInput = z.infer<typeof parameterInput>

export const deleteQuery = z.object({
  version: z.coerce.number({ error: 'Send the version of the record you read as ?version=' }).int().positive('Send the version of the record you read as ?version='),
})

export const periodQuery = z
  .object({
    from: date('start of the period (from)'),
    to: date('end of the period (to)'),
    include: z.enum(['children'], { error: 'include may only be children' }).optional(),
  })
  .refine((q) => q.from <= q.to, { message: 'The end of the period (to) must be on or after its start (from)', path: ['to'] })
