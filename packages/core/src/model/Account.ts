/**
 * Accounts, role assignments and the acting user.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import { AccountId, MemberId, OrgId, RegistrationId, RoleAssignmentId, SessionId } from "./Ids.js"
import { DateOnly } from "./Member.js"

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
  /** The session of the request, when the actor came with a bearer token. */
  readonly sessionId?: string
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

/**
 * A new password (ASVS V2.1: 8 to 128 characters, no composition rules; the blocklist and the
 * checks against the login are applied by the service, naming the field).
 *
 * @since 0.2.0
 * @category models
 */
export const NewPassword = Schema.String.pipe(Schema.maxLength(1024))

/** A six-digit one-time code. @since 0.2.0 @category models */
export const OneTimeCode = Schema.String.pipe(Schema.pattern(/^\d{6}$/)).annotations({
  identifier: "OneTimeCode",
  description: "The six-digit code sent by SMS; valid for 5 minutes and 5 tries"
})

/** `POST /v1/auth/activation` and `/v1/auth/password-reset`: send a code to the account's phone. @since 0.2.0 @category models */
export const CodeRequest = Schema.Struct({
  login: Schema.String.pipe(Schema.minLength(1), Schema.maxLength(128))
}).annotations({ identifier: "CodeRequest", parseOptions: { onExcessProperty: "error" } })

/** Confirms an activation or a password reset with the code and the new password. @since 0.2.0 @category models */
export const CodeConfirmation = Schema.Struct({
  login: Schema.String.pipe(Schema.minLength(1), Schema.maxLength(128)),
  code: OneTimeCode,
  password: NewPassword
}).annotations({ identifier: "CodeConfirmation", parseOptions: { onExcessProperty: "error" } })

/** The answer to a code request: the same whether or not the login names an account. @since 0.2.0 @category models */
export const CodeSent = Schema.Struct({
  status: Schema.Literal("sent"),
  expiresInSeconds: Schema.Number
}).annotations({ identifier: "CodeSent" })

/** `POST /v1/me/password`. @since 0.2.0 @category models */
export const PasswordChange = Schema.Struct({
  currentPassword: Schema.String.pipe(Schema.minLength(1), Schema.maxLength(1024)),
  newPassword: NewPassword
}).annotations({ identifier: "PasswordChange", parseOptions: { onExcessProperty: "error" } })

/** One of the caller's open sessions. @since 0.2.0 @category models */
export const SessionInfo = Schema.Struct({
  id: SessionId,
  createdAt: Schema.String,
  expiresAt: Schema.String,
  clientAddress: Schema.NullOr(Schema.String),
  userAgent: Schema.NullOr(Schema.String),
  current: Schema.Boolean
}).annotations({ identifier: "SessionInfo" })

/** @since 0.2.0 @category models */
export type SessionInfo = typeof SessionInfo.Type

/**
 * How a record reached the system: the member in the app, or a secretary entering it for them
 * from paper, a phone call or in person (assisted mode).
 *
 * @since 0.2.0
 * @category models
 */
export const Channel = Schema.Literal("app", "paper", "phone", "in_person").annotations({ identifier: "Channel" })

/** @since 0.2.0 @category models */
export type Channel = typeof Channel.Type

/**
 * Who entered a record, for whom, and how. Every record made in assisted mode carries it.
 *
 * @since 0.2.0
 * @category models
 */
export const Assistance = Schema.Struct({
  recordedBy: AccountId,
  onBehalfOf: MemberId,
  channel: Channel
}).annotations({ identifier: "Assistance" })

/** @since 0.2.0 @category models */
export type Assistance = typeof Assistance.Type

/** `POST /v1/members/{memberId}/activation`: a secretary starts an activation for a member. @since 0.2.0 @category models */
export const AssistedActivationRequest = Schema.Struct({
  channel: Schema.Literal("paper", "phone", "in_person")
}).annotations({ identifier: "AssistedActivationRequest", parseOptions: { onExcessProperty: "error" } })

/** `POST /v1/members/{memberId}/activation/confirm`: the code the member received and their new password. @since 0.2.0 @category models */
export const AssistedActivation = Schema.Struct({
  channel: Schema.Literal("paper", "phone", "in_person"),
  code: OneTimeCode,
  password: NewPassword
}).annotations({ identifier: "AssistedActivation", parseOptions: { onExcessProperty: "error" } })

/** The state of a member's account after an administrative change. @since 0.2.0 @category models */
export const AccountState = Schema.Struct({
  memberId: MemberId,
  accountId: AccountId,
  status: AccountStatus,
  reason: Schema.NullOr(Schema.String)
}).annotations({ identifier: "AccountState" })

/** @since 0.2.0 @category models */
export type AccountState = typeof AccountState.Type

/** `PUT /v1/members/{memberId}/account/status`: lock, disable or re-enable. @since 0.2.0 @category models */
export const AccountStatusChange = Schema.Struct({
  status: Schema.Literal("active", "locked", "disabled"),
  reason: Schema.optional(Schema.String.pipe(Schema.maxLength(500)))
}).annotations({ identifier: "AccountStatusChange", parseOptions: { onExcessProperty: "error" } })

/** Self-registration states. @since 0.2.0 @category models */
export const RegistrationStatus = Schema.Literal("unverified", "pending_approval", "approved", "rejected")
  .annotations({ identifier: "RegistrationStatus" })

/** @since 0.2.0 @category models */
export type RegistrationStatus = typeof RegistrationStatus.Type

/**
 * `POST /v1/registrations`: a member the registry has no phone for registers themself; the
 * cell secretary approves or rejects.
 *
 * @since 0.2.0
 * @category models
 */
export const RegistrationRequest = Schema.Struct({
  fullName: Schema.String.pipe(Schema.minLength(1), Schema.maxLength(200)),
  dateOfBirth: DateOnly,
  citizenId: Schema.String.pipe(Schema.maxLength(20)),
  partyCardNumber: Schema.String.pipe(Schema.maxLength(20)),
  cellId: OrgId,
  phone: Schema.String.pipe(Schema.maxLength(30)),
  password: NewPassword
}).annotations({ identifier: "RegistrationRequest", parseOptions: { onExcessProperty: "error" } })

/** @since 0.2.0 @category models */
export type RegistrationRequest = typeof RegistrationRequest.Type

/** What the registrant learns: the id to verify with, and the state. @since 0.2.0 @category models */
export const RegistrationReceipt = Schema.Struct({
  id: RegistrationId,
  status: RegistrationStatus
}).annotations({ identifier: "RegistrationReceipt" })

/** `POST /v1/registrations/{id}/verify`. @since 0.2.0 @category models */
export const RegistrationVerification = Schema.Struct({ code: OneTimeCode })
  .annotations({ identifier: "RegistrationVerification", parseOptions: { onExcessProperty: "error" } })

/** `POST /v1/registrations/{id}/reject`. @since 0.2.0 @category models */
export const RegistrationRejection = Schema.Struct({ reason: Schema.String.pipe(Schema.minLength(1), Schema.maxLength(500)) })
  .annotations({ identifier: "RegistrationRejection", parseOptions: { onExcessProperty: "error" } })

/**
 * A registration as the cell secretary reviews it: what the registrant gave, and whether the
 * registry holds a member with that citizen id, name, date of birth and Party card in that cell.
 *
 * @since 0.2.0
 * @category models
 */
export const Registration = Schema.Struct({
  id: RegistrationId,
  orgId: OrgId,
  orgName: Schema.String,
  fullName: Schema.String,
  dateOfBirth: DateOnly,
  citizenId: Schema.String,
  partyCardNumber: Schema.NullOr(Schema.String),
  phone: Schema.String,
  status: RegistrationStatus,
  registryMemberId: Schema.NullOr(MemberId),
  reason: Schema.NullOr(Schema.String),
  createdAt: Schema.String,
  decidedAt: Schema.NullOr(Schema.String)
}).annotations({ identifier: "Registration" })

/** @since 0.2.0 @category models */
export type Registration = typeof Registration.Type

/** @since 0.2.0 @category models */
export const RegistrationPage = Schema.Struct({
  items: Schema.Array(Registration),
  nextCursor: Schema.NullOr(Schema.String)
}).annotations({ identifier: "RegistrationPage" })

/** A role held by an account at an organization, as administrators list them. @since 0.2.0 @category models */
export const RoleGrant = Schema.Struct({
  id: RoleAssignmentId,
  accountId: AccountId,
  username: Schema.NullOr(Schema.String),
  memberId: Schema.NullOr(MemberId),
  memberName: Schema.NullOr(Schema.String),
  orgId: OrgId,
  orgName: Schema.String,
  role: Role
}).annotations({ identifier: "RoleGrant" })

/** @since 0.2.0 @category models */
export type RoleGrant = typeof RoleGrant.Type

/** `POST /v1/orgs/{orgId}/roles`. @since 0.2.0 @category models */
export const RoleGrantRequest = Schema.Struct({
  memberId: MemberId,
  role: Schema.Literal("cell_secretary", "cell_deputy", "committee_member", "committee_staff", "system_admin")
}).annotations({ identifier: "RoleGrantRequest", parseOptions: { onExcessProperty: "error" } })

/** @since 0.2.0 @category models */
export type RegistrationPage = typeof RegistrationPage.Type
