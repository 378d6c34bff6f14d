/**
 * Rows of the SSDA903 tables as the indicators read them, and the two supporting tables
 * (population denominators, postcode coordinates). Pure data: no I/O, no behaviour.
 *
 * Conventions shared with the importer (`reader*.ts`, `rules*.ts`):
 * - dates are ISO calendar dates 'YYYY-MM-DD' (the importer converts the DfE's dd/mm/yyyy);
 * - codes are the DfE code strings as returned ('C2', 'U4', 'PR1', 'E4A', ...);
 * - a blank cell is `null`, never '' (the importer trims and turns '' into null);
 * - SEX is normalised to 'M' / 'F' / 'U' (the return used 1 = male, 2 = female before 2024/25).
 *
 * Column meanings: the DfE SSDA903 guidance, as summarised in
 * `../shared/data/ssda903-samples/liia-tools/SSDA903_schema_2024.yml`.
 */

/** Header: one row per child in the return. */
export interface HeaderRow {
  /** CHILD: the council's child identifier (also `localChildId` in edge-of-care records). */
  child: string
  /** SEX, normalised: M male, F female, U unknown/indeterminate. */
  sex: 'M' | 'F' | 'U'
  /** DOB. */
  dob: string
  /** ETHNIC: the DfE ethnicity code (WBRI, MWBC, ...). */
  ethnic: string | null
  /** UPN: unique pupil number. */
  upn: string | null
}

/** Episodes: one row per episode (a period with one legal status and one placement). Keyed by CHILD and DECOM. */
export interface EpisodeRow {
  child: string
  /** DECOM: date the episode commenced. */
  decom: string
  /** RNE: reason for new episode (S started to be looked after, L legal status change, P placement change, T, U, B). */
  rne: string | null
  /** LS: legal status (C1, C2, D1, E1, V2, V3, V4, L1-L3, J1-J3). V3/V4 are agreed series of short breaks. */
  ls: string | null
  /** CIN: category of need (N1-N8). */
  cin: string | null
  /** PLACE: placement type (A3-A6, H5, K1, K2, P1-P3, R1-R5, S1, T0-T4 temporary, U1-U6 foster, Z1). */
  place: string | null
  /** PLACE_PROVIDER: PR0-PR5. */
  placeProvider: string | null
  /** DEC: date the episode ceased; null while open. */
  dec: string | null
  /** REC: reason the episode ceased (X1 = episode ended, child still looked after; E-codes = left care). */
  rec: string | null
  /** REASON_PLACE_CHANGE. */
  reasonPlaceChange: string | null
  /** HOME_POST: postcode of the child's home address. */
  homePost: string | null
  /** PL_POST: postcode of the placement. */
  plPost: string | null
  /** URN: Ofsted unique reference number of the placement. */
  urn: string | null
}

/** UASC: unaccompanied asylum-seeking children. */
export interface UascRow {
  child: string
  dob: string | null
  /** DUC: date the child ceased to be an unaccompanied asylum-seeking child; null while still UASC. */
  duc: string | null
}

/** OC2: outcomes for children looked after continuously for 12 months. Flags are 0 / 1 (null when blank). */
export interface Oc2Row {
  child: string
  dob: string | null
  /** SDQ_SCORE: total difficulties score, 0-40. */
  sdqScore: number | null
  /** SDQ_REASON: SDQ1-SDQ5, why no score was returned. */
  sdqReason: string | null
  /** HEALTH_ASSESSMENT: health assessment up to date. */
  healthAssessment: number | null
  /** IMMUNISATIONS: immunisations up to date. */
  immunisations: number | null
  /** TEETH_CHECK: dental check in the year. */
  teethCheck: number | null
  /** CONVICTED. */
  convicted?: number | null
  /** HEALTH_CHECK: development assessments up to date (under-5s). */
  healthCheck?: number | null
  /** SUBSTANCE_MISUSE. */
  substanceMisuse?: number | null
  /** INTERVENTION_RECEIVED. */
  interventionReceived?: number | null
  /** INTERVENTION_OFFERED. */
  interventionOffered?: number | null
}

/** The tables the indicators read, for one organisation. */
export interface Ssda903Data {
  header: HeaderRow[]
  episodes: EpisodeRow[]
  uasc: UascRow[]
  oc2: Oc2Row[]
}

/** A row of the population denominators CSV `year,age_band,sex,population` (under-18s; `age_band` and `sex` may be 'all'). */
export interface PopulationRow {
  year: number
  ageBand: string
  sex: string
  population: number
}

/** A postcode with its coordinates (WGS84 latitude and longitude, as in the ONS Postcode Directory `lat` and `long`). */
export interface PostcodeLocation {
  postcode: string
  lat: number
  lon: number
}
