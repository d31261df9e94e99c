/**
 * Party organizations after the 2025 restructuring (domain brief §3): a tree from the province
 * (or another committee directly under the Centre) down to cells and Party groups.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import { RoleGrant } from "./Account.js"
import { OrgId } from "./Ids.js"

/**
 * Organization types (domain brief §3.4, §12.2).
 *
 * @since 0.1.0
 * @category models
 */
export const OrgType = Schema.Literal(
  "CENTRAL_COMMITTEE",
  "PROVINCIAL_COMMITTEE",
  "COMMUNE_COMMITTEE",
  "GRASSROOTS_COMMITTEE",
  "GRASSROOTS_CELL",
  "SUB_COMMITTEE",
  "AFFILIATED_CELL",
  "PARTY_GROUP"
).annotations({ identifier: "OrgType" })

/** @since 0.1.0 @category models */
export type OrgType = typeof OrgType.Type

/**
 * Whether members belong directly to organizations of this type (a cell), rather than to its
 * children (a committee).
 *
 * @since 0.1.0
 * @category rules
 */
export const isCell = (type: OrgType): boolean => type === "GRASSROOTS_CELL" || type === "AFFILIATED_CELL"

/**
 * An organization as the API shows it.
 *
 * @since 0.1.0
 * @category models
 */
export const Organization = Schema.Struct({
  id: OrgId,
  code: Schema.String,
  name: Schema.String,
  type: OrgType,
  parentId: Schema.NullOr(OrgId),
  depth: Schema.Int,
  committeeAbbr: Schema.NullOr(Schema.String),
  /** `active`; `merged` (kept, see `mergedInto`) or `dissolved` after an organization change. */
  status: Schema.Literal("active", "merged", "dissolved"),
  mergedInto: Schema.NullOr(OrgId)
}).annotations({ identifier: "Organization" })

/** @since 0.1.0 @category models */
export type Organization = typeof Organization.Type

/**
 * A new organization under a parent.
 *
 * @since 0.2.0
 * @category models
 */
export const NewOrganizationRequest = Schema.Struct({
  code: Schema.String.pipe(Schema.pattern(/^[A-Za-z0-9][A-Za-z0-9-]{1,39}$/)),
  name: Schema.String.pipe(Schema.minLength(1), Schema.maxLength(200)),
  type: OrgType,
  committeeAbbr: Schema.optional(Schema.NullOr(Schema.String.pipe(Schema.maxLength(12))))
}).annotations({ identifier: "NewOrganizationRequest", parseOptions: { onExcessProperty: "error" } })

/** @since 0.2.0 @category models */
export const RenameOrganizationRequest = Schema.Struct({
  name: Schema.String.pipe(Schema.minLength(1), Schema.maxLength(200))
}).annotations({ identifier: "RenameOrganizationRequest", parseOptions: { onExcessProperty: "error" } })

/** @since 0.2.0 @category models */
export const MoveOrganizationRequest = Schema.Struct({
  parentId: OrgId
}).annotations({ identifier: "MoveOrganizationRequest", parseOptions: { onExcessProperty: "error" } })

/** @since 0.2.0 @category models */
export const MergeOrganizationRequest = Schema.Struct({
  /** The organization that absorbs this one: its members, meetings, history and children. */
  intoOrgId: OrgId
}).annotations({ identifier: "MergeOrganizationRequest", parseOptions: { onExcessProperty: "error" } })

/**
 * A structural warning (domain brief §12.4 rule 4): reported, not enforced.
 *
 * - `CELL_BELOW_MINIMUM`: a cell with fewer than 3 official members;
 * - `CELL_COMMITTEE_NOT_ALLOWED`: a cell with a cell committee but fewer than 9 official members;
 * - `CELL_COMMITTEE_ALLOWED`: a cell with 9 or more official members may elect a committee
 *   (at most 7 members) — informational.
 *
 * @since 0.2.0
 * @category models
 */
export const OrgWarning = Schema.Struct({
  code: Schema.Literal("CELL_BELOW_MINIMUM", "CELL_COMMITTEE_NOT_ALLOWED", "CELL_COMMITTEE_ALLOWED"),
  orgId: OrgId,
  orgName: Schema.String,
  officialMembers: Schema.Int,
  message: Schema.String
}).annotations({ identifier: "OrgWarning" })

/** @since 0.2.0 @category models */
export type OrgWarning = typeof OrgWarning.Type

/**
 * The outcome of an organization change: the organization as it now stands and the warnings
 * of the cells the change touched.
 *
 * @since 0.2.0
 * @category models
 */
export const OrgChange = Schema.Struct({
  organization: Organization,
  warnings: Schema.Array(OrgWarning)
}).annotations({ identifier: "OrgChange" })

/** @since 0.2.0 @category models */
export type OrgChange = typeof OrgChange.Type

/**
 * The outcome of a merge: the absorbing organization and its cells' warnings, as for any change,
 * and the role assignments the merge ended — every one held at the merged organization (and at
 * organizations of its subtree merged before). They are not carried over to the absorbing
 * organization, which may have a secretary of its own: the committee reassigns them there.
 *
 * @since 0.2.0
 * @category models
 */
export const OrgMerge = Schema.Struct({
  ...OrgChange.fields,
  endedRoles: Schema.Array(RoleGrant)
}).annotations({ identifier: "OrgMerge" })

/** @since 0.2.0 @category models */
export type OrgMerge = typeof OrgMerge.Type

/**
 * The outcome of dissolving an organization: as for a merge, the role assignments held there end
 * and are listed (an empty organization keeps no secretary).
 *
 * @since 0.3.0
 * @category models
 */
export const OrgDissolution = Schema.Struct({
  ...OrgChange.fields,
  endedRoles: Schema.Array(RoleGrant)
}).annotations({ identifier: "OrgDissolution" })

/** @since 0.3.0 @category models */
export type OrgDissolution = typeof OrgDissolution.Type
