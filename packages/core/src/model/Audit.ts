/**
 * The audit trail as it crosses the wire.
 *
 * @since 0.2.0
 */
import { Schema } from "effect"

/**
 * One audit entry: who (`actorAccountId`), what (`action`, `targetType`, `targetId`), when,
 * from where (`detail.clientAddress`), on whose behalf and through which channel, with its place
 * in the hash chain (`seq`, `prevHash`, `hash`: null for the fraction of a second before the
 * entry is sealed). Entries hold ids and field names, never personal values.
 *
 * @since 0.2.0
 * @category models
 */
export const AuditEntry = Schema.Struct({
  id: Schema.Number,
  at: Schema.String,
  actorAccountId: Schema.NullOr(Schema.String),
  action: Schema.String,
  orgId: Schema.NullOr(Schema.String),
  targetType: Schema.NullOr(Schema.String),
  targetId: Schema.NullOr(Schema.String),
  onBehalfOf: Schema.NullOr(Schema.String),
  channel: Schema.NullOr(Schema.String),
  detail: Schema.Record({ key: Schema.String, value: Schema.Unknown }),
  seq: Schema.NullOr(Schema.Number),
  prevHash: Schema.NullOr(Schema.String),
  hash: Schema.NullOr(Schema.String)
}).annotations({ identifier: "AuditEntry" })

/** @since 0.2.0 @category models */
export type AuditEntry = typeof AuditEntry.Type

/** @since 0.2.0 @category models */
export const AuditPage = Schema.Struct({
  items: Schema.Array(AuditEntry),
  nextCursor: Schema.NullOr(Schema.String)
}).annotations({ identifier: "AuditPage" })

/** @since 0.2.0 @category models */
export type AuditPage = typeof AuditPage.Type

/**
 * The result of checking the chain: how many sealed entries, how many wait for the sealer, the
 * head hash (to keep elsewhere: a truncated tail is only detectable against a head recorded
 * before), and the first broken entry.
 *
 * @since 0.2.0
 * @category models
 */
export interface ChainVerification {
  readonly ok: boolean
  readonly entries: number
  readonly pending: number
  readonly head: string | null
  readonly firstBroken: { readonly id: number; readonly problem: "hash" | "link" } | null
}
