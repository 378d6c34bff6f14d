/**
 * Roles (PRODUCT.md §1) and what each may do. Deny by default: a route names the
 * one permission it needs, and a role not listed against that permission is refused.
 */
export const ROLES = [
  'referrer',
  'family_support_worker',
  'senior_practitioner',
  'team_manager',
  'panel_chair',
  'wellbeing_practitioner',
  'analyst',
  'finance_partner',
  'board_viewer',
  'administrator',
] as const
export type Role = (typeof ROLES)[number]

export const ROLE_NAMES: Record<Role, string> = {
  referrer: 'Referrer (allocated social worker)',
  family_support_worker: 'Family support worker',
  senior_practitioner: 'Senior practitioner',
  team_manager: 'Team manager',
  panel_chair: 'Panel chair',
  wellbeing_practitioner: 'Wellbeing practitioner',
  analyst: 'Performance analyst',
  finance_partner: 'Finance partner',
  board_viewer: 'Board viewer',
  administrator: 'Administrator',
}

export const PERMISSIONS = [
  /** Any signed-in user: their own account, the home page, signing out. */
  'signed-in',
  /** Read children's and families' records (scoped to the organisation, restricted records excepted). */
  'people:read',
  /** Create and change children's and families' records. */
  'people:write',
  /** Open a restricted record with a recorded reason. */
  'people:break-glass',
  /** See workers and their caseloads. */
  'workers:read',
  /** Search the audit trail and see break-glass use. */
  'audit:read',
  /** Administer reference data: bank holidays, users. */
  'admin:manage',
  /** Score a Strengths and Difficulties Questionnaire; nothing stored. */
  'wellbeing:sdq',
  /** Refer a family to the edge-of-care service. */
  'referrals:create',
  /** Decide a referral: the panel chair; a team manager for a crisis, out of panel. */
  'referrals:decide',
  /** Read referrals and cases. */
  'cases:read',
  /** Allocate and reallocate cases. */
  'cases:allocate',
  /** Work a case: contacts, closure, follow-ups (the service checks the user leads, co-works or manages it). */
  'cases:work',
  /** Sign off a worker's closure. */
  'cases:sign-off',
  /** The team manager's view and levers: the dashboard, the duty rota, a worker's own cap. */
  'cases:manage',
  /** Casework settings: eligibility rules, districts to teams, capacity per strand. */
  'casework:settings',
  /** Read the wellbeing service's records (service-scoped: only staff holding a role in the service). */
  'wellbeing:read',
  /** Refer, triage, record sessions and outcomes in the wellbeing service. */
  'wellbeing:write',
  /** Maintain the wellbeing service's directory of onward services and its tariffs. */
  'wellbeing:manage',
  /** The wellbeing service's dashboard: aggregate figures, no child named. */
  'wellbeing:report',
  /** Read finance settings: unit costs, service costs, targets, parameters. */
  'finance:read',
  /** Change finance settings and import historic cases. */
  'finance:write',
  /** The impact figures, dashboards, scenarios and reports (children listed only with people:read). */
  'impact:read',
  /** Import SSDA903 returns and population tables. */
  'ssda903:import',
  /** Read the children-in-care indicators, trends and projections. */
  'ssda903:read',
] as const
export type Permission = (typeof PERMISSIONS)[number]

const casework: Role[] = ['referrer', 'family_support_worker', 'senior_practitioner', 'team_manager']

export const PERMISSION_ROLES: Record<Permission, readonly Role[]> = {
  'signed-in': ROLES,
  // Analysts, finance partners and board viewers work with figures, not children's records;
  // administrators manage accounts and the trail, and reach a record only by break-glass rules of their own org.
  'people:read': [...casework, 'panel_chair', 'wellbeing_practitioner'],
  'people:write': casework,
  'people:break-glass': ['senior_practitioner', 'team_manager', 'panel_chair'],
  'workers:read': ['senior_practitioner', 'team_manager', 'panel_chair', 'administrator'],
  'audit:read': ['administrator'],
  'admin:manage': ['administrator'],
  'wellbeing:sdq': ['wellbeing_practitioner', 'family_support_worker', 'senior_practitioner', 'team_manager', 'analyst'],
  'referrals:create': ['referrer', 'team_manager'],
  'referrals:decide': ['panel_chair', 'team_manager'],
  'cases:read': [...casework, 'panel_chair'],
  'cases:allocate': ['team_manager'],
  'cases:work': ['family_support_worker', 'senior_practitioner', 'team_manager'],
  'cases:sign-off': ['team_manager'],
  'cases:manage': ['team_manager'],
  'casework:settings': ['administrator'],
  'wellbeing:read': ['wellbeing_practitioner'],
  'wellbeing:write': ['wellbeing_practitioner'],
  // The directory, tariffs and settings belong to the jointly commissioned service, so only those
  // holding a role in it change them; an administrator of one partner does not (docs/wellbeing.md).
  'wellbeing:manage': ['wellbeing_practitioner'],
  'wellbeing:report': ['wellbeing_practitioner', 'analyst', 'finance_partner', 'board_viewer'],
  'finance:read': ['finance_partner', 'analyst', 'board_viewer', 'team_manager', 'administrator'],
  'finance:write': ['finance_partner'],
  'impact:read': ['finance_partner', 'analyst', 'board_viewer', 'team_manager', 'panel_chair', 'administrator'],
  'ssda903:import': ['analyst'],
  'ssda903:read': ['analyst', 'finance_partner', 'board_viewer', 'team_manager'],
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value)
}

export function can(roles: readonly Role[], permission: Permission): boolean {
  const allowed = PERMISSION_ROLES[permission]
  return roles.some((r) => allowed.includes(r))
}
