import { describe, expect, it } from 'vitest'
import { DEMO_DISTRICTS, DEMO_ETHNICITY_CODES, DEMO_STAFF_NAMES, demoAgeOn, generateDemoFamilies, type DemoChild, type DemoFamily } from './demo-people.js'

const AS_OF = '2026-11-01'
const ALL_DISTRICTS = new Set([...DEMO_DISTRICTS.North, ...DEMO_DISTRICTS.South])
const POSTCODE = /^DM\d{1,2} \d[A-Z]{2}$/
const PHONE = /^07700 900\d{3}$/

function children(families: DemoFamily[]): DemoChild[] {
  return families.flatMap((f) => f.children)
}

function upnCheckLetter(digits: string): string {
  let sum = 0
  for (let i = 0; i < digits.length; i++) sum += Number(digits[i]) * (i + 2)
  return 'ABCDEFGHJKLMNPQRTUVWXYZ'[sum % 23] ?? '?'
}

const defaults = generateDemoFamilies()
const defaultChildren = children(defaults)

describe('generateDemoFamilies', () => {
  it('is deterministic for a seed and varies between seeds', () => {
    expect(generateDemoFamilies()).toEqual(defaults)
    expect(generateDemoFamilies({ seed: 7 })).toEqual(generateDemoFamilies({ seed: 7 }))
    expect(generateDemoFamilies({ seed: 7 })).not.toEqual(generateDemoFamilies({ seed: 8 }))
    expect(generateDemoFamilies({ seed: 7 })).not.toEqual(defaults)
  })

  it('produces exactly childCount children in roughly 120-140 families by default', () => {
    expect(defaultChildren).toHaveLength(300)
    expect(defaults.length).toBeGreaterThanOrEqual(120)
    expect(defaults.length).toBeLessThanOrEqual(140)
    for (const n of [1, 2, 5, 17, 50, 123, 1000]) {
      expect(children(generateDemoFamilies({ childCount: n, seed: n }))).toHaveLength(n)
    }
  })

  it('keeps family shape within the rules', () => {
    for (const family of defaults) {
      expect(family.children.length).toBeGreaterThanOrEqual(1)
      expect(family.children.length).toBeLessThanOrEqual(4)
      const household = family.adults.filter((a) => a.isHouseholdMember)
      const network = family.adults.filter((a) => !a.isHouseholdMember)
      expect(network.length).toBeLessThanOrEqual(3)
      const uasc = family.children.some((c) => c.uasc)
      if (uasc) {
        expect(family.children).toHaveLength(1)
        expect(household).toHaveLength(0)
      } else {
        expect(household.length).toBeGreaterThanOrEqual(1)
        expect(household.length).toBeLessThanOrEqual(2)
      }
      for (const child of family.children) {
        expect(child.district).toBe(family.district)
        expect(child.postcode).toBe(family.postcode)
        expect(child.restricted).toBe(family.restricted)
        expect(child.relationshipToHousehold).toBe('child')
      }
    }
  })

  it('gives stable, unique keys', () => {
    const keys = defaults.flatMap((f) => [f.key, ...f.children.map((c) => c.key), ...f.adults.map((a) => a.key)])
    expect(new Set(keys).size).toBe(keys.length)
    const first = defaults[0]
    expect(first?.key).toBe('F001')
    expect(first?.children[0]?.key).toBe('F001-C1')
    expect(first?.adults[0]?.key).toBe('F001-A1')
    defaults.forEach((f, i) => {
      expect(f.key).toBe(`F${String(i + 1).padStart(3, '0')}`)
      f.children.forEach((c, j) => expect(c.key).toBe(`${f.key}-C${j + 1}`))
      f.adults.forEach((a, j) => expect(a.key).toBe(`${f.key}-A${j + 1}`))
    })
  })

  it('has unique local child ids and UPNs in the fictional format', () => {
    for (const seed of [undefined, 1, 2]) {
      const kids = children(generateDemoFamilies(seed === undefined ? {} : { seed }))
      const ids = kids.map((c) => c.localChildId)
      expect(new Set(ids).size).toBe(ids.length)
      for (const id of ids) expect(id).toMatch(/^DS\d{6}$/)
      const upns = kids.map((c) => c.upn).filter((u): u is string => u !== null)
      expect(new Set(upns).size).toBe(upns.length)
      for (const upn of upns) {
        expect(upn).toMatch(/^X999\d{9}$/)
        expect(upnCheckLetter(upn.slice(1))).toBe('X')
      }
    }
  })

  it('gives UPNs only to children aged 5 and over', () => {
    for (const child of defaultChildren) {
      const age = demoAgeOn(child.dateOfBirth, AS_OF)
      if (age < 5) expect(child.upn).toBeNull()
      else expect(child.upn).not.toBeNull()
    }
  })

  it('keeps ages within 0-17, about 60% aged 10-17', () => {
    for (const seed of [undefined, 11, 22, 33, 44]) {
      const kids = children(generateDemoFamilies(seed === undefined ? {} : { seed }))
      const ages = kids.map((c) => demoAgeOn(c.dateOfBirth, AS_OF))
      for (const age of ages) {
        expect(age).toBeGreaterThanOrEqual(0)
        expect(age).toBeLessThanOrEqual(17)
      }
      const share = ages.filter((a) => a >= 10).length / ages.length
      expect(share).toBeGreaterThan(0.5)
      expect(share).toBeLessThan(0.72)
    }
  })

  it('computes ages against a custom asOf, including a leap day', () => {
    for (const asOf of ['2028-02-29', '2025-01-01', '2030-12-31']) {
      for (const child of children(generateDemoFamilies({ asOf, seed: 5 }))) {
        const age = demoAgeOn(child.dateOfBirth, asOf)
        expect(age).toBeGreaterThanOrEqual(0)
        expect(age).toBeLessThanOrEqual(17)
        expect(child.dateOfBirth <= asOf).toBe(true)
      }
    }
    expect(() => generateDemoFamilies({ asOf: '2026-02-30' })).toThrow(RangeError)
    expect(() => generateDemoFamilies({ childCount: 0 })).toThrow(RangeError)
  })

  it('uses fictional DM postcodes and Demoshire districts', () => {
    for (const family of defaults) {
      expect(family.postcode).toMatch(POSTCODE)
      expect(ALL_DISTRICTS.has(family.district)).toBe(true)
      expect(family.address.endsWith(`${family.district}, ${family.postcode}`)).toBe(true)
      for (const child of family.children) {
        expect(child.postcode).toMatch(POSTCODE)
        expect(ALL_DISTRICTS.has(child.district)).toBe(true)
      }
    }
    expect(DEMO_DISTRICTS.North).toHaveLength(4)
    expect(DEMO_DISTRICTS.South).toHaveLength(4)
    expect(ALL_DISTRICTS.size).toBe(8)
  })

  it('always has at least one restricted family with children', () => {
    for (const childCount of [1, 2, 3, 10, 300]) {
      const families = generateDemoFamilies({ childCount })
      const restricted = families.filter((f) => f.restricted)
      expect(restricted.length).toBeGreaterThanOrEqual(1)
      for (const f of restricted) {
        expect(f.children.length).toBeGreaterThanOrEqual(1)
        expect(f.children.every((c) => c.restricted)).toBe(true)
      }
      expect(
        families
          .filter((f) => !f.restricted)
          .flatMap((f) => f.children)
          .some((c) => c.restricted),
      ).toBe(false)
    }
    const restricted = defaults.filter((f) => f.restricted).length
    expect(restricted).toBeLessThanOrEqual(5)
  })

  it('uses drama-range phones and example domains only', () => {
    const adults = defaults.flatMap((f) => f.adults)
    const phones = adults.map((a) => a.phone).filter((p): p is string => p !== null)
    expect(phones.length).toBeGreaterThan(0)
    for (const phone of phones) expect(phone).toMatch(PHONE)
    for (const a of adults) {
      if (a.email !== null) expect(a.email).toMatch(/^[a-z0-9.]+@example\.(com|org)$/)
      if (a.address !== null) expect(a.address).toMatch(/, DM\d{1,2} \d[A-Z]{2}$/)
    }
  })

  it('has roughly the expected demographic mix', () => {
    const kids = defaultChildren
    const share = (pred: (c: DemoChild) => boolean) => kids.filter(pred).length / kids.length
    const codes = new Set<string>(DEMO_ETHNICITY_CODES)
    for (const c of kids) {
      expect(codes.has(c.ethnicity)).toBe(true)
      expect(['M', 'F', 'U']).toContain(c.sex)
    }
    expect(share((c) => c.ethnicity === 'WBRI')).toBeGreaterThan(0.6)
    expect(share((c) => c.ethnicity === 'WBRI')).toBeLessThan(0.88)
    expect(share((c) => c.send === 'none')).toBeGreaterThan(0.7)
    expect(share((c) => c.send === 'ehcp')).toBeLessThan(0.12)
    expect(share((c) => c.disability)).toBeLessThan(0.12)
    expect(kids.filter((c) => c.uasc)).toHaveLength(3)
    expect(share((c) => c.sex === 'U')).toBeLessThan(0.04)
  })
})

describe('DEMO_STAFF_NAMES', () => {
  it('returns the requested number of distinct names, deterministically', () => {
    const names = DEMO_STAFF_NAMES(40)
    expect(names).toHaveLength(40)
    expect(new Set(names).size).toBe(40)
    expect(DEMO_STAFF_NAMES(40)).toEqual(names)
    expect(DEMO_STAFF_NAMES(40, 99)).not.toEqual(names)
    expect(DEMO_STAFF_NAMES(0)).toEqual([])
    for (const name of names) expect(name).toMatch(/^\S+ \S+$/)
  })

  it('can produce large sets and never shares a surname with demo families', () => {
    const many = DEMO_STAFF_NAMES(1000, 3)
    expect(new Set(many).size).toBe(1000)
    const familySurnames = new Set(defaults.flatMap((f) => [...f.children.map((c) => c.familyName), ...f.adults.map((a) => a.name.split(' ').slice(1).join(' '))]))
    for (const name of many) expect(familySurnames.has(name.split(' ').slice(1).join(' '))).toBe(false)
  })
})
