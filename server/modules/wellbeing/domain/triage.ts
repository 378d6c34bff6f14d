/**
 * Triage on Golding's therapeutic needs hierarchy (Golding K. (2008) Nurturing Attachments;
 * 001 §6): safety and stability first, then relationships, then regulation, and only then
 * trauma work. Pure.
 *
 * The recommendation follows the hierarchy's order:
 * - while safety and stability or relationships need work, that work is done through the
 *   carers and the professionals around the child (indirect work with the "therapeutic
 *   parenting team"); trauma work with the child waits until they are secure;
 * - if regulation also needs work, the child is seen as well: both;
 * - once safety and relationships are secure, regulation or trauma work is direct work with the child;
 * - with no unmet need at any level, specialist help is not needed: `none`, an onward referral.
 */
export const GOLDING_LEVELS = ['safety', 'relationships', 'regulation', 'trauma'] as const
export type GoldingLevel = (typeof GOLDING_LEVELS)[number]
export type GoldingNeeds = Record<GoldingLevel, boolean>

export const RECOMMENDATIONS = ['indirect', 'direct', 'both', 'none'] as const
export type Recommendation = (typeof RECOMMENDATIONS)[number]

export function recommendWork(needs: GoldingNeeds): Recommendation {
  const foundation = needs.safety || needs.relationships
  if (foundation) return needs.regulation ? 'both' : 'indirect'
  if (needs.regulation || needs.trauma) return 'direct'
  return 'none'
}

/** The work decided: the practitioner's choice when it differs from the recommendation, which then needs a reason. */
export function decideWork(
  needs: GoldingNeeds,
  chosen: Recommendation | undefined,
  overrideReason: string | undefined,
): { recommended: Recommendation; decided: Recommendation; overrideReason: string | null } | { error: string } {
  const recommended = recommendWork(needs)
  const decided = chosen ?? recommended
  if (decided === recommended) return { recommended, decided, overrideReason: null }
  if (!overrideReason?.trim()) return { error: 'Give the reason for choosing different work from the recommendation' }
  return { recommended, decided, overrideReason: overrideReason.trim() }
}
