import { childInput, type ChildInput } from '../../domain/child.js'
import { fieldErrors } from '../../../../platform/validation.js'
import { formErrors } from '../../../../platform/http/forms.js'

/** The child form's fields as posted: the date of birth in three boxes, as the GOV.UK date input pattern asks. */
export type ChildFormValues = Record<string, string | undefined>

export function childFormValues(body: Record<string, unknown>): ChildFormValues {
  const values: ChildFormValues = {}
  for (const [k, v] of Object.entries(body)) if (typeof v === 'string') values[k] = v
  return values
}

export function valuesFromChild(child: { [k: string]: unknown }): ChildFormValues {
  const [year, month, day] = String(child.dateOfBirth ?? '').split('-')
  return {
    givenName: String(child.givenName ?? ''),
    familyName: String(child.familyName ?? ''),
    'dateOfBirth-day': day ? String(Number(day)) : '',
    'dateOfBirth-month': month ? String(Number(month)) : '',
    'dateOfBirth-year': year ?? '',
    sex: String(child.sex ?? ''),
    ethnicity: String(child.ethnicity ?? ''),
    send: String(child.send ?? 'none'),
    disability: child.disability ? 'yes' : 'no',
    uasc: child.uasc ? 'yes' : 'no',
    localChildId: String(child.localChildId ?? ''),
    upn: String(child.upn ?? ''),
    postcode: String(child.postcode ?? ''),
    district: String(child.district ?? ''),
    familyId: String(child.familyId ?? ''),
    version: child.version === undefined ? undefined : String(child.version),
  }
}

function dateFromParts(v: ChildFormValues): { value?: string; error?: string } {
  const day = v['dateOfBirth-day']?.trim() ?? ''
  const month = v['dateOfBirth-month']?.trim() ?? ''
  const year = v['dateOfBirth-year']?.trim() ?? ''
  if (!day && !month && !year) return { error: 'Enter the date of birth' }
  const missing = [!day && 'day', !month && 'month', !year && 'year'].filter(Boolean)
  if (missing.length) return { error: `Date of birth must include a ${missing.join(' and ')}` }
  if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year)) return { error: 'Date of birth must be a real date' }
  return { value: `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}` }
}

const FIELD_ORDER = Object.keys(childInput.shape)

/** Validates the posted form with the same schema as the API; answers the input or GOV.UK-style errors. */
export function parseChildForm(v: ChildFormValues): { input?: ChildInput; errors?: ReturnType<typeof formErrors> } {
  const date = dateFromParts(v)
  const candidate = {
    givenName: v.givenName ?? '',
    familyName: v.familyName ?? '',
    dateOfBirth: date.value ?? '',
    sex: v.sex || undefined,
    ethnicity: v.ethnicity || undefined,
    send: v.send || undefined,
    disability: v.disability === 'yes',
    uasc: v.uasc === 'yes',
    localChildId: v.localChildId?.trim() || null,
    upn: v.upn?.trim().toUpperCase() || null,
    postcode: v.postcode?.trim().toUpperCase() || null,
    district: v.district?.trim() || null,
    familyId: v.familyId?.trim() || null,
  }
  const result = childInput.safeParse(candidate)
  const errors = (result.success ? [] : fieldErrors(result.error)).filter((e) => !(date.error && e.field === '/dateOfBirth'))
  if (date.error) errors.push({ field: '/dateOfBirth', message: date.error })
  if (errors.length || !result.success) {
    // The error summary lists problems in the order the fields appear on the page.
    errors.sort((a, b) => FIELD_ORDER.indexOf(a.field.slice(1)) - FIELD_ORDER.indexOf(b.field.slice(1)))
    return { errors: formErrors(errors, { dateOfBirth: 'dateOfBirth-day' }) }
  }
  return { input: result.data }
}
