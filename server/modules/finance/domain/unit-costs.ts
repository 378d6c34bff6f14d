import { FinanceInputError, isNegative, rational, toRational, div, type Rational } from './money.js'

/**
 * Placement types: the codes of API.md "Codes" (placement type), each with the
 * SSDA903 placement codes it groups.
 */
export const PLACEMENT_TYPES = {
  residential: 'Residential (SSDA903 K2, R1, S1)',
  secure: 'Secure (K1)',
  fostering: 'Fostering (U4-U6)',
  kinship: 'Kinship (U1-U3)',
  supported_accommodation: 'Supported accommodation (H5, K3, P2)',
  placed_with_parents: 'Placed with parents (P1)',
  parent_and_baby: 'Parent and baby (R3)',
  adoption: 'Adoption (A3-A6)',
  other: 'Other',
} as const
export type PlacementType = keyof typeof PLACEMENT_TYPES
export const PLACEMENT_TYPE_CODES = Object.keys(PLACEMENT_TYPES) as PlacementType[]

/** A unit cost as the finance partner entered it: the amount text (exact), per year or per week, and where the figure comes from. */
export interface UnitCost {
  amount: string
  per: 'year' | 'week'
  source: string
}

/** Unit costs by placement type; `null` = no figure: "to be set" by the finance partner. */
export type UnitCosts = Readonly<Record<PlacementType, UnitCost | null>>

/**
 * Weeks in a year for turning an annual cost into a weekly one. The issue fixes
 * "annual ÷ 52", and 000's break-even (£298,000 a year per child) counts a year
 * of care as 52 weeks, so a weekly cost × 52 weeks gives the annual figure back.
 */
export const WEEKS_PER_YEAR = 52n

/**
 * The defaults every new organisation starts with (PRODUCT.md §3 "Unit costs",
 * from the seed documents in seeds/). Types PRODUCT gives no figure for are null.
 * PRODUCT lists costs by provider (in-house / agency) as well; these defaults are
 * averages across providers, and a provider-specific figure is the finance
 * partner's to enter.
 */
export const DEFAULT_UNIT_COSTS: UnitCosts = Object.freeze({
  residential: {
    amount: '298000',
    per: 'year',
    source:
      'PRODUCT.md §3; seed 000 (Derbyshire Cabinet report, 15 June 2023), §1.2: "the current average cost of residential care is currently running at £298,000 per annum per child"',
  },
  secure: {
    amount: '10546.50',
    per: 'week',
    source: 'PRODUCT.md §3; seed 001 (Derbyshire placement sufficiency statement): secure placements cost "between £9,263 to £11,830 per week"; default is the midpoint',
  },
  fostering: {
    amount: '42571.43',
    per: 'year',
    source: 'PRODUCT.md §3; seed 000: "on average residential placements are seven times more expensive than fostering placements": £298,000 ÷ 7, to the penny',
  },
  kinship: null,
  supported_accommodation: null,
  placed_with_parents: null,
  parent_and_baby: null,
  adoption: null,
  other: null,
})

/** The cost of one week of the placement, exactly: annual ÷ 52, or the weekly amount as entered. Refuses a negative amount. */
export function weeklyCost(cost: UnitCost): Rational {
  const amount = toRational(cost.amount, 'Unit cost')
  if (isNegative(amount)) throw new FinanceInputError(`Unit cost must not be negative: ${cost.amount} a ${cost.per}`)
  return cost.per === 'year' ? div(amount, rational(WEEKS_PER_YEAR)) : amount
}

/** An age band's default placement cost, used when no at-risk placement was recorded at referral (PRODUCT.md §3). Ages are whole years at referral, both ends inclusive. */
export interface AgeBandDefault {
  band: string
  fromAge: number
  toAge: number
  cost: UnitCost
}

/**
 * PRODUCT.md §3: "when not recorded, the age band's default: 13-16 → the 13-16
 * average of £129,632 a year". Seed 000 §1.2 gives £1,814,844 for 14 placements
 * (£129,631.71 each); PRODUCT states the default as £129,632 and that is stored.
 *
 * Outside 13-16 the sources state no default, so none is invented: the lookup
 * answers null and the caller must report "no cost recorded" for that child,
 * never count it at a silent zero (PRODUCT.md §8: "never invents a number").
 */
export const AGE_BAND_DEFAULT: AgeBandDefault = Object.freeze<AgeBandDefault>({
  band: '13-16',
  fromAge: 13,
  toAge: 16,
  cost: {
    amount: '129632',
    per: 'year',
    source: 'PRODUCT.md §3; seed 000 §1.2: the 13-16 cohort, £1,814,844 for 14 placements (£129,631.71 each; PRODUCT states £129,632)',
  },
})

export const AGE_BAND_DEFAULTS: readonly AgeBandDefault[] = Object.freeze([AGE_BAND_DEFAULT])

/** The age band default for a child of this age at referral, or null when no band covers it. */
export function ageBandDefault(ageAtReferral: number, bands: readonly AgeBandDefault[] = AGE_BAND_DEFAULTS): AgeBandDefault | null {
  if (!Number.isInteger(ageAtReferral) || ageAtReferral < 0) throw new FinanceInputError(`Age at referral must be a whole number of years, not ${ageAtReferral}`)
  return bands.find((b) => ageAtReferral >= b.fromAge && ageAtReferral <= b.toAge) ?? null
}
