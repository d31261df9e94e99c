/**
 * Reports.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import { OrgId } from "./Ids.js"

/**
 * Adoption figures of one organization's subtree. Both denominators are stated:
 * `activationRate = accountsActivated / totalMembers`, and
 * `activationRateInScope = accountsActivatedInScope / inScopeMembers`, where in-scope excludes
 * exempt members (Regulation 339-QĐ/TW).
 *
 * @since 0.1.0
 * @category models
 */
export const AdoptionRow = Schema.Struct({
  orgId: OrgId,
  name: Schema.String,
  totalMembers: Schema.Int,
  inScopeMembers: Schema.Int,
  accountsActivated: Schema.Int,
  accountsActivatedInScope: Schema.Int,
  activationRate: Schema.Number,
  activationRateInScope: Schema.Number
}).annotations({ identifier: "AdoptionRow" })

/** @since 0.1.0 @category models */
export type AdoptionRow = typeof AdoptionRow.Type

/**
 * The adoption report: the organization's own figures at the top level, and one row per child.
 *
 * @since 0.1.0
 * @category models
 */
export const AdoptionReport = Schema.Struct({
  ...AdoptionRow.fields,
  asOf: Schema.String,
  denominators: Schema.Struct({
    activationRate: Schema.String,
    activationRateInScope: Schema.String
  }),
  children: Schema.Array(AdoptionRow)
}).annotations({ identifier: "AdoptionReport" })

/** @since 0.1.0 @category models */
export type AdoptionReport = typeof AdoptionReport.Type
