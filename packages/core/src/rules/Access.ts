/**
 * Access decisions: one pure function decides what an actor may do to a resource, and explains
 * a refusal. Scopes are organization subtrees, compared by materialized path.
 *
 * The policy is a table: for every action, which roles may do it and what they then see. Roles
 * are assigned per organization; {@link ROLES} says whether a role reaches down the subtree of the
 * organization it is assigned at. Adding an action is one entry in {@link POLICY}.
 *
 * A refusal is *hidden* (answer 404, as if the resource did not exist) unless the actor may see
 * the resource at all (read the organization, or the member's record): then it is *forbidden*
 * (403). So an id from another subtree never reveals that it exists.
 *
 * @since 0.1.0
 */
import type { Actor, Role } from "../model/Account.js"

/**
 * How much the actor sees when allowed: `full` (the record, sensitive fields unmasked on a
 * single read), `self` (their own record), `roster` (a cellmate: names, status and cell only).
 *
 * @since 0.1.0
 * @category models
 */
export type View = "full" | "self" | "roster"

/**
 * How far a role reaches from the organization it is assigned at.
 *
 * @since 0.2.0
 * @category models
 */
export interface RoleScope {
  /** Whether the role covers the organization's whole subtree, or the organization alone. */
  readonly inherits: boolean
}

/**
 * The roles. The plain `member` role is never assigned: it follows from the member's own cell
 * and does not reach below it. Every other role covers the subtree of its organization (a cell's
 * Party groups, a commune's cells, a province's communes).
 *
 * @since 0.2.0
 * @category policy
 */
export const ROLES: Readonly<Record<Role, RoleScope>> = {
  member: { inherits: false },
  cell_secretary: { inherits: true },
  cell_deputy: { inherits: true },
  committee_member: { inherits: true },
  committee_staff: { inherits: true },
  system_admin: { inherits: true }
}

/**
 * One action's rule: the view each role gets (roles not listed may not), and the view the
 * member themself gets when the resource is their own record or account.
 *
 * @since 0.2.0
 * @category models
 */
export interface Rule {
  readonly roles: Partial<Record<Role, View>>
  readonly self?: View
}

const READERS = { cell_secretary: "full", cell_deputy: "full", committee_member: "full", committee_staff: "full", system_admin: "full" } as const
const CELL_MANAGERS = { cell_secretary: "full", cell_deputy: "full", committee_staff: "full", system_admin: "full" } as const
const ADMINS = { committee_staff: "full", system_admin: "full" } as const

/**
 * The policy: every action the services check, with who may do it.
 *
 * @since 0.2.0
 * @category policy
 */
export const POLICY = {
  /** Read an organization and list its children. */
  "org.read": { roles: { member: "roster", ...READERS } },
  /** List the members of an organization's subtree (a member: their cell's roster). */
  "members.list": { roles: { member: "roster", ...READERS } },
  /** Read one member (a cellmate: the roster view; committee members read, they do not write). */
  "member.read": { self: "self", roles: { member: "roster", ...READERS } },
  /** Correct a member's contact fields. */
  "member.update": { self: "self", roles: CELL_MANAGERS },
  /** Import the registry file into a subtree. */
  "members.import": { roles: ADMINS },
  /** Read roll-up reports. */
  "reports.read": { roles: READERS },
  /** List, approve and reject self-registrations of a cell. */
  "registrations.review": { roles: CELL_MANAGERS },
  /** Read the audit trail of a subtree. */
  "audit.read": { roles: ADMINS },
  /** List, assign and remove roles in a subtree. */
  "roles.manage": { roles: ADMINS },
  /** Lock, disable and re-enable a member's account. */
  "account.manage": { roles: ADMINS },
  /** Act for a member without a smartphone (assisted mode): activation, RSVP, attendance, … */
  "member.assist": { roles: CELL_MANAGERS },
  /** Anonymize a deceased or removed member's personal fields after the retention period. */
  "member.anonymize": { roles: ADMINS },
  /** Read a member's lifecycle history (not a cellmate's: the roster shows no history). */
  "member.history": { self: "self", roles: READERS },
  /** Record a lifecycle decision (recognition, exemption, removal, …) or admit a candidate. */
  "member.transition": { roles: CELL_MANAGERS },
  /** Issue a transfer letter for a member of the subtree. */
  "transfer.issue": { roles: CELL_MANAGERS },
  /** Accept (or refuse) a transfer letter into the subtree. */
  "transfer.receive": { roles: CELL_MANAGERS },
  /** List the transfers leaving or entering a subtree. */
  "transfers.list": { roles: READERS },
  /** Export the registry of a subtree (CSV, XLSX). */
  "members.export": { roles: ADMINS },
  /** Create, rename, move, merge and dissolve organizations. */
  "org.manage": { roles: ADMINS },
  /** Read the meetings of an organization (a member: their own cell's, once scheduled). */
  "meetings.read": { roles: { member: "roster", ...READERS } },
  /** Schedule and run meetings: invitations, documents, attendance, votes, minutes. */
  "meetings.manage": { roles: READERS },
  /** Take part in a meeting of one's own cell: RSVP, check in, open its documents. */
  "meeting.attend": { roles: { member: "self" } }
} as const satisfies Record<string, Rule>

/**
 * The operations the policy knows.
 *
 * @since 0.1.0
 * @category models
 */
export type Action = keyof typeof POLICY

/**
 * Every action, in the policy's order.
 *
 * @since 0.2.0
 * @category policy
 */
export const ACTIONS = Object.keys(POLICY) as ReadonlyArray<Action>

/**
 * What an action touches: an organization (by path), and for member actions the member.
 *
 * @since 0.1.0
 * @category models
 */
export interface Resource {
  readonly orgPath: string
  readonly memberId?: string
}

/**
 * The verdict. A refusal says whether the resource is hidden (answer 404, as if it did not exist)
 * or visible but off limits (403), and why.
 *
 * @since 0.1.0
 * @category models
 */
export type Decision =
  | { readonly allowed: true; readonly view: View }
  | { readonly allowed: false; readonly hidden: boolean; readonly reason: string }

/**
 * Whether `path` lies in the subtree rooted at `rootPath` (itself included). Paths end with "/",
 * so a sibling whose id starts the same never matches.
 *
 * @since 0.1.0
 * @category rules
 */
export const inSubtree = (path: string, rootPath: string): boolean => path.startsWith(rootPath)

/** Whether a role held at `rolePath` reaches `orgPath`. */
const reaches = (role: Role, rolePath: string, orgPath: string) =>
  ROLES[role].inherits ? inSubtree(orgPath, rolePath) : orgPath === rolePath

const VIEW_RANK: Record<View, number> = { roster: 0, self: 1, full: 2 }

/** The widest view `rule` grants the actor at `resource`, if any. */
const grant = (actor: Actor, rule: Rule, resource: Resource): View | undefined => {
  let best: View | undefined
  const consider = (view: View | undefined) => {
    if (view !== undefined && (best === undefined || VIEW_RANK[view] > VIEW_RANK[best])) best = view
  }
  for (const r of actor.roles) {
    if (r.role !== "member" && reaches(r.role, r.orgPath, resource.orgPath)) consider(rule.roles[r.role])
  }
  if (actor.memberOrg !== null && reaches("member", actor.memberOrg.path, resource.orgPath)) consider(rule.roles.member)
  const isSelf = resource.memberId !== undefined && actor.memberId !== null && resource.memberId === actor.memberId
  // A member's own record: their own view, unless a role gives them more (a secretary reading themself).
  if (isSelf && rule.self !== undefined && best !== "full") best = rule.self
  return best
}

/**
 * Decides whether `actor` may do `action` to `resource`, explaining a refusal.
 *
 * @since 0.1.0
 * @category rules
 */
export const can = (actor: Actor, action: Action, resource: Resource): Decision => {
  const rule: Rule = POLICY[action]
  const view = grant(actor, rule, resource)
  if (view !== undefined) return { allowed: true, view }
  const sees = resource.memberId !== undefined
    ? grant(actor, POLICY["member.read"], resource) !== undefined
    : grant(actor, POLICY["org.read"], resource) !== undefined
  const who = Object.keys(rule.roles).filter((r) => r !== "member").join(", ")
  return sees
    ? { allowed: false, hidden: false, reason: `${action} needs one of: ${who}${rule.self ? ", or the member themself" : ""}` }
    : { allowed: false, hidden: true, reason: `${resource.memberId !== undefined ? "member" : "organization"} outside the actor's scope` }
}
