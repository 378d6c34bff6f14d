import { z } from 'zod'
import { isoDate } from '../../../platform/validation.js'
import { codeKeys, ETHNICITY_CODES, SEND_CODES, SEX_CODES } from './codes.js'

const optionalText = (max: number, message: string) =>
  z
    .string()
    .trim()
    .max(max, message)
    .optional()
    .nullable()
    .transform((v) => (v ? v : null))

/** A child's details as entered: the one schema behind the API, the forms and the OpenAPI document. */
export const childInput = z.object({
  givenName: z.string({ error: 'Enter the first name' }).trim().min(1, 'Enter the first name').max(100, 'First name must be 100 characters or fewer'),
  familyName: z.string({ error: 'Enter the last name' }).trim().min(1, 'Enter the last name').max(100, 'Last name must be 100 characters or fewer'),
  dateOfBirth: isoDate('Enter a real date of birth').refine((d) => d <= new Date().toISOString().slice(0, 10), 'Date of birth must be today or in the past'),
  sex: z.enum(codeKeys(SEX_CODES), { error: 'Select the sex' }),
  ethnicity: z.enum(codeKeys(ETHNICITY_CODES), { error: 'Select the ethnicity' }),
  localChildId: optionalText(50, 'Council child ID must be 50 characters or fewer'),
  upn: optionalText(13, 'Unique pupil number must be 13 characters').refine(
    (v) => v === null || /^[A-Z]\d{11}[0-9A-Z]$/.test(v),
    'Enter a unique pupil number in the correct format, like A123456789012',
  ),
  postcode: optionalText(10, 'Postcode must be 10 characters or fewer'),
  district: optionalText(100, 'District must be 100 characters or fewer'),
  send: z.enum(codeKeys(SEND_CODES), { error: 'Select the special educational needs support' }).default('none'),
  disability: z.boolean({ error: 'Select whether the child has a disability' }).default(false),
  uasc: z.boolean({ error: 'Select whether the child is an unaccompanied asylum-seeking child' }).default(false),
  familyId: z.uuid({ error: 'Family not found' }).optional().nullable(),
})
export type ChildInput = z.infer<typeof childInput>

export const childUpdate = childInput.extend({ version: z.number({ error: 'Send the version you read' }).int().positive() })

/** What the API answers for a child. */
export const childResource = z.object({
  id: z.uuid(),
  organisation: z.string(),
  givenName: z.string(),
  familyName: z.string(),
  dateOfBirth: z.string(),
  sex: z.enum(codeKeys(SEX_CODES)),
  ethnicity: z.string(),
  send: z.string(),
  disability: z.boolean(),
  uasc: z.boolean(),
  postcode: z.string().nullable(),
  district: z.string().nullable(),
  localChildId: z.string().nullable(),
  upn: z.string().nullable(),
  familyId: z.string().nullable(),
  restricted: z.boolean(),
  version: z.number().int(),
})
export type ChildResource = z.infer<typeof childResource>

export function fullName(child: { givenName: string; familyName: string }): string {
  return `${child.givenName} ${child.familyName}`
}
