/**
 * Accounts, role assignments and the acting user.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import { AccountId, MemberId, OrgId } from "./Ids.js"

/**
 * Account states (domain brief §12.3).
 *
 * @since 0.1.0
 * @category models
 */
export const AccountStatus = Schema.Literal("provisioned", "pending_approval", "active", "locked", "disabled")
  .annotations({ identifier: "AccountStatus" })

/** @since 0.1.0 @category models */
export type AccountStatus = typeof AccountStatus.Type

/**
 * Roles assigned per organization; each covers the organization's whole subtree. The plain
 * "member" role is not assigned: it follows from the member's cell.
 *
 * @since 0.1.0
 * @category models
 */
export const Role = Schema.Literal(
  "member",
  "cell_secretary",
  "cell_deputy",
  "committee_member",
  "committee_staff",
  "system_admin"
).annotations({ identifier: "Role" })

/** @since 0.1.0 @category models */
export type Role = typeof Role.Type

/**
 * A role at an organization.
 *
 * @since 0.1.0
 * @category models
 */
export const RoleAssignment = Schema.Struct({
  orgId: OrgId,
  orgName: Schema.String,
  role: Role
}).annotations({ identifier: "RoleAssignment" })

/** @since 0.1.0 @category models */
export type RoleAssignment = typeof RoleAssignment.Type

/**
 * The acting user of a request, resolved from the session on every request (so a disabled
 * account or a changed role takes effect at once).
 *
 * @since 0.1.0
 * @category models
 */
export interface Actor {
  readonly accountId: AccountId
  readonly username: string | null
  readonly memberId: MemberId | null
  /** The member's own cell and its materialized path, when the account belongs to a member. */
  readonly memberOrg: { readonly id: OrgId; readonly path: string } | null
  readonly roles: ReadonlyArray<{ readonly orgId: OrgId; readonly orgPath: string; readonly role: Role }>
}

/** @since 0.1.0 @category models */
export const LoginRequest = Schema.Struct({
  login: Schema.String.pipe(Schema.minLength(1), Schema.maxLength(128)),
  password: Schema.String.pipe(Schema.minLength(1), Schema.maxLength(1024))
}).annotations({ identifier: "LoginRequest", parseOptions: { onExcessProperty: "error" } })

/** @since 0.1.0 @category models */
export const Session = Schema.Struct({
  token: Schema.String,
  expiresAt: Schema.String
}).annotations({ identifier: "Session" })

/** @since 0.1.0 @category models */
export type Session = typeof Session.Type

/**
 * `GET /v1/me`: the account, its member (if any) and its roles.
 *
 * @since 0.1.0
 * @category models
 */
export const Me = Schema.Struct({
  account: Schema.Struct({
    id: AccountId,
    username: Schema.NullOr(Schema.String),
    status: AccountStatus
  }),
  member: Schema.NullOr(Schema.Struct({
    id: MemberId,
    fullName: Schema.String,
    orgId: OrgId,
    orgName: Schema.String,
    status: Schema.String
  })),
  roles: Schema.Array(RoleAssignment)
}).annotations({ identifier: "Me" })

/** @since 0.1.0 @category models */
export type Me = typeof Me.Type
