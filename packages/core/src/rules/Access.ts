/**
 * Access decisions: one pure function decides what an actor may do to a resource, and explains
 * a refusal. Scopes are organization subtrees, compared by materialized path.
 *
 * @since 0.1.0
 */
import type { Actor, Role } from "../model/Account.js"

/**
 * The operations the policy knows.
 *
 * @since 0.1.0
 * @category models
 */
export type Action =
  | "org.read"
  | "members.list"
  | "member.read"
  | "member.update"
  | "members.import"
  | "reports.read"
  // Meetings (issue 5): read the cell's meetings; manage them (schedule, invite, attendance,
  // votes, minutes); take part in one (RSVP, check in, open documents) as oneself.
  | "meetings.read"
  | "meetings.manage"
  | "meeting.attend"

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
 * How much the actor sees when allowed: `full` (the record, sensitive fields unmasked on a
 * single read), `self` (their own record), `roster` (a cellmate: names, status and cell only).
 *
 * @since 0.1.0
 * @category models
 */
export type View = "full" | "self" | "roster"

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

/** Roles that manage every member of their organization's subtree. */
const MANAGING_ROLES: ReadonlySet<Role> = new Set(["cell_secretary", "cell_deputy", "committee_member", "committee_staff", "system_admin"])
/** Roles that administer the registry (import) of their subtree. */
const REGISTRY_ROLES: ReadonlySet<Role> = new Set(["committee_staff", "system_admin"])

/**
 * Whether `path` lies in the subtree rooted at `rootPath` (itself included).
 *
 * @since 0.1.0
 * @category rules
 */
export const inSubtree = (path: string, rootPath: string): boolean => path.startsWith(rootPath)

const holds = (actor: Actor, roles: ReadonlySet<Role>, orgPath: string) =>
  actor.roles.some((r) => roles.has(r.role) && inSubtree(orgPath, r.orgPath))

const allow = (view: View): Decision => ({ allowed: true, view })
const hide = (reason: string): Decision => ({ allowed: false, hidden: true, reason })
const refuse = (reason: string): Decision => ({ allowed: false, hidden: false, reason })

/**
 * Decides whether `actor` may do `action` to `resource`.
 *
 * - committee staff, committee members and system admins: their subtree;
 * - a cell secretary or deputy: their cell (its subtree);
 * - a member: their own record, and their cell's roster with limited fields;
 * - anyone else: hidden (404).
 *
 * @since 0.1.0
 * @category rules
 */
export const can = (actor: Actor, action: Action, resource: Resource): Decision => {
  const manages = holds(actor, MANAGING_ROLES, resource.orgPath)
  const isSelf = resource.memberId !== undefined && resource.memberId === actor.memberId
  const ownCell = actor.memberOrg !== null && actor.memberOrg.path === resource.orgPath
  switch (action) {
    case "org.read":
      return manages ? allow("full") : ownCell ? allow("roster") : hide("organization outside the actor's scope")
    case "members.list":
      return manages ? allow("full") : ownCell ? allow("roster") : hide("organization outside the actor's scope")
    case "member.read":
      if (isSelf) return allow("self")
      if (manages) return allow("full")
      return ownCell ? allow("roster") : hide("member outside the actor's scope")
    case "member.update":
      if (isSelf) return allow("self")
      if (manages) return allow("full")
      return ownCell ? refuse("only the member or their secretary may change this record") : hide("member outside the actor's scope")
    case "members.import":
      if (holds(actor, REGISTRY_ROLES, resource.orgPath)) return allow("full")
      return manages || ownCell ? refuse("only committee staff may import the registry") : hide("organization outside the actor's scope")
    case "reports.read":
      return manages ? allow("full") : ownCell ? refuse("reports are for secretaries and committee staff") : hide("organization outside the actor's scope")
    // Meetings (issue 5): members see their own cell's meetings; secretaries and deputies manage
    // their cell's; committee staff and committee members their subtree.
    case "meetings.read":
      return manages ? allow("full") : ownCell ? allow("roster") : hide("meeting outside the actor's scope")
    case "meetings.manage":
      return manages ? allow("full") : ownCell ? refuse("only the secretary or committee staff manage meetings") : hide("meeting outside the actor's scope")
    case "meeting.attend":
      return ownCell ? allow("self") : manages ? refuse("only members of the cell take part in its meetings") : hide("meeting outside the actor's scope")
  }
}
