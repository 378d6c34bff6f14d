import type { Ctx } from '../../../platform/context.js'
import type { Executor } from '../../../platform/db/index.js'
import { isTableFormat, type TableFormat } from '../../../platform/http/tables.js'
import { fieldErrors } from '../../../platform/validation.js'
import { todayInLondon } from '../../../platform/time/index.js'
import { financialYearOf, periodInput, type Period } from '../domain/period.js'
import { teamsOf, type TeamOption } from '../repository.js'

/** What an impact page was asked for: a period (the current financial year by default), maybe a team, maybe a download. */
export interface PageQuery {
  values: { from: string; to: string; team: string }
  period: Period | null
  teamId: string | null
  teamName: string | null
  teams: TeamOption[]
  format: TableFormat | null
  table: string | null
  errors: Array<{ text: string; href: string }>
  fieldErrors: Record<string, string>
}

export async function readPageQuery(db: Executor, ctx: Ctx, raw: unknown): Promise<PageQuery> {
  const query = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>
  const text = (k: string) => (typeof query[k] === 'string' ? (query[k] as string).trim() : '')
  const fallback = financialYearOf(todayInLondon())
  const values = { from: text('from') || fallback.from, to: text('to') || fallback.to, team: text('team') }
  const teams = await teamsOf(db, ctx.user.organisationId)
  const errors: Array<{ text: string; href: string }> = []
  const byField: Record<string, string> = {}
  const parsed = periodInput.safeParse({ from: values.from, to: values.to })
  if (!parsed.success) {
    for (const e of fieldErrors(parsed.error)) {
      const field = e.field.replace(/^\//, '') || 'from'
      if (byField[field]) continue
      byField[field] = e.message
      errors.push({ text: e.message, href: `#${field}` })
    }
  }
  const team = values.team ? teams.find((t) => t.id === values.team) : null
  if (values.team && !team) {
    byField.team = 'Select a team from the list'
    errors.push({ text: 'Select a team from the list', href: '#team' })
  }
  const format = text('format')
  return {
    values,
    period: parsed.success ? parsed.data : null,
    teamId: team?.id ?? null,
    teamName: team?.name ?? null,
    teams,
    format: isTableFormat(format) ? format : null,
    table: text('table') || null,
    errors,
    fieldErrors: byField,
  }
}

/** The page's own address with its period and team, ready for `format=` to be added. */
export function exportBase(path: string, q: PageQuery): string {
  const params = new URLSearchParams({ from: q.values.from, to: q.values.to, ...(q.teamId ? { team: q.teamId } : {}) })
  return `${path}?${params.toString()}&`
}
