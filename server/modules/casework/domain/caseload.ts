/**
 * The caseload cap (PRODUCT.md §2): a worker leads at most `cap` open families (5 to 7,
 * default 6). Allocation at or beyond the cap needs an override with a reason; without
 * one it is refused with an explanation.
 */
export type CapCheck = { allowed: true; overCap: boolean } | { allowed: false; message: string }

export function checkCaseloadCap(input: { families: number; cap: number; alreadyLeadsThisCase: boolean; override: boolean; overrideReason: string | null }): CapCheck {
  // Reallocating a case to the worker who already leads it does not add a family.
  const after = input.alreadyLeadsThisCase ? input.families : input.families + 1
  if (after <= input.cap) return { allowed: true, overCap: false }
  if (input.override && input.overrideReason?.trim()) return { allowed: true, overCap: true }
  return {
    allowed: false,
    message: `This worker already leads ${input.families} ${input.families === 1 ? 'family' : 'families'} and their cap is ${input.cap}. Choose another worker, or override the cap with a reason.`,
  }
}
