/**
 * Outcome figures from each child's closure outcome and follow-ups (PRODUCT.md §2 and §4,
 * API.md "Impact"). Pure: the repository counts children by strand, outcome and whether a
 * follow-up has since found them in care; these functions say what the counts mean.
 */
export interface OutcomeCount {
  strand: string
  outcome: string
  children: number
  /** Of `children`, how many a follow-up (3, 6, 12 or 18 months) has recorded in care. */
  laterInCare: number
}

/** The strands whose success is "not in care" (API.md `successRate`). */
export const SUCCESS_STRANDS = ['crisis', 'risk_of_care'] as const
/** The council's target for the success rate (PRODUCT.md §3, scenarios: "target 50%"). */
export const SUCCESS_RATE_TARGET = 0.5

export interface SuccessRate {
  /** Children on crisis and risk-of-care cases closed in the period, outcome `other` left out. */
  workedWith: number
  /** Of those, not recorded in care at closure nor at any follow-up so far. */
  notInCare: number
  /** Of those, recorded in care at closure or at any follow-up so far. */
  enteredCare: number
  /** notInCare ÷ workedWith, from 0 to 1; null when no child counts (never a silent 0). */
  rate: number | null
}

/**
 * API.md `successRate`: children not in care ÷ children worked with, on the crisis and risk-of-care
 * strands; children whose outcome is `other` are left out of both. A child recorded in care at
 * closure or at any follow-up counts as entered care.
 */
export function successRate(counts: readonly OutcomeCount[], strands: readonly string[] = SUCCESS_STRANDS): SuccessRate {
  let workedWith = 0
  let enteredCare = 0
  for (const c of counts) {
    if (!strands.includes(c.strand) || c.outcome === 'other') continue
    workedWith += c.children
    enteredCare += c.outcome === 'entered_care' ? c.children : c.laterInCare
  }
  const notInCare = workedWith - enteredCare
  return { workedWith, notInCare, enteredCare, rate: workedWith === 0 ? null : notInCare / workedWith }
}

/** Children with this outcome at closure on these strands who no follow-up has since found in care. */
function stayed(counts: readonly OutcomeCount[], outcome: string, strands: readonly string[] | null): number {
  return counts.filter((c) => c.outcome === outcome && (strands === null || strands.includes(c.strand))).reduce((n, c) => n + c.children - c.laterInCare, 0)
}

export interface HeadlineOutcomes {
  /** 000 §4.7: "children and young people in crisis supported to safely remain at home". */
  crisisRemainedAtHome: number
  /** 000 §4.7: "supported to safely return home from the care system". Any strand; in practice reunification. */
  returnedHome: number
  /** 000 §4.7: "assessed as being at high risk of coming into care who ... could remain with their family": the risk-of-care strand. */
  atRiskRemainedWithFamily: number
}

/** The three outcomes 000 §4.7 promised to monitor, each net of children a follow-up has since found in care. */
export function headlineOutcomes(counts: readonly OutcomeCount[]): HeadlineOutcomes {
  return {
    crisisRemainedAtHome: stayed(counts, 'remained_at_home', ['crisis']),
    returnedHome: stayed(counts, 'returned_home', null),
    atRiskRemainedWithFamily: stayed(counts, 'remained_at_home', ['risk_of_care']),
  }
}
