/**
 * Party organizations after the 2025 restructuring (domain brief §3): a tree from the province
 * (or another committee directly under the Centre) down to cells and Party groups.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
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
  committeeAbbr: Schema.NullOr(Schema.String)
}).annotations({ identifier: "Organization" })

/** @since 0.1.0 @category models */
export type Organization = typeof Organization.Type
