/** Codes from API.md ("Codes"); the ethnicity codes are the DfE's, as used in the SSDA903 and school census. */
export const SEX_CODES = { M: 'Male', F: 'Female', U: 'Not known' } as const
export type Sex = keyof typeof SEX_CODES

export const ETHNICITY_CODES = {
  WBRI: 'White British',
  WIRI: 'White Irish',
  WIRT: 'Traveller of Irish heritage',
  WOTH: 'Any other White background',
  WROM: 'Gypsy/Roma',
  MWBC: 'White and Black Caribbean',
  MWBA: 'White and Black African',
  MWAS: 'White and Asian',
  MOTH: 'Any other mixed background',
  AIND: 'Indian',
  APKN: 'Pakistani',
  ABAN: 'Bangladeshi',
  AOTH: 'Any other Asian background',
  BCRB: 'Caribbean',
  BAFR: 'African',
  BOTH: 'Any other Black background',
  CHNE: 'Chinese',
  OOTH: 'Any other ethnic group',
  REFU: 'Refused',
  NOBT: 'Information not yet obtained',
} as const
export type Ethnicity = keyof typeof ETHNICITY_CODES

export const SEND_CODES = { none: 'None', sen_support: 'SEN support', ehcp: 'Education, health and care plan' } as const
export type Send = keyof typeof SEND_CODES

export const codeKeys = <T extends Record<string, string>>(codes: T) => Object.keys(codes) as [keyof T & string, ...(keyof T & string)[]]
