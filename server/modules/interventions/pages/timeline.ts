import type { CasePlan } from '../service.js'
import { PLAN_LABELS as L } from './labels.js'

export interface TimelineItem {
  at: Date
  title: string
  by?: string
  text?: string
}

/** The plan's events for the case's MOJ timeline: goals, reviews and their scores, risks and their reviews, escalations, steps. */
export function planTimeline(plan: CasePlan): TimelineItem[] {
  const items: TimelineItem[] = []
  for (const g of plan.goals) items.push({ at: g.createdAt, title: `Goal added, scored ${g.start ?? '–'} out of 10 at the start`, by: g.by, text: g.goal })
  for (const r of plan.reviews) {
    if (!r.heldOn || !r.recordedAt) continue
    const scores = plan.goals.flatMap((g) => g.scores.filter((s) => s.reviewId === r.id).map((s) => `${g.goal}: ${s.score} out of 10`))
    items.push({ at: r.recordedAt, title: `${L.review[r.kind] ?? 'Review'} held`, by: r.by ?? undefined, text: [r.note, ...scores].filter(Boolean).join('. ') })
  }
  const closing = plan.goals.flatMap((g) => g.scores.filter((s) => s.occasion === 'closure').map((s) => ({ at: s.recordedAt, by: s.by, text: `${g.goal}: ${s.score} out of 10` })))
  if (closing[0]) items.push({ at: closing[0].at, title: 'Closing scores recorded', by: closing[0].by, text: closing.map((c) => c.text).join('. ') })
  for (const r of plan.risks)
    items.push({ at: r.createdAt, title: `Risk recorded (${(L.riskLevel[r.reviews[0]?.previousLevel ?? r.level] ?? r.level).toLowerCase()})`, by: r.by, text: r.description })
  for (const rr of plan.riskReviews) {
    items.push({
      at: rr.at,
      title: `Risk reviewed: ${(L.riskLevel[rr.previousLevel] ?? rr.previousLevel).toLowerCase()} to ${(L.riskLevel[rr.level] ?? rr.level).toLowerCase()}`,
      by: rr.by,
      text: [rr.description, rr.note].filter(Boolean).join('. '),
    })
  }
  for (const e of plan.escalations) {
    const told = e.told.map((t) => (t === 'other' && e.otherPeople ? e.otherPeople : (L.told[t] ?? t).toLowerCase())).join(', ')
    items.push({ at: e.toldAt, title: 'Escalated to statutory safeguarding', by: e.by, text: `${e.concern} Told: ${told}, ${(L.method[e.method] ?? e.method).toLowerCase()}.` })
  }
  for (const s of plan.steps) items.push({ at: s.at, title: `${s.direction === 'down' ? 'Stepped down' : 'Stepped up'} to ${L.stepTo[s.to] ?? s.to}`, by: s.by, text: s.reason })
  return items
}
