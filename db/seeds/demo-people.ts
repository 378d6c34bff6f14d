/**
 * Deterministic generator of ENTIRELY SYNTHETIC people for the Demoshire demo
 * organisation.
 *
 * Nothing here is taken from real records. Names are built by combining small
 * lists of common first names and common surnames at random; they are not a
 * list of real individuals. Every other identifier is chosen so that it cannot
 * collide with a real one:
 *
 * - Postcodes use the outward-code area "DM" (Demoshire), which is not a real
 *   UK postcode area.
 * - Districts are invented place names.
 * - UPNs start with the check letter "X" and use local authority number 999,
 *   which is not an allocated LA code; the check letter is still computed with
 *   the DfE modulus-23 rule, so they pass format and check-letter validation.
 * - Phone numbers come from Ofcom's drama range 07700 900000-900999.
 * - Email addresses use the reserved example.com / example.org domains.
 *
 * The same seed always produces the same output.
 */

export interface DemoChild {
  key: string
  givenName: string
  familyName: string
  /** YYYY-MM-DD */
  dateOfBirth: string
  sex: 'M' | 'F' | 'U'
  /** DfE ethnicity code */
  ethnicity: string
  send: 'none' | 'sen_support' | 'ehcp'
  disability: boolean
  uasc: boolean
  postcode: string
  district: string
  localChildId: string
  upn: string | null
  restricted: boolean
  relationshipToHousehold: 'child'
}

export interface DemoAdult {
  key: string
  name: string
  /** e.g. 'mother', 'father', 'stepfather', 'grandmother', 'aunt', 'family friend', 'neighbour', 'football coach' */
  relationship: string
  phone: string | null
  email: string | null
  address: string | null
  safetyPlanRole: string | null
  /** true for a parent/carer living in the household, false for the wider network */
  isHouseholdMember: boolean
}

export interface DemoFamily {
  key: string
  /** e.g. 'Hartley family' */
  name: string
  /** Full fictional address of the household (street, district, postcode). */
  address: string
  postcode: string
  district: string
  restricted: boolean
  children: DemoChild[]
  adults: DemoAdult[]
}

export interface GenerateDemoFamiliesOptions {
  seed?: number
  /** Total number of children across all families. Default 300. */
  childCount?: number
  /** Date on which ages are computed, YYYY-MM-DD. Default '2026-11-01'. */
  asOf?: string
}

/** Invented district names (not real places), four per locality. */
export const DEMO_DISTRICTS: { North: string[]; South: string[] } = {
  North: ['Ashby Moor', 'Kelderwick', 'Stannerby', 'Ravensholt Edge'],
  South: ['Wenmarsh', 'Corrowdale', 'Thistlecombe', 'Lowbridge Vale'],
}

export const DEFAULT_DEMO_SEED = 20261101
export const DEFAULT_DEMO_CHILD_COUNT = 300
export const DEFAULT_DEMO_AS_OF = '2026-11-01'

/** DfE ethnicity codes used by the generator. */
export const DEMO_ETHNICITY_CODES = [
  'WBRI',
  'WIRI',
  'WIRT',
  'WOTH',
  'WROM',
  'MWBC',
  'MWBA',
  'MWAS',
  'MOTH',
  'AIND',
  'APKN',
  'ABAN',
  'AOTH',
  'BCRB',
  'BAFR',
  'BOTH',
  'CHNE',
  'OOTH',
  'REFU',
  'NOBT',
] as const

// ---------------------------------------------------------------------------
// PRNG

type Rng = () => number

/** mulberry32: small, fast, deterministic 32-bit PRNG returning [0, 1). */
function mulberry32(seed: number): Rng {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Mix a seed with a salt so independent streams do not share state. */
function deriveSeed(seed: number, salt: number): number {
  let h = (seed ^ salt) >>> 0
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0
  return (h ^ (h >>> 16)) >>> 0
}

const CHILD_STREAM_SALT = 0x0c41d5ee
const STAFF_STREAM_SALT = 0x57aff00d

function int(rng: Rng, min: number, max: number): number {
  return min + Math.floor(rng() * (max - min + 1))
}

function chance(rng: Rng, p: number): boolean {
  return rng() < p
}

function pick<T>(rng: Rng, items: readonly T[]): T {
  if (items.length === 0) throw new Error('pick from empty list')
  const item = items[Math.floor(rng() * items.length)]
  return item as T
}

function weighted<T>(rng: Rng, items: readonly (readonly [T, number])[]): T {
  let total = 0
  for (const [, w] of items) total += w
  let r = rng() * total
  for (const [value, w] of items) {
    r -= w
    if (r < 0) return value
  }
  const last = items[items.length - 1]
  if (!last) throw new Error('weighted pick from empty list')
  return last[0]
}

function shuffle<T>(rng: Rng, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1))
    const a = items[i] as T
    items[i] = items[j] as T
    items[j] = a
  }
  return items
}

// ---------------------------------------------------------------------------
// Name pools (common first names and common surnames, combined at random)

interface NamePool {
  boys: readonly string[]
  girls: readonly string[]
  surnames: readonly string[]
  /** Given names for adults of the parents' generation. */
  women: readonly string[]
  men: readonly string[]
  /** Given names for the grandparents' generation. */
  olderWomen: readonly string[]
  olderMen: readonly string[]
}

const UNISEX = ['Alex', 'Charlie', 'Jordan', 'Sam', 'Riley', 'Jamie', 'Morgan', 'Robin', 'Frankie', 'Taylor', 'Rowan', 'Ash']

const ENGLISH: NamePool = {
  boys: [
    'Oliver',
    'Jack',
    'Harry',
    'George',
    'Noah',
    'Jacob',
    'Alfie',
    'Freddie',
    'Oscar',
    'Leo',
    'Logan',
    'Archie',
    'Theo',
    'Thomas',
    'James',
    'Joshua',
    'Ethan',
    'Mason',
    'Lewis',
    'Kai',
    'Tyler',
    'Callum',
    'Liam',
    'Connor',
    'Jayden',
    'Dylan',
    'Max',
    'Reuben',
    'Finley',
    'Harvey',
  ],
  girls: [
    'Olivia',
    'Amelia',
    'Isla',
    'Ava',
    'Emily',
    'Sophie',
    'Grace',
    'Lily',
    'Mia',
    'Ella',
    'Evie',
    'Poppy',
    'Ruby',
    'Chloe',
    'Jessica',
    'Freya',
    'Isabelle',
    'Millie',
    'Daisy',
    'Phoebe',
    'Holly',
    'Megan',
    'Leah',
    'Courtney',
    'Kayla',
    'Shannon',
    'Abigail',
    'Lacey',
    'Maisie',
    'Summer',
  ],
  surnames: [
    'Hartley',
    'Smith',
    'Jones',
    'Taylor',
    'Brown',
    'Wilson',
    'Walker',
    'Wright',
    'Robinson',
    'Thompson',
    'Hughes',
    'Edwards',
    'Green',
    'Hall',
    'Wood',
    'Harris',
    'Clarke',
    'Jackson',
    'Turner',
    'Hill',
    'Moore',
    'Cooper',
    'Morris',
    'King',
    'Baker',
    'Harrison',
    'Parker',
    'Bennett',
    'Shaw',
    'Cook',
    'Marshall',
    'Palmer',
    'Fletcher',
    'Holmes',
    'Barker',
    'Dawson',
    'Gibson',
    'Foster',
    'Pearson',
    'Webb',
    'Lloyd',
    'Atkinson',
    'Kirby',
    'Booth',
    'Slater',
    'Mills',
    'Pickering',
    'Lee',
  ],
  women: [
    'Sarah',
    'Emma',
    'Laura',
    'Gemma',
    'Kelly',
    'Stacey',
    'Lisa',
    'Donna',
    'Claire',
    'Hayley',
    'Jade',
    'Kirsty',
    'Samantha',
    'Natalie',
    'Amy',
    'Leanne',
    'Danielle',
    'Rebecca',
    'Michelle',
    'Joanne',
  ],
  men: [
    'Daniel',
    'Lee',
    'Craig',
    'Dean',
    'Mark',
    'Paul',
    'Jason',
    'Wayne',
    'Ryan',
    'Scott',
    'Carl',
    'Darren',
    'Gary',
    'Steven',
    'Matthew',
    'Adam',
    'Ashley',
    'Jamie',
    'Kevin',
    'Shaun',
  ],
  olderWomen: ['Susan', 'Linda', 'Julie', 'Karen', 'Tracey', 'Jacqueline', 'Diane', 'Carol', 'Wendy', 'Pauline', 'Janet', 'Denise'],
  olderMen: ['Stephen', 'David', 'Ian', 'Alan', 'Keith', 'Michael', 'Brian', 'Graham', 'Trevor', 'Colin', 'Roger', 'Peter'],
}

const IRISH: NamePool = {
  boys: ['Sean', 'Patrick', 'Cian', 'Conor', 'Michael', 'Darragh', 'Oisin', 'John', 'Martin', 'Tommy'],
  girls: ['Niamh', 'Aoife', 'Siobhan', 'Ciara', 'Roisin', 'Bridget', 'Kathleen', 'Mary', 'Margaret', 'Shauna'],
  surnames: ['Murphy', 'Kelly', "O'Brien", 'Byrne', 'Ryan', 'Doherty', 'McDonagh', 'Connors', 'Ward', 'Quinn', 'Gallagher', 'Doyle'],
  women: ['Siobhan', 'Mary', 'Bridget', 'Catherine', 'Teresa', 'Nora', 'Eileen', 'Kathleen'],
  men: ['John', 'Patrick', 'Michael', 'Martin', 'Joseph', 'Thomas', 'Francis', 'Brendan'],
  olderWomen: ['Mary', 'Bridget', 'Margaret', 'Nora', 'Kathleen'],
  olderMen: ['Patrick', 'John', 'Michael', 'Joseph', 'Thomas'],
}

const EUROPEAN: NamePool = {
  boys: ['Jakub', 'Filip', 'Mateusz', 'Andrei', 'Lukas', 'Tomas', 'David', 'Adam', 'Marek', 'Stefan'],
  girls: ['Zuzanna', 'Maja', 'Natalia', 'Alicja', 'Ioana', 'Julia', 'Lena', 'Elena', 'Anna', 'Sofia'],
  surnames: ['Nowak', 'Popescu', 'Horvath', 'Balogh', 'Dumitru', 'Lakatos', 'Mazur', 'Novak', 'Petrov', 'Ionescu', 'Kovacs', 'Varga'],
  women: ['Agnieszka', 'Monika', 'Elena', 'Maria', 'Ana', 'Katarzyna', 'Ildiko', 'Andreea'],
  men: ['Piotr', 'Marcin', 'Ion', 'Florin', 'Tomasz', 'Laszlo', 'Mihai', 'Pavel'],
  olderWomen: ['Maria', 'Elena', 'Barbara', 'Zofia', 'Ilona'],
  olderMen: ['Jan', 'Gheorghe', 'Istvan', 'Andrzej', 'Vasile'],
}

const SOUTH_ASIAN: NamePool = {
  boys: ['Mohammed', 'Ibrahim', 'Yusuf', 'Ayaan', 'Zain', 'Arjun', 'Rohan', 'Hamza', 'Bilal', 'Aryan', 'Ishaan', 'Musa'],
  girls: ['Aisha', 'Zara', 'Maryam', 'Fatima', 'Anaya', 'Priya', 'Inaya', 'Amira', 'Hafsa', 'Sana', 'Simran', 'Noor'],
  surnames: ['Khan', 'Hussain', 'Ahmed', 'Patel', 'Ali', 'Shah', 'Iqbal', 'Rahman', 'Sharma', 'Mahmood', 'Akhtar', 'Gill'],
  women: ['Nasreen', 'Shabana', 'Rukhsana', 'Farah', 'Sunita', 'Nadia', 'Samina', 'Anjali'],
  men: ['Imran', 'Tariq', 'Asif', 'Kamran', 'Rajesh', 'Nadeem', 'Shahid', 'Sanjay'],
  olderWomen: ['Parveen', 'Zubeida', 'Kamala', 'Razia', 'Shamim'],
  olderMen: ['Mohammed', 'Abdul', 'Gurdev', 'Rashid', 'Harbans'],
}

const BLACK: NamePool = {
  boys: ['Daniel', 'David', 'Samuel', 'Emmanuel', 'Kofi', 'Tobi', 'Marcus', 'Malachi', 'Tyrese', 'Joel', 'Isaac', 'Elijah'],
  girls: ['Grace', 'Blessing', 'Precious', 'Esther', 'Amara', 'Nia', 'Imani', 'Chantelle', 'Naomi', 'Favour', 'Keisha', 'Ruth'],
  surnames: ['Okafor', 'Mensah', 'Adeyemi', 'Campbell', 'Williams', 'Johnson', 'Boateng', 'Osei', 'Richards', 'Francis', 'Asante', 'Bailey'],
  women: ['Comfort', 'Patience', 'Abena', 'Sharon', 'Marcia', 'Funke', 'Joy', 'Yvonne'],
  men: ['Kwame', 'Emeka', 'Delroy', 'Tunde', 'Winston', 'Kwabena', 'Andre', 'Michael'],
  olderWomen: ['Gloria', 'Hyacinth', 'Beatrice', 'Dorothy', 'Victoria'],
  olderMen: ['Clifton', 'Samuel', 'Joseph', 'Lloyd', 'Augustine'],
}

const CHINESE: NamePool = {
  boys: ['Jun', 'Wei', 'Hao', 'Jayden', 'Ethan', 'Ryan', 'Kai', 'Leon'],
  girls: ['Mei', 'Xin', 'Yan', 'Chloe', 'Emily', 'Grace', 'Jasmine', 'Lily'],
  surnames: ['Chen', 'Wang', 'Li', 'Zhang', 'Liu', 'Wong', 'Lam', 'Cheung'],
  women: ['Ling', 'Hui', 'Yan', 'Mei', 'Karen'],
  men: ['Wei', 'Jian', 'Ming', 'Kevin', 'Hong'],
  olderWomen: ['Fong', 'Lai', 'Siu'],
  olderMen: ['Kwok', 'Man', 'Chun'],
}

const OTHER: NamePool = {
  boys: ['Ahmad', 'Mustafa', 'Hassan', 'Omar', 'Dawit', 'Yonas', 'Reza', 'Karim', 'Samir', 'Abdullahi'],
  girls: ['Layla', 'Hana', 'Nour', 'Selam', 'Sara', 'Dina', 'Yasmin', 'Rahel', 'Mariam', 'Huda'],
  surnames: ['Ahmadi', 'Hassan', 'Mohammadi', 'Tesfaye', 'Haile', 'Osman', 'Karimi', 'Rahimi', 'Abdi', 'Nasser', 'Mahmoud', 'Yusuf'],
  women: ['Amina', 'Fatuma', 'Zainab', 'Leila', 'Samira', 'Hiwot'],
  men: ['Abdi', 'Ali', 'Hussein', 'Tekle', 'Farid', 'Mehdi'],
  olderWomen: ['Halima', 'Khadija', 'Almaz'],
  olderMen: ['Yusuf', 'Ibrahim', 'Gebre'],
}

/** All surnames the child/family stream can produce (staff names avoid these). */
const FAMILY_SURNAMES: ReadonlySet<string> = new Set([ENGLISH, IRISH, EUROPEAN, SOUTH_ASIAN, BLACK, CHINESE, OTHER].flatMap((p) => p.surnames))

function poolFor(ethnicity: string): NamePool {
  switch (ethnicity) {
    case 'WIRI':
    case 'WIRT':
      return IRISH
    case 'WOTH':
    case 'WROM':
      return EUROPEAN
    case 'AIND':
    case 'APKN':
    case 'ABAN':
    case 'AOTH':
      return SOUTH_ASIAN
    case 'BCRB':
    case 'BAFR':
    case 'BOTH':
      return BLACK
    case 'CHNE':
      return CHINESE
    case 'OOTH':
      return OTHER
    default:
      // WBRI, mixed heritage, REFU, NOBT
      return ENGLISH
  }
}

// ---------------------------------------------------------------------------
// Distributions

/** Roughly the shape of an English shire county's child population. */
const ETHNICITY_WEIGHTS: readonly (readonly [string, number])[] = [
  ['WBRI', 75],
  ['WIRI', 0.5],
  ['WIRT', 0.3],
  ['WOTH', 4],
  ['WROM', 0.4],
  ['MWBC', 2],
  ['MWBA', 0.8],
  ['MWAS', 1.2],
  ['MOTH', 1.5],
  ['AIND', 2],
  ['APKN', 2.5],
  ['ABAN', 0.6],
  ['AOTH', 0.9],
  ['BCRB', 0.7],
  ['BAFR', 2],
  ['BOTH', 0.4],
  ['CHNE', 0.5],
  ['OOTH', 1.2],
  ['REFU', 2.5],
  ['NOBT', 1],
]

const UASC_ETHNICITY_WEIGHTS: readonly (readonly [string, number])[] = [
  ['OOTH', 35],
  ['AOTH', 25],
  ['BAFR', 20],
  ['BOTH', 10],
  ['WOTH', 5],
  ['REFU', 5],
]

const SEND_WEIGHTS: readonly (readonly [DemoChild['send'], number])[] = [
  ['none', 80],
  ['sen_support', 14],
  ['ehcp', 6],
]

/** Family sizes per 100 families (mean 2.32 children, so ~130 families for 300 children). */
const FAMILY_SIZE_BAG: readonly (readonly [number, number])[] = [
  [1, 25],
  [2, 33],
  [3, 27],
  [4, 15],
]

/** 6 in 10 children are adolescents. */
const ADOLESCENT_BAG: readonly (readonly [boolean, number])[] = [
  [true, 6],
  [false, 4],
]

type Gender = 'f' | 'm'
interface HouseholdRole {
  relationship: string
  gender: Gender
  generation: 'parent' | 'older'
  /** likely to carry the children's surname */
  sharesSurname: number
  step?: boolean
}

const R = {
  mother: { relationship: 'mother', gender: 'f', generation: 'parent', sharesSurname: 0.7 },
  father: { relationship: 'father', gender: 'm', generation: 'parent', sharesSurname: 0.9 },
  stepfather: { relationship: 'stepfather', gender: 'm', generation: 'parent', sharesSurname: 0, step: true },
  stepmother: { relationship: 'stepmother', gender: 'f', generation: 'parent', sharesSurname: 0, step: true },
  grandmother: { relationship: 'grandmother', gender: 'f', generation: 'older', sharesSurname: 0.6 },
  grandfather: { relationship: 'grandfather', gender: 'm', generation: 'older', sharesSurname: 0.6 },
  aunt: { relationship: 'aunt', gender: 'f', generation: 'parent', sharesSurname: 0.4 },
  uncle: { relationship: 'uncle', gender: 'm', generation: 'parent', sharesSurname: 0.5 },
} as const satisfies Record<string, HouseholdRole>

const HOUSEHOLD_WEIGHTS: readonly (readonly [readonly HouseholdRole[], number])[] = [
  [[R.mother], 40],
  [[R.mother, R.father], 22],
  [[R.mother, R.stepfather], 12],
  [[R.father], 6],
  [[R.father, R.stepmother], 3],
  [[R.mother, R.grandmother], 4],
  [[R.grandmother], 5],
  [[R.grandmother, R.grandfather], 3],
  [[R.aunt], 3],
  [[R.aunt, R.uncle], 2],
]

interface NetworkRole {
  relationship: string
  gender: Gender | 'any'
  generation: 'parent' | 'older'
  relative: boolean
  roles: readonly string[]
}

const NETWORK_ROLES: readonly (readonly [NetworkRole, number])[] = [
  [
    {
      relationship: 'grandmother',
      gender: 'f',
      generation: 'older',
      relative: true,
      roles: ['Respite care at weekends', 'Safe place to go if things escalate at home', 'Daily check-in by phone'],
    },
    14,
  ],
  [{ relationship: 'grandfather', gender: 'm', generation: 'older', relative: true, roles: ['School pick-up on Tuesdays and Thursdays', 'Respite care at weekends'] }, 6],
  [
    {
      relationship: 'aunt',
      gender: 'f',
      generation: 'parent',
      relative: true,
      roles: ['Emergency contact', 'Overnight stay if parent is unwell', 'Safe place to go if things escalate at home'],
    },
    12,
  ],
  [{ relationship: 'uncle', gender: 'm', generation: 'parent', relative: true, roles: ['Takes young person to football on Saturdays', 'Emergency contact'] }, 7],
  [{ relationship: 'adult sibling', gender: 'any', generation: 'parent', relative: true, roles: ['Checks in after school', 'Emergency contact'] }, 5],
  [{ relationship: 'cousin', gender: 'any', generation: 'parent', relative: true, roles: ['Supports with school mornings'] }, 3],
  [{ relationship: 'godparent', gender: 'any', generation: 'parent', relative: false, roles: ['Monthly weekend visit', 'Emergency contact'] }, 3],
  [
    {
      relationship: 'family friend',
      gender: 'any',
      generation: 'parent',
      relative: false,
      roles: ['Emergency contact', 'Helps with school runs', 'Someone to talk to when worried'],
    },
    12,
  ],
  [
    {
      relationship: 'neighbour',
      gender: 'any',
      generation: 'parent',
      relative: false,
      roles: ['Keeps a spare key and can be called at night', 'Will raise concerns if hears arguments'],
    },
    8,
  ],
  [{ relationship: 'football coach', gender: 'any', generation: 'parent', relative: false, roles: ['Positive activity twice a week', 'Notices changes in mood or attendance'] }, 5],
  [{ relationship: 'youth worker', gender: 'any', generation: 'parent', relative: false, roles: ['Weekly one-to-one session', 'Positive activity on Friday evenings'] }, 6],
  [{ relationship: 'school mentor', gender: 'any', generation: 'parent', relative: false, roles: ['Daily check-in at school', 'Safe adult at school'] }, 5],
  [{ relationship: 'faith leader', gender: 'any', generation: 'older', relative: false, roles: ['Someone to talk to when worried'] }, 2],
]

const UASC_KEY_WORKER: NetworkRole = {
  relationship: 'key worker',
  gender: 'any',
  generation: 'parent',
  relative: false,
  roles: ['Daily check-in at supported accommodation', 'Supports with appointments and immigration solicitor'],
}
const UASC_MENTOR: NetworkRole = {
  relationship: 'mentor',
  gender: 'any',
  generation: 'parent',
  relative: false,
  roles: ['Weekly one-to-one session', 'Supports with college attendance'],
}

const STREET_NAMES = [
  'Hawthorn',
  'Rowan',
  'Chestnut',
  'Meadow',
  'Mill',
  'Church',
  'Station',
  'Victoria',
  'Orchard',
  'Willow',
  'Beech',
  'Larch',
  'Foxglove',
  'Heather',
  'Kingfisher',
  'Sandpiper',
  'Bracken',
  'Moorside',
  'Fellgate',
  'Tannery',
]
const STREET_SUFFIXES = ['Road', 'Close', 'Street', 'Avenue', 'Way', 'Crescent', 'Lane', 'Drive', 'Court', 'Gardens']
/** Letters permitted in the unit part of a UK postcode inward code. */
const INWARD_LETTERS = 'ABDEFGHJLNPQRSTUWXYZ'
const EMAIL_DOMAINS = ['example.com', 'example.org']

/** Local authority number 999 is not allocated to any English LA. */
const FICTIONAL_LA_NUMBER = '999'
const UPN_CHECK_LETTERS = 'ABCDEFGHJKLMNPQRTUVWXYZ'

// ---------------------------------------------------------------------------
// Dates

function parseIsoDate(value: string): { y: number; m: number; d: number } {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value)
  if (!match) throw new RangeError(`asOf must be YYYY-MM-DD, got ${JSON.stringify(value)}`)
  const y = Number(match[1])
  const m = Number(match[2])
  const d = Number(match[3])
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) {
    throw new RangeError(`asOf is not a valid date: ${value}`)
  }
  return { y, m, d }
}

function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate()
}

function isoFromUtc(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10)
}

/** Age in completed years on `asOf` (both YYYY-MM-DD). */
export function demoAgeOn(dateOfBirth: string, asOf: string): number {
  const b = parseIsoDate(dateOfBirth)
  const a = parseIsoDate(asOf)
  let age = a.y - b.y
  if (a.m < b.m || (a.m === b.m && a.d < b.d)) age -= 1
  return age
}

/** A date of birth that makes the child exactly `age` on `asOf`. */
function dateOfBirthFor(rng: Rng, age: number, asOf: { y: number; m: number; d: number }): string {
  const y = asOf.y - age
  const latest = Date.UTC(y, asOf.m - 1, Math.min(asOf.d, daysInMonth(y, asOf.m)))
  // Any date up to 364 days before the latest birthday keeps the same age.
  const back = int(rng, 0, 364)
  return isoFromUtc(latest - back * 86_400_000)
}

// ---------------------------------------------------------------------------
// Generation

interface Ids {
  localChildIds: Set<string>
  upns: Set<string>
  phones: Set<string>
  emails: Set<string>
}

function upnCheckLetter(digits: string): string {
  let sum = 0
  for (let i = 0; i < digits.length; i++) sum += Number(digits[i]) * (i + 2)
  return UPN_CHECK_LETTERS[sum % 23] ?? 'A'
}

function newUpn(rng: Rng, ids: Ids, age: number, asOfYear: number): string {
  // Digits: LA (3) + establishment (4) + year of issue (2) + serial (3).
  const issueYear = String((asOfYear - age + 4 + 100) % 100).padStart(2, '0')
  for (let attempt = 0; attempt < 100_000; attempt++) {
    const establishment = String(int(rng, 2000, 7999))
    const serial = String(int(rng, 0, 999)).padStart(3, '0')
    const digits = `${FICTIONAL_LA_NUMBER}${establishment}${issueYear}${serial}`
    // Keep only numbers whose correct check letter is X.
    if (upnCheckLetter(digits) !== 'X') continue
    const upn = `X${digits}`
    if (ids.upns.has(upn)) continue
    ids.upns.add(upn)
    return upn
  }
  throw new Error('could not allocate a unique demo UPN')
}

function newLocalChildId(rng: Rng, ids: Ids): string {
  for (let attempt = 0; attempt < 1_000_000; attempt++) {
    const id = `DS${int(rng, 100000, 999999)}`
    if (!ids.localChildIds.has(id)) {
      ids.localChildIds.add(id)
      return id
    }
  }
  throw new Error('could not allocate a unique local child id')
}

function newPhone(rng: Rng, ids: Ids): string {
  // Prefer unused numbers; the drama range only has 1000, so allow repeats
  // once it is mostly used up.
  let phone = ''
  for (let attempt = 0; attempt < 25; attempt++) {
    phone = `07700 900${String(int(rng, 0, 999)).padStart(3, '0')}`
    if (!ids.phones.has(phone)) break
  }
  ids.phones.add(phone)
  return phone
}

function newEmail(rng: Rng, ids: Ids, given: string, family: string): string {
  const clean = (s: string) => s.toLowerCase().replace(/[^a-z]/g, '')
  const base = chance(rng, 0.5) ? `${clean(given)}.${clean(family)}` : `${clean(given)}${clean(family).slice(0, 1)}`
  const domain = pick(rng, EMAIL_DOMAINS)
  let email = `${base}@${domain}`
  for (let n = int(rng, 1, 99); ids.emails.has(email); n++) email = `${base}${n}@${domain}`
  ids.emails.add(email)
  return email
}

function allDistricts(): { district: string; index: number }[] {
  return [...DEMO_DISTRICTS.North, ...DEMO_DISTRICTS.South].map((district, index) => ({ district, index }))
}

function newPostcode(rng: Rng, districtIndex: number): string {
  // Each district owns two outward codes: DM1-DM2, DM3-DM4, ... DM15-DM16.
  const outward = `DM${districtIndex * 2 + int(rng, 1, 2)}`
  const inward = `${int(rng, 0, 9)}${pick(rng, [...INWARD_LETTERS])}${pick(rng, [...INWARD_LETTERS])}`
  return `${outward} ${inward}`
}

function newAddress(rng: Rng, district: string, postcode: string): string {
  return `${int(rng, 1, 140)} ${pick(rng, STREET_NAMES)} ${pick(rng, STREET_SUFFIXES)}, ${district}, ${postcode}`
}

function givenNameFor(rng: Rng, pool: NamePool, sex: 'M' | 'F' | 'U'): string {
  if (sex === 'U') return pick(rng, UNISEX)
  return pick(rng, sex === 'M' ? pool.boys : pool.girls)
}

function adultGivenName(rng: Rng, pool: NamePool, gender: Gender, generation: 'parent' | 'older'): string {
  if (generation === 'older') return pick(rng, gender === 'f' ? pool.olderWomen : pool.olderMen)
  return pick(rng, gender === 'f' ? pool.women : pool.men)
}

/**
 * Draws from a shuffled bag of values in fixed proportions, refilling when
 * empty. Sampling without replacement keeps totals close to the intended
 * proportions for every seed while still looking random.
 */
function bag<T>(rng: Rng, items: readonly (readonly [T, number])[]): () => T {
  let contents: T[] = []
  return () => {
    if (contents.length === 0) {
      contents = shuffle(
        rng,
        items.flatMap(([value, n]) => Array.from({ length: n }, () => value)),
      )
    }
    const next = contents.pop()
    if (next === undefined) throw new Error('empty bag')
    return next
  }
}

function childAge(ctx: Ctx): number {
  // ~60% adolescents (10-17), the rest spread over 0-9.
  return ctx.adolescent() ? int(ctx.rng, 10, 17) : int(ctx.rng, 0, 9)
}

function childSex(rng: Rng): 'M' | 'F' | 'U' {
  return weighted(rng, [
    ['M', 49.5],
    ['F', 49.5],
    ['U', 1],
  ] as const)
}

interface DraftChild extends Omit<DemoChild, 'key'> {
  age: number
}
type DraftAdult = Omit<DemoAdult, 'key'>
interface DraftFamily extends Omit<DemoFamily, 'key' | 'children' | 'adults'> {
  children: DraftChild[]
  adults: DraftAdult[]
  uasc: boolean
}

interface Ctx {
  rng: Rng
  ids: Ids
  asOf: { y: number; m: number; d: number }
  adolescent: () => boolean
}

function makeChild(
  ctx: Ctx,
  fields: { givenName: string; familyName: string; sex: 'M' | 'F' | 'U'; ethnicity: string; age: number; uasc: boolean; postcode: string; district: string },
): DraftChild {
  const { rng, ids, asOf } = ctx
  const dateOfBirth = dateOfBirthFor(rng, fields.age, asOf)
  const send = weighted(rng, SEND_WEIGHTS)
  const disability = chance(rng, send === 'ehcp' ? 0.3 : send === 'sen_support' ? 0.06 : 0.03)
  return {
    givenName: fields.givenName,
    familyName: fields.familyName,
    dateOfBirth,
    sex: fields.sex,
    ethnicity: fields.ethnicity,
    send,
    disability,
    uasc: fields.uasc,
    postcode: fields.postcode,
    district: fields.district,
    localChildId: newLocalChildId(rng, ids),
    upn: fields.age < 5 ? null : newUpn(rng, ids, fields.age, asOf.y),
    restricted: false,
    relationshipToHousehold: 'child',
    age: fields.age,
  }
}

function makeNetworkAdult(ctx: Ctx, role: NetworkRole, pool: NamePool, familySurname: string): DraftAdult {
  const { rng, ids } = ctx
  const gender: Gender = role.gender === 'any' ? (chance(rng, 0.5) ? 'f' : 'm') : role.gender
  // Non-relatives mostly come from the general county population.
  const namePool = role.relative ? pool : chance(rng, 0.75) ? ENGLISH : pool
  const given = adultGivenName(rng, namePool, gender, role.generation)
  const surname = role.relative && chance(rng, 0.5) ? familySurname : pick(rng, namePool.surnames)
  const { district, index } = pick(rng, allDistricts())
  const hasAddress = chance(rng, role.relative ? 0.7 : 0.3)
  return {
    name: `${given} ${surname}`,
    relationship: role.relationship,
    phone: chance(rng, 0.75) ? newPhone(rng, ids) : null,
    email: chance(rng, 0.35) ? newEmail(rng, ids, given, surname) : null,
    address: hasAddress ? newAddress(rng, district, newPostcode(rng, index)) : null,
    safetyPlanRole: chance(rng, 0.6) ? pick(rng, role.roles) : null,
    isHouseholdMember: false,
  }
}

function makeFamily(ctx: Ctx, size: number): DraftFamily {
  const { rng, ids } = ctx
  const { district, index } = pick(rng, allDistricts())
  const postcode = newPostcode(rng, index)
  const address = newAddress(rng, district, postcode)
  const familyEthnicity = weighted(rng, ETHNICITY_WEIGHTS)
  const pool = poolFor(familyEthnicity)
  const surname = pick(rng, pool.surnames)

  // Household adults
  const household = weighted(rng, HOUSEHOLD_WEIGHTS)
  const adults: DraftAdult[] = []
  let stepSurname: string | null = null
  household.forEach((role, i) => {
    const given = adultGivenName(rng, pool, role.gender, role.generation)
    const adultSurname = chance(rng, role.sharesSurname)
      ? surname
      : pick(
          rng,
          pool.surnames.filter((s) => s !== surname),
        )
    if (role.step === true) stepSurname = adultSurname
    adults.push({
      name: `${given} ${adultSurname}`,
      relationship: role.relationship,
      phone: chance(rng, 0.9) ? newPhone(rng, ids) : null,
      email: chance(rng, 0.55) ? newEmail(rng, ids, given, adultSurname) : null,
      address,
      safetyPlanRole: i === 0 ? 'Primary carer' : pick(rng, ['Joint carer', 'Supports bedtime and morning routines', 'Co-parent']),
      isHouseholdMember: true,
    })
  })

  // Children: eldest first
  const children: DraftChild[] = []
  const ages = Array.from({ length: size }, () => childAge(ctx)).sort((a, b) => b - a)
  ages.forEach((age, i) => {
    const sex = childSex(rng)
    const ethnicity = i === 0 || chance(rng, 0.85) ? familyEthnicity : weighted(rng, ETHNICITY_WEIGHTS)
    const childPool = ethnicity === familyEthnicity ? pool : poolFor(ethnicity)
    let familyName = surname
    if (i > 0) {
      // Blended families: some younger siblings carry a step-parent's or other parent's surname.
      if (stepSurname !== null && chance(rng, 0.35)) familyName = stepSurname
      else if (chance(rng, 0.06)) familyName = pick(rng, childPool.surnames)
    }
    children.push(makeChild(ctx, { givenName: givenNameFor(rng, childPool, sex), familyName, sex, ethnicity, age, uasc: false, postcode, district }))
  })

  // Wider network: 0-3, no duplicate relationships with the household or each other.
  const networkCount = weighted(rng, [
    [0, 15],
    [1, 35],
    [2, 32],
    [3, 18],
  ] as const)
  const used = new Set(adults.map((a) => a.relationship))
  for (let n = 0; n < networkCount; n++) {
    const available = NETWORK_ROLES.filter(([role]) => !used.has(role.relationship))
    if (available.length === 0) break
    const role = weighted(rng, available)
    used.add(role.relationship)
    adults.push(makeNetworkAdult(ctx, role, pool, surname))
  }

  const firstChild = children[0]
  return {
    name: `${firstChild?.familyName ?? surname} family`,
    address,
    postcode,
    district,
    restricted: false,
    children,
    adults,
    uasc: false,
  }
}

function makeUascFamily(ctx: Ctx): DraftFamily {
  const { rng } = ctx
  const { district, index } = pick(rng, allDistricts())
  const postcode = newPostcode(rng, index)
  const address = newAddress(rng, district, postcode)
  const ethnicity = weighted(rng, UASC_ETHNICITY_WEIGHTS)
  const pool = OTHER
  const sex: 'M' | 'F' = chance(rng, 0.9) ? 'M' : 'F'
  const givenName = givenNameFor(rng, pool, sex)
  const familyName = pick(rng, pool.surnames)
  const child = makeChild(ctx, { givenName, familyName, sex, ethnicity, age: int(rng, 14, 17), uasc: true, postcode, district })
  const adults: DraftAdult[] = []
  if (chance(rng, 0.8)) adults.push(makeNetworkAdult(ctx, UASC_KEY_WORKER, ENGLISH, familyName))
  if (chance(rng, 0.3)) adults.push(makeNetworkAdult(ctx, UASC_MENTOR, ENGLISH, familyName))
  return {
    name: `${givenName} ${familyName} (UASC)`,
    address,
    postcode,
    district,
    restricted: false,
    children: [child],
    adults,
    uasc: true,
  }
}

/**
 * Generate synthetic Demoshire families. Deterministic for a given
 * (seed, childCount, asOf).
 */
export function generateDemoFamilies(options: GenerateDemoFamiliesOptions = {}): DemoFamily[] {
  const seed = options.seed ?? DEFAULT_DEMO_SEED
  const childCount = options.childCount ?? DEFAULT_DEMO_CHILD_COUNT
  const asOfText = options.asOf ?? DEFAULT_DEMO_AS_OF
  if (!Number.isInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`)
  if (!Number.isInteger(childCount) || childCount < 1 || childCount > 100_000) {
    throw new RangeError(`childCount must be an integer from 1 to 100000, got ${childCount}`)
  }
  const asOf = parseIsoDate(asOfText)

  const rng = mulberry32(deriveSeed(seed, CHILD_STREAM_SALT))
  const ctx: Ctx = {
    rng,
    ids: { localChildIds: new Set(), upns: new Set(), phones: new Set(), emails: new Set() },
    asOf,
    adolescent: bag(rng, ADOLESCENT_BAG),
  }
  const familySize = bag(rng, FAMILY_SIZE_BAG)

  // ~1% of children are UASC, each in a "family" of one.
  const uascCount = Math.round(childCount * 0.01)
  let remaining = childCount - uascCount
  const drafts: DraftFamily[] = []
  while (remaining > 0) {
    const size = Math.min(familySize(), remaining)
    drafts.push(makeFamily(ctx, size))
    remaining -= size
  }
  for (let i = 0; i < uascCount; i++) {
    drafts.splice(int(rng, 0, drafts.length), 0, makeUascFamily(ctx))
  }

  // ~2% of families restricted; always at least one (preferring non-UASC).
  const restrictedCount = Math.max(1, Math.round(drafts.length * 0.02))
  const candidates = drafts.filter((f) => !f.uasc && f.children.length > 0)
  const pool = candidates.length > 0 ? candidates : drafts.filter((f) => f.children.length > 0)
  for (const family of shuffle(rng, [...pool]).slice(0, restrictedCount)) {
    family.restricted = true
    for (const child of family.children) child.restricted = true
  }

  const width = Math.max(3, String(drafts.length).length)
  return drafts.map((draft, i): DemoFamily => {
    const key = `F${String(i + 1).padStart(width, '0')}`
    return {
      key,
      name: draft.name,
      address: draft.address,
      postcode: draft.postcode,
      district: draft.district,
      restricted: draft.restricted,
      children: draft.children.map(({ age: _age, ...child }, c) => ({ key: `${key}-C${c + 1}`, ...child })),
      adults: draft.adults.map((adult, a) => ({ key: `${key}-A${a + 1}`, ...adult })),
    }
  })
}

// ---------------------------------------------------------------------------
// Staff

const STAFF_FIRST_NAMES = [
  'Sarah',
  'Rachel',
  'Helen',
  'Claire',
  'Emma',
  'Joanne',
  'Nicola',
  'Laura',
  'Gemma',
  'Karen',
  'Andrew',
  'Mark',
  'Paul',
  'Richard',
  'Stephen',
  'Gareth',
  'Neil',
  'Simon',
  'Priya',
  'Ravinder',
  'Funmi',
  'Adaeze',
  'Tomasz',
  'Deepa',
  'Imran',
  'Kwame',
  'Hannah',
  'Louise',
  'Chris',
  'Fiona',
  'Jo',
  'Sian',
  'Bethany',
  'Owen',
  'Hollie',
  'Nathan',
]

/** Deliberately disjoint from every family surname list. */
const STAFF_SURNAMES = [
  'Ashworth',
  'Bradshaw',
  'Caldwell',
  'Dunmore',
  'Ellison',
  'Farrow',
  'Greaves',
  'Hadley',
  'Ingram',
  'Jessop',
  'Kendrick',
  'Lambert',
  'Mercer',
  'Norris',
  'Ogden',
  'Prentice',
  'Quayle',
  'Rowe',
  'Sutcliffe',
  'Tindall',
  'Underwood',
  'Vance',
  'Whitlock',
  'Yardley',
  'Chaudhry',
  'Mistry',
  'Adebayo',
  'Nwosu',
  'Fernandes',
  'Okonkwo',
  'Bhatt',
  'Sandhu',
  'Rennie',
  'Galloway',
  'Hepworth',
  'Lindley',
].filter((s) => !FAMILY_SURNAMES.has(s))

export const DEMO_STAFF_NAME_CAPACITY = STAFF_FIRST_NAMES.length * STAFF_SURNAMES.length

/**
 * `count` distinct synthetic staff full names ("Given Surname"). Uses its own
 * PRNG stream (independent of the children's stream) and a surname list that
 * shares no surname with the family generator, so staff never look related to
 * a demo family.
 */
export function DEMO_STAFF_NAMES(count: number, seed: number = DEFAULT_DEMO_SEED): string[] {
  if (!Number.isInteger(count) || count < 0 || count > DEMO_STAFF_NAME_CAPACITY) {
    throw new RangeError(`count must be an integer from 0 to ${DEMO_STAFF_NAME_CAPACITY}, got ${count}`)
  }
  if (!Number.isInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`)
  const rng = mulberry32(deriveSeed(seed, STAFF_STREAM_SALT))
  const names = new Set<string>()
  // Random draws first; for very large counts fall back to a shuffled full enumeration.
  for (let attempt = 0; names.size < count && attempt < count * 20; attempt++) {
    names.add(`${pick(rng, STAFF_FIRST_NAMES)} ${pick(rng, STAFF_SURNAMES)}`)
  }
  if (names.size < count) {
    const all = shuffle(
      rng,
      STAFF_FIRST_NAMES.flatMap((f) => STAFF_SURNAMES.map((s) => `${f} ${s}`)),
    )
    for (const name of all) {
      if (names.size >= count) break
      names.add(name)
    }
  }
  return [...names]
}
