/**
 * Transfers of Party activities (chuyển sinh hoạt đảng, domain brief §5.4, §12.3): introduction
 * letters issued by the releasing organization and accepted by the receiving one, and the
 * placements they leave.
 *
 * @since 0.2.0
 */
import { Schema } from "effect"
import { MemberId, OrgId } from "./Ids.js"
import { DateOnly } from "./Member.js"

/** @since 0.2.0 @category models */
export const TransferKind = Schema.Literal("official", "temporary").annotations({ identifier: "TransferKind" })

/** @since 0.2.0 @category models */
export const TransferStatus = Schema.Literal("introduced", "received", "cancelled", "ended").annotations({ identifier: "TransferStatus" })

/**
 * `POST /v1/members/{memberId}/transfers`: the releasing organization issues a letter. A
 * temporary transfer needs `until` (3 months to 2 years later).
 *
 * @since 0.2.0
 * @category models
 */
export const TransferRequest = Schema.Struct({
  kind: TransferKind,
  toOrgId: OrgId,
  issuedOn: DateOnly,
  until: Schema.optional(DateOnly),
  letterSymbol: Schema.optional(Schema.String.pipe(Schema.maxLength(40)))
}).annotations({ identifier: "TransferRequest", parseOptions: { onExcessProperty: "error" } })

/** @since 0.2.0 @category models */
export type TransferRequest = typeof TransferRequest.Type

/** The date of an acceptance or of the end of a temporary placement (default: today). @since 0.2.0 @category models */
export const TransferDate = Schema.Struct({
  on: Schema.optional(DateOnly)
}).annotations({ identifier: "TransferDate", parseOptions: { onExcessProperty: "error" } })

/**
 * A transfer letter and where it stands. `overdue`: introduced more than 30 days ago and not yet
 * presented to the receiving organization.
 *
 * @since 0.2.0
 * @category models
 */
export const Transfer = Schema.Struct({
  id: Schema.UUID,
  memberId: MemberId,
  memberName: Schema.String,
  kind: TransferKind,
  status: TransferStatus,
  fromOrgId: OrgId,
  fromOrgName: Schema.String,
  toOrgId: OrgId,
  toOrgName: Schema.String,
  letterSymbol: Schema.NullOr(Schema.String),
  issuedOn: DateOnly,
  until: Schema.NullOr(DateOnly),
  receivedOn: Schema.NullOr(DateOnly),
  endedOn: Schema.NullOr(DateOnly),
  overdue: Schema.Boolean
}).annotations({ identifier: "Transfer" })

/** @since 0.2.0 @category models */
export type Transfer = typeof Transfer.Type

/** @since 0.2.0 @category models */
export const TransferList = Schema.Struct({ items: Schema.Array(Transfer) }).annotations({ identifier: "TransferList" })

/**
 * Who takes part in an organization's activities: its own members (official placement) and
 * members temporarily placed there (`temporary`, not in the headcount, but in meeting attendance).
 *
 * @since 0.2.0
 * @category models
 */
export const Placement = Schema.Struct({
  memberId: MemberId,
  fullName: Schema.String,
  status: Schema.String,
  kind: TransferKind,
  orgId: OrgId,
  homeOrgId: OrgId,
  until: Schema.NullOr(DateOnly),
  /** A member of this organization temporarily placed elsewhere (attendance not required here). */
  away: Schema.Boolean
}).annotations({ identifier: "Placement" })

/** @since 0.2.0 @category models */
export const PlacementList = Schema.Struct({ items: Schema.Array(Placement) }).annotations({ identifier: "PlacementList" })
